"""The commented starter plan that ``prepctl new`` writes."""

from __future__ import annotations

import re

from prepctl.plan.resources import schema_file

_DAYS = (("mon", "Warm-up"), ("wed", "Practice"), ("sat", "Weekly review"))


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "my-plan"


def starter_plan(weeks: int, name: str) -> str:
    """A small plan (``weeks`` weeks, three days each) that shows every feature of the format."""
    lines = [
        f"# yaml-language-server: $schema={schema_file().resolve().as_uri()}",
        "# A prepctl study plan. Check it with `prepctl validate FILE`, see it with",
        "# `prepctl show FILE`, schedule it with `prepctl schedule FILE --start ... --tz ...`.",
        "version: 1",
        f"id: {_slug(name)}                 # lowercase letters, digits and dashes; names the output files",
        'title: "My interview prep"',
        'summary: "What this plan is for, in one sentence."',
        "",
        "# What you study, with the share of the time you aim to give each area.",
        "focus_areas:",
        '  coding: {title: "Coding", share: 1.0, topics: ["Arrays and strings", "Graphs"]}',
        "",
        "# Clock times of the slots that blocks refer to (override with --slot NAME=HH:MM).",
        'slots: {morning: "07:00", lunch: "12:30", evening: "19:00"}',
        "",
        "weeks:",
    ]
    for week in range(1, weeks + 1):
        lines += [
            f"  - week: {week}",
            f'    title: "Week {week}"',
            '    goal: "What you can do at the end of the week."',
            "    daily_time: {weekday: 1.5, weekend: 3}   # the hours the plan assumes (for reference)",
            "    days:",
        ]
        for day, title in _DAYS:
            lines += [
                f"      - day: {day}                 # mon tue wed thu fri sat sun",
                f'        title: "{title}"',
                "        blocks:",
            ]
            if day == "sat":
                lines += [
                    "          - {slot: morning, minutes: 90, activity: Review, focus: coding,",
                    '             details: "Redo the problems you struggled with"}',
                    "          # a block without minutes is an untimed item (an all-day entry)",
                    '          - {activity: Rest, focus: coding, details: "Afternoon off"}',
                ]
            else:
                lines += [
                    "          - {slot: morning, minutes: 45, activity: Coding, focus: coding,",
                    '             details: "2 LeetCode easy"}',
                    "          - {slot: evening, minutes: 30, activity: Read, focus: coding,",
                    '             details: "One chapter of your algorithms book"}',
                ]
            if week == 1 and day == "mon":
                lines += [
                    "        callouts:                # tip, note, warning or danger",
                    "          - kind: tip",
                    '            title: "Start small"',
                    '            body: "Consistency beats intensity:"',
                    '            items: ["Same time every day", "Stop while it is still fun"]',
                ]
        lines += [f'    milestone: {{title: "Week {week} checkpoint", items: ["Solve 2 problems without hints"]}}']
    lines += [
        "",
        "appendix:",
        "  scenario_questions:",
        '    intro: "Practice answering these aloud:"',
        '    items: ["Walk me through a project you are proud of."]',
        "",
    ]
    return "\n".join(lines)

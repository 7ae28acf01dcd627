"""The bundled plan holds the whole seed: figures taken from the seed text, compared."""

from __future__ import annotations

import json
from pathlib import Path

FIGURES = json.loads((Path(__file__).parent / "fixtures" / "seed_figures.json").read_text())


def test_every_week_day_and_block_matches_the_seed(bundled_plan):
    assert [w.week for w in bundled_plan.weeks] == [f["week"] for f in FIGURES]
    for week, figures in zip(bundled_plan.weeks, FIGURES, strict=True):
        assert week.title == figures["title"]
        assert week.daily_time is not None
        assert (week.daily_time.weekday, week.daily_time.weekend) == (
            figures["weekday_hours"],
            figures["weekend_hours"],
        )
        assert [d.day for d in week.days] == [d["day"] for d in figures["days"]]
        for day, day_figures in zip(week.days, figures["days"], strict=True):
            actual = [[b.slot, b.minutes, b.activity] for b in day.blocks]
            expected = [list(b) for b in day_figures["blocks"]]
            # the week-8 weekend prose names no slot; the fixture keeps it as null too
            assert actual == expected, f"week {week.week} {day.day}"


def test_every_block_is_tagged_with_one_of_the_four_focus_areas(bundled_plan):
    areas = set(bundled_plan.focus_areas)
    assert areas == {"system-design", "coding", "ml-fundamentals", "behavioral"}
    assert {b.focus for w in bundled_plan.weeks for d in w.days for b in d.blocks} <= areas


def test_focus_area_targets_are_the_seeds(bundled_plan):
    shares = {k: (a.share, a.hours) for k, a in bundled_plan.focus_areas.items()}
    assert shares == {
        "system-design": (0.35, 70),
        "coding": (0.25, 50),
        "ml-fundamentals": (0.20, 40),
        "behavioral": (0.20, 40),
    }


def test_callouts_milestones_and_appendix_are_kept(bundled_plan):
    callouts = [(c.kind, c.title) for w in bundled_plan.weeks for d in w.days for c in d.callouts]
    assert callouts == [
        ("tip", "Docker Knowledge is Non-Negotiable"),
        ("warning", "Know ML Well Enough to Be Dangerous"),
        ("tip", "The Three Types of ML Tests"),
        ("danger", "Shadow Mode is Your Best Friend"),
        ("tip", "LLMOps is the Newest MLOps Frontier"),
    ]
    milestones = [w.milestone.title for w in bundled_plan.weeks if w.milestone]
    assert milestones == [f"Week {n} Milestone Checkpoint" for n in range(1, 8)] + ["Week 8 Final Assessment"]
    appendix = bundled_plan.appendix
    assert len(appendix.scenario_questions.items) == 10
    assert [r.round for r in appendix.interview_rounds] == [
        "Phone Screen",
        "Coding Round",
        "System Design 1",
        "System Design 2",
        "ML Fundamentals",
        "Behavioral",
    ]
    assert bundled_plan.roles == ["MLOps Engineer", "ML Platform Engineer", "ML Infrastructure Engineer", "ML DevOps"]
    assert any("Chip Huyen" in item for section in appendix.resources for item in section.items)


def test_untimed_items_are_the_seeds_rest_and_light_review(bundled_plan):
    untimed = [
        (w.week, d.day, b.activity) for w in bundled_plan.weeks for d in w.days for b in d.blocks if b.minutes is None
    ]
    assert untimed == [(8, "fri", "Rest"), (8, "sat", "Review"), (8, "sun", "Rest")]

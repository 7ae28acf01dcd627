"""Honest numbers about a plan: hours per focus area and activity, planned and scheduled."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from prepctl.model.plan import Plan
from prepctl.model.schedule import Schedule

if TYPE_CHECKING:
    from collections.abc import Mapping

    from prepctl.settings import Given

# "2 LeetCode medium", "2 company-tagged problems", "1 easy problem", "3 targeted problems"
_PROBLEMS = re.compile(r"^(\d+)\s+(?:LeetCode\b|(?:[\w/-]+\s+){0,2}problems?\b)", re.IGNORECASE)


@dataclass
class AreaFigures:
    title: str
    target_share: float
    planned_minutes: int = 0
    scheduled_minutes: int = 0


@dataclass
class Stats:
    plan_id: str
    areas: dict[str, AreaFigures]
    weeks: dict[int, dict[str, int]] = field(default_factory=dict)  # week -> area -> scheduled minutes
    activities: dict[str, int] = field(default_factory=dict)  # activity -> scheduled minutes
    problems_planned: int = 0

    @property
    def planned_minutes(self) -> int:
        return sum(a.planned_minutes for a in self.areas.values())

    @property
    def scheduled_minutes(self) -> int:
        return sum(a.scheduled_minutes for a in self.areas.values())

    def share(self, key: str) -> float:
        return self.areas[key].scheduled_minutes / (self.scheduled_minutes or 1)


def problems_in(details: str) -> int:
    match = _PROBLEMS.match(details.strip())
    return int(match[1]) if match else 0


def compute(plan: Plan, schedule: Schedule) -> Stats:
    areas = {key: AreaFigures(area.title, area.share) for key, area in plan.focus_areas.items()}
    stats = Stats(plan.id, areas)
    for week in plan.weeks:
        for day in week.days:
            for block in day.blocks:
                areas[block.focus].planned_minutes += block.minutes or 0
                stats.problems_planned += problems_in(block.details)
    for session in schedule.sessions:
        minutes = session.minutes or 0
        areas[session.focus].scheduled_minutes += minutes
        per_week = stats.weeks.setdefault(session.week, {key: 0 for key in areas})
        per_week[session.focus] += minutes
        stats.activities[session.activity] = stats.activities.get(session.activity, 0) + minutes
    return stats


def compute_for(given: Mapping[str, Given], plan_source: str | None) -> Stats:
    """The figures of a plan at the settings ``schedule`` would use: the command line, then the
    schedule of that plan in the output folder (its hours, fit and scale), then the defaults."""
    from pathlib import Path

    from prepctl.errors import SettingError
    from prepctl.model.zone import zone_of
    from prepctl.plan.load import load_plan
    from prepctl.schedule import build_schedule
    from prepctl.settings import Given, clock, options_for, record_settings, resolve
    from prepctl.state.record import find_record, record_path

    given = {**given, "plan": Given(plan_source, "PLAN")}
    first = resolve(given)
    plan = load_plan(str(first["plan"] or "mlops-8-week"))
    record = find_record(record_path(Path(str(first["out"])), plan.id))
    settings = resolve(given, record_settings(record) if record else None, str(record.path) if record else "")
    zone = str(settings["tz"] or "UTC")
    try:
        options = options_for(settings, plan, zone, clock.now(zone_of(zone)).date())
        return compute(plan, build_schedule(plan, options))
    except SettingError as error:
        raise settings.blame(error) from None

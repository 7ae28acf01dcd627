"""The schedule grouped as people read it (weeks, then days), shared by the templates.

Grouping only: every date and time comes from the Schedule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from prepctl.model import DAY_NAMES, Callout
from prepctl.model.plan import Day, Milestone, Plan, Week, block_id
from prepctl.model.schedule import Schedule, Session


@dataclass(frozen=True)
class Held:
    """A plan day as one calendar date holds it: ``continued`` when it began on an earlier date."""

    day: Day
    continued: bool


@dataclass(frozen=True)
class DayView:
    """One calendar date as the person lives it: its sessions in clock order, and the plan days
    they come from (a date can finish one plan day and start the next)."""

    date: date
    holds: list[Held]
    sessions: list[Session]

    @property
    def day(self) -> Day:
        """The first plan day it holds (with ``continued``: what templates of earlier versions,
        a person's own among them, read)."""
        return self.holds[0].day

    @property
    def continued(self) -> bool:
        return self.holds[0].continued

    @property
    def notes(self) -> list[str]:
        return [held.day.note for held in self.holds if held.day.note and not held.continued]

    @property
    def callouts(self) -> list[Callout]:
        return [c for held in self.holds if not held.continued for c in held.day.callouts]

    @property
    def minutes(self) -> int:
        return sum(s.minutes or 0 for s in self.sessions)


@dataclass(frozen=True)
class WeekView:
    week: Week
    days: list[DayView]

    @property
    def first(self) -> date | None:
        return self.days[0].date if self.days else None

    @property
    def last(self) -> date | None:
        return self.days[-1].date if self.days else None

    @property
    def milestone(self) -> Milestone | None:
        return self.week.milestone

    @property
    def minutes(self) -> int:
        return sum(d.minutes for d in self.days)

    @property
    def callouts(self) -> list[Callout]:
        return [c for d in self.days for c in d.callouts]


@dataclass(frozen=True)
class FocusRow:
    key: str
    title: str
    minutes: int
    share: float
    target: float


@dataclass(frozen=True)
class View:
    plan: Plan
    schedule: Schedule
    weeks: list[WeekView]
    focus: list[FocusRow]

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes or 0 for s in self.schedule.sessions)

    @property
    def plan_minutes(self) -> int:
        """What the plan itself asks for, of the blocks this schedule places."""
        placed = {s.block for s in self.schedule.sessions}
        return sum(
            block.minutes or 0
            for week in self.plan.weeks
            for day in week.days
            for i, block in enumerate(day.blocks)
            if block_id(week, day, i) in placed
        )


def _free_day(on: date, skipped: bool, words: Callable[[str], str]) -> Day:
    """A calendar day with nothing scheduled, shown as such on the sheet and in the checklist."""
    return Day(
        day=DAY_NAMES[on.weekday()],  # type: ignore[arg-type]
        title=words("Skipped" if skipped else "No study planned"),
        blocks=[],
    )


def build_view(schedule: Schedule, plan: Plan, words: Callable[[str], str] = str) -> View:
    """The schedule as weeks and days; ``words`` gives the person's language for the free days.

    Each calendar date shows once, under the week whose first session came on or before it
    (weeks follow one another on the calendar, so no date is split across two week pages).
    """
    clocks = {**plan.slots, **{name: f"{clock:%H:%M}" for name, clock in schedule.options.slots.items()}}

    def order(session: Session) -> str:
        """By start; an untimed item (all day) where its slot would be, else last."""
        if session.start is not None:
            return f"{session.start:%H:%M}"
        return clocks.get(session.slot or "", "24:00")

    by_date: dict[date, list[Session]] = {}
    for session in schedule.sessions:
        by_date.setdefault(session.date, []).append(session)
    plan_days: dict[tuple[int, str], Day] = {(week.week, day.day): day for week in plan.weeks for day in week.days}
    began: dict[tuple[int, str], date] = {}
    for session in schedule.sessions:
        key = (session.week, session.day)
        began[key] = min(began.get(key, session.date), session.date)
    week_starts: dict[int, date] = {}
    for session in schedule.sessions:
        week_starts[session.week] = min(week_starts.get(session.week, session.date), session.date)
    days_of: dict[int, list[DayView]] = {}
    if by_date:
        starts = sorted(week_starts.items())
        on, last = min(by_date), max(by_date)
        while on <= last:
            week = max((w for w, start in starts if start <= on), default=starts[0][0])
            sessions = sorted(by_date.get(on, []), key=order)
            if sessions:
                keys = list(dict.fromkeys((s.week, s.day) for s in sessions))
                held = [Held(plan_days[key], began[key] < on) for key in keys]
            else:
                held = [Held(_free_day(on, on in schedule.options.skip, words), False)]
            days_of.setdefault(week, []).append(DayView(on, held, sessions))
            on += timedelta(days=1)
    weeks_listed = {item.week for item in (*schedule.done, *schedule.dropped)}
    weeks = [
        WeekView(week, days_of.get(week.week, []))
        for week in plan.weeks
        if week.week in days_of or week.week in weeks_listed
    ]
    minutes: dict[str, int] = {}
    for session in schedule.sessions:
        minutes[session.focus] = minutes.get(session.focus, 0) + (session.minutes or 0)
    total = sum(minutes.values()) or 1
    focus = [
        FocusRow(key, area.title, minutes.get(key, 0), minutes.get(key, 0) / total, area.share)
        for key, area in plan.focus_areas.items()
    ]
    return View(plan, schedule, weeks, focus)

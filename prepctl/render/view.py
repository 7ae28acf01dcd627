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
class DayView:
    """A plan day on one calendar date. A plan day whose blocks carried over to later dates
    shows once per date; the later parts are ``continued`` and repeat no callouts."""

    date: date
    day: Day
    sessions: list[Session]
    continued: bool = False

    @property
    def callouts(self) -> list[Callout]:
        return [] if self.continued else list(self.day.callouts)

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
        placed = {s.block_id for s in self.schedule.sessions}
        return sum(block.minutes or 0 for week in self.plan.weeks for day in week.days
                   for i, block in enumerate(day.blocks) if block_id(week, day, i) in placed)


def _free_day(on: date, skipped: bool, words: Callable[[str], str]) -> Day:
    """A calendar day with nothing scheduled, shown as such on the sheet and in the checklist."""
    return Day(day=DAY_NAMES[on.weekday()], title=words("Skipped" if skipped else "No study planned"),  # type: ignore[arg-type]
               blocks=[])


def build_view(schedule: Schedule, plan: Plan, words: Callable[[str], str] = str) -> View:
    """The schedule as weeks and days; ``words`` gives the person's language for the free days."""
    by_date: dict[tuple[int, str], dict[date, list[Session]]] = {}
    for session in schedule.sessions:
        by_date.setdefault((session.week, session.day), {}).setdefault(session.date, []).append(session)
    weeks_listed = {item.week for item in (*schedule.done, *schedule.dropped)}
    clocks = {**plan.slots, **{name: f"{clock:%H:%M}" for name, clock in schedule.options.slots.items()}}

    def order(session: Session) -> str:
        """By start; an untimed item (all day) where its slot would be, else last."""
        if session.start is not None:
            return f"{session.start:%H:%M}"
        return clocks.get(session.slot or "", "24:00")
    studied = {session.date for session in schedule.sessions}
    weeks = []
    for week in plan.weeks:
        days = [DayView(on, day, sorted(sessions, key=order), continued=n > 0) for day in week.days
                for n, (on, sessions) in enumerate(sorted(by_date.get((week.week, day.day), {}).items()))]
        if days:  # every calendar day of the week's span, a free one too, so the sheet is the whole week
            first, last = min(d.date for d in days), max(d.date for d in days)
            free = [first + timedelta(days=n) for n in range((last - first).days)
                    if first + timedelta(days=n) not in studied]
            days += [DayView(on, _free_day(on, on in schedule.options.skip, words), []) for on in free]
        if days or week.week in weeks_listed:
            weeks.append(WeekView(week, sorted(days, key=lambda d: d.date)))
    minutes: dict[str, int] = {}
    for session in schedule.sessions:
        minutes[session.focus] = minutes.get(session.focus, 0) + (session.minutes or 0)
    total = sum(minutes.values()) or 1
    focus = [FocusRow(key, area.title, minutes.get(key, 0), minutes.get(key, 0) / total, area.share)
             for key, area in plan.focus_areas.items()]
    return View(plan, schedule, weeks, focus)

"""The schedule: what a person asks for, and the plan placed in their calendar."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from prepctl.model import DAY_NAMES

Fit = Literal["scale", "stretch"]
FITS: tuple[str, ...] = ("scale", "stretch")


@dataclass(frozen=True)
class Window:
    """A recurring busy window, such as work hours: these weekdays (0 = Monday), start to end."""

    weekdays: frozenset[int]
    start: time
    end: time

    def __str__(self) -> str:
        return f"{_weekday_text(self.weekdays)} {self.start:%H:%M}-{self.end:%H:%M}"


def _weekday_text(weekdays: frozenset[int]) -> str:
    """``mon-fri``, ``sat,sun`` or ``mon,wed-fri``: runs of consecutive weekdays."""
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(DAY_NAMES[r[0]] if len(r) == 1 else f"{DAY_NAMES[r[0]]}-{DAY_NAMES[r[-1]]}" for r in runs)


@dataclass(frozen=True)
class Options:
    """What a person asks for: where the plan goes in their calendar and the time they have.

    Checked when made, each problem naming its setting (``prepctl.errors.SettingError``).
    What an earlier schedule says (done, dropped, dates to keep) and busy time are
    separate inputs of the scheduling function, not options.
    """

    start: date
    tz: str
    align: bool = True
    weekday_hours: float | None = None
    weekend_hours: float | None = None
    scale: float | None = None
    slots: Mapping[str, time] = field(default_factory=dict)
    granularity: int = 5
    min_block: int = 10
    min_part: int = 20  # the shortest part of a block split across days
    day_start: time = time(6, 0)
    day_end: time = time(23, 59)
    alarm: int | None = None
    skip: frozenset[date] = frozenset()
    from_week: int | None = None
    fit: Fit = "scale"
    work_hours: tuple[Window, ...] = ()

    @cached_property
    def zone(self) -> ZoneInfo:
        """The zone every time of the schedule is in, made once from its IANA name."""
        from prepctl.model.zone import zone_of

        return zone_of(self.tz)

    def __post_init__(self) -> None:
        from prepctl.errors import SettingError

        self.zone  # noqa: B018 - the zone is checked (and made once) here
        for name, hours in (("weekday_hours", self.weekday_hours), ("weekend_hours", self.weekend_hours)):
            if hours is not None and not 0 < hours <= 24:
                raise SettingError(name, f"expected hours above 0 and at most 24, got {hours:g}")
        if self.scale is not None and not 0 < self.scale <= 10:
            raise SettingError("scale", f"expected a factor above 0 and at most 10, got {self.scale:g}")
        if self.fit not in FITS:
            raise SettingError("fit", f"expected scale or stretch, got {self.fit!r}")
        if self.fit == "scale" and self.scale is not None and (self.weekday_hours or self.weekend_hours):
            raise SettingError(
                "scale",
                "use either a scale factor or hours, not both (or --fit stretch, where "
                "blocks are scaled and the hours are the budget)",
            )
        if not 1 <= self.granularity <= 60:
            raise SettingError("granularity", f"expected 1 to 60 minutes, got {self.granularity}")
        if not 1 <= self.min_block <= 240:
            raise SettingError("min_block", f"expected 1 to 240 minutes, got {self.min_block}")
        if not 5 <= self.min_part <= 240:
            raise SettingError("min_part", f"expected 5 to 240 minutes, got {self.min_part}")
        if self.day_end <= self.day_start:
            raise SettingError("day_end", f"{self.day_end:%H:%M} is not after the day start {self.day_start:%H:%M}")
        if self.from_week is not None and self.from_week < 1:
            raise SettingError("from_week", f"weeks are numbered from 1, got {self.from_week}")
        if self.alarm is not None and not 0 <= self.alarm <= 7 * 24 * 60:
            raise SettingError("alarm", f"expected 0 to 10080 minutes before, got {self.alarm}")


@dataclass(frozen=True)
class ResumeState:
    """What an earlier schedule and its ticked checklist say, for a resume.

    ``done`` blocks are finished; ``dropped`` ones were given up by an earlier
    ``--missed drop``; with ``drop_missed``, unfinished blocks dated before the start are
    dropped now. No block is placed before its date in the record (``dates``), so with
    nothing missed nothing moves; done and dropped blocks keep the minutes they were
    scheduled for, so hours done do not change with a resume.
    """

    done: frozenset[str] = frozenset()
    dropped: frozenset[str] = frozenset()
    drop_missed: bool = False
    dates: Mapping[str, date] = field(default_factory=dict)  # block id -> its date in the record
    origin: date | None = None  # the date the unbent plan's first day was aligned to
    minutes: Mapping[str, int | None] = field(default_factory=dict)  # block id -> the minutes it was scheduled for


def block_of(session_id: str) -> str:
    """The block a session id belongs to: a part's block (``w3-sat-2.1`` -> ``w3-sat-2``), or the
    id itself (block ids hold no dot)."""
    head, _, tail = session_id.rpartition(".")
    return head if head and tail.isdigit() else session_id


@dataclass(frozen=True)
class Session:
    """One plan block placed in time. Untimed items are all-day (no start/end)."""

    block_id: str
    uid: str
    week: int
    day: str
    date: date
    start: datetime | None
    end: datetime | None
    minutes: int | None
    slot: str | None
    activity: str
    details: str
    focus: str
    day_title: str
    sequence: int = 0  # raised each time a re-import changes the event (RFC 5545 SEQUENCE)
    last_modified: datetime | None = None  # when the event last changed (RFC 5545 LAST-MODIFIED)
    shown: str = ""  # a digest of all a calendar shows of the event (prepctl.render.ics.shown)
    part: int = 0  # a block split across days: this part's number (its id ends in .part), else 0
    parts: int = 0  # and how many parts the block has

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("session times must be time-zone aware")

    @property
    def all_day(self) -> bool:
        return self.start is None

    @property
    def block(self) -> str:
        """The plan block this session is (a part of)."""
        return block_of(self.block_id)


@dataclass(frozen=True)
class Item:
    """A block that is no longer scheduled (done, or dropped), still part of the record."""

    block_id: str
    week: int
    day: str
    activity: str
    details: str
    focus: str
    minutes: int | None


@dataclass(frozen=True)
class Notice:
    """Something the schedule changed or could not do, said instead of done silently."""

    kind: str
    message: str
    detail: bool = False  # one of many (each busy move): shown with --verbose, summed up otherwise


@dataclass(frozen=True)
class Schedule:
    """The plan placed in a calendar: sessions in date order, and what was said about it."""

    plan_id: str
    plan_title: str
    options: Options
    sessions: tuple[Session, ...]
    notices: tuple[Notice, ...]
    dropped: tuple[Item, ...] = ()
    done: tuple[Item, ...] = ()
    cancelled: tuple[Session, ...] = ()  # earlier events no longer planned, written as cancelled
    origin: date | None = None  # the date the unbent plan's first day is aligned to (kept by a resume)

    @property
    def first_date(self) -> date | None:
        return self.sessions[0].date if self.sessions else None

    @property
    def last_date(self) -> date | None:
        return max((s.date for s in self.sessions), default=None)

    def minutes_by_calendar_week(self) -> dict[date, int]:
        """The minutes this schedule puts in each calendar week (Monday to Sunday), by its Monday:
        the hours a person's weeks really hold, not the plan's totals."""
        totals: dict[date, int] = {}
        for session in self.sessions:
            monday = date.fromordinal(session.date.toordinal() - session.date.weekday())
            totals[monday] = totals.get(monday, 0) + (session.minutes or 0)
        return totals

    @property
    def blocks_left(self) -> int:
        """The plan blocks this schedule places (a block split across days counts once)."""
        return len({session.block for session in self.sessions})

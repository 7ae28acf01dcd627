"""The data prepctl works on: the plan (what to study) and the schedule (when).

The plan is plain frozen dataclasses: pydantic validates plan files into them and generates
the JSON Schema editors use (``prepctl.validate``), both from the constraints written here,
so the two cannot drift. The schedule types (Options, Session, Schedule) are what the
scheduling function takes and returns, and what renderers and the record read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from typing import Annotated, Any, ClassVar, Literal

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CalloutKind = Literal["tip", "note", "warning", "danger"]

MAX_BLOCK_MINUTES = 24 * 60
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SLUG = r"^[a-z0-9][a-z0-9-]*$"


class Rule:
    """pydantic ``Field`` constraints, handed to pydantic only when it builds the validator."""

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.constraints)])


class Check:
    """A check that runs before pydantic's own, for messages written for people."""

    def __init__(self, check: Callable[[object], object]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.check, handler(source))


def _whole_minutes(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_BLOCK_MINUTES:
        raise ValueError(
            f"expected a positive whole number of minutes (at most {MAX_BLOCK_MINUTES}), "
            f"got {value!r}"
        )
    return value


def _clock_time(value: object) -> object:
    if not isinstance(value, str) or not _CLOCK.match(value):
        raise ValueError(f'expected a clock time "HH:MM" (00:00 to 23:59), got {value!r}')
    return value


def _one_line(value: object) -> object:
    """A title is one line: line breaks (a YAML block scalar) become spaces."""
    return " ".join(value.split()) if isinstance(value, str) and ("\n" in value or value != value.strip()) else value


# No silent coercion: "5" is not 5 minutes. The Rule constraints repeat the checks' rules
# so the JSON Schema says them too.
Text = Annotated[str, Rule(strict=True)]
Whole = Annotated[int, Rule(strict=True)]
Number = Annotated[float, Rule(strict=True)]
Minutes = Annotated[int, Rule(gt=0, le=MAX_BLOCK_MINUTES), Check(_whole_minutes)]
ClockTime = Annotated[str, Rule(pattern=_CLOCK.pattern), Check(_clock_time)]
Slug = Annotated[Text, Rule(pattern=_SLUG, max_length=64)]
Title = Annotated[Text, Check(_one_line)]



class _Strict:
    """Unknown keys are errors: they are usually typos."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True)
class Section(_Strict):
    """A titled piece of prose with an optional bullet list."""

    title: Title
    body: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Callout(_Strict):
    """A highlighted box in the plan (tip / note / warning / danger)."""

    kind: CalloutKind
    title: Title
    body: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Block(_Strict):
    """One study block of a day. Without ``minutes`` it is an untimed item."""

    id: Annotated[Slug | None, Rule(description="Stable id; derived from the position when absent.")] = None
    slot: Annotated[Slug | None, Rule(description="A key of the plan's slots.")] = None
    label: Annotated[Text | None, Rule(description="The time as the source wrote it, when not a slot name.")] = None
    minutes: Minutes | None = None
    fixed: Annotated[bool, Rule(strict=True, description=(
        "Keep this length whatever the hours (a mock interview, a timed simulation); "
        "the other blocks of the day absorb the difference."))] = False
    activity: Annotated[Title, Rule(min_length=1)]
    details: Text = ""
    focus: Annotated[Slug, Rule(description="A key of the plan's focus_areas.")]


@dataclass(frozen=True, kw_only=True)
class Day(_Strict):
    """One day of a week: its blocks in order, and any callout boxes."""

    day: DayName
    title: Title
    note: Text = ""
    blocks: Annotated[list[Block], Rule(min_length=1)]
    callouts: list[Callout] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class DailyTime(_Strict):
    """The hours a day the source plan states, for reference."""

    weekday: Annotated[Number, Rule(gt=0, le=24)]
    weekend: Annotated[Number, Rule(gt=0, le=24)]


@dataclass(frozen=True, kw_only=True)
class Milestone(_Strict):
    """The checkpoint at the end of a week."""

    title: Title
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Week(_Strict):
    """One week of the plan."""

    week: Annotated[Whole, Rule(ge=1, le=520)]
    title: Title
    goal: Text = ""
    daily_time: DailyTime | None = None
    days: Annotated[list[Day], Rule(min_length=1)]
    milestone: Milestone | None = None


@dataclass(frozen=True, kw_only=True)
class FocusArea(_Strict):
    """One of the areas the plan balances, with its share of the time."""

    title: Title
    share: Annotated[Number, Rule(ge=0, le=1)]
    hours: Annotated[Number | None, Rule(ge=0)] = None
    topics: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class InterviewRound(_Strict):
    """One round of the interview the plan prepares for."""

    round: Text
    duration: Text = ""
    focus: Text = ""


@dataclass(frozen=True, kw_only=True)
class Questions(_Strict):
    """A bank of practice questions."""

    intro: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Appendix(_Strict):
    """Reference material printed after the weeks."""

    interview_rounds: list[InterviewRound] = field(default_factory=list)
    scenario_questions: Questions = field(default_factory=Questions)
    resources: list[Section] = field(default_factory=list)
    closing: list[Section] = field(default_factory=list)


DEFAULT_SLOTS: dict[str, str] = {
    "morning": "07:00",
    "lunch": "12:30",
    "afternoon": "14:00",
    "evening": "19:00",
    "night": "21:30",
}


@dataclass(frozen=True, kw_only=True)
class Plan(_Strict):
    """A whole study plan: weeks of days of blocks, plus context for the outputs."""

    version: Literal[1]
    id: Slug
    title: Title
    summary: Text = ""
    meta: dict[str, Text] = field(default_factory=dict)
    roles: list[Text] = field(default_factory=list)
    intro: list[Section] = field(default_factory=list)
    focus_areas: Annotated[dict[str, FocusArea], Rule(min_length=1)]
    slots: dict[str, ClockTime] = field(default_factory=lambda: dict(DEFAULT_SLOTS))
    weeks: Annotated[list[Week], Rule(min_length=1)]
    appendix: Appendix = field(default_factory=Appendix)
    copyright: Text = ""


def block_id(week: Week, day: Day, index: int) -> str:
    """The id of a block: explicit, or from its position (``w1-mon-1``)."""
    block = day.blocks[index]
    return block.id or f"w{week.week}-{day.day}-{index + 1}"


_MODELS: tuple[type[Any], ...] = (Plan, Week, Day, Block, Callout, Section, DailyTime, Milestone, FocusArea,
                                  InterviewRound, Questions, Appendix)


def all_field_names() -> set[str]:
    """Every key a plan file may use, for "did you mean" hints."""
    return {f.name for kind in _MODELS for f in fields(kind)}


# ---------------------------------------------------------------- the schedule


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
    day_start: time = time(6, 0)
    day_end: time = time(23, 59)
    alarm: int | None = None
    skip: frozenset[date] = frozenset()
    from_week: int | None = None
    fit: Fit = "scale"
    work_hours: tuple[Window, ...] = ()

    def __post_init__(self) -> None:
        from prepctl.errors import SettingError
        from prepctl.inputs import zone_of

        zone_of(self.tz)
        for name, hours in (("weekday_hours", self.weekday_hours), ("weekend_hours", self.weekend_hours)):
            if hours is not None and not 0 < hours <= 24:
                raise SettingError(name, f"expected hours above 0 and at most 24, got {hours:g}")
        if self.scale is not None and not 0 < self.scale <= 10:
            raise SettingError("scale", f"expected a factor above 0 and at most 10, got {self.scale:g}")
        if self.fit not in FITS:
            raise SettingError("fit", f"expected scale or stretch, got {self.fit!r}")
        if self.fit == "scale" and self.scale is not None and (self.weekday_hours or self.weekend_hours):
            raise SettingError("scale", "use either a scale factor or hours, not both (or --fit stretch, where "
                                        "blocks are scaled and the hours are the budget)")
        if not 1 <= self.granularity <= 60:
            raise SettingError("granularity", f"expected 1 to 60 minutes, got {self.granularity}")
        if not 1 <= self.min_block <= 240:
            raise SettingError("min_block", f"expected 1 to 240 minutes, got {self.min_block}")
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

    def __post_init__(self) -> None:
        for moment in (self.start, self.end):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("session times must be time-zone aware")

    @property
    def all_day(self) -> bool:
        return self.start is None


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

    def minutes_by_week(self) -> dict[int, int]:
        totals: dict[int, int] = {}
        for session in self.sessions:
            totals[session.week] = totals.get(session.week, 0) + (session.minutes or 0)
        return totals

"""The plan model: what to study, independent of any calendar.

Plain frozen dataclasses, so a plan rebuilt from the plan cache needs no pydantic.
pydantic validates plan files into them and generates the JSON Schema editors use
(``prepctl.validate``), both from the constraints written here, so the two cannot drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from types import UnionType
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

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


# No silent coercion: "5" is not 5 minutes. The Rule constraints repeat the checks' rules
# so the JSON Schema says them too.
Text = Annotated[str, Rule(strict=True)]
Whole = Annotated[int, Rule(strict=True)]
Number = Annotated[float, Rule(strict=True)]
Minutes = Annotated[int, Rule(gt=0, le=MAX_BLOCK_MINUTES), Check(_whole_minutes)]
ClockTime = Annotated[str, Rule(pattern=_CLOCK.pattern), Check(_clock_time)]
Slug = Annotated[Text, Rule(pattern=_SLUG, max_length=64)]



class _Strict:
    """Unknown keys are errors: they are usually typos."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True)
class Section(_Strict):
    """A titled piece of prose with an optional bullet list."""

    title: Text
    body: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Callout(_Strict):
    """A highlighted box in the plan (tip / note / warning / danger)."""

    kind: CalloutKind
    title: Text
    body: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Block(_Strict):
    """One study block of a day. Without ``minutes`` it is an untimed item."""

    id: Annotated[Slug | None, Rule(description="Stable id; derived from the position when absent.")] = None
    slot: Annotated[Slug | None, Rule(description="A key of the plan's slots.")] = None
    label: Annotated[Text | None, Rule(description="The time as the source wrote it, when not a slot name.")] = None
    minutes: Minutes | None = None
    activity: Annotated[Text, Rule(min_length=1)]
    details: Text = ""
    focus: Annotated[Slug, Rule(description="A key of the plan's focus_areas.")]


@dataclass(frozen=True, kw_only=True)
class Day(_Strict):
    """One day of a week: its blocks in order, and any callout boxes."""

    day: DayName
    title: Text
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

    title: Text
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Week(_Strict):
    """One week of the plan."""

    week: Annotated[Whole, Rule(ge=1, le=520)]
    title: Text
    goal: Text = ""
    daily_time: DailyTime | None = None
    days: Annotated[list[Day], Rule(min_length=1)]
    milestone: Milestone | None = None


@dataclass(frozen=True, kw_only=True)
class FocusArea(_Strict):
    """One of the areas the plan balances, with its share of the time."""

    title: Text
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
    title: Text
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


def plan_from_data(data: dict[str, Any]) -> Plan:
    """Rebuild a plan from the data a valid plan was turned into (``dataclasses.asdict``).

    No checks: the data comes from a plan that passed validation (the plan cache).
    """
    plan: Plan = _build(Plan, data)
    return plan


def _build(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, UnionType):
        return _build(next(arg for arg in get_args(kind) if arg is not type(None)), value)
    if origin is list:
        return [_build(get_args(kind)[0], item) for item in value]
    if origin is dict:
        return {key: _build(get_args(kind)[1], item) for key, item in value.items()}
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{name: _build(hints[name], item) for name, item in value.items()})
    return value


@cache
def _hints(kind: type[Any]) -> dict[str, Any]:
    return get_type_hints(kind)

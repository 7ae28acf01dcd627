"""The plan: weeks of days of blocks, plus the context the outputs print."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Annotated, Any, Literal

from prepctl.model import (
    Callout,
    ClockTime,
    DayName,
    Minutes,
    Number,
    Rule,
    Slug,
    Strict,
    Text,
    Title,
    Whole,
)


@dataclass(frozen=True, kw_only=True)
class Section(Strict):
    """A titled piece of prose with an optional bullet list."""

    title: Title
    body: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Block(Strict):
    """One study block of a day. Without ``minutes`` it is an untimed item."""

    id: Annotated[Slug | None, Rule(description="Stable id; derived from the position when absent.")] = None
    slot: Annotated[Slug | None, Rule(description="A key of the plan's slots.")] = None
    label: Annotated[Text | None, Rule(description="The time as the source wrote it, when not a slot name.")] = None
    minutes: Minutes | None = None
    fixed: Annotated[
        bool,
        Rule(
            strict=True,
            description=(
                "Keep this length whatever the hours (a mock interview, a timed simulation); "
                "the other blocks of the day absorb the difference."
            ),
        ),
    ] = False
    activity: Annotated[Title, Rule(min_length=1)]
    details: Text = ""
    focus: Annotated[Slug, Rule(description="A key of the plan's focus_areas.")]


@dataclass(frozen=True, kw_only=True)
class Day(Strict):
    """One day of a week: its blocks in order, and any callout boxes."""

    day: DayName
    title: Title
    note: Text = ""
    blocks: Annotated[list[Block], Rule(min_length=1)]
    callouts: list[Callout] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class DailyTime(Strict):
    """The hours a day the source plan states, for reference."""

    weekday: Annotated[Number, Rule(gt=0, le=24)]
    weekend: Annotated[Number, Rule(gt=0, le=24)]


@dataclass(frozen=True, kw_only=True)
class Milestone(Strict):
    """The checkpoint at the end of a week."""

    title: Title
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Week(Strict):
    """One week of the plan."""

    week: Annotated[Whole, Rule(ge=1, le=520)]
    title: Title
    goal: Text = ""
    daily_time: DailyTime | None = None
    days: Annotated[list[Day], Rule(min_length=1)]
    milestone: Milestone | None = None


@dataclass(frozen=True, kw_only=True)
class FocusArea(Strict):
    """One of the areas the plan balances, with its share of the time."""

    title: Title
    share: Annotated[Number, Rule(ge=0, le=1)]
    hours: Annotated[Number | None, Rule(ge=0)] = None
    topics: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class InterviewRound(Strict):
    """One round of the interview the plan prepares for."""

    round: Text
    duration: Text = ""
    focus: Text = ""


@dataclass(frozen=True, kw_only=True)
class Questions(Strict):
    """A bank of practice questions."""

    intro: Text = ""
    items: list[Text] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class Appendix(Strict):
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
class Plan(Strict):
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


_MODELS: tuple[type[Any], ...] = (
    Plan,
    Week,
    Day,
    Block,
    Callout,
    Section,
    DailyTime,
    Milestone,
    FocusArea,
    InterviewRound,
    Questions,
    Appendix,
)


def all_field_names() -> set[str]:
    """Every key a plan file may use, for "did you mean" hints."""
    return {f.name for kind in _MODELS for f in fields(kind)}


# ---------------------------------------------------------------- the schedule

"""The plan model: what to study, independent of any calendar.

The same pydantic models validate plan files and generate the JSON Schema that
editors use, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
CalloutKind = Literal["tip", "note", "warning", "danger"]

MAX_BLOCK_MINUTES = 24 * 60
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_SLUG = r"^[a-z0-9][a-z0-9-]*$"


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


# The Field constraints repeat the validators' rules so the JSON Schema says them too.
Minutes = Annotated[int, Field(gt=0, le=MAX_BLOCK_MINUTES), BeforeValidator(_whole_minutes)]
ClockTime = Annotated[str, Field(pattern=_CLOCK.pattern), BeforeValidator(_clock_time)]
Slug = Annotated[str, Field(pattern=_SLUG, max_length=64)]


class _Strict(BaseModel):
    """Unknown keys are errors (they are usually typos); no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Section(_Strict):
    """A titled piece of prose with an optional bullet list."""

    title: str
    body: str = ""
    items: list[str] = []


class Callout(_Strict):
    """A highlighted box in the plan (tip / note / warning / danger)."""

    kind: CalloutKind
    title: str
    body: str = ""
    items: list[str] = []


class Block(_Strict):
    """One study block of a day. Without ``minutes`` it is an untimed item."""

    id: Slug | None = Field(default=None, description="Stable id; derived from the position when absent.")
    slot: Slug | None = Field(default=None, description="A key of the plan's slots.")
    label: str | None = Field(default=None, description="The time as the source wrote it, when not a slot name.")
    minutes: Minutes | None = None
    activity: str = Field(min_length=1)
    details: str = ""
    focus: Slug = Field(description="A key of the plan's focus_areas.")


class Day(_Strict):
    day: DayName
    title: str
    note: str = ""
    blocks: list[Block] = Field(min_length=1)
    callouts: list[Callout] = []


class DailyTime(_Strict):
    """The hours a day the source plan states, for reference."""

    weekday: float = Field(gt=0, le=24)
    weekend: float = Field(gt=0, le=24)


class Milestone(_Strict):
    title: str
    items: list[str] = []


class Week(_Strict):
    week: int = Field(ge=1, le=520)
    title: str
    goal: str = ""
    daily_time: DailyTime | None = None
    days: list[Day] = Field(min_length=1)
    milestone: Milestone | None = None


class FocusArea(_Strict):
    title: str
    share: float = Field(ge=0, le=1)
    hours: float | None = Field(default=None, ge=0)
    topics: list[str] = []


class InterviewRound(_Strict):
    round: str
    duration: str = ""
    focus: str = ""


class Questions(_Strict):
    intro: str = ""
    items: list[str] = []


class Appendix(_Strict):
    interview_rounds: list[InterviewRound] = []
    scenario_questions: Questions = Questions()
    resources: list[Section] = []
    closing: list[Section] = []


DEFAULT_SLOTS: dict[str, str] = {
    "morning": "07:00",
    "lunch": "12:30",
    "afternoon": "14:00",
    "evening": "19:00",
    "night": "21:30",
}


class Plan(_Strict):
    """A whole study plan: weeks of days of blocks, plus context for the outputs."""

    version: Literal[1]
    id: Slug
    title: str
    summary: str = ""
    meta: dict[str, str] = {}
    roles: list[str] = []
    intro: list[Section] = []
    focus_areas: dict[str, FocusArea] = Field(min_length=1)
    slots: dict[str, ClockTime] = Field(default_factory=lambda: dict(DEFAULT_SLOTS))
    weeks: list[Week] = Field(min_length=1)
    appendix: Appendix = Appendix()
    copyright: str = ""


def block_id(week: Week, day: Day, index: int) -> str:
    """The id of a block: explicit, or from its position (``w1-mon-1``)."""
    block = day.blocks[index]
    return block.id or f"w{week.week}-{day.day}-{index + 1}"


SCHEMA_ID = "https://prepctl.invalid/schema/plan.schema.json"


def plan_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a plan file, from the model the loader uses."""
    schema = Plan.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "prepctl plan, version 1", **{k: v for k, v in schema.items() if k != "title"}}


def all_field_names() -> set[str]:
    """Every key a plan file may use, for "did you mean" hints."""
    names: set[str] = set()
    for model in (Plan, Week, Day, Block, Callout, Section, DailyTime, Milestone, FocusArea,
                  InterviewRound, Questions, Appendix):
        names.update(model.model_fields)
    return names

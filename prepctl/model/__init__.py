"""The data prepctl works on, in two halves.

``prepctl.model.plan`` is the plan (what to study); ``prepctl.model.schedule`` is the
schedule (when), what the scheduling function takes and returns and what renderers and the
record read. The plan is plain frozen dataclasses: pydantic validates plan files into them and
generates the JSON Schema editors use (``prepctl.plan.schema``), both from the constraints
written here, so the two cannot drift. This module holds what both halves share: the
constraint markers, the day names and the callout boxes a record keeps. The halves are
separate so that ``today``, which reads only a record, does not build the plan's classes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
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
        raise ValueError(f"expected a positive whole number of minutes (at most {MAX_BLOCK_MINUTES}), got {value!r}")
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


class Strict:
    """Unknown keys are errors: they are usually typos."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True)
class Callout(Strict):
    """A highlighted box in the plan (tip / note / warning / danger)."""

    kind: CalloutKind
    title: Title
    body: Text = ""
    items: list[Text] = field(default_factory=list)

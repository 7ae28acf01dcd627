"""Loading a plan file: every problem located as FILE:LINE:COL: field.path.

A plan is parsed as safe YAML with the position of every value (``prepctl.plan.yaml_source``),
validated by pydantic into the model (``prepctl.plan.schema``), then checked for what the
schema cannot see. Each problem becomes one line a person can act on.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from prepctl.errors import BadInputError, PlanError
from prepctl.model import DAY_NAMES
from prepctl.model.plan import Plan, all_field_names, block_id
from prepctl.plan.locations import FieldPath, Position, dotted
from prepctl.plan.resources import bundled_plan_ids, plans_dir

MAX_PLAN_BYTES = 5 * 1024 * 1024
_BUNDLED_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def resolve_plan(name: str) -> Path:
    """A bundled plan id (``mlops-8-week``) or a path to a YAML file."""
    if Path(name).is_dir():
        raise BadInputError(f"{name}: is a folder; give a plan YAML file or a bundled plan id")
    if _BUNDLED_ID.match(name) and not Path(name).is_file():
        bundled = plans_dir() / f"{name}.yaml"
        if bundled.is_file():
            return bundled
        known = ", ".join(bundled_plan_ids())
        raise BadInputError(f"{name}: no such plan: not a bundled plan id ({known}) and not a file")
    path = Path(name)
    if not path.is_file():
        exists = os.path.lexists(path)
        raise BadInputError(f"{name}: {'not a regular file' if exists else 'no such plan file'}")
    return path


def load_plan(source: str | Path) -> Plan:
    """Read, parse and validate a plan; raise PlanError listing every problem."""
    path = resolve_plan(source) if isinstance(source, str) else source
    return _validated(_read_text(path), str(path))


def _validated(text: str, filename: str) -> Plan:
    from pydantic import ValidationError

    from prepctl.plan.schema import validate
    from prepctl.plan.yaml_source import parse_yaml

    data, positions = parse_yaml(text, filename)
    try:
        plan = validate(data)
    except ValidationError as error:
        raise PlanError(list(_describe_validation(error, positions, filename))) from None
    problems = [_locate(filename, positions, where, message) for where, message in check_references(plan)]
    if problems:
        raise PlanError(problems)
    return plan


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise BadInputError(
                f"{path}: plan file is {size / 1024 / 1024:.1f} MB; "
                f"plans are limited to {MAX_PLAN_BYTES // 1024 // 1024} MB"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{path}: cannot read the plan file: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise PlanError(
            [f"{path}:{line}:{column}: the file is not UTF-8 text (byte 0x{raw[error.start]:02x})"]
        ) from None


def check_references(plan: Plan) -> Iterator[tuple[FieldPath, str]]:
    """Problems the schema alone cannot see: names that must refer to something, duplicates."""
    seen_weeks: set[int] = set()
    seen_ids: set[str] = set()
    for w, week in enumerate(plan.weeks):
        if week.week in seen_weeks:
            yield ("weeks", w, "week"), f"week {week.week} appears twice in the plan"
        seen_weeks.add(week.week)
        seen_days: set[str] = set()
        for d, day in enumerate(week.days):
            if day.day in seen_days:
                yield ("weeks", w, "days", d, "day"), f"{day.day} appears twice in week {week.week}"
            seen_days.add(day.day)
            for b, block in enumerate(day.blocks):
                where: FieldPath = ("weeks", w, "days", d, "blocks", b)
                if block.slot is not None and block.slot not in plan.slots:
                    yield (*where, "slot"), _unknown("slot", block.slot, plan.slots)
                if block.minutes is not None and block.slot is None:
                    yield (*where, "slot"), "a timed block needs a slot (when in the day it goes)"
                if block.focus not in plan.focus_areas:
                    yield (*where, "focus"), _unknown("focus area", block.focus, plan.focus_areas)
                identifier = block_id(week, day, b)
                if identifier in seen_ids:
                    yield (*where, "id"), f"block id {identifier!r} is used twice"
                seen_ids.add(identifier)


def _unknown(kind: str, value: str, known: dict[str, Any]) -> str:
    message = f"unknown {kind} {value!r}; expected one of: {', '.join(known)}"
    return message + _did_you_mean(value, list(known))


def _did_you_mean(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _describe_validation(error: Any, positions: dict[FieldPath, Position], filename: str) -> Iterator[str]:
    for item in error.errors(include_url=False):
        loc: FieldPath = tuple(item["loc"])
        kind = item["type"]
        found = item.get("input")
        if kind in ("extra_forbidden", "unexpected_keyword_argument") and loc:
            key = str(loc[-1])
            message = f"unknown field {key!r}" + _did_you_mean(key, sorted(all_field_names()))
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "value_error":
            message = str(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        elif kind in ("dataclass_type", "dataclass_args_type", "dict_type"):
            message = f"expected a mapping (key: value lines), got {_kind_of(found)}"
        elif kind == "list_type":
            message = f"expected a list (lines starting with -), got {_kind_of(found)}"
        elif kind == "too_short":
            message = "expected at least one entry, found none"
        elif kind == "literal_error" and loc and loc[-1] == "day":
            message = f"expected a day name ({', '.join(DAY_NAMES)}), got {found!r}"
        else:
            message = _expected(item["msg"]) + f", got {_shown(found)}"
        yield _locate(filename, positions, loc, message)


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {_shown(value)}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _expected(msg: str) -> str:
    for prefix in ("Input should be ", "Input should have ", "String should "):
        if msg.startswith(prefix):
            return "expected " + msg[len(prefix) :].replace("match pattern", "to match")
    return msg[0].lower() + msg[1:]


def _locate(filename: str, positions: dict[FieldPath, Position], loc: FieldPath, message: str) -> str:
    where = loc
    while where not in positions and where:
        where = where[:-1]
    position = positions.get(where, Position(1, 1))
    field = dotted(loc) or "(top level)"
    return f"{filename}:{position.line}:{position.column}: {field}: {message}"


def plan_as_data(plan: Plan) -> dict[str, Any]:
    """The normalized plan (block ids filled in), as ``prepctl show --json`` prints it."""
    data: dict[str, Any] = asdict(plan)
    for week, week_data in zip(plan.weeks, data["weeks"], strict=True):
        for day, day_data in zip(week.days, week_data["days"], strict=True):
            for i, block_data in enumerate(day_data["blocks"]):
                block_data["id"] = block_id(week, day, i)
    return data

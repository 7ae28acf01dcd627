"""Loading a plan file: safe YAML, every problem located as FILE:LINE:COL: field.path.

YAML is composed into nodes (never constructed into arbitrary objects), walked
into plain data while the position of every value is remembered, then validated
by the pydantic model. Each problem becomes one line a person can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from prepctl.errors import BadInputError, PlanError
from prepctl.model import DAY_NAMES, Plan, all_field_names, block_id
from prepctl.resources import bundled_plan_ids, plans_dir

# libyaml's parser when PyYAML has it (ten times faster), the pure-Python one otherwise;
# both are safe loaders: they build only plain data
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_PLAN_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 50
_BUNDLED_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int
    column: int


def resolve_plan(name: str) -> Path:
    """A bundled plan id (``mlops-8-week``) or a path to a YAML file."""
    if Path(name).is_dir():
        raise BadInputError(f"{name}: is a folder; give a plan YAML file or a bundled plan id")
    if _BUNDLED_ID.match(name) and not Path(name).is_file():
        bundled = plans_dir() / f"{name}.yaml"
        if bundled.is_file():
            return bundled
        known = ", ".join(bundled_plan_ids())
        raise BadInputError(
            f"{name}: no such plan: not a bundled plan id ({known}) and not a file"
        )
    path = Path(name)
    if not path.is_file():
        raise BadInputError(f"{name}: no such plan file")
    return path


def load_plan(source: str | Path) -> Plan:
    """Read, parse and validate a plan; raise PlanError listing every problem."""
    path = resolve_plan(source) if isinstance(source, str) else source
    text = _read_text(path)
    data, positions = _parse_yaml(text, str(path))
    try:
        plan = Plan.model_validate(data)
    except ValidationError as error:
        raise PlanError(list(_describe_validation(error, positions, str(path)))) from None
    problems = [
        _locate(str(path), positions, where, message) for where, message in check_references(plan)
    ]
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


def _parse_yaml(text: str, filename: str) -> tuple[Any, dict[FieldPath, Position]]:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        raise PlanError([f"{filename}:{line}:{column}: the file holds a control character "
                         f"(#x{error.character:04x}) that YAML does not allow"]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{filename}:{mark.line + 1}:{mark.column + 1}" if mark else filename
        raise PlanError([f"{where}: YAML syntax error: {error.problem or error.context}"]) from None
    except yaml.YAMLError as error:
        raise PlanError([f"{filename}: YAML error: {error}"]) from None
    except RecursionError:
        raise PlanError([f"{filename}: the YAML is nested too deeply"]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise PlanError([f"{filename}:1:1: the plan file is empty; expected a mapping with "
                         "version, id, title, focus_areas and weeks"])
    walker = _Walker(loader, filename)
    data = walker.walk(node, (), 0)
    if walker.problems:
        raise PlanError(walker.problems)
    return data, walker.positions


class _Walker:
    """Turns YAML nodes into plain data, remembering where every value stands."""

    _COLLECTIONS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
    _STRINGY = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

    def __init__(self, loader: Any, filename: str) -> None:
        self.loader = loader
        self.filename = filename
        self.positions: dict[FieldPath, Position] = {}
        self.problems: list[str] = []
        self.nodes = 0

    def _where(self, node: yaml.Node) -> str:
        return f"{self.filename}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"

    def walk(self, node: yaml.Node, path: FieldPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise PlanError([f"{self._where(node)}: the plan has more than {MAX_NODES} values "
                             "(YAML aliases expanding too far?); refusing to read it"])
        if depth > MAX_DEPTH:
            raise PlanError([f"{self._where(node)}: {_dotted(path)}: nested more than "
                             f"{MAX_DEPTH} levels deep; refusing to read it"])
        self.positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in self._COLLECTIONS:
            self.problems.append(f"{self._where(node)}: {_dotted(path)}: unsupported YAML tag {node.tag!r}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path)
            if not isinstance(key, str | int) or isinstance(key, bool):
                self.problems.append(f"{self._where(key_node)}: {_dotted(path)}: "
                                     f"keys must be plain text, got {key!r}")
                continue
            key = str(key)
            if key in result:
                self.problems.append(f"{self._where(key_node)}: {_dotted((*path, key))}: "
                                     "this key appears twice in the same mapping")
                continue
            result[key] = self.walk(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(f"{self._where(node)}: {_dotted(path)}: expected a plain value "
                                 "here, got a list or mapping")
            return None
        # YAML 1.1 reads 07:00 as the base-60 number 420; a plan means the clock time.
        if node.tag in self._STRINGY and ":" in node.value:
            return node.value
        if node.tag == "tag:yaml.org,2002:str":  # most of a plan; what construct_object would return
            return _clean(node.value)
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            self.problems.append(f"{self._where(node)}: {_dotted(path)}: "
                                 f"unsupported YAML tag {node.tag!r} ({error.problem})")
            return None
        return _clean(value) if isinstance(value, str) else value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _clean(text: str) -> str:
    """Plan text as every output can carry it: line breaks unified, control characters
    (invalid in calendars and PDFs) shown as U+FFFD so the person sees where they were."""
    if not _NEEDS_CLEANING.search(text):
        return text
    # "\ud83d" escapes in YAML make surrogates: join real pairs, mark lone halves
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


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


def _describe_validation(
    error: ValidationError, positions: dict[FieldPath, Position], filename: str
) -> Iterator[str]:
    for item in error.errors(include_url=False):
        loc: FieldPath = tuple(item["loc"])
        kind = item["type"]
        found = item.get("input")
        if kind == "extra_forbidden" and loc:
            key = str(loc[-1])
            message = f"unknown field {key!r}" + _did_you_mean(key, sorted(all_field_names()))
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "value_error":
            message = str(item["ctx"]["error"]) if "ctx" in item else item["msg"]
        elif kind in ("model_type", "dict_type"):
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
            return "expected " + msg[len(prefix):].replace("match pattern", "to match")
    return msg[0].lower() + msg[1:]


def _locate(filename: str, positions: dict[FieldPath, Position], loc: FieldPath, message: str) -> str:
    where = loc
    while where not in positions and where:
        where = where[:-1]
    position = positions.get(where, Position(1, 1))
    field = _dotted(loc) or "(top level)"
    return f"{filename}:{position.line}:{position.column}: {field}: {message}"


def _dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def plan_as_data(plan: Plan) -> dict[str, Any]:
    """The normalized plan (block ids filled in), as ``prepctl show --json`` prints it."""
    data = plan.model_dump(mode="json", exclude={"weeks"})
    data["weeks"] = [
        {
            "week": week.week,
            "title": week.title,
            "goal": week.goal,
            "daily_time": week.daily_time.model_dump() if week.daily_time else None,
            "milestone": week.milestone.model_dump() if week.milestone else None,
            "days": [
                {
                    "day": day.day,
                    "title": day.title,
                    "note": day.note,
                    "callouts": [c.model_dump() for c in day.callouts],
                    "blocks": [
                        {**block.model_dump(), "id": block_id(week, day, i)}
                        for i, block in enumerate(day.blocks)
                    ],
                }
                for day in week.days
            ],
        }
        for week in plan.weeks
    ]
    return data

"""Plan files as YAML: safe parsing into plain data, with the position of every value.

YAML is composed into nodes (never constructed into arbitrary objects), then walked into
plain data while the line and column of every value is remembered for error messages.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from prepctl.errors import PlanError
from prepctl.plan.locations import FieldPath, Position, dotted

# libyaml's parser when PyYAML has it (ten times faster), the pure-Python one otherwise;
# both are safe loaders: they build only plain data
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 200_000
MAX_DEPTH = 50


def parse_yaml(text: str, filename: str) -> tuple[Any, dict[FieldPath, Position]]:
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, error.position - (before.rfind("\n") + 1) + 1
        raise PlanError(
            [
                f"{filename}:{line}:{column}: the file holds a control character "
                f"(#x{error.character:04x}) that YAML does not allow"
            ]
        ) from None
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
        raise PlanError(
            [
                f"{filename}:1:1: the plan file is empty; expected a mapping with "
                "version, id, title, focus_areas and weeks"
            ]
        )
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
            raise PlanError(
                [
                    f"{self._where(node)}: the plan has more than {MAX_NODES} values "
                    "(YAML aliases expanding too far?); refusing to read it"
                ]
            )
        if depth > MAX_DEPTH:
            raise PlanError(
                [f"{self._where(node)}: {dotted(path)}: nested more than {MAX_DEPTH} levels deep; refusing to read it"]
            )
        self.positions[path] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.CollectionNode) and node.tag not in self._COLLECTIONS:
            self.problems.append(f"{self._where(node)}: {dotted(path)}: unsupported YAML tag {node.tag!r}")
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
                self.problems.append(f"{self._where(key_node)}: {dotted(path)}: keys must be plain text, got {key!r}")
                continue
            key = str(key)
            if key in result:
                self.problems.append(
                    f"{self._where(key_node)}: {dotted((*path, key))}: this key appears twice in the same mapping"
                )
                continue
            result[key] = self.walk(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.Node, path: FieldPath) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(
                f"{self._where(node)}: {dotted(path)}: expected a plain value here, got a list or mapping"
            )
            return None
        # YAML 1.1 reads 07:00 as the base-60 number 420; a plan means the clock time.
        if node.tag in self._STRINGY and ":" in node.value:
            return node.value
        if node.tag == "tag:yaml.org,2002:str":  # most of a plan; what construct_object would return
            return _clean(node.value)
        if node.tag == "tag:yaml.org,2002:int" and not _DECIMAL.match(node.value):
            # YAML 1.1 reads 074 as octal 60, 0x3c as 60, 1_000 as 1000: a plan means what it shows
            self.problems.append(
                f"{self._where(node)}: {dotted(path)}: expected a whole number written in plain "
                f"decimal (like 60), got {node.value!r}"
            )
            return None
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as error:
            self.problems.append(
                f"{self._where(node)}: {dotted(path)}: unsupported YAML tag {node.tag!r} ({error.problem})"
            )
            return None
        return _clean(value) if isinstance(value, str) else value


_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]*)$")
# C0 and C1 controls (C1 holds the 8-bit escape introducers CSI and OSC that terminals obey)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_NEEDS_CLEANING = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_BREAKS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n"})


def _clean(text: str) -> str:
    """Plan text as every output can carry it: line breaks unified, control characters
    (invalid in calendars and PDFs) shown as U+FFFD so the person sees where they were."""
    if not _NEEDS_CLEANING.search(text):
        return text
    # "\ud83d" escapes in YAML make surrogates: join real pairs, mark lone halves
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    # U+0085, U+2028 and U+2029 end a line for many readers (Python's splitlines among them):
    # as line breaks they stay inside the value, which outputs then keep on one line
    return _CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS))

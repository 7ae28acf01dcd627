"""The Markdown checklist as the person's data: ticks read back and carried over.

Each task prepctl writes ends with a hidden id (``<!-- w1-mon-1 -->``, ``<!-- q:3 -->`` for an
appendix question); its header names the plan and the record of the schedule it came from
(``<!-- prepctl-plan: ID record: file:///… -->``). Only tasks with an id count; anything else
a person adds (notes, reordering, extra tasks) is left alone, and a ticked task whose id was
lost is reported, never silently ignored. Light on purpose: ``prepctl today`` uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from prepctl.errors import BadInputError

MAX_BYTES = 16 * 1024 * 1024

_HEADER = re.compile(r"<!--\s*prepctl-plan:\s*(?P<id>[a-z0-9][a-z0-9-]*)(?:\s+record:\s*(?P<record>\S+))?\s*-->")
# a task at any depth: nested under another item with spaces or a tab, as GitHub and Obsidian show it
_TASK = re.compile(r"^(?P<lead>[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[)(?P<mark>[ xX])(?P<rest>\]\s.*)$")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]")
_FENCE = re.compile(r"^[ ]{0,3}(```|~~~)")
_ID = re.compile(r"<!--\s*(?P<id>[a-z0-9][a-z0-9:.-]*)\s*-->\s*$")  # a part: w3-sat-2.1


@dataclass(frozen=True)
class Ticks:
    """Every task id found in a checklist, which are ticked, and the ticks that lost their id."""

    path: Path
    ids: frozenset[str]  # block ids (appendix tasks aside)
    done: frozenset[str]  # ticked block ids
    ticked: frozenset[str]  # every ticked id, appendix tasks included: what a rewrite carries over
    plan_id: str | None = None  # from the hidden header
    record: Path | None = None  # the record the checklist came from, from the hidden header
    lost: tuple[tuple[int, str], ...] = ()  # ticked tasks without an id: line number and text

    def lost_notes(self, expected: Mapping[str, str]) -> list[str]:
        """A note for each ticked task that lost its hidden id: a ticked line without an id whose
        text is that of a task (``expected``: id -> its words) missing from the checklist. A
        person's own extra tasks are no prepctl task and stay unremarked."""
        missing = {i: _words(text) for i, text in expected.items() if i not in self.ids and i not in self.ticked}
        notes = []
        for line, text in self.lost:
            words = _words(text)
            found = next((i for i, wanted in missing.items() if wanted and wanted in words), None)
            if found is not None:
                notes.append(
                    f"{self.path}:{line}: this ticked task lost its hidden id <!-- {found} -->, so it is "
                    "not counted; put the id back at the end of the line"
                )
        return notes


def read_text(path: Path) -> str:
    """A checklist's text: a regular file, of a sane size, in UTF-8."""
    try:
        if not path.exists():
            raise BadInputError(f"{path}: no such checklist")
        if not path.is_file():
            raise BadInputError(f"{path}: not a regular file; give the checklist (.md) prepctl wrote")
        if path.stat().st_size > MAX_BYTES:
            raise BadInputError(f"{path}: larger than {MAX_BYTES // 1024 // 1024} MB; not a prepctl checklist")
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise BadInputError(f"{path}: cannot read the checklist: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: the checklist is not UTF-8 text") from None


def _tasks(lines: list[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """The task lines a Markdown reader shows as tasks, nested ones included: not inside a fenced
    code block or an HTML comment. Lines end at "\n" only: U+2028 and its kin are text inside a
    line, as GitHub and Obsidian show them."""
    fence: str | None = None
    comment = False
    in_list = False  # the last line with text was a list item
    for index, line in enumerate(lines):
        line = line.rstrip("\r")
        if fence is not None:
            if line.lstrip(" ").startswith(fence):
                fence = None
            continue
        if comment:
            comment = "-->" not in line
            continue
        if opened := _FENCE.match(line):
            fence = opened[1]
            continue
        stripped = line.lstrip()
        if stripped.startswith("<!--") and "-->" not in stripped:
            comment = True
            continue
        task = _TASK.match(line)
        indented = line.startswith(("    ", "\t", " \t", "  \t", "   \t"))
        if task and (not indented or in_list):  # indented under a list item: nested; else a code block
            yield index, task
        if line.strip():
            in_list = _ITEM.match(line) is not None


def parse_ticks(path: Path, text: str) -> Ticks:
    ids: set[str] = set()
    done: set[str] = set()
    ticked: set[str] = set()
    lost: list[tuple[int, str]] = []
    lines = text.split("\n")
    for index, task in _tasks(lines):
        number, line = index + 1, lines[index]
        found = _ID.search(task["rest"])
        is_ticked = task["mark"] in "xX"
        if found is None:
            if is_ticked:
                lost.append((number, line))
            continue
        identifier = found["id"]
        if is_ticked:
            ticked.add(identifier)
        if ":" in identifier:  # an appendix task: carried over, not counted
            continue
        ids.add(identifier)
        if is_ticked:
            done.add(identifier)
    header = _HEADER.search(text)
    record = _record_path(header["record"]) if header and header["record"] else None
    return Ticks(
        path, frozenset(ids), frozenset(done), frozenset(ticked), header["id"] if header else None, record, tuple(lost)
    )


def read_ticks(path: Path) -> Ticks:
    """The ticks of the checklist at ``path``; a file that is not a prepctl checklist is an error."""
    ticks = parse_ticks(path, read_text(path))
    if not ticks.ids and ticks.plan_id is None:
        raise BadInputError(f"{path}: not a prepctl checklist (no task carries a <!-- block-id --> comment)")
    return ticks


def _record_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" and parsed.path else None


def header(plan_id: str, record: Path) -> str:
    """The hidden line that names the plan and the record of a checklist."""
    return f"<!-- prepctl-plan: {plan_id} record: {record.resolve().as_uri()} -->"


def carry_ticks(text: str, ticked: Iterable[str]) -> tuple[str, int]:
    """``text`` with every task whose id is in ``ticked`` ticked; and how many were."""
    wanted = set(ticked)
    count = 0
    lines = text.split("\n")
    for n, task in list(_tasks(lines)):
        if task["mark"] == " ":
            found = _ID.search(task["rest"])
            if found and found["id"] in wanted:
                ending = "\r" if lines[n].endswith("\r") else ""
                lines[n] = f"{task['lead']}x{task['rest']}{ending}"
                count += 1
    return "\n".join(lines), count


def digest(text: str) -> str:
    """What a checklist says, ticks aside: equal digests mean only ticks differ."""
    import hashlib  # here, not at the top: ``today`` reads checklists and never needs it

    cleared = "\n".join(
        f"{task['lead']} {task['rest']}" if (task := _TASK.match(line)) else line
        for line in text.replace("\r\n", "\n").split("\n")
    )
    return hashlib.sha256(cleared.encode()).hexdigest()


def _words(text: str) -> str:
    """Letters and digits only, lower case: the same words whatever Markdown escaping did."""
    return "".join(c for c in text.lower() if c.isalnum())


def task_words(activity: str, details: str) -> str:
    """The words of a task as the checklist shows them (for finding a task that lost its id)."""
    return f"{activity} {details}"


def check_ticks_belong(ticks: Ticks, known: set[str], plan_id: str) -> None:
    """A checklist of another plan (or with ids this plan lacks) is an error, not a guess."""
    if ticks.plan_id is not None and ticks.plan_id != plan_id:
        raise BadInputError(
            f"{ticks.path}: this is the checklist of plan {ticks.plan_id}, "
            f"not of {plan_id}; is this the checklist of another plan?"
        )
    unknown = sorted(ticks.ids - known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BadInputError(
            f"{ticks.path}: {len(unknown)} item ids are not in plan {plan_id} ({shown}); "
            "is this the checklist of another plan?"
        )


def _cleared(line: str) -> str:
    """A line as prepctl wrote it, whatever its tick: the form its fingerprint is taken of."""
    line = line.rstrip("\r")
    task = _TASK.match(line)
    return f"{task['lead']} {task['rest']}" if task else line


def _fingerprint(line: str) -> str:
    import hashlib  # here, not at the top: ``today`` reads checklists and never needs it

    return hashlib.blake2b(_cleared(line).encode(), digest_size=6).hexdigest()


def fingerprints(text: str) -> frozenset[str]:
    """Short fingerprints of the lines prepctl wrote: what tells a person's own lines apart later."""
    return frozenset(_fingerprint(line) for line in text.split("\n") if line.strip())


def _hidden_id(line: str) -> str | None:
    task = _TASK.match(line.rstrip("\r"))
    found = _ID.search(task["rest"]) if task else None
    return found["id"] if found else None


def _runs(lines: list[str], written: frozenset[str]) -> list[tuple[int, int]]:
    """Runs of the person's own lines (first, last index); blank lines join the lines around them."""
    own = [n for n, line in enumerate(lines) if line.strip() and _fingerprint(line) not in written]
    runs: list[tuple[int, int]] = []
    for n in own:
        if runs and all(not lines[k].strip() for k in range(runs[-1][1] + 1, n)):
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _anchor(lines: list[str], first: int, last: int) -> tuple[str, str]:
    """Where a run of the person's lines belongs: after the task above it in its section, else
    before the task below it, else after the heading above it; ``("end", "")`` when none."""
    for n in range(first - 1, -1, -1):
        if lines[n].startswith("#"):
            break
        if (found := _hidden_id(lines[n])) is not None:
            return "after", found
    for n in range(last + 1, len(lines)):
        if lines[n].startswith("#"):
            break
        if (found := _hidden_id(lines[n])) is not None:
            return "before", found
    heading = next((lines[n].rstrip("\r") for n in range(first - 1, -1, -1) if lines[n].startswith("#")), None)
    return ("heading", heading) if heading else ("end", "")


def carry_own_lines(old: str, written: frozenset[str], new: str) -> tuple[str, int, int]:
    """``new`` with the lines of ``old`` that prepctl did not write (``written``: fingerprints of
    what it wrote) placed under their day: after the task they followed, or at the end when
    their day is gone. Also how many lines were carried, and how many of them went to the end."""
    from prepctl.model.schedule import block_of

    old_lines = old.split("\n")
    lines = new.split("\n")
    ids = {found: n for n, line in enumerate(lines) if (found := _hidden_id(line)) is not None}
    parts: dict[str, int] = {}
    for found, n in ids.items():
        parts[block_of(found)] = max(parts.get(block_of(found), -1), n)
    after: dict[int, list[str]] = {}  # insert after line n (-1: before the first line)
    at_end: list[str] = []
    carried = 0
    for first, last in _runs(old_lines, written):
        run = [line.rstrip("\r") for line in old_lines[first : last + 1]]
        carried += sum(1 for line in run if line.strip())
        how, key = _anchor(old_lines, first, last)
        where = None
        if how in ("after", "before"):
            where = ids.get(key, parts.get(block_of(key)))
            if where is not None and how == "before":
                where -= 1
        elif how == "heading":
            where = next((n for n, line in enumerate(lines) if line.rstrip("\r") == key), None)
        if where is None:
            at_end += ["", *run]
        else:
            after.setdefault(where, []).extend(run)
    merged = [*after.get(-1, [])]
    for n, line in enumerate(lines):
        merged.append(line)
        merged.extend(after.get(n, []))
    if at_end:
        while merged and not merged[-1].strip():
            merged.pop()
        merged += [*at_end, ""]
    return "\n".join(merged), carried, sum(1 for line in at_end if line.strip())

"""Reading a ticked checklist back, and where a person stands against the schedule.

Only the task lines that carry a hidden block id count; anything else a person
adds to the file (notes, reordering, extra tasks) is left alone. This module is
light on purpose: ``prepctl today`` uses it and must start fast.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from prepctl.errors import BadInputError

_PLAN = re.compile(r"<!--\s*prepctl-plan:\s*(?P<id>[a-z0-9][a-z0-9-]*)\s*-->")
_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[(?P<mark>[ xX])\]\s.*?<!--\s*(?P<id>[a-z0-9][a-z0-9-]*)\s*-->")


@dataclass(frozen=True)
class Ticks:
    """Every block id found in a checklist, and which of them are ticked."""

    path: Path
    ids: frozenset[str]
    done: frozenset[str]
    plan_id: str | None = None  # from the checklist's hidden header, when it has one


def read_ticks(path: Path) -> Ticks:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such checklist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(f"{path}: cannot read the checklist: {error}") from None
    ids: set[str] = set()
    done: set[str] = set()
    for line in text.splitlines():
        match = _TASK.match(line)
        if match:
            ids.add(match["id"])
            if match["mark"] in "xX":
                done.add(match["id"])
    if not ids:
        raise BadInputError(f"{path}: not a prepctl checklist (no task carries a <!-- block-id --> comment)")
    header = _PLAN.search(text)
    return Ticks(path, frozenset(ids), frozenset(done), header["id"] if header else None)


def check_ticks_belong(ticks: Ticks, known: set[str], plan_id: str) -> None:
    """A checklist of another plan (or with ids this plan lacks) is an error, not a guess."""
    if ticks.plan_id is not None and ticks.plan_id != plan_id:
        raise BadInputError(f"{ticks.path}: this is the checklist of plan {ticks.plan_id}, "
                            f"not of {plan_id}; is this the checklist of another plan?")
    unknown = sorted(ticks.ids - known)
    if unknown:
        shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
        raise BadInputError(
            f"{ticks.path}: {len(unknown)} item ids are not in plan {plan_id} ({shown}); "
            "is this the checklist of another plan?")


def read_schedule(path: Path) -> dict[str, Any]:
    """The JSON that ``prepctl schedule`` wrote."""
    try:
        document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        document["plan"]["id"], document["sessions"], document["options"]["tz"]
    except FileNotFoundError:
        raise BadInputError(
            f"{path}: no schedule data; run `prepctl schedule` (with the json format) first") from None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BadInputError(f"{path}: not a schedule written by prepctl ({error})") from None
    return document


@dataclass
class Tally:
    done_items: int = 0
    items: int = 0
    done_minutes: int = 0
    minutes: int = 0


@dataclass
class Progress:
    plan_id: str
    plan_title: str
    area_titles: dict[str, str] = field(default_factory=dict)
    weeks: dict[int, Tally] = field(default_factory=dict)
    areas: dict[str, Tally] = field(default_factory=dict)
    total: Tally = field(default_factory=Tally)
    due_items: int = 0  # items dated on or before ``as_of``
    as_of: date | None = None

    @property
    def ahead_by(self) -> int:
        """Items done minus items due by now: positive ahead, negative behind."""
        return self.total.done_items - self.due_items


def measure(schedule: dict[str, Any], ticks: Ticks, as_of: date) -> Progress:
    """Completion per week and per focus area, and how it compares with the calendar."""
    sessions = schedule["sessions"]
    earlier = [{**item, "id": item["block_id"], "date": "0001-01-01"} for item in schedule.get("done", [])]
    check_ticks_belong(ticks, {s["id"] for s in [*sessions, *earlier]}, schedule["plan"]["id"])
    progress = Progress(schedule["plan"]["id"], schedule["plan"]["title"],
                        dict(schedule["plan"].get("focus_areas", {})), as_of=as_of)
    finished = ticks.done | {item["id"] for item in earlier}
    for session in [*earlier, *sessions]:
        minutes = session["minutes"] or 0
        done = session["id"] in finished
        for tally in (progress.weeks.setdefault(session["week"], Tally()),
                      progress.areas.setdefault(session["focus"], Tally()), progress.total):
            tally.items += 1
            tally.minutes += minutes
            tally.done_items += done
            tally.done_minutes += minutes if done else 0
        if date.fromisoformat(session["date"]) <= as_of:
            progress.due_items += 1
    return progress

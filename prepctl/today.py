"""What is on today: the schedule JSON read back, the next block first.

Kept light (json, datetime, zoneinfo only) so ``prepctl today`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prepctl.errors import BadInputError


@dataclass(frozen=True)
class Entry:
    session: dict[str, Any]
    start: datetime | None
    end: datetime | None
    state: str  # done, past, now, next, later, all-day


def find_schedule(out: Path, plan_id: str | None) -> Path:
    """The schedule JSON in ``out``: the plan named, or the only one there."""
    if plan_id:
        return out / f"{plan_id}.json"
    candidates = sorted(p for p in out.glob("*.json") if not p.name.startswith("."))
    if not candidates:
        raise BadInputError(f"{out}: no schedule here; run `prepctl schedule --out {out}` first")
    if len(candidates) > 1:
        names = ", ".join(p.stem for p in candidates)
        raise BadInputError(f"{out}: several schedules ({names}); choose one with --plan")
    return candidates[0]


def agenda(schedule: dict[str, Any], on: date, now: datetime, done: frozenset[str]) -> list[Entry]:
    """The sessions dated ``on``, the next (or current) block first, then the day in order."""
    entries = []
    for session in schedule["sessions"]:
        if session["date"] != on.isoformat():
            continue
        start = datetime.fromisoformat(session["start"]) if session["start"] else None
        end = datetime.fromisoformat(session["end"]) if session["end"] else None
        if session["id"] in done:
            state = "done"
        elif start is None or end is None:
            state = "all-day"
        elif end <= now:
            state = "past"
        elif start <= now:
            state = "now"
        else:
            state = "later"
        entries.append(Entry(session, start, end, state))
    upcoming = [e for e in entries if e.state in ("now", "later")]
    if upcoming:
        first = min(upcoming, key=lambda e: e.start or now)
        if first.state == "later":
            first = Entry(first.session, first.start, first.end, "next")
        entries = [first, *(e for e in entries if e.session["id"] != first.session["id"])]
    return entries


def zone_of_schedule(schedule: dict[str, Any]) -> ZoneInfo:
    return ZoneInfo(schedule["options"]["tz"])

"""What a re-import changes: the new schedule against the one written before.

Calendar clients match events by UID; SEQUENCE tells them an event was revised.
The earlier schedule's JSON holds each event's times and sequence, so a moved or
changed event gets the next sequence number and an unchanged one keeps its own.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prepctl.errors import BadInputError
from prepctl.schedule import Schedule, Session

NEW, MOVED, CHANGED, UNCHANGED, GONE = "new", "moved", "changed", "unchanged", "gone"


@dataclass(frozen=True)
class Previous:
    """The schedule written by an earlier run, as read back from its JSON."""

    path: Path
    plan_id: str
    sessions: dict[str, dict[str, Any]]  # by uid
    dropped: frozenset[str] = frozenset()  # ids an earlier --missed drop gave up


@dataclass(frozen=True)
class Change:
    status: str
    uid: str
    label: str
    before: str
    after: str


def read_previous(path: Path) -> Previous | None:
    """The earlier schedule at ``path``, or None when there is none yet."""
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Previous(
            path=path,
            plan_id=document["plan"]["id"],
            sessions={s["uid"]: s for s in document["sessions"]},
            dropped=frozenset(document.get("dropped", [])),
        )
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise BadInputError(f"{path}: not a schedule written by prepctl ({error})") from None


def _when(data: dict[str, Any]) -> tuple[Any, ...]:
    return data["date"], data["start"], data["end"]


def _what(data: dict[str, Any]) -> tuple[Any, ...]:
    return data["activity"], data["details"], data["focus"]


def _as_data(session: Session) -> dict[str, Any]:
    return {
        "date": session.date.isoformat(),
        "start": session.start.isoformat() if session.start else None,
        "end": session.end.isoformat() if session.end else None,
        "activity": session.activity, "details": session.details, "focus": session.focus,
    }


def _moment(data: dict[str, Any]) -> str:
    if data["start"]:
        return f"{data['date']} {data['start'][11:16]}–{data['end'][11:16]}"
    return f"{data['date']} (all day)"


def compare(schedule: Schedule, previous: Previous | None) -> list[Change]:
    """Per event: new, moved, changed, unchanged, or gone (no longer scheduled)."""
    old = previous.sessions if previous else {}
    changes = []
    for session in schedule.sessions:
        now = _as_data(session)
        label = f"{session.block_id} {session.activity}"
        before = old.get(session.uid)
        if before is None:
            changes.append(Change(NEW, session.uid, label, "", _moment(now)))
        elif _when(before) != _when(now):
            changes.append(Change(MOVED, session.uid, label, _moment(before), _moment(now)))
        elif _what(before) != _what(now):
            changes.append(Change(CHANGED, session.uid, label, _moment(before), _moment(now)))
        else:
            changes.append(Change(UNCHANGED, session.uid, label, _moment(before), _moment(now)))
    current = {s.uid for s in schedule.sessions}
    for uid, data in old.items():
        if uid not in current:
            changes.append(Change(GONE, uid, f"{data['id']} {data['activity']}", _moment(data), ""))
    return changes


def with_sequences(schedule: Schedule, previous: Previous | None) -> Schedule:
    """The schedule with SEQUENCE numbers that continue the earlier ones."""
    if previous is None:
        return schedule
    status = {c.uid: c.status for c in compare(schedule, previous)}
    sessions = []
    for session in schedule.sessions:
        before = previous.sessions.get(session.uid)
        sequence = int(before.get("sequence", 0)) if before else 0
        if status[session.uid] in (MOVED, CHANGED):
            sequence += 1
        sessions.append(session if sequence == session.sequence else dataclasses.replace(session, sequence=sequence))
    return dataclasses.replace(schedule, sessions=tuple(sessions))

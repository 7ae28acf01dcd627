"""What a re-import changes: the new schedule against the record of the one before.

Calendar clients match events by UID; SEQUENCE tells them an event was revised and
LAST-MODIFIED when. The record keeps both for every event, so a moved or changed event
gets the next sequence number and a new LAST-MODIFIED, and an unchanged one keeps its own,
whatever formats were written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from prepctl.model.schedule import Schedule, Session

NEW, MOVED, CHANGED, UNCHANGED, GONE = "new", "moved", "changed", "unchanged", "gone"


@dataclass(frozen=True)
class Change:
    status: str
    uid: str
    label: str
    before: str
    after: str
    days: int = 0  # how many days a moved event moved (negative: earlier)


def _when(session: Session) -> tuple[object, ...]:
    return session.date, session.start, session.end


def _what(session: Session) -> tuple[object, ...]:
    """All a calendar shows of the event besides its time: its text, alarms, categories."""
    return (session.shown,) if session.shown else (session.activity, session.details, session.focus, session.day_title)


def _moment(session: Session) -> str:
    if session.start and session.end:
        return f"{session.date} {session.start:%H:%M}–{session.end:%H:%M}"
    return f"{session.date} (all day)"


def compare(sessions: tuple[Session, ...], earlier: tuple[Session, ...]) -> list[Change]:
    """Per event: new, moved, changed, unchanged, or gone (no longer scheduled)."""
    old = {s.uid: s for s in earlier}
    changes = []
    for session in sessions:
        label = f"{session.block_id} {session.activity}"
        before = old.get(session.uid)
        if before is None:
            changes.append(Change(NEW, session.uid, label, "", _moment(session)))
        elif _when(before) != _when(session):
            changes.append(
                Change(MOVED, session.uid, label, _moment(before), _moment(session), (session.date - before.date).days)
            )
        elif _what(before) != _what(session):
            changes.append(Change(CHANGED, session.uid, label, _moment(before), _moment(session)))
        else:
            changes.append(Change(UNCHANGED, session.uid, label, _moment(before), _moment(session)))
    current = {s.uid for s in sessions}
    for uid, before in old.items():
        if uid not in current:
            changes.append(Change(GONE, uid, f"{before.block_id} {before.activity}", _moment(before), ""))
    return changes


def cancelled(
    schedule: Schedule, earlier: tuple[Session, ...], earlier_cancelled: tuple[Session, ...], now: datetime
) -> Schedule:
    """The schedule with the earlier events it no longer plans written as cancelled.

    Done events are not cancelled: they happened, and stay in the calendar as they were.
    A newly cancelled event gets the next SEQUENCE and ``now``, so clients that apply
    STATUS:CANCELLED to an event they have replace it; one cancelled before stays as it was.
    """
    current = {s.uid for s in schedule.sessions}
    done = {item.block_id for item in schedule.done}
    gone = [
        dataclasses.replace(s, sequence=_next(s.sequence), last_modified=now)
        for s in earlier
        if s.uid not in current and s.block_id not in done
    ]
    newly = {s.uid for s in gone}
    kept = [s for s in earlier_cancelled if s.uid not in current | newly and s.block_id not in done]
    return dataclasses.replace(schedule, cancelled=tuple(sorted([*gone, *kept], key=lambda s: (s.date, s.uid))))


def with_sequences(
    schedule: Schedule, earlier: tuple[Session, ...], now: datetime, earlier_cancelled: tuple[Session, ...] = ()
) -> Schedule:
    """The schedule with SEQUENCE and LAST-MODIFIED continuing the earlier ones.

    A moved or changed event gets the next sequence number and ``now``; an unchanged one
    keeps what it had. One that was written as cancelled and is planned again is changed:
    its next SEQUENCE un-cancels it.
    """
    old = {s.uid: s for s in (*earlier_cancelled, *earlier)}
    revived = {s.uid for s in earlier_cancelled}
    status = {c.uid: c.status for c in compare(schedule.sessions, tuple(old.values()))}
    sessions = []
    for session in schedule.sessions:
        before = old.get(session.uid)
        if before is None:
            sessions.append(session)
        elif status[session.uid] in (MOVED, CHANGED) or session.uid in revived:
            sessions.append(dataclasses.replace(session, sequence=_next(before.sequence), last_modified=now))
        else:
            sessions.append(dataclasses.replace(session, sequence=before.sequence, last_modified=before.last_modified))
    return dataclasses.replace(schedule, sessions=tuple(sessions))


SEQUENCE_MAX = 2**31 - 1  # iCalendar's INTEGER; the record's reader takes no more


def _next(sequence: int) -> int:
    """The next SEQUENCE, never past what iCalendar and the record's reader accept."""
    return min(sequence + 1, SEQUENCE_MAX)

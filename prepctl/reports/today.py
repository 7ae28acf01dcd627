"""What is on today, in every scheduled plan, the next block first.

Kept light (json, datetime, zoneinfo only) so ``prepctl today`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import Session
from prepctl.state.active import server_ticks
from prepctl.state.checklist import parse_ticks, read_text


@dataclass(frozen=True)
class Entry:
    session: Session
    state: str  # done, past, now, next, later, all-day


def ticked(checklist: Path | None) -> frozenset[str]:
    """The ticked ids of a checklist; none when it is gone or unreadable (today only shows)."""
    if checklist is None:
        return frozenset()
    try:
        return parse_ticks(checklist, read_text(checklist)).done
    except BadInputError:
        return frozenset()


def done_in(record: Record, checklist: Path | None) -> frozenset[str]:
    """Ticked in the checklist, or completed in a task app as the last sync found it."""
    try:
        on_server = server_ticks(record)
    except BadInputError:
        on_server = frozenset()  # a damaged sync state: ``prepctl sync`` says so; today only shows
    return ticked(checklist) | on_server


def agenda(sessions: tuple[Session, ...], on: date, now: datetime, done: frozenset[str]) -> list[Entry]:
    """The sessions dated ``on``, the next (or current) block first, then the day in order."""
    entries = []
    for session in sessions:
        if session.date != on:
            continue
        if session.block_id in done:
            state = "done"
        elif session.start is None or session.end is None:
            state = "all-day"
        elif session.end <= now:
            state = "past"
        elif session.start <= now:
            state = "now"
        else:
            state = "later"
        entries.append(Entry(session, state))
    upcoming = [e for e in entries if e.state in ("now", "later")]
    if upcoming:
        first = min(upcoming, key=lambda e: e.session.start or now)
        if first.state == "later":
            first = Entry(first.session, "next")
        entries = [first, *(e for e in entries if e.session.block_id != first.session.block_id)]
    return entries

"""What is on today, in every scheduled plan, the next block first.

Kept light (json, datetime, zoneinfo only) so ``prepctl today`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import Session
from prepctl.state.active import Active, server_ticks
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


@dataclass(frozen=True)
class Day:
    """One plan's day as ``today`` shows it: its sessions in order, and behind at the moment asked."""

    record: Record
    checklist: Path | None
    checklist_missing: bool
    when: date
    now: datetime
    asked: bool  # a day given with --date: behind counts at its start
    entries: list[Entry]
    behind: int | None  # None: no checklist to read ticks from

    def as_data(self) -> dict[str, Any]:
        """The ``today --json`` document of this plan."""
        from prepctl.state.record import session_data

        return {
            "plan": self.record.plan.id,
            "title": self.record.plan.title,
            "date": self.when.isoformat(),
            "tz": self.record.options.tz,
            "checklist": str(self.checklist) if self.checklist else None,
            "behind": self.behind,
            "sessions": [{**session_data(e.session), "state": e.state} for e in self.entries],
        }


def day_of(active: Active, on: str | None) -> Day:
    """The day ``on`` (``--date``; default today) of an active schedule; behind as ``progress``
    counts it, at now or, for a day asked for, at its start."""
    from prepctl.reports.progress import behind, moment
    from prepctl.settings.inputs import parse_date

    record, checklist = active.record, active.checklist
    zone = record.options.zone.key
    now = moment(zone)
    when = parse_date(on, "--date", now.date()) if on else now.date()
    at = now if on is None else moment(zone, when)
    done = done_in(record, checklist)
    late = None if checklist is None or active.checklist_missing else len(behind(record, done, at))
    return Day(
        record,
        checklist,
        active.checklist_missing,
        when,
        now,
        on is not None,
        agenda(record.sessions, when, now, done),
        late,
    )

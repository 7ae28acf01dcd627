"""What is on today, in every scheduled plan, the next block first.

Kept light (json, datetime, zoneinfo only) so ``prepctl today`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from prepctl.checklist import parse_ticks, read_text
from prepctl.errors import BadInputError
from prepctl.model.schedule import Session
from prepctl.record import SUFFIX, IndexEntry, Record, active_records, read_index, read_record, server_ticks


@dataclass(frozen=True)
class Entry:
    session: Session
    state: str  # done, past, now, next, later, all-day


def schedules(out: Path | None, plan_id: str | None) -> list[tuple[Record, Path | None]]:
    """The records to look at, each with its checklist: those in ``out``, or every active one."""
    if out is not None:
        paths = sorted(out.glob(f"*{SUFFIX}"))
        records = [read_record(p) for p in paths if plan_id is None or p.name == f"{plan_id}{SUFFIX}"]
        if not records:
            raise BadInputError(f"{out}: no schedule here; run `prepctl schedule --out {out}` first")
        return [(r, checklist_of(r)) for r in records]
    entries: dict[str, IndexEntry] = read_index()
    if plan_id is not None:
        entries = {k: v for k, v in entries.items() if k == plan_id}
    found = [(record, checklist_of(record, entry.checklist)) for entry, record in active_records(entries)
             if record is not None]
    if not found:
        which = f" of plan {plan_id}" if plan_id else ""
        raise BadInputError(f"no schedule{which} yet; run `prepctl schedule` first")
    return found


def checklist_of(record: Record, remembered: Path | None = None) -> Path | None:
    """Where the checklist of a record is: where ``progress`` last found it (a notes vault),
    beside the record (its output folder may have moved), or where the record says."""
    beside = record.path.parent / f"{record.plan.id}.md" if record.path else None
    candidates = [p for p in (remembered, beside, record.checklist) if p is not None]
    return next((p for p in candidates if p.is_file()), record.checklist)


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

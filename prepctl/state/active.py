"""Which schedule is active for a plan, and where its checklist is: the one answer every
command uses (``schedule``, ``today``, ``progress``, ``sync``).

The checklist lives where the person keeps it. The index remembers the last place prepctl
saw it (``progress PATH``, ``--resume PATH``, a schedule run); that place wins over the
output folder and over what the record says, so a copy moved into a notes vault stays the
live one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.state.checklist import Ticks
from prepctl.state.index import IndexEntry, read_index, remember
from prepctl.state.record import SUFFIX, find_record, read_record, record_path

SYNC_SUFFIX = ".sync.json"


@dataclass(frozen=True)
class Active:
    """A schedule's record and the place of its checklist (None: it was written without one)."""

    record: Record
    checklist: Path | None

    @property
    def checklist_missing(self) -> bool:
        return self.checklist is not None and not self.checklist.is_file()


def checklist_place(record: Record, remembered: Path | None = None) -> Path | None:
    """Where the checklist of ``record`` is: where prepctl last saw it (a notes vault), where
    the record says, or beside the record (its output folder may have moved)."""
    beside = record.path.parent / f"{record.plan.id}.md" if record.path else None
    candidates = [p for p in (remembered, record.checklist, beside) if p is not None]
    return next((p for p in candidates if p.is_file()), remembered or record.checklist)


def _entry_for(record: Record) -> IndexEntry | None:
    """The index entry of ``record`` when it is its plan's active schedule."""
    entry = read_index().get(record.plan.id)
    if entry is None or record.path is None or entry.record != record.path.resolve():
        return None
    return entry


def active(record: Record) -> Active:
    """``record`` with the place of its checklist."""
    entry = _entry_for(record)
    return Active(record, checklist_place(record, entry.checklist if entry else None))


def in_folder(out: Path, plan_id: str) -> Active | None:
    """The schedule of ``plan_id`` in the output folder ``out``, if there is one."""
    record = find_record(record_path(out, plan_id))
    return active(record) if record is not None else None


def active_schedules(out: Path | None = None, plan_id: str | None = None) -> list[Active]:
    """The schedules to look at: those in ``out``, or every plan's active one."""
    if out is not None:
        paths = sorted(out.glob(f"*{SUFFIX}"))
        found = [active(read_record(p)) for p in paths if plan_id is None or p.name == f"{plan_id}{SUFFIX}"]
        if not found:
            raise BadInputError(f"{out}: no schedule here; run `prepctl schedule --out {out}` first")
        return found
    entries = read_index()
    if plan_id is not None:
        entries = {k: v for k, v in entries.items() if k == plan_id}
    found = []
    for entry in sorted(entries.values(), key=lambda e: e.plan_id):
        if entry.record.exists():
            record = read_record(entry.record)
            found.append(Active(record, checklist_place(record, entry.checklist)))
    if not found:
        which = f" of plan {plan_id}" if plan_id else ""
        raise BadInputError(f"no schedule{which} yet: run `prepctl schedule` first")
    return found


def other_plans(plan_id: str) -> list[Record]:
    """The active schedules of every plan but ``plan_id``: busy time for it (one person, one timeline)."""
    records = []
    for entry in sorted(read_index().values(), key=lambda e: e.plan_id):
        if entry.plan_id != plan_id and (record := find_record(entry.record)) is not None:
            records.append(record)
    return records


def record_of_checklist(ticks: Ticks, plan_id: str | None = None) -> Record:
    """The record a checklist came from: the one its header names, else its plan's active one.

    ``plan_id`` (``--plan``) names the plan when the checklist's header does not, or
    insists on another plan, whose ticks are then checked against it.
    """
    plan_id = plan_id or ticks.plan_id
    if ticks.record is not None and ticks.record.exists():
        record = read_record(ticks.record)
        if plan_id in (None, record.plan.id):
            return record
    if plan_id is not None:
        entry = read_index().get(plan_id)
        if entry is not None and (found := find_record(entry.record)) is not None:
            return found
    beside = [p for p in ticks.path.parent.glob(f"*{SUFFIX}") if p.is_file()]
    if plan_id is not None:
        beside = [p for p in beside if p.name == f"{plan_id}{SUFFIX}"]
    if len(beside) == 1:
        return read_record(beside[0])
    raise BadInputError(
        f"{ticks.path}: no record of the schedule this checklist came from; run "
        "`prepctl schedule` again (your ticks are kept) and use the checklist it writes"
    )


def seen_at(record: Record, checklist: Path) -> bool:
    """The person keeps the checklist of ``record`` at ``checklist`` now: remember it when that
    schedule is its plan's active one. True when that is a new place."""
    entry = _entry_for(record)
    if entry is None or entry.checklist == checklist.resolve():
        return False
    remember(IndexEntry(entry.plan_id, entry.record, checklist.resolve()))
    return True


def sync_path(record: Path) -> Path:
    """The sync state of ``prepctl sync`` lives beside the record: ``PLAN.sync.json``."""
    return record.with_name(record.name[: -len(SUFFIX)] + SYNC_SUFFIX)


def server_ticks(record: Record) -> frozenset[str]:
    """The blocks completed in a task app, as the last sync found them (no network).

    The sync state's reader is imported only when there is one, so ``today`` and
    ``progress`` do not build its classes for people who never sync.
    """
    if record.path is None or not sync_path(record.path).exists():
        return frozenset()
    from prepctl.state.sync_state import read_sync_state

    return read_sync_state(sync_path(record.path), record.plan.id).server_done()

"""The index in the user data folder: per plan, which record is active and where its checklist is.

It is what lets ``today``, ``progress`` and ``sync`` run from any folder. Read back as
strictly as the record: a damaged index is one line saying how to recover.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from prepctl.errors import RecordError
from prepctl.state.record import LAYOUT, _get, _load, _mapping, _optional, _parsed, _Shape, _whole

_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class IndexEntry:
    """The active schedule of one plan: its record and its checklist."""

    plan_id: str
    record: Path
    checklist: Path | None


def index_path() -> Path:
    override = os.environ.get("PREPCTL_DATA_DIR")
    if override:
        return Path(override) / "index.json"
    from platformdirs import user_data_dir

    return Path(user_data_dir("prepctl")) / "index.json"


def read_index() -> dict[str, IndexEntry]:
    """Per plan id, the active schedule; empty before the first schedule run."""
    path = index_path()
    if not path.exists():
        return {}
    document = _load(path, "index of schedules")
    try:
        layout = _get(document, "prepctl_index", _whole, "")
        if layout != LAYOUT:
            raise _Shape(f"prepctl_index: layout {layout}, this prepctl reads layout {LAYOUT}")
        plans = _get(document, "plans", _mapping(lambda value, where: value), "")
        for plan_id in plans:
            if not _PLAN_ID.match(plan_id):
                raise _Shape(f"plans: {plan_id[:40]!r} is not a plan id")
        return {
            plan_id: IndexEntry(
                plan_id,
                _get(entry, "record", _parsed(Path, "a path"), f"plans.{plan_id}"),
                _get(entry, "checklist", _optional(_parsed(Path, "a path")), f"plans.{plan_id}"),
            )
            for plan_id, entry in plans.items()
        }
    except _Shape as problem:
        raise RecordError(
            f"{path}: the index of schedules is damaged ({problem}); delete it: your schedules "
            "stay in their output folders and the next schedule run writes it again"
        ) from None


def index_document(entries: dict[str, IndexEntry]) -> bytes:
    plans = {
        entry.plan_id: {"record": str(entry.record), "checklist": str(entry.checklist) if entry.checklist else None}
        for entry in sorted(entries.values(), key=lambda e: e.plan_id)
    }
    return (json.dumps({"prepctl_index": LAYOUT, "plans": plans}, indent=1, ensure_ascii=False) + "\n").encode()


def remember(entry: IndexEntry) -> None:
    """Make ``entry`` the active schedule of its plan (an index that cannot be read is replaced)."""
    from prepctl.files import write_sets

    with index_lock():
        write_sets(index_update(entry))


def index_update(entry: IndexEntry) -> dict[Path, dict[str, bytes]]:
    """The index with ``entry`` as its plan's active schedule, as a set of files to write (with
    a run's outputs, so both change together); call it holding ``index_lock``."""
    try:
        entries = read_index()
    except RecordError:
        entries = {}
    entries[entry.plan_id] = entry
    path = index_path()
    return {path.parent: {path.name: index_document(entries)}}


@contextlib.contextmanager
def index_lock() -> Iterator[None]:
    """One run at a time reads and rewrites the index: runs at once keep each other's entries."""
    from prepctl.errors import OutputError

    folder = index_path().parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "index.lock", "a")  # noqa: SIM115 - held for the block below
    except OSError as error:
        raise OutputError(f"{folder}: cannot keep the index of schedules there: {error.strerror or error}") from None
    with handle:
        try:
            import fcntl
        except ImportError:  # Windows: runs at once are left to the atomic write
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""The record of a schedule as data: what prepctl wrote, read back by the next run.

Reading and writing it belongs to ``prepctl.state.record``; settings read a record's
values (``prepctl.settings``), so the type lives here, upstream of both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from prepctl.model import Callout
from prepctl.model.schedule import Item, Options, Session


@dataclass(frozen=True)
class PlanRef:
    """The plan a record was made from: enough to report on it without loading it."""

    id: str
    title: str
    source: str  # a bundled plan id or the absolute path of the plan file
    focus_areas: dict[str, str] = field(default_factory=dict)  # key -> title
    callouts: dict[str, tuple[Callout, ...]] = field(default_factory=dict)  # "1-mon" -> that plan day's callouts


@dataclass(frozen=True)
class Record:
    """One schedule as written: what ``--resume``, ``--dry-run``, ``today`` and ``progress`` read."""

    plan: PlanRef
    options: Options
    sessions: tuple[Session, ...]
    done: tuple[Item, ...] = ()
    dropped: tuple[Item, ...] = ()
    busy: tuple[str, ...] = ()  # the busy calendars given, as absolute paths
    checklist: Path | None = None  # where the checklist of this schedule is
    checklist_digest: str | None = None  # the checklist as written, ticks aside (prepctl.state.checklist)
    checklist_lines: frozenset[str] | None = None  # fingerprints of the lines prepctl wrote in it (not the person's)
    written: datetime | None = None
    cancelled: tuple[Session, ...] = ()  # events written as cancelled, kept for their SEQUENCE
    origin: date | None = None  # the date the unbent plan's first day is aligned to
    formats: tuple[str, ...] | None = None  # the --format of the run, which a resume keeps; None: every one
    locale: str | None = None  # the language the outputs were written in (None: not recorded)
    templates: Path | None = None  # the person's --templates folder, absolute
    path: Path | None = None  # where it was read from (not part of the file)

    @property
    def done_ids(self) -> frozenset[str]:
        return frozenset(item.block_id for item in self.done)

    @property
    def dropped_ids(self) -> frozenset[str]:
        return frozenset(item.block_id for item in self.dropped)

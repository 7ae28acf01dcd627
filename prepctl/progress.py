"""Where a person stands: the record of their schedule and the ticks of their checklist.

Light on purpose (no YAML, pydantic or jinja2): ``prepctl progress`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import block_of
from prepctl.state.active import active_schedules, record_of_checklist, seen_at
from prepctl.state.checklist import Ticks, check_ticks_belong, read_ticks, task_words


@dataclass
class Tally:
    done_items: int = 0
    items: int = 0
    done_minutes: int = 0
    minutes: int = 0
    dropped_items: int = 0  # given up by --missed drop and not ticked since: still part of the plan


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


class _Counted(NamedTuple):
    """A block or part as progress counts it; ``on``: its date, None when it is not scheduled."""

    id: str
    week: int
    focus: str
    minutes: int | None
    on: date | None


def measure(record: Record, ticks: Ticks, as_of: date, on_server: frozenset[str] = frozenset()) -> Progress:
    """Completion per week and per focus area, and how it compares with the calendar.

    A block is done when it is ticked in the checklist or its task was completed on a
    calendar server (``on_server``, from the last ``prepctl sync``).
    """
    check_ticks_belong(ticks, {s.block_id for s in record.sessions} | record.done_ids | record.dropped_ids,
                       record.plan.id)
    progress = Progress(record.plan.id, record.plan.title, dict(record.plan.focus_areas), as_of=as_of)
    finished = ticks.done | record.done_ids | on_server
    # a block counts the minutes it was scheduled for, done before this schedule, dropped or to come
    counted = [*(_Counted(item.block_id, item.week, item.focus, item.minutes, None) for item in record.done),
               *(_Counted(item.block_id, item.week, item.focus, item.minutes, None) for item in record.dropped),
               *(_Counted(s.block_id, s.week, s.focus, s.minutes, s.date) for s in record.sessions)]
    dropped = record.dropped_ids
    blocks: dict[str, list[_Counted]] = {}
    for entry in counted:  # a block split across days is one item, done when all its parts are
        blocks.setdefault(block_of(entry.id), []).append(entry)
    for parts in blocks.values():
        done = all(part.id in finished for part in parts)
        for tally in (progress.weeks.setdefault(parts[0].week, Tally()),
                      progress.areas.setdefault(parts[0].focus, Tally()), progress.total):
            tally.items += 1
            tally.minutes += sum(part.minutes or 0 for part in parts)
            tally.done_items += done
            tally.done_minutes += sum(part.minutes or 0 for part in parts if part.id in finished)
            tally.dropped_items += any(part.id in dropped for part in parts) and not done
        if all(part.on is None or part.on <= as_of for part in parts):
            progress.due_items += 1
    return progress


def active_checklist(plan_id: str | None) -> Path:
    """The checklist of the active schedule: of ``plan_id``, or of the only plan scheduled."""
    found = active_schedules(plan_id=plan_id)
    if len(found) > 1:
        raise BadInputError(f"several plans are scheduled ({', '.join(a.record.plan.id for a in found)}); give "
                            "the checklist or --plan")
    record, checklist = found[0].record, found[0].checklist
    if checklist is None:
        raise BadInputError(f"the schedule of {record.plan.id} has no checklist; run `prepctl schedule` with the md "
                            "format")
    if not checklist.exists():
        raise BadInputError(f"the checklist of {record.plan.id} is no longer at {checklist}; if you moved it, "
                            "give its new place once (`prepctl progress PATH`) and prepctl remembers it")
    return checklist


def load(checklist: Path, plan_id: str | None = None) -> tuple[Ticks, Record]:
    """The ticks of ``checklist`` and the record of its schedule. When that schedule is its
    plan's active one, the index remembers where the checklist is now (a notes vault, say)."""
    ticks = read_ticks(checklist)
    record = record_of_checklist(ticks, plan_id)
    seen_at(record, checklist)
    return ticks, record


def lost_ticks(ticks: Ticks, record: Record) -> list[str]:
    """Notes for ticked tasks of this schedule that lost their hidden id."""
    expected = {s.block_id: task_words(s.activity, s.details) for s in record.sessions}
    return ticks.lost_notes(expected)

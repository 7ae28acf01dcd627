"""Where a person stands: the record of their schedule and the ticks of their checklist.

Light on purpose (no YAML, pydantic or jinja2): ``prepctl progress`` answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import NamedTuple

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import Session, block_of
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
    as_of: datetime | None = None  # the moment behind and ahead are counted at
    behind: int = 0  # sessions that ended before ``as_of``, not ticked (``behind``)
    ahead: int = 0  # ticked sessions that start after ``as_of``


class _Counted(NamedTuple):
    """A block or part as progress counts it."""

    id: str
    week: int
    focus: str
    minutes: int | None


def moment(zone_name: str, on: date | None = None) -> datetime:
    """The moment behind is counted at: now, or the start of the day ``on`` (``--date``)."""
    from prepctl.model.zone import zone_of
    from prepctl.settings import clock

    zone = zone_of(zone_name)
    return clock.now(zone) if on is None else datetime.combine(on, time(0), zone)


def behind(record: Record, done: frozenset[str], at: datetime) -> list[Session]:
    """The one definition of behind, for ``today``, ``progress`` and their hints: sessions that
    ended before ``at``, not ticked (``done``) and not dropped (a dropped block is no session)."""
    return [s for s in record.sessions if s.block_id not in done and _ended(s, at)]


def _ended(session: Session, at: datetime) -> bool:
    if session.end is not None:
        return session.end <= at
    return session.date < at.date()  # an untimed item lasts its whole day


def measure(record: Record, ticks: Ticks, at: datetime, on_server: frozenset[str] = frozenset()) -> Progress:
    """Completion per week and per focus area, and how it compares with the calendar.

    A block is done when it is ticked in the checklist or its task was completed on a
    calendar server (``on_server``, from the last ``prepctl sync``).
    """
    check_ticks_belong(
        ticks, {s.block_id for s in record.sessions} | record.done_ids | record.dropped_ids, record.plan.id
    )
    finished = ticks.done | record.done_ids | on_server
    progress = Progress(
        record.plan.id,
        record.plan.title,
        dict(record.plan.focus_areas),
        as_of=at,
        behind=len(behind(record, finished, at)),
        ahead=sum(1 for s in record.sessions if s.block_id in finished and not _started(s, at)),
    )
    # a block counts the minutes it was scheduled for, done before this schedule, dropped or to come
    counted = [
        *(_Counted(item.block_id, item.week, item.focus, item.minutes) for item in record.done),
        *(_Counted(item.block_id, item.week, item.focus, item.minutes) for item in record.dropped),
        *(_Counted(s.block_id, s.week, s.focus, s.minutes) for s in record.sessions),
    ]
    dropped = record.dropped_ids
    blocks: dict[str, list[_Counted]] = {}
    for entry in counted:  # a block split across days is one item, done when all its parts are
        blocks.setdefault(block_of(entry.id), []).append(entry)
    for parts in blocks.values():
        done = all(part.id in finished for part in parts)
        for tally in (
            progress.weeks.setdefault(parts[0].week, Tally()),
            progress.areas.setdefault(parts[0].focus, Tally()),
            progress.total,
        ):
            tally.items += 1
            tally.minutes += sum(part.minutes or 0 for part in parts)
            tally.done_items += done
            tally.done_minutes += sum(part.minutes or 0 for part in parts if part.id in finished)
            tally.dropped_items += any(part.id in dropped for part in parts) and not done
    return progress


def _started(session: Session, at: datetime) -> bool:
    if session.start is not None:
        return session.start <= at
    return session.date <= at.date()


def active_checklists(plan_id: str | None) -> tuple[list[Path], list[str]]:
    """The checklists of the active schedules (of ``plan_id``, or of every plan), and a note for
    each that cannot be read; when none can, the first problem is the error."""
    paths, problems = [], []
    for found in active_schedules(plan_id=plan_id):
        record, checklist = found.record, found.checklist
        if checklist is None:
            problems.append(
                f"the schedule of {record.plan.id} has no checklist; run `prepctl schedule` with the md format"
            )
        elif not checklist.exists():
            problems.append(
                f"the checklist of {record.plan.id} is no longer at {checklist}; if you moved it, "
                "give its new place once (`prepctl progress PATH`) and prepctl remembers it"
            )
        else:
            paths.append(checklist)
    if not paths:
        raise BadInputError(problems[0])
    return paths, problems


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

"""The queue: every block still to place, in plan order, with its minutes and the first date
it may take. Missed work of a resume goes first; a block split by an earlier schedule whose
first parts are ticked comes back as what is left of it.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from prepctl.model.display import day_date
from prepctl.model.plan import Day, Plan, Week, block_id
from prepctl.model.schedule import Item, Notice, Options, ResumeState, block_of
from prepctl.schedule.fit import WEEKEND, aligned_start, day_minutes, is_light, offsets, ordered_days, selected_weeks


@dataclass(frozen=True)
class Piece:
    """One block (or what is left of it) waiting for a calendar day."""

    id: str  # the block's id
    week: Week
    day: Day
    index: int
    minutes: int | None
    not_before: date
    weekend: bool  # the kind of day its plan day is aligned to: its slots are meant for that kind
    planned: date | None = None  # the date its plan day has in the unbent plan: behind it, it is carried work
    first_part: int = 1  # the number its first part takes (2 when part 1 was done before)
    missed: bool = False  # dated before the start of a resume: carried work, first on the day
    starts_day: bool = False  # the first piece of its plan day in the queue
    ends_day: bool = False  # the last piece of its plan day in the queue
    light: bool = False  # its plan day is lighter than its kind: its last piece ends the calendar day
    overrun: int = 0  # on the first timed piece: the minutes its plan day may run over its hours
    why_over: str = ""  # fixed (fixed-length blocks) or minimum (--min-block)

    @property
    def fixed(self) -> bool:
        return self.day.blocks[self.index].fixed

    @property
    def untimed_day(self) -> bool:
        return all(block.minutes is None for block in self.day.blocks)


@dataclass(frozen=True)
class Queue:
    """What placement starts from."""

    first: date  # the first date to fill
    origin: date  # the date the unbent plan's first day is aligned to
    pieces: tuple[Piece, ...]  # missed first, then plan order
    dropped_now: frozenset[str]  # session ids dropped by this run's --missed drop
    budgets: Mapping[date, int]  # the plan's own minutes of each date of the undisturbed plan
    usual: Mapping[bool, int]  # the plan's own minutes of a day of each kind (weekend: True)


def items(weeks: list[Week], ids: frozenset[str], scheduled: Mapping[str, int | None]) -> tuple[Item, ...]:
    """The blocks and parts named by ``ids``, in plan order, with the minutes they were scheduled for."""
    if not ids:
        return ()
    by_block: dict[str, list[str]] = {}
    for identifier in ids:
        by_block.setdefault(block_of(identifier), []).append(identifier)
    found = []
    for week in weeks:
        for day in ordered_days(week):
            for i, block in enumerate(day.blocks):
                own = block_id(week, day, i)
                for identifier in sorted(by_block.get(own, ()), key=_part_number):
                    found.append(
                        Item(
                            identifier,
                            week.week,
                            day.day,
                            block.activity,
                            block.details,
                            block.focus,
                            scheduled.get(identifier, block.minutes),
                        )
                    )
    return tuple(found)


def _part_number(identifier: str) -> int:
    return 0 if block_of(identifier) == identifier else int(identifier.rpartition(".")[2])


def clock_order(clocks: Mapping[str, time], day: Day) -> list[int]:
    """The blocks of a plan day in the order of their slots' times (the plan's order on ties)."""
    return sorted(range(len(day.blocks)), key=lambda i: (clocks.get(day.blocks[i].slot or "", time.max), i))


def build_queue(plan: Plan, options: Options, resume: ResumeState | None, notices: list[Notice]) -> Queue:
    """The first date, the origin and the pieces to place (see the module's docstring).

    A fresh plan day may not start before its aligned date; a resumed block not before its date
    in the record (else the start). Its minutes come from the kind of day it is aligned to.
    """
    earlier = resume or ResumeState()
    finished = earlier.done | earlier.dropped
    parts_of: dict[str, list[tuple[int, str]]] = {}  # the parts an earlier schedule split a block into
    for identifier in {*earlier.dates, *earlier.minutes, *finished}:
        block = block_of(identifier)
        if block != identifier:
            parts_of.setdefault(block, []).append((int(identifier.rpartition(".")[2]), identifier))

    def is_finished(identifier: str) -> bool:
        parts = parts_of.get(identifier)
        return identifier in finished or (parts is not None and all(i in finished for _, i in parts))

    weeks = selected_weeks(plan, options)
    natural = list(offsets(weeks, options.align))
    first = options.start if resume is not None else aligned_start(natural, options, notices)
    if resume is not None and not earlier.dates:
        notices.append(
            Notice(
                "resumed",
                (
                    f"what is left starts on {day_date(first, year=True)} and keeps the plan's order; "
                    "plan weekdays may no longer match calendar weekdays"
                ),
            )
        )
    left = (
        natural
        if not finished
        else [(w, d, o) for w, d, o in natural if any(not is_finished(block_id(w, d, i)) for i in range(len(d.blocks)))]
    )
    base = left[0][2] if resume is not None and left else 0
    origin = earlier.origin if resume is not None and earlier.origin else first - timedelta(days=base)
    budgets: dict[date, int] = {}
    fitted: dict[int, tuple[bool, tuple[list[int | None], int, str]]] = {}  # by offset: its kind, its minutes
    for week, day, offset in natural:
        on = origin + timedelta(days=offset)
        weekend = day.day in WEEKEND if options.align else on.weekday() >= 5
        fitted[offset] = weekend, day_minutes(week, day, weekend, options)
        budgets[on] = sum(m or 0 for m in fitted[offset][1][0])
    usual = {
        kind: int(statistics.median([m for on, m in budgets.items() if (on.weekday() >= 5) == kind and m] or [0]))
        for kind in (False, True)
    }
    clocks = {name: time.fromisoformat(text) for name, text in plan.slots.items()}
    clocks.update(options.slots)
    dropped: set[str] = set()
    missed: list[Piece] = []
    pieces: list[Piece] = []
    for week, day, offset in left:
        aligned = first + timedelta(days=offset - base)
        weekend, (minutes, overrun, why) = fitted[offset]
        planned = origin + timedelta(days=offset)
        own: list[tuple[int, str, int | None, date, int]] = []  # index, id, minutes, not before, first part
        for index in clock_order(clocks, day):
            identifier = block_id(week, day, index)
            if is_finished(identifier):
                continue
            parts = parts_of.get(identifier, [])
            parts_left = [(n, i) for n, i in parts if i not in finished]
            done_parts = [(n, i) for n, i in parts if i in finished]
            dated = [earlier.dates[i] for _, i in parts_left if i in earlier.dates]
            recorded_on = min(dated) if dated else earlier.dates.get(identifier)
            length = minutes[index]
            if length is not None and done_parts:
                gone = sum(earlier.minutes.get(i) or 0 for _, i in done_parts)
                length = max(options.granularity, length - gone)
            first_part = max((n for n, _ in done_parts), default=0) + 1
            if recorded_on is not None and recorded_on < first:
                if earlier.drop_missed:
                    dropped.update([i for _, i in parts_left] or [identifier])
                else:
                    missed.append(
                        Piece(identifier, week, day, index, length, first, weekend, planned, first_part, missed=True)
                    )
                continue
            not_before = aligned if resume is None else max(first, recorded_on or first)
            own.append((index, identifier, length, not_before, first_part))
        timed = next((k for k, entry in enumerate(own) if entry[2] is not None), None)
        light = is_light(week, day)
        pieces.extend(  # the overrun comes with the plan day's first timed block
            Piece(
                identifier,
                week,
                day,
                index,
                length,
                not_before,
                weekend,
                planned,
                first_part,
                starts_day=k == 0,
                ends_day=k == len(own) - 1,
                light=light and k == len(own) - 1,
                overrun=overrun if k == timed else 0,
                why_over=why if k == timed else "",
            )
            for k, (index, identifier, length, not_before, first_part) in enumerate(own)
        )
    return Queue(first, origin, (*missed, *pieces), frozenset(dropped), budgets, usual)

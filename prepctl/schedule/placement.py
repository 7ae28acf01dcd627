"""Placement: the person's free time is one stream, and the plan fills it in order.

Each calendar day from the first offers its free budget (its hours, at most the free time of
its window; none on a skipped date). The days are walked in order, taking pieces from the
front of the queue while they fit (DESIGN.md, "Scheduling rules"):

- a block that does not fit what is left of the day is split when it is not fixed and both
  parts are at least ``--min-part``: the first part ends the day, the rest goes first on the
  next one; otherwise it goes whole to the next day;
- a fixed block goes to the first day that holds it, and the blocks after it fill the days
  before; a plan day whose fixed blocks make it longer than its hours brings that overrun;
- a light plan day ends its calendar day, and so does a day that ran over its hours;
- on the clock, plan order holds: a block starts at its slot's time unless the previous one
  has not ended, carried work at the day's first slot; busy time moves a block to the nearest
  free gap after the previous one.

Undisturbed, every plan day fills its own calendar day exactly: one plan day a calendar day.
"""

from __future__ import annotations

import itertools
import math
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prepctl.errors import BadInputError, SettingError
from prepctl.model.display import clock, day_date, duration
from prepctl.model.plan import Day, Plan
from prepctl.model.schedule import Options, Session
from prepctl.schedule.clock import (
    Interval,
    busy_by_day,
    gaps,
    local_time,
    minutes_in,
    nearest_start,
    overlaps,
    repeated_hour,
)
from prepctl.schedule.fit import WEEKEND, minutes_between, rounded
from prepctl.schedule.queue import Piece, Queue

HORIZON_DAYS = 5 * 366  # work that finds no room this long after the last placed block is an error, not a hang
FIXED_SEARCH_DAYS = 7  # how far a fixed block looks for a day that holds it


@dataclass(frozen=True)
class Placed:
    """A piece (a whole block or one part of it) at its date and time."""

    piece: Piece
    on: date
    start: datetime | None
    minutes: int | None
    part: int  # its number among the block's parts (1 for a whole block)
    slot: str | None  # the slot it takes on its day (see Stream.slot_of)


@dataclass(frozen=True)
class Move:
    """A block moved within its day: around busy time, out of a repeated DST hour, past the hours
    already gone, or to end before the day window does."""

    piece: Piece
    on: date
    before: datetime
    after: datetime
    reason: str  # busy, dst, window, past


@dataclass(frozen=True)
class Deferral:
    """A fixed block that waited for a day with room for it while later blocks came first."""

    piece: Piece
    wanted: date  # the day it would have had
    on: date  # the day that holds it (or the roomiest of the week)
    roomiest: bool = False  # no day of the week held it: it runs that day over


@dataclass
class _Day:
    """One calendar day being filled."""

    on: date
    budget: int  # the person's hours (or the plan's own minutes) for this date
    room: int  # what is left of the budget
    free: list[Interval]  # the gaps of the window (busy time, past hours and DST taken out)
    blocked: tuple[Interval, ...]
    repeated: Interval | None
    passed: datetime | None
    window_end: datetime
    offset: timedelta | None  # the zone's UTC offset all day, when no clock change falls on it
    placed: list[Placed] = field(default_factory=list)
    used: int = 0

    @property
    def timed(self) -> bool:
        return any(p.minutes is not None for p in self.placed)


@dataclass
class Stream:
    """Walks the calendar from the first date, filling each free day from the queue."""

    plan: Plan
    options: Options
    queue: Queue
    busy: tuple[Interval, ...]
    now: datetime | None = None
    zone: ZoneInfo = field(init=False)
    passed: tuple[date, datetime] | None = field(init=False)  # a day, and its hours before this have passed
    busy_days: dict[date | None, list[Interval]] = field(init=False)
    slots: dict[str, time] = field(init=False)
    kind_slots: dict[bool, list[str]] = field(init=False)
    moves: list[Move] = field(default_factory=list)
    deferrals: list[Deferral] = field(default_factory=list)
    forced: set[str] = field(default_factory=set)  # fixed blocks placed on their day even over its hours
    crowded: set[str] = field(default_factory=set)  # blocks with budget left but no gap on the clock that day
    crowded_days: set[date] = field(default_factory=set)
    short_days: set[date] = field(default_factory=set)  # days whose free window holds less than their hours
    over: dict[date, tuple[str, int]] = field(default_factory=dict)  # days over their hours: why, by how much
    dst: list[str] = field(default_factory=list)
    retimed: dict[tuple[str, str], int] = field(default_factory=dict)  # (slot, slot taken instead) -> blocks
    begun: dict[tuple[int, str], date] = field(default_factory=dict)  # plan day -> the date it began on
    late: tuple[Piece, date] | None = None  # the last plan day's first piece, and the day it started

    def __post_init__(self) -> None:
        self.zone = self.options.zone
        self.busy_days = busy_by_day(self.busy, self.zone)
        self.passed = None
        if self.now is not None:  # from the next whole step of the granularity: 19:26 gives 19:30
            local, step = self.now.astimezone(self.zone), self.options.granularity
            since_midnight = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
            minutes = min(math.ceil(since_midnight / step) * step, 24 * 60 - 1)
            self.passed = (local.date(), local_time(local.date(), time(minutes // 60, minutes % 60), self.zone))
        self.slots = {name: time.fromisoformat(text) for name, text in self.plan.slots.items()}
        self.slots.update(self.options.slots)
        self.kind_slots = {weekend: _usual_slots(self.plan, weekend, self.slots) for weekend in (False, True)}

    # ------------------------------------------------------------ the walk

    def place(self) -> list[Placed]:
        window = minutes_between(self.options.day_start, self.options.day_end)
        for piece in self.queue.pieces:
            if (piece.minutes or 0) > window and piece.fixed:
                raise SettingError(
                    "day_end",
                    (
                        f"week {piece.week.week} {piece.day.day.capitalize()} {piece.day.blocks[piece.index].activity} "
                        f"lasts {duration(piece.minutes)}, longer than the {duration(window)} between the day start "
                        "and end"
                    ),
                )
        queue = deque(self.queue.pieces)
        waiting: list[tuple[date, int, Piece]] = []  # fixed blocks waiting for their day, in queue order
        order = {p.id: n for n, p in enumerate(self.queue.pieces)}  # a fixed block is never split: one piece
        placed: list[Placed] = []
        on = progress = self.queue.first  # a long plan may run for years: the horizon counts from the last placement
        while queue or waiting:
            if (on - progress).days > HORIZON_DAYS:
                self._stuck(queue, waiting, progress)
            due = sorted((p for p in waiting if p[0] <= on), key=lambda p: p[1])
            if due:
                waiting = [p for p in waiting if p[0] > on]
                queue.extendleft(reversed([p for _, _, p in due]))
            if on in self.options.skip:
                on += timedelta(days=1)
                continue
            _park_fixed(queue, waiting, on, order)
            if not queue or queue[0].not_before > on:
                later = [queue[0].not_before] if queue else []
                on = max(on + timedelta(days=1), min([*later, *(d for d, _, _ in waiting)]))
                continue
            today = self._fill(on, queue, waiting, order)
            if today:
                placed.extend(today)
                progress = on
            on += timedelta(days=1)
        return placed

    def budget(self, on: date) -> int:
        """The minutes a person has on ``on``: their hours; none given, the plan's own minutes for
        that date (at least those of its usual day of that kind, so work that is behind finds room
        on a day the plan left light)."""
        hours = self.options.weekend_hours if on.weekday() >= 5 else self.options.weekday_hours
        if hours is not None:
            return rounded(hours * 60, self.options.granularity)
        weekend = on.weekday() >= 5
        usual = self.queue.usual[weekend] or self.queue.usual[not weekend]  # a plan with no study on that kind of day
        return max(self.queue.budgets.get(on, 0), usual)

    def _open(self, on: date, trial: bool = False) -> _Day:
        options, zone = self.options, self.zone
        window_start = local_time(on, options.day_start, zone)
        window_end = local_time(on, options.day_end, zone)
        windows = tuple(
            (local_time(on, w.start, zone), local_time(on, w.end, zone))
            for w in options.work_hours
            if on.weekday() in w.weekdays
        )
        near = (*self.busy_days[None], *self.busy_days.get(on, ()))
        blocked = windows + tuple((s, e) for s, e in near if s < window_end and window_start < e)
        passed = self.passed[1] if self.passed and self.passed[0] == on and self.passed[1] > window_start else None
        repeated = repeated_hour(on, zone)
        taken_out = [*blocked, *((window_start, passed),) * (passed is not None), *((repeated,) if repeated else ())]
        free = gaps(window_start, window_end, taken_out)
        budget = self.budget(on)
        g = options.granularity
        room = min(budget, minutes_in(free) // g * g)
        if room < budget and not trial:
            self.short_days.add(on)
        morning = datetime.combine(on, time()).replace(tzinfo=zone).utcoffset()
        evening = datetime.combine(on, time(23, 59)).replace(tzinfo=zone).utcoffset()
        return _Day(
            on, budget, room, free, blocked, repeated, passed, window_end, morning if morning == evening else None
        )

    def _fill(
        self, on: date, queue: deque[Piece], waiting: list[tuple[date, int, Piece]], order: Mapping[str, int]
    ) -> list[Placed]:
        """One day: the pieces its budget holds, then their clock times; a piece the clock has no
        gap for (busy time, the day window) goes back to the queue with what follows it."""
        day = self._open(on)
        self._choose(day, queue, waiting, order)
        while True:
            timed = [p for p in day.placed if p.minutes is not None]
            starts = self._layout(day, timed)
            if starts is not None:
                break
            self._give_back(day, queue)
        moved = {id(p): start for p, start in zip(timed, starts, strict=True)}
        day.placed = [Placed(p.piece, p.on, moved.get(id(p)), p.minutes, p.part, p.slot) for p in day.placed]
        self._trail_untimed(day, queue, waiting)
        if day.placed:
            self._note_over(day)
            for placed in day.placed:
                self.begun.setdefault((placed.piece.week.week, placed.piece.day.day), on)
                if placed.piece.starts_day and placed.part == placed.piece.first_part:
                    self.late = (placed.piece, on)
                slot, instead = placed.piece.day.blocks[placed.piece.index].slot, placed.slot
                if placed.minutes is not None and slot and instead and slot != instead:
                    self.retimed[(slot, instead)] = self.retimed.get((slot, instead), 0) + 1
        return day.placed

    def _choose(
        self, day: _Day, queue: deque[Piece], waiting: list[tuple[date, int, Piece]], order: Mapping[str, int]
    ) -> None:
        """Take pieces from the front of the queue while the day's budget holds them (module docstring)."""
        on = day.on
        smallest = max(1, min(self.options.min_part, day.room)) if day.room else self.options.min_part
        g = self.options.granularity
        closed = False  # the day ran over or ended a light plan day: only that plan day's untimed items follow
        while queue:
            _park_fixed(queue, waiting, on, order)
            if not queue:
                return
            piece = queue[0]
            if piece.not_before > on or (closed and (piece.minutes is not None or piece.starts_day)):
                return
            if piece.starts_day and piece.untimed_day and day.placed:
                return  # a plan day of untimed items only (rest) starts on a day of its own
            if piece.starts_day and piece.minutes is not None and day.timed and day.room < smallest:
                return  # a full day starts no new plan day
            if piece.minutes is None:
                self._put(day, queue.popleft(), None)
                if piece.ends_day and piece.light:
                    return
                continue
            allowance = piece.overrun
            room = day.room + allowance
            fits = piece.minutes <= room
            forced = not fits and (
                piece.id in self.forced or (not day.timed and not piece.fixed and piece.minutes < 2 * smallest)
            )
            if fits or forced:
                self.forced.discard(piece.id)
                day.room += allowance
                self._put(day, queue.popleft(), piece.minutes)
                closed = forced or (piece.ends_day and (piece.light or day.used > day.budget))
                continue
            if piece.fixed:
                if not self._defer(piece, day, queue, waiting, order):
                    return
                continue
            first = min(room // g * g, (piece.minutes - smallest) // g * g)
            if first < smallest:
                return
            queue.popleft()
            day.room += allowance
            self._put(day, piece, first)
            queue.appendleft(
                replace(
                    piece, minutes=piece.minutes - first, first_part=piece.first_part + 1, starts_day=False, overrun=0
                )
            )
            return

    def _put(self, day: _Day, piece: Piece, minutes: int | None) -> None:
        day.placed.append(Placed(piece, day.on, None, minutes, piece.first_part, self.slot_of(piece, day.on)))
        if minutes is not None:
            day.used, day.room = day.used + minutes, day.room - minutes

    def _give_back(self, day: _Day, queue: deque[Piece]) -> None:
        """The last timed piece of the day (and the untimed ones after it) back to the queue front,
        joined again with its rest when it was the first part of a split."""
        while day.placed:
            placed = day.placed.pop()
            piece = placed.piece
            if placed.minutes is not None:
                self.crowded.add(piece.id)
                self.crowded_days.add(day.on)
                day.used -= placed.minutes
                if queue and queue[0].id == piece.id and queue[0].first_part == placed.part + 1:
                    queue.popleft()
            queue.appendleft(piece)
            if placed.minutes is not None:
                return

    def _layout(self, day: _Day, timed: list[Placed]) -> list[datetime] | None:
        """Clock times for the day's timed pieces in their order, or None when they cannot all fit.

        Each starts nearest its wanted time (its slot's, carried work the day's first slot), never
        before the previous one ends and never so late that the ones after it find no gap.
        """
        latest: list[datetime] = []
        bound = day.window_end
        for placed in reversed(timed):  # the latest start each may take so that the ones after it fit
            length = timedelta(minutes=placed.minutes or 0)
            fits = [min(end, bound) - length for start, end in day.free if min(end, bound) - length >= start]
            if not fits:
                return None
            bound = max(fits)
            latest.append(bound)
        latest.reverse()
        starts: list[datetime] = []
        cursor: datetime | None = None
        for k, placed in enumerate(timed):
            piece, length = placed.piece, timedelta(minutes=placed.minutes or 0)
            begun = self.begun.get((piece.week.week, piece.day.day), day.on) < day.on
            behind = piece.planned is not None and piece.planned < day.on
            wanted = self._wanted(placed.slot, day, carried=k == 0 and (begun or behind))
            floor = cursor or day.free[0][0]
            if len(day.free) == 1:  # one free stretch (no busy time today): between floor and latest
                start: datetime | None = min(max(wanted, floor), latest[k])
            else:
                room = [
                    (max(s, floor), min(e, latest[k] + length))
                    for s, e in day.free
                    if min(e, latest[k] + length) - max(s, floor) >= length
                ]
                start = nearest_start(max(wanted, floor), length, room)
            if start is None:  # pragma: no cover - latest[k] itself is always a candidate
                return None
            desired = wanted if day.passed and wanted < day.passed else max(wanted, cursor) if cursor else wanted
            if start != desired:
                reason = self._why_moved(day, desired, length)
                if reason:
                    self.moves.append(Move(piece, day.on, desired, start, reason))
            starts.append(start)
            cursor = start + length
        return starts

    def _wanted(self, slot: str | None, day: _Day, carried: bool) -> datetime:
        """Where a block would start: its slot's time; carried work, the day's first slot."""
        on = day.on
        usual = self.kind_slots[on.weekday() >= 5]
        wall = self.slots[usual[0]] if carried and usual else self.slots[slot] if slot else self.options.day_start
        if day.offset is not None:  # no clock change today: plain arithmetic
            return datetime.combine(on, wall, tzinfo=UTC) - day.offset
        wanted = local_time(on, wall, self.zone)
        if wanted.astimezone(self.zone).time() != wall:
            self.dst.append(
                f"{day_date(on)}: {wall:%H:%M} does not exist (clocks go forward); "
                f"blocks at that time start at {clock(wanted.astimezone(self.zone))}"
            )
        return wanted

    def _why_moved(self, day: _Day, desired: datetime, length: timedelta) -> str:
        if day.passed and desired < day.passed:
            return "past"
        if overlaps(desired, desired + length, day.blocked):
            return "busy"
        if day.repeated and overlaps(desired, desired + length, (day.repeated,)):
            return "dst"
        return "window" if desired + length > day.window_end else ""

    def _defer(
        self,
        piece: Piece,
        day: _Day,
        queue: deque[Piece],
        waiting: list[tuple[date, int, Piece]],
        order: Mapping[str, int],
    ) -> bool:
        """A fixed block that does not fit today waits for the first day that holds it. Returns
        False when that day is today after all (the roomiest of the week): it is placed here."""
        minutes = piece.minutes or 0
        allowance = piece.overrun
        candidates = []
        on = day.on
        for ahead in range(1, FIXED_SEARCH_DAYS + 1):
            later = on + timedelta(days=ahead)
            if later in self.options.skip:
                continue
            trial = self._open(later, trial=True)
            room = trial.room + allowance
            if room >= minutes and any(e - s >= timedelta(minutes=minutes) for s, e in trial.free):
                queue.popleft()
                waiting.append((later, order[piece.id], piece))
                self.deferrals.append(Deferral(piece, on, later))
                return True
            candidates.append((room, -ahead, later))
        roomiest = max([*candidates, (day.room + allowance, 0, on)])
        queue.popleft()
        self.forced.add(piece.id)
        self.deferrals.append(Deferral(piece, on, roomiest[2], roomiest=True))
        if roomiest[2] == on:
            queue.appendleft(piece)
            return True
        waiting.append((roomiest[2], order[piece.id], piece))
        return True

    def _trail_untimed(self, day: _Day, queue: deque[Piece], waiting: list[tuple[date, int, Piece]]) -> None:
        """Untimed items at the end of the day whose plan day's timed work goes on another day
        go back to the queue: they belong with their plan day."""
        while day.placed and day.placed[-1].minutes is None:
            last = day.placed[-1].piece
            own_timed_today = any(p.piece.day is last.day and p.minutes is not None for p in day.placed)
            if own_timed_today or not _timed_work_left(last.day, queue, waiting):
                return
            queue.appendleft(day.placed.pop().piece)

    def _note_over(self, day: _Day) -> None:
        """Remember a day over the person's hours, and why (fixed blocks, minimums, a long block)."""
        if day.used <= day.budget:
            return
        pieces = [p.piece for p in day.placed]
        reasons = [p.why_over for p in pieces if p.why_over]
        fixed = any(p.fixed for p in pieces if p.minutes)
        self.over[day.on] = ("fixed" if fixed else reasons[0] if reasons else "long", day.used - day.budget)

    def _stuck(self, queue: deque[Piece], waiting: list[tuple[date, int, Piece]], progress: date) -> None:
        stuck = (list(queue) or [p for _, _, p in waiting])[0]
        years = HORIZON_DAYS // 366
        raise BadInputError(
            f"no room for week {stuck.week.week} {stuck.day.day.capitalize()} "
            f"{stuck.day.blocks[stuck.index].activity} ({duration(stuck.minutes)}) on any day "
            f"within {years} years of {day_date(progress, year=True)}: busy time, "
            "work hours, skipped dates or the day window (--day-start/--day-end) leave no "
            "gap that long"
        )

    # ------------------------------------------------------------ slots and sessions

    def slot_of(self, piece: Piece, on: date) -> str | None:
        """The slot a block takes on ``on``. On the other kind of day than its plan day's (a
        weekend plan day moved onto a weekday), a slot the plan seldom uses on that kind of day
        (14:00, a working afternoon) gives way to the next one it usually does (else the last)."""
        slot = piece.day.blocks[piece.index].slot
        weekend = on.weekday() >= 5
        usual = self.kind_slots[weekend]
        if slot is None or piece.weekend == weekend or slot in usual or not usual:
            return slot
        wanted = self.slots[slot]
        return next((name for name in usual if self.slots[name] >= wanted), usual[-1])

    def sessions(self, placed: list[Placed]) -> list[Session]:
        """Sessions in date and clock order; a block placed in several parts gets an id per part."""
        count: dict[str, int] = {}
        for p in placed:
            count[p.piece.id] = max(count.get(p.piece.id, 0), p.part)
        sessions = [self._session(p, count[p.piece.id]) for p in placed]
        sessions.sort(key=lambda s: (s.date, s.start is not None, s.start or datetime.min.replace(tzinfo=UTC)))
        return sessions

    def _session(self, placed: Placed, parts: int) -> Session:
        piece = placed.piece
        block = piece.day.blocks[piece.index]
        identifier = piece.id if parts == 1 else f"{piece.id}.{placed.part}"
        start = placed.start.astimezone(self.zone) if placed.start is not None else None
        # in UTC: adding to a zoned time in Python adds wall-clock time, wrong across a DST change
        end = (
            (placed.start.astimezone(UTC) + timedelta(minutes=placed.minutes)).astimezone(self.zone)
            if placed.start is not None and placed.minutes is not None
            else None
        )
        return Session(
            block_id=identifier,
            uid=f"{identifier}.{self.plan.id}@prepctl",
            week=piece.week.week,
            day=piece.day.day,
            date=placed.on,
            start=start,
            end=end,
            minutes=placed.minutes,
            slot=placed.slot,
            activity=block.activity,
            details=block.details,
            focus=block.focus,
            day_title=piece.day.title,
            part=placed.part if parts > 1 else 0,
            parts=parts if parts > 1 else 0,
        )


def _timed_work_left(plan_day: Day, queue: deque[Piece], waiting: list[tuple[date, int, Piece]]) -> bool:
    """Whether timed work of a plan day is still to place: what is left of it is at the front of
    the queue (plan order), or waits aside (a fixed block)."""
    front = itertools.takewhile(lambda p: p.day is plan_day, queue)
    aside = (p for _, _, p in waiting if p.day is plan_day)
    return any(p.minutes is not None for p in itertools.chain(front, aside))


def _park_fixed(
    queue: deque[Piece], waiting: list[tuple[date, int, Piece]], on: date, order: Mapping[str, int]
) -> None:
    """A fixed block at the front whose date has not come waits aside, as when it waited for room:
    what follows it may be due already (a resume keeps the days a fixed block made)."""
    while queue and queue[0].fixed and queue[0].not_before > on:
        piece = queue.popleft()
        waiting.append((piece.not_before, order[piece.id], piece))


def _usual_slots(plan: Plan, weekend: bool, clocks: Mapping[str, time]) -> list[str]:
    """The slots the plan uses on at least a third of its days of one kind, by clock time:
    when a person of this plan studies on weekdays (or at weekends)."""
    days = [day for week in plan.weeks for day in week.days if (day.day in WEEKEND) == weekend]
    uses: dict[str, int] = {}
    for day in days:
        for slot in {block.slot for block in day.blocks if block.slot and block.minutes}:
            uses[slot] = uses.get(slot, 0) + 1
    return sorted((slot for slot, n in uses.items() if 3 * n >= len(days)), key=lambda slot: clocks[slot])

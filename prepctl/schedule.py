"""The pure scheduling function: Plan + Options (+ what an earlier schedule left, + busy time)
-> Schedule.

One placement rule serves a fresh schedule, skipped dates, busy time, a resume and a stretched
plan (DESIGN.md, "Scheduling rules"): plan order is kept; each plan day goes to the next free
calendar day, never before the date it is aligned to (or its date in the record); blocks that
do not fit that day's hours carry over to the next free day and go first there; a block is
never split; two plan days that were not carried over never share a day, so light days stay
light. Without disruptions this is exactly one plan day per calendar day.

Every instant is computed in UTC from wall-clock times in the person's zone, so durations stay
exact across DST changes, and the same inputs always give the same schedule.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prepctl.display import clock, day_date, duration, hours
from prepctl.errors import BadInputError, SettingError
from prepctl.inputs import zone_of
from prepctl.model import DAY_NAMES
from prepctl.model.plan import Day, Plan, Week, block_id
from prepctl.model.schedule import Item, Notice, Options, ResumeState, Schedule, Session

Interval = tuple[datetime, datetime]

WEEKEND = frozenset({"sat", "sun"})
HORIZON_DAYS = 5 * 366  # work that finds no room this long after the last placed block is an error, not a hang


def build_schedule(plan: Plan, options: Options, resume: ResumeState | None = None,
                   busy: tuple[Interval, ...] = (), now: datetime | None = None) -> Schedule:
    """Place every block of the plan at a real local time.

    ``resume`` says what an earlier schedule leaves (done, dropped, the dates it had);
    ``busy`` is time to keep free, as UTC intervals (work hours in ``options`` add to it);
    ``now``, the moment of a run that starts today: that day's hours before it have passed.
    """
    earlier = resume or ResumeState()
    notices: list[Notice] = []
    weeks = _selected_weeks(plan, options)
    first, origin, missed, plan_days, dropped_now = _plan_days(weeks, options, resume, notices)
    placer = _Placer(plan, options, busy, now)
    sessions = placer.place(first, missed, plan_days)
    notices.extend(placer.notices())
    if dropped_now:
        notices.append(Notice("dropped", (
            f"{len(dropped_now)} unfinished items dated before {day_date(options.start)} are dropped (--missed drop); "
            "the checklist keeps them under \"Dropped\", still tickable")))
    notices.extend(_shortfall(weeks, sessions, options))
    done = _items(weeks, earlier.done, earlier.minutes)
    dropped = _items(weeks, (earlier.dropped | dropped_now) - earlier.done, earlier.minutes)
    return Schedule(plan.id, plan.title, options, tuple(sessions), tuple(notices), dropped, done, origin=origin)


def planned_span(plan: Plan, options: Options, resume: ResumeState | None = None) -> tuple[date, date] | None:
    """The first date placement fills and the last date a plan day is aligned to, before
    anything bends the plan (None: nothing is left): the dates busy time is read for."""
    first, _, missed, plan_days, _ = _plan_days(_selected_weeks(plan, options), options, resume, [])
    if not missed and not plan_days:
        return None
    return first, max(first, *(d.not_before for d in plan_days[-1:]))


def _items(weeks: list[Week], ids: frozenset[str], scheduled: Mapping[str, int | None]) -> tuple[Item, ...]:
    """The blocks named by ``ids``, in plan order, with the minutes they were scheduled for."""
    return tuple(
        Item(block_id(week, day, i), week.week, day.day, block.activity, block.details, block.focus,
             scheduled.get(block_id(week, day, i), block.minutes))
        for week in weeks for day in ordered_days(week)
        for i, block in enumerate(day.blocks) if block_id(week, day, i) in ids)


def ordered_days(week: Week) -> list[Day]:
    return sorted(week.days, key=lambda d: DAY_NAMES.index(d.day))


def _selected_weeks(plan: Plan, options: Options) -> list[Week]:
    weeks = sorted(plan.weeks, key=lambda w: w.week)
    if options.from_week is None:
        return weeks
    chosen = [w for w in weeks if w.week >= options.from_week]
    if not chosen:
        raise SettingError("from_week", f"the plan has weeks {weeks[0].week} to {weeks[-1].week}, "
                            f"got {options.from_week}")
    return chosen


# ---------------------------------------------------------------- plan days and their minutes


@dataclass(frozen=True)
class _Piece:
    """One block waiting for a calendar day: its minutes and the first date it may take."""

    week: Week
    day: Day
    index: int
    minutes: int | None
    not_before: date
    weekend: bool  # the kind of day its plan day is aligned to: its slots are meant for that kind

    @property
    def id(self) -> str:
        return block_id(self.week, self.day, self.index)


@dataclass(frozen=True)
class _PlanDay:
    """A plan day's blocks still to place, and the minutes they may run over its target."""

    week: Week
    day: Day
    pieces: tuple[_Piece, ...]
    overrun: int = 0
    why_over: str = ""  # fixed (fixed-length blocks) or minimum (--min-block)
    shares: bool = False  # in a resume: it shared a day with the plan day before it, and may again
    resumed: bool = False  # placed again from a record: no block moves earlier than its date there

    @property
    def not_before(self) -> date:
        return min(p.not_before for p in self.pieces)


def _plan_days(weeks: list[Week], options: Options, resume: ResumeState | None,
               notices: list[Notice]) -> tuple[date, date, list[_Piece], list[_PlanDay], frozenset[str]]:
    """The first date to fill, the missed blocks, every plan day with blocks left, and the blocks
    dropped now.

    A fresh plan day may not start before its aligned date; a resumed one not before its date
    in the record (else the start). Its target comes from the kind of day it is aligned to.
    Missed blocks (dated in the record before the start of a resume) are work carried over:
    they go first, filling the days from the start, and the plan days follow them.
    """
    earlier = resume or ResumeState()
    finished = earlier.done | earlier.dropped
    natural = list(_offsets(weeks, options.align))
    first = options.start if resume is not None else _aligned_start(natural, options, notices)
    if resume is not None and not earlier.dates:
        notices.append(Notice("resumed", (
            f"what is left starts on {day_date(first, year=True)} and keeps the plan's order; "
            "plan weekdays may no longer match calendar weekdays")))
    left = [(w, d, o) for w, d, o in natural
            if any(block_id(w, d, i) not in finished for i in range(len(d.blocks)))]
    base = left[0][2] if resume is not None and left else 0
    # the date the unbent plan's first day is aligned to: targets come from it, also in a resume
    origin = earlier.origin if resume is not None and earlier.origin else first - timedelta(days=base)
    dropped: set[str] = set()
    missed: list[_Piece] = []
    days: list[_PlanDay] = []
    previous: set[date | None] = set()  # the recorded dates of the plan day before
    for week, day, offset in left:
        ids = [block_id(week, day, i) for i in range(len(day.blocks))]
        aligned = first + timedelta(days=offset - base)
        weekend = day.day in WEEKEND if options.align else (origin + timedelta(days=offset)).weekday() >= 5
        minutes, overrun, why = _day_minutes(week, day, weekend, options)
        pieces = []
        for index, identifier in enumerate(ids):
            on = earlier.dates.get(identifier)
            if identifier in finished:
                continue
            if on is not None and on < first:
                if earlier.drop_missed:
                    dropped.add(identifier)
                else:
                    missed.append(_Piece(week, day, index, minutes[index], first, weekend))
                continue
            not_before = aligned if resume is None else max(first, on or first)
            pieces.append(_Piece(week, day, index, minutes[index], not_before, weekend))
        if pieces:
            shared = earlier.dates.get(pieces[0].id) in previous  # it shared a day with the plan day before
            days.append(_PlanDay(week, day, tuple(pieces), overrun, why, shares=shared, resumed=bool(earlier.dates)))
            previous = {earlier.dates.get(p.id) for p in pieces} - {None}
    return first, origin, missed, days, frozenset(dropped)


def _offsets(weeks: list[Week], align: bool) -> Iterator[tuple[Week, Day, int]]:
    """Each plan day's distance in days from the first: by weekday, or one after another."""
    first_weekday = DAY_NAMES.index(ordered_days(weeks[0])[0].day)
    running = 0
    for index, week in enumerate(weeks):
        for day in ordered_days(week):
            yield week, day, (index * 7 + DAY_NAMES.index(day.day) - first_weekday) if align else running
            running += 1


def _aligned_start(natural: list[tuple[Week, Day, int]], options: Options, notices: list[Notice]) -> date:
    if not options.align:
        return options.start
    weekday = DAY_NAMES.index(natural[0][1].day)
    anchor = options.start + timedelta(days=(weekday - options.start.weekday()) % 7)
    if anchor != options.start:
        notices.append(Notice("start-moved", (
            f"start moved from {day_date(options.start, year=True)} to {day_date(anchor, year=True)} so plan "
            f"weekdays fall on the same calendar weekdays (--no-align to start on the day given)")))
    return anchor


def _timed_total(day: Day) -> int:
    return sum(block.minutes or 0 for block in day.blocks)


def _rounded(minutes: float, granularity: int) -> int:
    return max(granularity, round(minutes / granularity) * granularity)


def _day_minutes(week: Week, day: Day, weekend: bool, options: Options) -> tuple[list[int | None], int, str]:
    """The minutes of each block of a plan day, how far they run over its target, and why.

    ``scale``: the day's target comes from the hours of the kind of day it is aligned to;
    ``stretch``: blocks keep their length (times ``--scale``). Fixed blocks never change.
    """
    written = [block.minutes for block in day.blocks]
    total = _timed_total(day)
    if total == 0:
        return written, 0, ""
    g = options.granularity
    if options.fit == "stretch":
        factor = options.scale or 1.0
        if factor == 1.0:
            return written, 0, ""
        return [m if m is None or block.fixed else max(min(m, options.min_block), _rounded(m * factor, g))
                for m, block in zip(written, day.blocks, strict=True)], 0, ""
    if options.scale is not None:
        target, setting = total * options.scale, "scale"
    else:
        hours = options.weekend_hours if weekend else options.weekday_hours
        if hours is None:
            return written, 0, ""
        setting = "weekend_hours" if weekend else "weekday_hours"
        same_kind = [_timed_total(d) for d in week.days if (d.day in WEEKEND) == (day.day in WEEKEND)]
        usual = statistics.median(t for t in same_kind if t > 0)
        target = hours * 60 * min(1.0, total / usual)
    target_minutes = _rounded(target, g)
    window = _minutes_between(options.day_start, options.day_end)
    if target_minutes > window:
        raise SettingError(setting, (
            f"week {week.week} {day.day.capitalize()} would need {duration(target_minutes)}, more than the "
            f"{duration(window)} between the day start and end"))
    fixed = sum(m or 0 for m, block in zip(written, day.blocks, strict=True) if block.fixed)
    flexible = [m for m, block in zip(written, day.blocks, strict=True) if m is not None and not block.fixed]
    scaled, deficit = (allocate(flexible, max(0, target_minutes - fixed), g, options.min_block)
                       if flexible else ([], 0))
    overrun = max(0, fixed - target_minutes) + deficit
    why = "" if not overrun else "fixed" if fixed else "minimum"
    flexible_minutes = iter(scaled)
    return [m if m is None or block.fixed else next(flexible_minutes)
            for m, block in zip(written, day.blocks, strict=True)], overrun, why


def _minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def allocate(minutes: list[int], target: int, granularity: int, min_block: int) -> tuple[list[int], int]:
    """Share ``target`` among blocks in proportion, in granularity steps, totals exact.

    Largest-remainder rounding keeps the day total equal to the target; blocks are
    then raised to the minimum length, taking the time back from the largest ones.
    Returns the minutes and how far the day runs over when the minimums cannot fit.
    """
    g = granularity
    total = sum(minutes)
    quotas = [m * target / total for m in minutes]
    units = [math.floor(q / g) for q in quotas]
    spare = target // g - sum(units)
    by_remainder = sorted(range(len(minutes)), key=lambda i: (-(quotas[i] / g - units[i]), i))
    for i in by_remainder[:spare]:
        units[i] += 1
    floor_units = math.ceil(min_block / g)
    deficit = 0
    for i, u in enumerate(units):
        if u < floor_units:
            deficit += floor_units - u
            units[i] = floor_units
    while deficit:
        donors = [i for i, u in enumerate(units) if u > floor_units]
        if not donors:
            break
        donor = max(donors, key=lambda i: (units[i], -minutes[i], -i))
        units[donor] -= 1
        deficit -= 1
    return [u * g for u in units], deficit * g


# ---------------------------------------------------------------- placement


@dataclass(frozen=True)
class _Move:
    """A block moved within its day: around busy time, out of a repeated DST hour, or into the window."""

    piece: _Piece
    on: date
    before: datetime
    after: datetime
    reason: str  # busy, dst, window, past


@dataclass
class _Placer:
    """Walks the calendar from the first date, filling each free day by the placement rule."""

    plan: Plan
    options: Options
    busy: tuple[Interval, ...]
    now: datetime | None = None
    zone: ZoneInfo = field(init=False)
    passed: tuple[date, datetime] | None = field(init=False)  # a day, and its hours before this have passed
    busy_days: dict[date | None, list[Interval]] = field(init=False)
    slots: dict[str, time] = field(init=False)
    moves: list[_Move] = field(default_factory=list)
    crowded: set[str] = field(default_factory=set)  # blocks that found no room on a day and carried over
    crowded_days: set[date] = field(default_factory=set)
    over: dict[date, tuple[str, int]] = field(default_factory=dict)  # days over their hours: why, by how much
    dst: list[str] = field(default_factory=list)
    retimed: dict[tuple[str, str], int] = field(default_factory=dict)  # (slot, slot taken instead) -> blocks
    late: tuple[_PlanDay, date] | None = None  # the last plan day, and the day it started

    def __post_init__(self) -> None:
        self.zone = zone_of(self.options.tz)
        self.busy_days = _by_day(self.busy, self.zone)
        self.passed = None
        if self.now is not None:  # from the next whole step of the granularity: 19:26 gives 19:30
            local, step = self.now.astimezone(self.zone), self.options.granularity
            since_midnight = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
            minutes = min(math.ceil(since_midnight / step) * step, 24 * 60 - 1)
            self.passed = (local.date(), local_time(local.date(), time(minutes // 60, minutes % 60), self.zone))
        self.slots = {name: time.fromisoformat(text) for name, text in self.plan.slots.items()}
        self.slots.update(self.options.slots)
        self.kind_slots = {weekend: _usual_slots(self.plan, weekend, self.slots) for weekend in (False, True)}

    def slot_of(self, piece: _Piece, on: date) -> str | None:
        """The slot a block takes on ``on``. On the other kind of day than its plan day's (a
        weekend plan day moved onto a weekday), a slot the plan seldom uses on that kind of day
        (14:00, a working afternoon) gives way to the next one it usually does (else the last)."""
        slot = piece.day.blocks[piece.index].slot
        weekend = on.weekday() >= 5
        usual = self.kind_slots[weekend]
        if slot is None or piece.weekend == weekend or slot in usual or not usual:
            return slot
        wanted = self.slots[slot]
        instead = next((name for name in usual if self.slots[name] >= wanted), usual[-1])
        return instead

    def place(self, first: date, missed: list[_Piece], plan_days: list[_PlanDay]) -> list[Session]:
        window = _minutes_between(self.options.day_start, self.options.day_end)
        for piece in [*missed, *(p for d in plan_days for p in d.pieces)]:
            if (piece.minutes or 0) > window:
                raise SettingError("day_end", (
                    f"week {piece.week.week} {piece.day.day.capitalize()} {piece.day.blocks[piece.index].activity} "
                    f"lasts {duration(piece.minutes)}, longer than the {duration(window)} between the day start "
                    "and end"))
        queue = deque(plan_days)
        carry = list(missed)
        sessions: list[Session] = []
        on = progress = first  # a long plan may run for years: the horizon counts from the last placement
        while queue or carry:
            if (on - progress).days > HORIZON_DAYS:
                stuck = (carry or list(queue[0].pieces))[0]
                years = HORIZON_DAYS // 366
                raise BadInputError(f"no room for week {stuck.week.week} {stuck.day.day.capitalize()} "
                                    f"{stuck.day.blocks[stuck.index].activity} ({duration(stuck.minutes)}) on any day "
                                    f"within {years} years of {day_date(progress, year=True)}: busy time, "
                                    "work hours, skipped dates or the day window (--day-start/--day-end) leave no "
                                    "gap that long")
            starters = _starters(queue, on)
            if on in self.options.skip or (not carry and not starters):
                on += timedelta(days=1)
                if not carry and queue and not starters:
                    on = max(on, queue[0].not_before)
                continue
            placed, carry, started = self._fill(on, carry, starters)
            sessions.extend(placed)
            if placed:
                progress = on
            for _ in range(started):
                self.late = (queue.popleft(), on)
            on += timedelta(days=1)
        sessions.sort(key=lambda s: (s.date, s.start is not None, s.start or datetime.min.replace(tzinfo=UTC)))
        return sessions

    def budget(self, on: date) -> int | None:
        """The minutes a person has on ``on``; None: as many as the plan day needs."""
        hours = self.options.weekend_hours if on.weekday() >= 5 else self.options.weekday_hours
        return None if hours is None else _rounded(hours * 60, self.options.granularity)

    def _fill(self, on: date, carry: list[_Piece],
              starters: list[_PlanDay]) -> tuple[list[Session], list[_Piece], int]:
        """One day: carried blocks first, then the next plan day if there is room (in a resume,
        the following ones too, as they shared days before).

        Returns the sessions placed, the blocks carried on, and how many plan days started.
        """
        candidates = list(carry)
        owners: list[int | None] = [None] * len(carry)  # which starter each candidate belongs to
        for j, plan_day in enumerate(starters):
            candidates.extend(plan_day.pieces)
            owners.extend([j] * len(plan_day.pieces))
        chosen = self._within_budget(on, candidates, owners, starters)
        while True:
            chosen = _trim_unstarted(chosen, candidates, owners, starters)
            placed = self._times(on, candidates[:chosen])
            if placed is not None:
                break
            # no room left in the day's window: the last in plan order makes way, and carries over
            self.crowded.add(candidates[chosen - 1].id)
            self.crowded_days.add(on)
            chosen -= 1
        self.moves.extend(move for _, move in placed if move is not None)
        for piece in candidates[:chosen]:
            slot, instead = piece.day.blocks[piece.index].slot, self.slot_of(piece, on)
            if slot and instead and slot != instead:
                self.retimed[(slot, instead)] = self.retimed.get((slot, instead), 0) + 1
        last_owner = owners[chosen - 1] if chosen else None
        started = 0 if last_owner is None else last_owner + 1
        rest = [p for p, owner in zip(candidates[chosen:], owners[chosen:], strict=True)
                if owner is None or owner < started]
        self._note_over(on, candidates[:chosen], starters[:started])
        return [session for session, _ in placed], rest, started

    def _note_over(self, on: date, chosen: list[_Piece], started: list[_PlanDay]) -> None:
        """Remember a day over the person's hours, and why (fixed blocks, minimums, a long block)."""
        budget = self.budget(on)
        total = sum(p.minutes or 0 for p in chosen)
        if budget is None or total <= budget:
            return
        reasons = [d.why_over for d in started if d.why_over]
        longest = max(p.minutes or 0 for p in chosen)
        allowed = budget + sum(d.overrun for d in started)
        self.over[on] = ("long" if longest > allowed or not reasons else reasons[0], total - budget)

    def _within_budget(self, on: date, candidates: list[_Piece], owners: list[int | None],
                       starters: list[_PlanDay]) -> int:
        """How many candidates, in order, fit the day's hours (never splitting a block).

        A starting plan day may run over by the overrun it announced (fixed blocks, minimums):
        that is never a reason to carry.
        """
        budget = self.budget(on)
        allowance = budget
        used = 0
        current: int | None = None
        for k, piece in enumerate(candidates):
            if owners[k] is not None and owners[k] != current:
                current = owners[k]
                if allowance is not None:
                    allowance += starters[current].overrun  # type: ignore[index]
            if piece.not_before > on:
                return k
            if piece.minutes is None or allowance is None or used + piece.minutes <= allowance:
                used += piece.minutes or 0
                continue
            return k + 1 if used == 0 else k  # a block longer than a whole day's hours takes a day of its own
        return len(candidates)

    def _times(self, on: date, pieces: list[_Piece]) -> list[tuple[Session, _Move | None]] | None:
        """Clock times for the day's pieces, or None when one of them finds no room."""
        options, zone = self.options, self.zone
        window_start = local_time(on, options.day_start, zone)
        window_end = local_time(on, options.day_end, zone)
        blocked = self._busy_on(on, window_start, window_end)
        passed = self.passed[1] if self.passed and self.passed[0] == on and self.passed[1] > window_start else None
        window_start = passed or window_start
        repeated = _repeated_hour(on, zone)

        slots = [self.slot_of(piece, on) for piece in pieces]

        def slot_time(k: int) -> time:
            return self.slots[slots[k]] if slots[k] else time.max  # type: ignore[index]

        result: dict[int, tuple[Session, _Move | None]] = {}
        taken: list[Interval] = []
        cursor: datetime | None = None
        for k in sorted(range(len(pieces)), key=lambda k: (slot_time(k), k)):
            piece = pieces[k]
            if piece.minutes is None:
                result[k] = (self._session(piece, on, None, None), None)
                continue
            wanted = local_time(on, slot_time(k), zone)
            if wanted.astimezone(zone).time() != slot_time(k):
                self.dst.append(f"{day_date(on)}: {slot_time(k):%H:%M} does not exist (clocks go forward); "
                                f"blocks at that time start at {clock(wanted.astimezone(zone))}")
            start = max(wanted, window_start, cursor or window_start)
            length = timedelta(minutes=piece.minutes)
            reason = ("busy" if _overlaps(start, start + length, blocked)
                      else "dst" if repeated and _overlaps(start, start + length, (repeated,))
                      else "window" if start + length > window_end
                      else "past" if passed and wanted < passed else "")
            occupied = [*blocked, *taken, *((repeated,) if repeated else ())]
            move = None
            if reason or _overlaps(start, start + length, taken):
                free = _nearest_free(start, length, window_start, window_end, occupied)
                if free is None:
                    return None
                if reason:
                    move = _Move(piece, on, wanted if reason == "past" else start, free, reason)
                start = free
            end = start + length
            taken.append((start, end))
            cursor = max(cursor, end) if cursor else end
            result[k] = (self._session(piece, on, start.astimezone(zone), piece.minutes), move)
        return [result[k] for k in range(len(pieces))]

    def _busy_on(self, on: date, window_start: datetime, window_end: datetime) -> tuple[Interval, ...]:
        """Busy calendar events and work-hours windows that touch the day's window."""
        windows = tuple((local_time(on, w.start, self.zone), local_time(on, w.end, self.zone))
                        for w in self.options.work_hours if on.weekday() in w.weekdays)
        near = (*self.busy_days[None], *self.busy_days.get(on, ()))
        events = tuple((s, e) for s, e in near if s < window_end and window_start < e)
        return windows + events

    def _session(self, piece: _Piece, on: date, start: datetime | None, minutes: int | None) -> Session:
        block = piece.day.blocks[piece.index]
        identifier = piece.id
        # in UTC: adding to a zoned time in Python adds wall-clock time, wrong across a DST change
        end = start.astimezone(UTC) + timedelta(minutes=minutes) if start is not None and minutes is not None else None
        return Session(
            block_id=identifier, uid=f"{identifier}.{self.plan.id}@prepctl", week=piece.week.week,
            day=piece.day.day, date=on, start=start, end=end.astimezone(self.zone) if end else None,
            minutes=minutes, slot=self.slot_of(piece, on), activity=block.activity, details=block.details,
            focus=block.focus, day_title=piece.day.title)

    def notices(self) -> list[Notice]:
        """What placement changed, summed up: one line per kind, every busy move with --verbose."""
        said: list[Notice] = []
        skipped = sorted(self.options.skip)
        if skipped:
            said.append(Notice("skipped", (
                f"{len(skipped)} skipped date{'s' if len(skipped) > 1 else ''} ({_date_runs(skipped)}): "
                "their work goes to the next free days")))
        if self.late is not None:
            plan_day, started = self.late
            delay = (started - plan_day.not_before).days
            if delay > 0:
                said.append(Notice("later", (
                    f"week {plan_day.week.week} {plan_day.day.day.capitalize()}, the last plan day, starts on "
                    f"{day_date(started, year=True)}, {delay} day{'s' if delay > 1 else ''} after its place in the "
                    "plan (skipped dates, carried-over work or busy time)")))
        if self.retimed:
            count = sum(self.retimed.values())
            changes = ", ".join(f"{slot} {self.slots[slot]:%H:%M} → {instead} {self.slots[instead]:%H:%M} ({n})"
                                for (slot, instead), n in sorted(self.retimed.items()))
            said.append(Notice("slot", (
                f"{count} block{'s' if count > 1 else ''} moved to the other kind of day (weekday or weekend) "
                f"take{'s' if count == 1 else ''} the slots the plan uses on such days: {changes}")))
        causes = {"fixed": "fixed-length blocks (mocks) keep their length",
                  "minimum": self._minimum_cause(),
                  "long": "a block longer than your hours takes the day"}
        for why, cause in causes.items():
            days = [(on, excess) for on, (kind, excess) in sorted(self.over.items()) if kind == why]
            if not days:
                continue
            listed = ", ".join(f"{day_date(on, year=True)} +{duration(excess)}" for on, excess in days[:4])
            more = f" and {len(days) - 4} more (--verbose lists each)" if len(days) > 4 else ""
            said.append(Notice("over-hours", f"{len(days)} day{'s run' if len(days) > 1 else ' runs'} over your "
                                             f"hours because {cause}: {listed}{more}"))
            said.extend(Notice("over-hours", f"{day_date(on, year=True)} runs {duration(excess)} over your hours "
                                             f"because {cause}", detail=True) for on, excess in days[4:])
        said.extend(self._moves_said("busy", "busy time", "around busy time"))
        if self.now is not None:
            it_is = clock(self.now.astimezone(self.zone))
            said.extend(self._moves_said("past", f"the hours already past today (it is {it_is})",
                                         "after the hours already past"))
        said.extend(self._moves_said("window", f"--day-end {self.options.day_end:%H:%M}",
                                     f"to end before --day-end {self.options.day_end:%H:%M}"))
        if self.crowded:
            count, window = len(self.crowded), f"{self.options.day_start:%H:%M}–{self.options.day_end:%H:%M}"
            limits = [limit for limit, holds in (
                ("outside busy time", bool(self.busy)),
                ("after the hours already past today", self.passed is not None and self.passed[0] in self.crowded_days))
                if holds]
            outside = f", {' and '.join(limits)}," if limits else ""
            said.append(Notice("day-window", f"{count} block{'s' if count > 1 else ''} found no room on "
                                          f"{'their' if count > 1 else 'its'} day between {window}{outside} "
                                          "and went to a later one"))
        for move in self.moves:
            if move.reason == "dst":
                said.append(Notice("dst", f"{self._moved(move)}: clocks go back that night, and calendars read "
                                          "the repeated hour differently"))
        said.extend(Notice("dst", text) for text in dict.fromkeys(self.dst))
        return said


    def _minimum_cause(self) -> str:
        """Why blocks cannot shrink further: --min-block, or a --granularity that rounds it up."""
        g, shortest = self.options.granularity, self.options.min_block
        if g > shortest:
            return (f"blocks stop at their shortest, {math.ceil(shortest / g) * g} min (--granularity {g} rounds "
                    f"every block to {g} min steps)")
        return f"blocks stop at their {shortest} min minimum (--min-block)"

    def _moved(self, move: _Move) -> str:
        block = move.piece.day.blocks[move.piece.index]
        return (f"{day_date(move.on)}: {block.activity} ({move.piece.id}) moved from "
                f"{clock(move.before.astimezone(self.zone))} to {clock(move.after.astimezone(self.zone))}")

    def _moves_said(self, reason: str, cause: str, around: str) -> list[Notice]:
        """One line for the moves of one cause (how many, the typical shift); each move for --verbose."""
        moves = [m for m in self.moves if m.reason == reason]
        if not moves:
            return []
        middle = int(statistics.median((m.after - m.before).total_seconds() // 60 for m in moves))
        typical = f" (typically {duration(abs(middle))} {'later' if middle > 0 else 'earlier'})"
        summary = Notice(reason, f"{cause} moved {len(moves)} block{'s' if len(moves) != 1 else ''} within their "
                                 f"day{typical}; --verbose lists each")
        return [summary, *(Notice(reason, f"{self._moved(m)} {around}", detail=True) for m in moves)]


def _by_day(busy: tuple[Interval, ...], zone: ZoneInfo) -> dict[date | None, list[Interval]]:
    """Busy intervals under each local date they touch and the dates either side (a day's
    window can reach past midnight in a DST gap), so a day looks up its own few instead of
    filtering them all. Intervals longer than a week (out of office) are kept under None,
    which every day reads: a calendar of year-long events stays small."""
    days: dict[date | None, list[Interval]] = {None: []}
    for start, end in busy:
        first, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date()
        if (last - first).days > 7:
            days[None].append((start, end))
            continue
        for offset in range((last - first).days + 2):
            days.setdefault(first + timedelta(days=offset), []).append((start, end))
    return days


def _starters(queue: deque[_PlanDay], on: date) -> list[_PlanDay]:
    """The plan days that may start on ``on``: the next one whose date has come, and in a resume
    the ones after it that shared a day with it before (none moves earlier than its date)."""
    starters: list[_PlanDay] = []
    for plan_day in queue:
        if plan_day.not_before > on or (starters and not plan_day.shares):
            break
        starters.append(plan_day)
    return starters


def _trim_unstarted(chosen: int, candidates: list[_Piece], owners: list[int | None],
                    starters: list[_PlanDay]) -> int:
    """Leave out the last plan day when none of its timed work made it into the day: it starts
    another day. (A plan day of untimed items only starts on a day of its own.)"""
    while chosen and owners[chosen - 1] is not None:
        owner = owners[chosen - 1]
        own = [p for p, o in zip(candidates[:chosen], owners[:chosen], strict=True) if o == owner]
        plan_day = starters[owner]  # type: ignore[index]
        untimed_day = all(p.minutes is None for p in plan_day.pieces)
        alone = chosen == len(own)
        # in a resume, untimed items stay on the day the record gave them, also without timed work
        kept = plan_day.resumed and all(p.not_before == own[0].not_before for p in own) and (
            chosen == len(candidates) or candidates[chosen].not_before > own[0].not_before)
        if any(p.minutes is not None for p in own) or (untimed_day and (alone or plan_day.shares)) or kept:
            return chosen
        chosen -= len(own)
    return chosen


def _usual_slots(plan: Plan, weekend: bool, clocks: Mapping[str, time]) -> list[str]:
    """The slots the plan uses on at least a third of its days of one kind, by clock time:
    when a person of this plan studies on weekdays (or at weekends)."""
    days = [day for week in plan.weeks for day in week.days if (day.day in WEEKEND) == weekend]
    uses: dict[str, int] = {}
    for day in days:
        for slot in {block.slot for block in day.blocks if block.slot and block.minutes}:
            uses[slot] = uses.get(slot, 0) + 1
    return sorted((slot for slot, n in uses.items() if 3 * n >= len(days)), key=lambda slot: clocks[slot])


def _date_runs(days: list[date]) -> str:
    """Consecutive dates as ranges: ``Thu 24 Dec – Sun 27 Dec, Fri 1 Jan``."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(day_date(r[0]) if len(r) == 1 else f"{day_date(r[0])} – {day_date(r[-1])}" for r in runs)


def _shortfall(weeks: list[Week], sessions: list[Session], options: Options) -> list[Notice]:
    """One line when the hours hold much less of the plan than it asks for."""
    placed = {s.block_id for s in sessions}
    written = sum(block.minutes or 0 for week in weeks for day in week.days
                  for i, block in enumerate(day.blocks) if block_id(week, day, i) in placed)
    scheduled = sum(s.minutes or 0 for s in sessions)
    if not written or scheduled >= written / 2:
        return []
    if options.scale is not None:
        given = f"at {options.scale:g} × the plan's time"
    elif options.weekday_hours == options.weekend_hours:
        given = f"at {hours(options.weekday_hours)} a day"
    else:
        given = (f"at {hours(options.weekday_hours) or 'the plan’s time'} on weekdays and "
                 f"{hours(options.weekend_hours) or 'the plan’s time'} on weekend days")
    fixed = any(block.fixed for week in weeks for day in week.days for block in day.blocks)
    return [Notice("shortfall", (
        f"{given} this schedule holds {round(scheduled / 60)} h of the plan's {round(written / 60)} h"
        f"{'; fixed-length blocks (mocks) keep their length' if fixed else ''}; --fit stretch keeps every block's "
        "length and takes more weeks instead"))]


def _overlaps(start: datetime, end: datetime, intervals: tuple[Interval, ...] | list[Interval]) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in intervals)


def _nearest_free(desired: datetime, length: timedelta, window_start: datetime, window_end: datetime,
                  occupied: list[Interval]) -> datetime | None:
    """The start nearest ``desired`` where ``length`` fits in the window clear of ``occupied``."""
    best: datetime | None = None
    free_from = window_start
    for busy_start, busy_end in [*sorted(occupied), (window_end, window_end)]:
        gap_end = min(busy_start, window_end)
        if gap_end - free_from >= length:
            candidate = min(max(desired, free_from), gap_end - length)
            if best is None or abs(candidate - desired) < abs(best - desired):
                best = candidate
        free_from = max(free_from, busy_end)
    return best


def local_time(on: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in ``zone``.

    A time inside a DST gap moves forward to the first valid wall time; an ambiguous
    one (fall back) takes the first occurrence.
    """
    naive = datetime.combine(on, wall)
    for shift in range(0, 24 * 60):
        candidate = (naive + timedelta(minutes=shift)).replace(tzinfo=zone, fold=0)
        instant = candidate.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == candidate.replace(tzinfo=None):
            return instant
    raise AssertionError("no valid wall time within a day")  # pragma: no cover


def _repeated_hour(on: date, zone: ZoneInfo) -> Interval | None:
    """The instants of ``on`` whose wall time happens twice (the night clocks go back), if any."""
    midnight = datetime.combine(on, time()).replace(tzinfo=zone)
    after = (midnight + timedelta(days=1)).astimezone(UTC)
    before = midnight.astimezone(UTC)
    back = before.astimezone(zone).utcoffset() or timedelta()
    ahead = after.astimezone(zone).utcoffset() or timedelta()
    if ahead >= back:
        return None
    low, high = 0, int((after - before).total_seconds() // 60)
    while high - low > 1:  # the minute the offset drops (zones change on whole minutes)
        middle = (low + high) // 2
        if ((before + timedelta(minutes=middle)).astimezone(zone).utcoffset() or timedelta()) == back:
            low = middle
        else:
            high = middle
    drop = before + timedelta(minutes=high)
    change = back - ahead
    # a session may not end at the first instant of the repeated hour either: that wall time
    # happens twice as well, so the interval reaches a minute further back
    return drop - change - timedelta(minutes=1), drop + change


# ---------------------------------------------------------------- --by: an interview date


def fit_by(plan: Plan, options: Options, resume: ResumeState | None, by: date, today: date) -> tuple[Options, str]:
    """Options that finish the day before ``by``, and a line saying how.

    ``scale``: the latest start that still finishes. ``stretch``: the start stays, and one
    factor f ≤ 1 shortens every block that is not fixed. A date that cannot be met is an
    error with advice that works, computed: the ``--from-week`` that fits.
    """
    deadline = by - timedelta(days=1)

    def ends(trial: Options) -> date:
        last = build_schedule(plan, trial, resume).last_date
        if last is None:
            raise BadInputError("--by: nothing is left to schedule")
        return last

    if options.fit == "stretch":
        if ends(options) <= deadline:
            return options, f"it fits before {day_date(by, year=True)} with every block at full length"
        base = options.scale or 1.0
        low, high = 0.1, 1.0
        if ends(replace(options, scale=base * low)) <= deadline:
            while high - low > 0.01:
                middle = (low + high) / 2
                if ends(replace(options, scale=base * middle)) <= deadline:
                    low = middle
                else:
                    high = middle
            factor = math.floor(low * 100) / 100
            fitted = replace(options, scale=round(base * factor, 4))
            return fitted, (f"every block that is not fixed is shortened to {factor:.0%} of its length "
                            f"(f = {factor:.2f}) to finish before {day_date(by, year=True)}")
        raise BadInputError(f"--by {by}: {_advice(plan, options, resume, deadline, ends)}")
    candidate = deadline
    for _ in range(60):
        overshoot = (ends(replace(options, start=candidate)) - deadline).days
        if overshoot <= 0:
            break
        candidate -= timedelta(days=overshoot)
    start = _aligned_start(list(_offsets(_selected_weeks(plan, options), options.align)),
                           replace(options, start=candidate), []) if resume is None else candidate
    if start < today or ends(replace(options, start=candidate)) > deadline:
        raise BadInputError(f"--by {by}: {_advice(plan, options, resume, deadline, ends, today)}")
    return replace(options, start=start), f"starts on {day_date(start, year=True)}, the latest start that finishes " \
                                          f"before {day_date(by, year=True)}"


def _advice(plan: Plan, options: Options, resume: ResumeState | None, deadline: date,
            finish: Callable[[Options], date], today: date | None = None) -> str:
    """Why the date cannot be met and what would meet it: the week to join at.

    More hours would not: each plan day keeps a calendar day of its own, so the days left,
    not the hours, are what is short.
    """
    start = today or options.start
    trial = replace(options, start=start)
    shortest = "" if options.fit == "scale" else " with every block shortened as far as it goes"
    if shortest:
        trial = replace(trial, scale=(options.scale or 1.0) * 0.1)
    end = finish(trial)
    earliest = day_date(end + timedelta(days=1), year=True)
    said = (f"too close: starting {day_date(start, year=True)}{shortest}, the plan ends on "
            f"{day_date(end, year=True)}, so the earliest interview date is {earliest}")
    ways = []
    weeks = _selected_weeks(plan, options)
    for week in weeks[1:]:
        if finish(replace(trial, from_week=week.week)) <= deadline:
            ways.append(f"--from-week {week.week} (joins the plan at week {week.week})")
            break
    if not ways:
        return said + "; not even the last week alone fits before it"
    return f"{said}; to finish the day before the interview: {' or '.join(ways)}"

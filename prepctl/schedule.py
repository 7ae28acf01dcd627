"""The pure scheduling function: Plan + Options -> Schedule.

Every time is computed in UTC and shown as wall-clock time in the person's zone,
so durations stay exact across DST changes and the same inputs always give the
same schedule.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from prepctl.display import day_date
from prepctl.errors import BadInputError, SettingError
from prepctl.inputs import zone_of
from prepctl.model import (
    DAY_NAMES,
    Block,
    Day,
    Item,
    Notice,
    Options,
    Plan,
    ResumeState,
    Schedule,
    Session,
    Week,
    block_id,
)

Interval = tuple[datetime, datetime]

WEEKEND = frozenset({"sat", "sun"})


def build_schedule(plan: Plan, options: Options, resume: ResumeState | None = None,
                   busy: tuple[Interval, ...] = ()) -> Schedule:
    """Place every block of the plan at a real local time.

    ``resume`` says what an earlier schedule leaves (done, dropped, dates to keep);
    ``busy`` is time to keep free, as UTC intervals.
    """
    zone = zone_of(options.tz)
    earlier = resume or ResumeState()
    slots = {name: time.fromisoformat(clock) for name, clock in plan.slots.items()}
    slots.update(options.slots)
    notices: list[Notice] = []
    sessions: list[Session] = []
    dropped: list[Session] = []
    busy_until: datetime | None = None  # a day that runs long pushes the next day's start
    last_day: date | None = None
    for week, day, on in _plan_dates(plan, options, resume, notices):
        if last_day is not None and on <= last_day:
            busy_until = None  # only a later day inherits the previous one's overrun
        minutes = _day_minutes(week, day, on, options, notices)
        placed = _place_day(plan, week, day, on, minutes, slots, zone, options, earlier, busy, notices, busy_until)
        busy_until = max((s.end.astimezone(UTC) for s in placed if s.end), default=busy_until)
        last_day = on
        if earlier.drop_before is not None and on < earlier.drop_before:
            dropped.extend(placed)
            continue
        sessions.extend(placed)
    if dropped and earlier.drop_before is not None:
        notices.append(Notice("dropped", (
            f"{len(dropped)} unfinished items dated before {day_date(earlier.drop_before)} are dropped "
            f"(--missed drop): {', '.join(s.block_id for s in dropped)}")))
    sessions.sort(key=lambda s: (s.date, s.start is not None, s.start or datetime.min.replace(tzinfo=UTC)))
    done = _items(plan, options, earlier.done)
    dropped_all = _items(plan, options, earlier.dropped) + tuple(
        Item(s.block_id, s.week, s.day, s.activity, s.details, s.focus, s.minutes) for s in dropped)
    return Schedule(plan.id, plan.title, options, tuple(sessions), tuple(notices), dropped_all, done)


def _items(plan: Plan, options: Options, ids: frozenset[str]) -> tuple[Item, ...]:
    """The blocks named by ``ids``, in plan order, as items no longer scheduled."""
    return tuple(
        Item(block_id(week, day, i), week.week, day.day, block.activity, block.details, block.focus, block.minutes)
        for week in _selected_weeks(plan, options) for day in ordered_days(week)
        for i, block in enumerate(day.blocks) if block_id(week, day, i) in ids)


def ordered_days(week: Week) -> list[Day]:
    return sorted(week.days, key=lambda d: DAY_NAMES.index(d.day))


def _remaining(week: Week, day: Day, completed: frozenset[str]) -> bool:
    return any(block_id(week, day, i) not in completed for i in range(len(day.blocks)))


def _selected_weeks(plan: Plan, options: Options) -> list[Week]:
    weeks = sorted(plan.weeks, key=lambda w: w.week)
    if options.from_week is None:
        return weeks
    chosen = [w for w in weeks if w.week >= options.from_week]
    if not chosen:
        raise SettingError("from_week", f"the plan has weeks {weeks[0].week} to {weeks[-1].week}, "
                            f"got {options.from_week}")
    return chosen


def _plan_dates(plan: Plan, options: Options, resume: ResumeState | None,
                notices: list[Notice]) -> Iterator[tuple[Week, Day, date]]:
    """The calendar date of every plan day that has something left to do.

    Days keep their natural spacing (weekday-aligned, or day by day with --no-align)
    from the first day left; a day that lands on a skipped date moves to the next
    free date and every later day shifts with it.
    """
    weeks = _selected_weeks(plan, options)
    earlier = resume or ResumeState()
    first_weekday = DAY_NAMES.index(ordered_days(weeks[0])[0].day)
    natural: list[tuple[Week, Day, int]] = []
    running = 0
    for index, week in enumerate(weeks):
        for day in ordered_days(week):
            offset = index * 7 + DAY_NAMES.index(day.day) - first_weekday if options.align else running
            running += 1
            if _remaining(week, day, earlier.done | earlier.dropped):
                natural.append((week, day, offset))
    if not natural:
        return
    pinned = {(week, day): on for week, day, on in earlier.pinned}
    first_offset = natural[0][2]
    anchor = options.start
    if resume is not None and not pinned:
        notices.append(Notice("resumed", (
            f"what is left starts on {day_date(anchor, year=True)} and keeps the plan's order; "
            "plan weekdays may no longer match calendar weekdays")))
    elif options.align and not pinned:
        weekday = DAY_NAMES.index(natural[0][1].day)
        anchor = options.start + timedelta(days=(weekday - options.start.weekday()) % 7)
        if anchor != options.start:
            notices.append(Notice("start-moved", (
                f"start moved from {day_date(options.start, year=True)} to {day_date(anchor, year=True)} so plan "
                f"weekdays fall on the same calendar weekdays (--no-align to start on the day given)")))
    shift = 0
    for week, day, offset in natural:
        if (week.week, day.day) in pinned:
            yield week, day, pinned[(week.week, day.day)]
            continue
        on = anchor + timedelta(days=offset - first_offset + shift)
        skipped_from = on
        while on in options.skip:
            on += timedelta(days=1)
            shift += 1
        if on != skipped_from:
            notices.append(Notice("skipped", (
                f"week {week.week} {day.day.capitalize()} moved from skipped {day_date(skipped_from)} to "
                f"{day_date(on)}; later days shift by {(on - skipped_from).days} day(s)")))
        yield week, day, on


def _timed_total(day: Day) -> int:
    return sum(block.minutes or 0 for block in day.blocks)


def _day_minutes(week: Week, day: Day, on: date, options: Options, notices: list[Notice]) -> list[int | None]:
    """The minutes of each block of the day after scaling to the person's hours."""
    written = [block.minutes for block in day.blocks]
    total = _timed_total(day)
    if total == 0:
        return written
    what = f"week {week.week} {day.day.capitalize()} ({day_date(on)})"
    usual_day = True
    if options.scale is not None:
        target, setting = total * options.scale, "scale"
    else:
        weekend = on.weekday() >= 5
        hours = options.weekend_hours if weekend else options.weekday_hours
        if hours is None:
            return written
        setting = "weekend_hours" if weekend else "weekday_hours"
        same_kind = [_timed_total(d) for d in week.days if (d.day in WEEKEND) == (day.day in WEEKEND)]
        usual = statistics.median(t for t in same_kind if t > 0)
        usual_day = total >= usual
        target = hours * 60 * min(1.0, total / usual)
    g = options.granularity
    target_minutes = max(g, round(target / g) * g)
    window = _minutes_between(options.day_start, options.day_end)
    if target_minutes > window:
        raise SettingError(setting, (
            f"{what} would need {target_minutes // 60} h {target_minutes % 60:02d} min, more "
            f"than the {window // 60} h {window % 60:02d} min between the day start and end"))
    timed = [m for m in written if m is not None]
    scaled, overrun = allocate(timed, target_minutes, g, options.min_block)
    if overrun and usual_day:
        raise SettingError(setting, (
            f"{what} has {len(timed)} blocks of at least {options.min_block} min, which do "
            f"not fit in {target_minutes} min; give more hours or a smaller --min-block"))
    if overrun:
        notices.append(Notice("over-target", (
            f"{day_date(on)}: the blocks at their minimum of {options.min_block} min need "
            f"{overrun} min more than the {target_minutes} min target; the day runs over")))
    scaled_iter = iter(scaled)
    return [next(scaled_iter) if m is not None else None for m in written]


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


def _place_day(plan: Plan, week: Week, day: Day, on: date, minutes: list[int | None],
               slots: Mapping[str, time], zone: ZoneInfo, options: Options, resume: ResumeState,
               busy: tuple[Interval, ...], notices: list[Notice], busy_until: datetime | None) -> list[Session]:
    return list(_placed_sessions(plan, week, day, on, minutes, slots, zone, options, resume, busy, notices,
                                 busy_until))


def _placed_sessions(plan: Plan, week: Week, day: Day, on: date, minutes: list[int | None],
                     slots: Mapping[str, time], zone: ZoneInfo, options: Options, resume: ResumeState,
                     busy: tuple[Interval, ...], notices: list[Notice],
                     busy_until: datetime | None) -> Iterator[Session]:
    skipped = resume.done | resume.dropped

    def slot_time(i: int) -> time:
        slot = day.blocks[i].slot
        return slots[slot] if slot else time.max

    order = sorted((i for i in range(len(day.blocks)) if block_id(week, day, i) not in skipped),
                   key=lambda i: (slot_time(i), i))
    window_start = local_time(on, options.day_start, zone)
    window_end = local_time(on, options.day_end, zone)
    cursor = busy_until
    taken: list[tuple[datetime, datetime]] = []
    for i in order:
        block = day.blocks[i]
        length = minutes[i]
        make = _session_maker(plan, week, day, on, i, block)
        if length is None:
            yield make(None, None, None)
            continue
        assert block.slot is not None  # the loader requires a slot for timed blocks
        start = local_time(on, slots[block.slot], zone)
        if start < window_start:
            notices.append(Notice("day-window", (
                f"{day_date(on)}: {block.activity} ({block.slot} {slots[block.slot]:%H:%M}) starts "
                f"before --day-start {options.day_start:%H:%M}; moved to {options.day_start:%H:%M}")))
            start = window_start
        if cursor is not None and start < cursor:
            start = cursor
        duration = timedelta(minutes=length)
        if _overlaps(start, start + duration, busy):
            free = _nearest_free(start, duration, window_start, window_end, [*busy, *taken])
            what = f"{day_date(on)}: {block.activity} ({block_id(week, day, i)})"
            if free is None:
                notices.append(Notice("busy", (
                    f"{what} collides with a busy event and no free {length} min gap is left that "
                    f"day; kept at {start.astimezone(zone):%H:%M}")))
            else:
                notices.append(Notice("busy", (
                    f"{what} moved from {start.astimezone(zone):%H:%M} to "
                    f"{free.astimezone(zone):%H:%M} around a busy event")))
                start = free
        end = start + duration
        taken.append((start, end))
        cursor = max(cursor, end) if cursor else end
        if end > window_end:
            notices.append(Notice("day-window", (
                f"{day_date(on)}: {block.activity} ends at {end.astimezone(zone):%H:%M}, after "
                f"--day-end {options.day_end:%H:%M}")))
        yield make(start.astimezone(zone), end.astimezone(zone), length)


def _overlaps(start: datetime, end: datetime, intervals: tuple[tuple[datetime, datetime], ...]) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in intervals)


def _nearest_free(desired: datetime, duration: timedelta, window_start: datetime, window_end: datetime,
                  occupied: list[tuple[datetime, datetime]]) -> datetime | None:
    """The start nearest ``desired`` where ``duration`` fits in the window clear of ``occupied``."""
    best: datetime | None = None
    free_from = window_start
    for busy_start, busy_end in [*sorted(occupied), (window_end, window_end)]:
        gap_end = min(busy_start, window_end)
        if gap_end - free_from >= duration:
            candidate = min(max(desired, free_from), gap_end - duration)
            if best is None or abs(candidate - desired) < abs(best - desired):
                best = candidate
        free_from = max(free_from, busy_end)
    return best


def _session_maker(plan: Plan, week: Week, day: Day, on: date, index: int,
                   block: Block) -> Callable[[datetime | None, datetime | None, int | None], Session]:
    identifier = block_id(week, day, index)

    def make(start: datetime | None, end: datetime | None, length: int | None) -> Session:
        return Session(
            block_id=identifier, uid=f"{identifier}.{plan.id}@prepctl", week=week.week,
            day=day.day, date=on, start=start, end=end, minutes=length, slot=block.slot,
            activity=block.activity, details=block.details, focus=block.focus, day_title=day.title,
        )

    return make


def local_time(on: date, clock: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in ``zone``.

    A time inside a DST gap moves forward to the first valid wall time; an ambiguous
    one (fall back) takes the first occurrence.
    """
    naive = datetime.combine(on, clock)
    for shift in range(0, 24 * 60):
        candidate = (naive + timedelta(minutes=shift)).replace(tzinfo=zone, fold=0)
        instant = candidate.astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == candidate.replace(tzinfo=None):
            return instant
    raise AssertionError("no valid wall time within a day")  # pragma: no cover


def latest_start(plan: Plan, options: Options, resume: ResumeState | None, by: date, today: date) -> date:
    """The latest start whose plan finishes the day before ``by`` (an interview date).

    Skipped dates and the other options count. A date too close to fit is an error
    that names the earliest feasible date and the hours a day it would otherwise take.
    """
    candidate = by - timedelta(days=1)
    for _ in range(10_000):
        placed = list(_plan_dates(plan, replace(options, start=candidate), resume, []))
        if not placed:
            raise BadInputError("--by: nothing is left to schedule")
        overshoot = (placed[-1][2] - by).days + 1
        if overshoot <= 0:
            start = candidate
            if options.align and resume is None:
                weekday = DAY_NAMES.index(placed[0][1].day)
                start += timedelta(days=(weekday - candidate.weekday()) % 7)
            if start >= today:
                return start
            break
        candidate -= timedelta(days=overshoot)
    earliest = [on for _, _, on in _plan_dates(plan, replace(options, start=today), resume, [])][-1]
    left = max(1, (by - today).days - sum(1 for d in options.skip if today <= d < by))
    total = sum(block.minutes or 0 for week in _selected_weeks(plan, options) for day in week.days
                for i, block in enumerate(day.blocks)
                if resume is None or block_id(week, day, i) not in resume.done | resume.dropped)
    raise BadInputError(
        f"--by {by}: too close to fit the plan: starting today it ends on {day_date(earliest, year=True)}, "
        f"so the earliest interview date is {day_date(earliest + timedelta(days=1), year=True)}; squeezing its "
        f"{total / 60:.0f} h into the {left} days left would take {total / 60 / left:.1f} h a day "
        f"(or join later with --from-week)")

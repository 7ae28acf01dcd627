"""Wall-clock time and busy time: instants of a day in the person's zone, and the gaps
between what they cannot use (busy events, work hours, a repeated DST hour, hours past).

Every instant is UTC computed from wall-clock times in the zone, so durations stay exact
across DST changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

Interval = tuple[datetime, datetime]


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


def repeated_hour(on: date, zone: ZoneInfo) -> Interval | None:
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


def busy_by_day(busy: tuple[Interval, ...], zone: ZoneInfo) -> dict[date | None, list[Interval]]:
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


def overlaps(start: datetime, end: datetime, intervals: tuple[Interval, ...] | list[Interval]) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in intervals)


def gaps(window_start: datetime, window_end: datetime, blocked: list[Interval]) -> list[Interval]:
    """The free stretches of a window once the blocked intervals are taken out, in order."""
    free: list[Interval] = []
    cursor = window_start
    for busy_start, busy_end in sorted(blocked):
        if busy_start > cursor:
            free.append((cursor, min(busy_start, window_end)))
        cursor = max(cursor, busy_end)
        if cursor >= window_end:
            break
    if cursor < window_end:
        free.append((cursor, window_end))
    return [(s, e) for s, e in free if e > s]


def minutes_in(intervals: list[Interval]) -> int:
    return sum(int((end - start).total_seconds() // 60) for start, end in intervals)


def nearest_start(desired: datetime, length: timedelta, free: list[Interval]) -> datetime | None:
    """The start nearest ``desired`` (never before the first gap's start) where ``length`` fits
    inside one free gap."""
    best: datetime | None = None
    for gap_start, gap_end in free:
        if gap_end - gap_start < length:
            continue
        candidate = min(max(desired, gap_start), gap_end - length)
        if best is None or abs(candidate - desired) < abs(best - desired):
            best = candidate
    return best

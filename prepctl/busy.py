"""Busy time from existing calendars (a work calendar export), as UTC intervals.

Recurring events are expanded by recurring-ical-events (exceptions and moved
occurrences included, each in its own zone). All-day and transparent events do
not block: they mark the day, not the hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from prepctl.errors import BadInputError

Interval = tuple[datetime, datetime]


def load_busy(paths: list[Path], first: date, last: date, zone: ZoneInfo) -> tuple[Interval, ...]:
    """Busy intervals of every calendar file between ``first`` and ``last`` (inclusive)."""
    import recurring_ical_events
    from icalendar import Calendar

    intervals: list[Interval] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise BadInputError(f"--busy: {path}: cannot read: {error.strerror}") from None
        if b"BEGIN:VCALENDAR" not in raw[:4096]:
            raise BadInputError(f"--busy: {path}: not an iCalendar (.ics) file")
        try:
            calendar = Calendar.from_ical(raw)
            window = (datetime.combine(first - timedelta(days=1), time()),
                      datetime.combine(last + timedelta(days=2), time()))
            events = recurring_ical_events.of(calendar).between(*window)
        except Exception as error:  # icalendar raises ValueError and its own types
            raise BadInputError(f"--busy: {path}: cannot read the calendar: {error}") from None
        for event in events:
            interval = _busy_interval(event, zone)
            if interval:
                intervals.append(interval)
    return tuple(sorted(intervals))


def _busy_interval(event: object, zone: ZoneInfo) -> Interval | None:
    transparent = str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT"  # type: ignore[attr-defined]
    start = event.get("DTSTART")  # type: ignore[attr-defined]
    if transparent or start is None or not isinstance(start.dt, datetime):
        return None
    end_value = event.get("DTEND")  # type: ignore[attr-defined]
    duration = event.get("DURATION")  # type: ignore[attr-defined]
    begin = _utc(start.dt, zone)
    if end_value is not None:
        end = _utc(end_value.dt, zone)
    elif duration is not None:
        end = begin + duration.dt
    else:
        return None
    return (begin, end) if end > begin else None


def _utc(moment: datetime, zone: ZoneInfo) -> datetime:
    # A floating time (no zone) is wall-clock time wherever you are: your zone.
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(UTC)

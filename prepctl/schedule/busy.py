"""Busy time from existing calendars (a work calendar export), as UTC intervals.

Recurring events are expanded by recurring-ical-events (exceptions and moved occurrences
included, each in its own zone). All-day, transparent and cancelled events do not block:
they mark the day or were called off. An event the plan's weeks can touch that prepctl
cannot read as its author meant is one line naming the file and the event, never a silent
guess; a one-off event days away from the plan is not read at all.
"""

from __future__ import annotations

import itertools
import re
import stat
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prepctl.errors import BadInputError

Interval = tuple[datetime, datetime]
MAX_BYTES = 64 * 1024 * 1024
MAX_OCCURRENCES = 10_000  # two years of 100 meetings a week; more is an event gone wild
REPEATS = ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")  # an event with any of these is part of a series
# what busy time is read from; descriptions, attendees and alarms are left unparsed
WHEN = frozenset({"UID", "DTSTART", "DTEND", "DURATION", "STATUS", "TRANSP", "SEQUENCE", "EXRULE", *REPEATS})


def load_busy(
    paths: list[Path], first: date, last: date, zone: ZoneInfo, fetched: tuple[tuple[str, Any], ...] = ()
) -> tuple[Interval, ...]:
    """Busy intervals of every calendar file, and of calendars ``fetched`` from a server
    (name, icalendar Calendar), between ``first`` and ``last`` (inclusive)."""
    intervals: list[Interval] = []
    for path in paths:
        where = f"--busy: {path}"
        intervals.extend(calendar_intervals(_read_file(path, where, first, last), where, first, last, zone))
    for name, calendar in fetched:
        intervals.extend(calendar_intervals(calendar, f"--busy: {name}", first, last, zone))
    return tuple(sorted(intervals))


def _read_file(path: Path, where: str, first: date, last: date) -> Any:
    from icalendar import Calendar

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise BadInputError(f"{where}: not a file")
        if path.stat().st_size > MAX_BYTES:
            raise BadInputError(f"{where}: larger than {MAX_BYTES // 1024 // 1024} MB; export a shorter range")
        raw = path.read_bytes()
    except OSError as error:
        raise BadInputError(f"{where}: cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInputError(f"{where}: not UTF-8 text (calendar files are UTF-8; export it again)") from None
    if b"BEGIN:VCALENDAR" not in raw[:4096]:
        raise BadInputError(f"{where}: not an iCalendar (.ics) file")
    try:
        calendar = Calendar.from_ical(_what_can_touch(text, first, last))
    except Exception as error:  # icalendar raises ValueError and its own types
        raise BadInputError(f"{where}: not a valid iCalendar file ({error})") from None
    return calendar


def _what_can_touch(text: str, first: date, last: date) -> str:
    """The calendar as far as busy time between ``first`` and ``last`` depends on it.

    A work calendar export holds years of meetings with descriptions, attendees and alarms,
    and parsing all of it was most of a run with --busy. This pass reads icalendar's own
    unfolded content lines, and of those only property names and the date that starts a
    DTSTART or DTEND value (such a value holds no colon, so it follows the line's last one).
    A one-off event (no repeats, its UID not shared) that starts after the plan or ends before
    it, with days to spare for any zone, is left out; the events kept keep only the properties
    busy time is read from. Components not nested as BEGIN/END pairs leave the text as it is,
    for icalendar to judge.
    """
    from icalendar.parser import Contentlines

    parts: list[str | dict[str, list[str]]] = []  # lines outside events; each event's kept lines by name
    events: list[dict[str, list[str]]] = []
    open_components: list[str] = []
    for line in Contentlines.from_ical(text):  # type: ignore[no-untyped-call]
        if not line:
            continue
        name = line.partition(":")[0].partition(";")[0].upper()
        if name in ("BEGIN", "END"):
            component = line.partition(":")[2].strip().upper()
            if name == "BEGIN":
                open_components.append(component)
                if len(open_components) == 2 and component == "VEVENT":
                    events.append({"BEGIN": [line]})
                    parts.append(events[-1])
                    continue
            elif not open_components or open_components.pop() != component:
                return text
            elif len(open_components) == 1 and component == "VEVENT":
                events[-1]["END"] = [line]
                continue
        if len(open_components) < 2 or open_components[1] != "VEVENT":
            parts.append(line)
        elif len(open_components) == 2 and name in WHEN:
            events[-1].setdefault(name, []).append(line)
    if open_components:
        return text
    shared = Counter(uid for event in events for uid in event.get("UID", ()))
    low, high = first - timedelta(days=3), last + timedelta(days=3)
    kept = [
        line
        for part in parts
        if isinstance(part, str) or not _far_away(part, shared, low, high)
        for line in ([part] if isinstance(part, str) else itertools.chain(*part.values()))
    ]
    return "\r\n".join(kept) + "\r\n"


def _far_away(event: dict[str, list[str]], shared: Counter[str], low: date, high: date) -> bool:
    """Whether a one-off event lies wholly before ``low`` or after ``high``."""
    if any(key in event for key in REPEATS) or any(shared[uid] > 1 for uid in event.get("UID", ())):
        return False
    start = _day(event.get("DTSTART"))
    if start is None:
        return False  # icalendar and the checks say what is wrong with it
    if start > high:
        return True
    end = _day(event["DTEND"]) if "DTEND" in event else (None if "DURATION" in event else start)
    return end is not None and end < low


_DAY = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:T|$)")


def _day(lines: list[str] | None) -> date | None:
    """The date a DTSTART or DTEND value starts with; None for none, or for more than one."""
    found = _DAY.match(lines[0].rpartition(":")[2]) if lines and len(lines) == 1 else None
    try:
        return date(*map(int, found.groups())) if found else None
    except ValueError:
        return None


def calendar_intervals(calendar: Any, where: str, first: date, last: date, zone: ZoneInfo) -> list[Interval]:
    """The busy intervals of one calendar; an event that cannot be read as meant is an error."""
    import recurring_ical_events

    for event in calendar.walk("VEVENT"):
        _check(event, where)
    start = datetime.combine(first - timedelta(days=1), time())
    stop = datetime.combine(last + timedelta(days=2), time())
    too_many = BadInputError(
        f"{where}: more than {MAX_OCCURRENCES:,} busy events before {last} (an event "
        "repeating every hour?); export the weeks of the plan only"
    )
    fixed, once, series = _split(calendar)
    low, high = start.replace(tzinfo=zone), stop.replace(tzinfo=zone)
    try:
        found = [
            *(e for e in fixed if e["DTSTART"].dt < high and low < e["DTEND"].dt),
            *recurring_ical_events.of(once).between(start, stop),
        ]  # at most one occurrence each
        if len(found) > MAX_OCCURRENCES:
            raise too_many
        intervals = [interval for event in found if (interval := _busy_interval(event, zone)) is not None]
        for count, event in enumerate(recurring_ical_events.of(series).after(start), start=len(found)):
            if count >= MAX_OCCURRENCES:
                raise too_many
            interval = _busy_interval(event, zone)
            if interval is not None and interval[0] >= high:
                break
            if interval is not None:
                intervals.append(interval)
    except BadInputError:
        raise
    except Exception as error:  # a broken property surfaces when an occurrence is computed
        raise BadInputError(f"{where}: cannot read the calendar ({error})") from None
    return intervals


def _split(calendar: Any) -> tuple[list[Any], Any, Any]:
    """The events that happen once at fixed instants, the other one-off events, and the series
    (with their moved and called-off occurrences).

    recurring-ical-events' ``after`` asks every event again for each slice of time it walks
    (15 minutes in a busy week), so ten thousand one-off meetings cost minutes. An event with
    a zoned start and end needs no expansion: it is read as it is. Other one-off events (floating,
    DURATION, all-day) go through one ``between`` pass, which reads them as ``after`` does. Both
    calendars keep the file's properties (X-WR-TIMEZONE) and time zones.
    """
    events = [c for c in calendar.subcomponents if c.name == "VEVENT"]
    uids = Counter(str(e.get("UID")) for e in events)
    once, series = type(calendar)(calendar), type(calendar)(calendar)
    once.subcomponents = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
    series.subcomponents = [c for c in calendar.subcomponents if c.name != "VEVENT"]
    fixed = []
    for event in events:
        if uids[str(event.get("UID"))] > 1 or any(key in event for key in REPEATS):
            series.subcomponents.append(event)
        elif all(
            isinstance(moment, datetime) and moment.tzinfo is not None
            for moment in (event["DTSTART"].dt, event.get("DTEND") and event["DTEND"].dt)
        ):
            fixed.append(event)
        else:
            once.subcomponents.append(event)
    return fixed, once, series


def _name(event: Any, where: str) -> str:
    return f"{where}: event {str(event.get('UID', '(no UID)'))[:60]}"


def _check(event: Any, where: str) -> None:
    """An event is read as its author meant it, or not at all: a start, known zones, an end
    that does not come before the start."""
    name = _name(event, where)
    times = {}
    for key in ("DTSTART", "DTEND"):
        value = event.get(key)
        if value is None:
            continue
        try:
            moment = value.dt
        except Exception:  # icalendar keeps a broken value and raises when it is read
            shown = value.to_ical().decode()[:40]
            raise BadInputError(f"{name}: {key} is not a date or date-time: {shown!r}") from None
        tzid = value.params.get("TZID")
        if isinstance(moment, datetime) and moment.tzinfo is None and tzid:
            raise BadInputError(f"{name}: unknown time zone {tzid!r} (and no VTIMEZONE for it in the file)")
        times[key] = moment
    if "DTSTART" not in times:
        raise BadInputError(f"{name}: no DTSTART")
    for rule in event.get("RRULE", []) if isinstance(event.get("RRULE"), list) else [event.get("RRULE")]:
        every = str(rule.get("FREQ", [""])[0]).upper() if rule is not None else ""
        if every in ("SECONDLY", "MINUTELY", "HOURLY"):
            unit = {"SECONDLY": "second", "MINUTELY": "minute", "HOURLY": "hour"}[every]
            raise BadInputError(
                f"{name}: repeats every {unit}; busy calendars are read for events that repeat "
                "at most daily (for working hours, use --work-hours)"
            )
    start, end = times["DTSTART"], times.get("DTEND")
    if end is not None and type(start) is type(end) and _comparable(end) < _comparable(start):
        raise BadInputError(f"{name}: ends before it starts ({start} to {end})")


def _comparable(moment: date) -> datetime:
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time(), tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _busy_interval(event: Any, zone: ZoneInfo) -> Interval | None:
    """An occurrence as a UTC interval, or None when it blocks no hours."""
    if str(event.get("STATUS", "")).upper() == "CANCELLED" or str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return None
    start = event.get("DTSTART").dt
    if not isinstance(start, datetime):
        return None  # all day: it marks the day, not the hours
    end_value, length = event.get("DTEND"), event.get("DURATION")
    if end_value is not None and isinstance(end_value.dt, datetime):
        end = _utc(end_value.dt, zone)
    elif length is not None:
        end = _utc(start, zone) + length.dt
    else:
        return None  # no end: an instant (RFC 5545 3.6.1), which blocks no time
    begin = _utc(start, zone)
    return (begin, end) if end > begin else None


def _utc(moment: datetime, zone: ZoneInfo) -> datetime:
    # A floating time (no zone) is wall-clock time wherever you are: your zone.
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(UTC)

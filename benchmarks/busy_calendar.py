"""A generated work calendar for the ``--busy`` benchmark: a dense export, two years long.

    python benchmarks/busy_calendar.py OUT_FOLDER [EVENTS] [--as-exported]

Weekdays from ``start`` for two years hold the meetings, 08:00–18:00 Europe/Berlin, 15–60
minutes each, overlapping as real calendars do. A few recurring series (a daily stand-up, a
weekly one-to-one, a fortnightly all-hands with a cancelled occurrence) are counted in
``events``; single VEVENTs make up the rest, so the file holds ``events`` occurrences over
two years (prepctl reads at most 10,000 of them). ``--as-exported`` gives each meeting what
Outlook and Google Calendar exports carry: a description, a location, an organizer, attendees
and a reminder, and starts the two years one year back, as an export of a calendar in use does.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vRecur

BERLIN = ZoneInfo("Europe/Berlin")
DAYS = 2 * 365
SERIES = (  # (uid, rule, first weekday, start time, minutes, occurrences over the two years)
    ("standup", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=200", 0, time(9, 30), 15, 200),
    ("one-to-one", "FREQ=WEEKLY;BYDAY=TH;COUNT=100", 3, time(16, 0), 30, 100),
    ("all-hands", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;COUNT=52", 4, time(11, 0), 60, 52),  # one called off
)


def write_busy_calendar(
    folder: Path, events: int = 10_000, start: date = date(2027, 1, 4), as_exported: bool = False
) -> Path:
    """Write ``folder/busy-EVENTS.ics``: ``events`` busy occurrences from ``start`` over two years."""
    calendar = Calendar()
    calendar.add("prodid", "-//prepctl benchmarks//busy calendar//EN")
    calendar.add("version", "2.0")
    for uid, rule, weekday, at, minutes, _ in SERIES:
        first = datetime.combine(start + timedelta(days=(weekday - start.weekday()) % 7), at, BERLIN)
        calendar.add_component(_series(uid, rule, first, minutes))
        if uid == "all-hands":  # its second occurrence is called off
            calendar.add_component(_cancelled(uid, first + timedelta(days=14), minutes))
    weekdays = [start + timedelta(days=n) for n in range(DAYS) if (start + timedelta(days=n)).weekday() < 5]
    singles = events - sum(count for *_, count in SERIES)
    pick = random.Random(20270104)
    for n in range(singles):
        on = weekdays[n * len(weekdays) // singles]  # spread evenly, about 19 a weekday
        begin = datetime.combine(on, time(8), BERLIN) + timedelta(minutes=15 * pick.randrange(37))
        event = Event()
        event.add("uid", f"meeting-{n}@bench")
        event.add("summary", f"Meeting {n}")
        event.add("dtstart", begin)
        event.add("dtend", begin + timedelta(minutes=15 * pick.randint(1, 4)))
        if as_exported:
            _as_exported(event, n)
        calendar.add_component(event)
    calendar.add_missing_timezones()  # as exports do: a VTIMEZONE for Europe/Berlin
    path = folder / f"busy-{events}{'-exported' if as_exported else ''}.ics"
    path.write_bytes(calendar.to_ical())
    return path


def _as_exported(event: Event, n: int) -> None:
    event.add("dtstamp", datetime(2026, 11, 30, 12, tzinfo=BERLIN))
    event.add("location", f"Room {n % 12} / https://meet.example.com/{n:06d}")
    event.add("organizer", f"mailto:lead{n % 7}@example.com", parameters={"CN": f"Lead {n % 7}"})
    for person in range(4):
        event.add(
            "attendee",
            f"mailto:person{(n + person) % 40}@example.com",
            parameters={"CN": f"Person {(n + person) % 40}", "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "ACCEPTED"},
        )
    event.add(
        "description",
        f"Agenda for meeting {n}: status, risks, next steps. Join online: "
        f"https://meet.example.com/{n:06d} (passcode {n % 9973}). " * 2,
    )
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", "Reminder")
    alarm.add("trigger", timedelta(minutes=-15))
    event.add_component(alarm)


def _series(uid: str, rule: str, begin: datetime, minutes: int) -> Event:
    event = Event()
    event.add("uid", f"{uid}@bench")
    event.add("summary", uid.replace("-", " ").capitalize())
    event.add("dtstart", begin)
    event.add("duration", timedelta(minutes=minutes))
    event.add("rrule", vRecur.from_ical(rule))
    return event


def _cancelled(uid: str, begin: datetime, minutes: int) -> Event:
    event = Event()
    event.add("uid", f"{uid}@bench")
    event.add("recurrence-id", begin)
    event.add("dtstart", begin)
    event.add("duration", timedelta(minutes=minutes))
    event.add("status", "CANCELLED")
    return event


if __name__ == "__main__":
    exported = "--as-exported" in sys.argv
    numbers = [int(a) for a in sys.argv[2:] if a.isdigit()]
    start = date(2026, 1, 5) if exported else date(2027, 1, 4)
    print(write_busy_calendar(Path(sys.argv[1]), *numbers[:1], start=start, as_exported=exported))

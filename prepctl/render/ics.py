"""The ICS calendar, built with icalendar (never by hand)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event
from icalendar.parser import Contentline

from prepctl import __version__
from prepctl.model import Plan
from prepctl.render import RenderContext
from prepctl.render.vtimezone import build_vtimezone
from prepctl.schedule import Schedule, Session
from prepctl.templating import compiled, environment


def summary(session: Session) -> str:
    """``W1 Mon · Coding — 2 LeetCode easy/medium (arrays, strings)``"""
    head = f"W{session.week} {session.day.capitalize()} · {session.activity}"
    return f"{head} — {session.details}" if session.details else head


def _event(session: Session, plan: Plan, description: str, context: RenderContext,
           alarm: int | None) -> Event:
    """One VEVENT: the mapping from a session to iCalendar properties, in one place."""
    all_day = session.start is None
    properties: dict[str, object] = {
        "uid": session.uid,
        "dtstamp": context.stamp,
        "dtstart": session.date if all_day else session.start,
        "dtend": session.date + timedelta(days=1) if all_day else session.end,
        "summary": summary(session),
        "description": description,
        "categories": list(dict.fromkeys([plan.focus_areas[session.focus].title, session.activity])),
        "sequence": session.sequence,
        "transp": "TRANSPARENT" if all_day else "OPAQUE",
    }
    if session.sequence:
        properties["last-modified"] = context.stamp
    event = Event()
    for name, value in properties.items():
        event.add(name, value)
    if alarm is not None and not all_day:
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", summary(session))
        reminder.add("trigger", timedelta(minutes=-alarm))
        event.add_component(reminder)
    return event


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    env = environment(context.templates)
    weeks = {week.week: week for week in plan.weeks}
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//prepctl//prepctl {__version__}//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plan.title)
    calendar.add("x-wr-timezone", schedule.options.tz)
    if schedule.sessions:
        zone = ZoneInfo(schedule.options.tz)
        first, last = schedule.first_date, schedule.last_date
        assert first is not None and last is not None
        calendar.add_component(build_vtimezone(zone, first, last + timedelta(days=1)))
    describe = compiled(env, "event.txt.j2")
    for session in schedule.sessions:
        description = describe(session=session, week=weeks[session.week],
                               focus=plan.focus_areas[session.focus], plan=plan)
        calendar.add_component(_event(session, plan, description.strip(), context, schedule.options.alarm))
    return _serialize(calendar)


def _serialize(calendar: Calendar) -> bytes:
    """``calendar.to_ical()``, byte for byte, without folding lines that need no fold.

    icalendar folds every content line character by character, a third of the time for a
    year-long plan; a line of at most 74 octets comes out of that fold unchanged, so only
    longer lines go through it.
    """
    return b"\r\n".join(_folded(line) for line in calendar.content_lines() if line) + b"\r\n"


def _folded(line: Contentline) -> bytes:
    data = line.encode()
    if len(data) < 75:
        return data
    folded: bytes = line.to_ical()  # type: ignore[no-untyped-call]
    return folded

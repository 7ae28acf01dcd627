"""The ICS calendar, built with icalendar (never by hand)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from prepctl import __version__
from prepctl.model import Plan
from prepctl.render import RenderContext
from prepctl.render.vtimezone import build_vtimezone
from prepctl.schedule import Schedule, Session
from prepctl.templating import environment, render as render_template


def summary(session: Session) -> str:
    """``W1 Mon · Coding — 2 LeetCode easy/medium (arrays, strings)``"""
    head = f"W{session.week} {session.day.capitalize()} · {session.activity}"
    return f"{head} — {session.details}" if session.details else head


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
    for session in schedule.sessions:
        description = render_template(
            env, "event.txt.j2", session=session, week=weeks[session.week],
            focus=plan.focus_areas[session.focus], plan=plan,
        )
        all_day = session.start is None
        event = Event.new(
            uid=session.uid,
            stamp=context.stamp,
            start=session.date if all_day else session.start,
            end=session.date + timedelta(days=1) if all_day else session.end,
            summary=summary(session),
            description=description.strip(),
            categories=list(dict.fromkeys([plan.focus_areas[session.focus].title, session.activity])),
            sequence=session.sequence,
            last_modified=context.stamp if session.sequence else None,
            transparency="TRANSPARENT" if all_day else "OPAQUE",
        )
        if schedule.options.alarm is not None and not all_day:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(session))
            alarm.add("trigger", timedelta(minutes=-schedule.options.alarm))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()

"""The ICS calendar, built with icalendar (never by hand)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Todo
from icalendar.parser import Contentline
from icalendar.prop import vCategory, vDDDTypes, vInt, vText

from prepctl import __version__
from prepctl.model.plan import Day, Plan
from prepctl.model.schedule import Schedule, Session
from prepctl.render import RenderContext
from prepctl.render.templating import compiled, environment
from prepctl.render.vtimezone import build_vtimezone

TITLE_LENGTH = 60
# RFC 7986 COLOR takes a CSS3 colour name; one per focus area, in the plan's order
COLORS = ("steelblue", "darkorange", "seagreen", "mediumpurple", "firebrick", "goldenrod", "teal", "slategray")


def summary(session: Session) -> str:
    """What to do, first: ``Coding · 2 LeetCode easy/medium (arrays, strings)``, cut at a word
    to about 60 characters; a week view shows the start of it, the description all of it."""
    text = " ".join(f"{session.activity} · {session.details}".split()) if session.details else session.activity
    part = f" (part {session.part} of {session.parts})" if session.part else ""
    if len(text) + len(part) <= TITLE_LENGTH:
        return text + part
    if part:  # the part number stays readable: the text is cut before it
        head = text[: TITLE_LENGTH - len(part) - 1]
        return f"{head.rsplit(' ', 1)[0].rstrip(' ·,;:—-') if ' ' in head else head}…{part}"
    head = text[: TITLE_LENGTH - 1]
    words = head.rsplit(" ", 1)[0] if " " in head[TITLE_LENGTH // 2 :] else head  # a very long word is cut
    return f"{words.rstrip(' ·,;:—-')}…"


def _event(
    session: Session, plan: Plan, description: str, stamp: vDDDTypes, alarm: int | None, cancelled: bool = False
) -> Event:
    """One VEVENT: the mapping from a session to iCalendar properties, in one place.

    Values are given as icalendar's own types, each property once, so the component is made
    from them as the mapping it is: ``add`` would guess each type and look for an earlier
    value, a fifth of the time for a year-long plan. ``stamp`` is one shared, encoded value.
    """
    start: date
    if session.start is None or session.end is None:
        start, end, all_day = session.date, session.date + timedelta(days=1), True
    else:
        start, end, all_day = session.start, session.end, False
    properties: dict[str, object] = {
        "uid": vText(session.uid),
        "dtstamp": stamp,
        "dtstart": vDDDTypes(start),
        "dtend": vDDDTypes(end),
        "summary": vText(summary(session)),
        "description": vText(description),
        "categories": vCategory([plan.focus_areas[session.focus].title]),
        "color": vText(_color(plan, session)),
        "sequence": vInt(session.sequence),
        "transp": vText("TRANSPARENT" if all_day or cancelled else "OPAQUE"),
    }
    if cancelled:
        properties["status"] = vText("CANCELLED")
    if session.last_modified is not None:
        properties["last-modified"] = vDDDTypes(session.last_modified.astimezone(UTC))
    event = Event(properties)
    if alarm is not None and not all_day and not cancelled:
        reminder = Alarm(
            {
                "action": vText("DISPLAY"),
                "description": vText(summary(session)),
                "trigger": vDDDTypes(timedelta(minutes=-alarm)),
            }
        )
        event.add_component(reminder)
    return event


def _task(session: Session, plan: Plan, uid: str, description: str, stamp: vDDDTypes, done: bool) -> Todo:
    """One VTODO (RFC 5545 3.6.2) for task apps: the block from its start, due at its end."""
    task = Todo()
    task.add("uid", vText(uid))
    task.add("dtstamp", stamp)
    if session.start is not None and session.end is not None:
        task.add("dtstart", vDDDTypes(session.start))
        task.add("due", vDDDTypes(session.end))
    else:
        task.add("dtstart", vDDDTypes(session.date))
        task.add("due", vDDDTypes(session.date + timedelta(days=1)))
    task.add("summary", vText(summary(session)))
    task.add("description", vText(description))
    task.add("categories", vCategory([plan.focus_areas[session.focus].title]))
    task.add("sequence", vInt(session.sequence))
    task.add("status", vText("COMPLETED" if done else "NEEDS-ACTION"))
    if done:
        task.add("percent-complete", vInt(100))
        task.add("completed", stamp)
    return task


def calendar_object(
    session: Session,
    plan: Plan,
    *,
    uid: str,
    task: bool,
    done: bool,
    description: str,
    stamp: datetime,
    alarm: int | None,
    zone: Component | None,
) -> bytes:
    """One session as a CalDAV calendar object: a VCALENDAR with its time zone and one VEVENT
    or VTODO (RFC 4791 4.1: one item per resource)."""
    calendar = _calendar()
    if zone is not None:
        calendar.add_component(zone)
        session = in_zone(session, ZoneInfo(str(zone["TZID"])))
    moment = vDDDTypes(stamp.astimezone(UTC))
    if task:
        calendar.add_component(_task(session, plan, uid, description, moment, done))
    else:
        calendar.add_component(_event(session, plan, description, moment, alarm))
    return _serialize(calendar)


def _calendar() -> Calendar:
    """A VCALENDAR with what RFC 5545 requires of every one: VERSION and PRODID."""
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//prepctl//prepctl {__version__}//EN")
    return calendar


def zone_component(zone_name: str, first: date, last: date) -> Component:
    """The VTIMEZONE every object of a span shares."""
    return build_vtimezone(ZoneInfo(zone_name), first, last + timedelta(days=1))


_END = b"END:VCALENDAR\r\n"


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    """The calendar; icalendar writes every line. The events are placed where the
    calendar's own serialization puts its components: before its last line."""
    calendar = _calendar()
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # escaped as TEXT and marked VALUE=TEXT: unescaped, a comma ends the name in vobject;
    # escaped without the mark, icalendar and ical.js (Thunderbird) show the backslashes
    calendar.add("x-wr-calname", vText(plan.title), parameters={"VALUE": "TEXT"})
    calendar.add("x-wr-timezone", schedule.options.tz)
    dates = [s.date for s in (*schedule.sessions, *schedule.cancelled)]
    if dates:
        zone = schedule.options.zone
        calendar.add_component(build_vtimezone(zone, min(dates), max(dates) + timedelta(days=1)))
    head = _serialize(calendar)
    assert head.endswith(_END)
    return head[: -len(_END)] + _events(schedule, plan, context) + _END


def _events(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    """Every session as a VEVENT, then the events no longer planned, as cancelled."""
    texts = context.descriptions or {}
    missing = [s for s in (*schedule.sessions, *schedule.cancelled) if s.uid not in texts]
    if missing:  # the template is compiled only for what the run did not render already
        describe = _describer(plan, context, schedule)
        texts = {**texts, **{s.uid: describe(s) for s in missing}}

    def text(session: Session) -> str:
        return texts[session.uid]

    stamp = vDDDTypes(context.stamp.astimezone(UTC))
    alarm = schedule.options.alarm
    events = [_event(s, plan, text(s), stamp, alarm) for s in schedule.sessions]
    zone = schedule.options.zone  # a cancelled event comes from the record, with a bare UTC offset
    events += [_event(in_zone(s, zone), plan, text(s), stamp, alarm, cancelled=True) for s in schedule.cancelled]
    return b"".join(_serialize(event) for event in events)


def in_zone(session: Session, zone: ZoneInfo) -> Session:
    """A session read back from a record (bare UTC offsets) in its zone, so TZID names the zone."""
    if session.start is None or session.end is None:
        return session
    return replace(session, start=session.start.astimezone(zone), end=session.end.astimezone(zone))


def _describer(plan: Plan, context: RenderContext, schedule: Schedule) -> Callable[[Session], str]:
    """The description of each event: the full details, the plan day and week, the week goal;
    the day's callouts on its first event, the week's milestone on its last."""
    template = compiled(environment(context.templates, locale=context.locale), "event.txt.j2")
    weeks = {week.week: week for week in plan.weeks}
    days: dict[tuple[int, str], Day] = {(week.week, day.day): day for week in plan.weeks for day in week.days}
    first_of_day: dict[tuple[int, str], str] = {}
    last_of_week: dict[int, str] = {}
    for session in schedule.sessions:  # in date and time order
        first_of_day.setdefault((session.week, session.day), session.uid)
        last_of_week[session.week] = session.uid

    def describe(session: Session) -> str:
        text: str = template(
            session=session,
            week=weeks[session.week],
            day=days[(session.week, session.day)],
            focus=plan.focus_areas[session.focus],
            plan=plan,
            first_of_day=first_of_day.get((session.week, session.day)) == session.uid,
            last_of_week=last_of_week.get(session.week) == session.uid,
        )
        return text.strip()

    return describe


def descriptions(schedule: Schedule, plan: Plan, context: RenderContext) -> dict[str, str]:
    """Every session's event description by UID: rendered once, for the digest and the file."""
    describe = _describer(plan, context, schedule)
    return {session.uid: describe(session) for session in schedule.sessions}


def shown(schedule: Schedule, plan: Plan, described: dict[str, str]) -> Schedule:
    """The schedule with each session's ``shown`` digest: everything its event shows (text,
    categories, colour, reminder, times), so a re-import knows which events changed, not only
    which moved. Hashed from the values themselves: serializing every event a second time
    only to hash it took a third of a year-long plan's run."""
    import hashlib

    alarm = schedule.options.alarm
    sessions = []
    for session in schedule.sessions:
        when = (
            (session.start.isoformat(), session.end.isoformat())
            if session.start and session.end
            else (session.date.isoformat(),)
        )
        values = (
            summary(session),
            described[session.uid],
            plan.focus_areas[session.focus].title,
            _color(plan, session),
            when,
            None if session.start is None else alarm,
        )
        digest = hashlib.sha256(repr(values).encode()).hexdigest()
        sessions.append(replace(session, shown=digest[:16]))
    return replace(schedule, sessions=tuple(sessions))


def _color(plan: Plan, session: Session) -> str:
    return COLORS[list(plan.focus_areas).index(session.focus) % len(COLORS)]


def _serialize(component: Component) -> bytes:
    """``component.to_ical()``, byte for byte, without folding lines that need no fold.

    icalendar folds every content line character by character, a third of the time for a
    year-long plan; a line of at most 74 octets comes out of that fold unchanged, so only
    longer lines go through it.
    """
    return b"\r\n".join(_folded(line) for line in component.content_lines() if line) + b"\r\n"


def _folded(line: Contentline) -> bytes:
    data = line.encode()
    if len(data) < 75:
        return data
    folded: bytes = line.to_ical()  # type: ignore[no-untyped-call]
    return folded

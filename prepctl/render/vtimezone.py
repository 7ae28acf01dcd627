"""VTIMEZONE components with yearly RRULE observances, built from the tz database.

icalendar's ``add_missing_timezones()`` lists every DST change as RDATE values;
Thunderbird's ical.js, vobject and Outlook desktop misread those and put events
after a DST change an hour off. Calendar clients themselves write one STANDARD
and one DAYLIGHT observance with ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..``, so
this module derives that form from the zone's real transitions.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _State:
    offset: timedelta
    dst: bool
    name: str


@dataclass(frozen=True)
class _Transition:
    instant: datetime  # UTC
    before: _State
    after: _State

    @property
    def wall(self) -> datetime:
        """Local wall time just before the change, as DTSTART expects (naive)."""
        return (self.instant + self.before.offset).replace(tzinfo=None)

    def rule(self) -> tuple[int, int, int]:
        """(month, nth weekday of the month or -1 for last, weekday)."""
        wall = self.wall
        days_in_month = calendar.monthrange(wall.year, wall.month)[1]
        nth = -1 if wall.day + 7 > days_in_month else (wall.day - 1) // 7 + 1
        return wall.month, nth, wall.weekday()

    def key(self) -> tuple[object, ...]:
        return (self.before, self.after, self.rule(), self.wall.time())


def _state(zone: ZoneInfo, instant: datetime) -> _State:
    local = instant.astimezone(zone)
    return _State(local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or "")


def _transitions(zone: ZoneInfo, begin: datetime, end: datetime) -> list[_Transition]:
    found: list[_Transition] = []
    step = timedelta(days=1)
    here, state = begin, _state(zone, begin)
    while here < end:
        there = here + step
        next_state = _state(zone, there)
        if next_state != state:
            low, high = here, there  # the change lies in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _state(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            found.append(_Transition(high.replace(second=0, microsecond=0), state, next_state))
        here, state = there, next_state
    return found


def _runs(transitions: list[_Transition]) -> list[list[_Transition]]:
    """Group transitions that repeat by the same yearly rule in consecutive years."""
    runs: list[list[_Transition]] = []
    for transition in transitions:
        for run in runs:
            last = run[-1]
            if last.key() == transition.key() and transition.wall.year == last.wall.year + 1:
                run.append(transition)
                break
        else:
            runs.append([transition])
    return runs


def _observance(first: _Transition, state: _State) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if state.dst else TimezoneStandard()
    component.add("dtstart", first.wall)
    component.add("tzoffsetfrom", first.before.offset)
    component.add("tzoffsetto", state.offset)
    if state.name:
        component.add("tzname", state.name)
    return component


def build_vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for ``zone`` that is right for every date from ``first`` to ``last``."""
    begin = datetime(first.year - 1, 1, 1, tzinfo=UTC)
    end = datetime(last.year + 2, 1, 1, tzinfo=UTC)
    transitions = _transitions(zone, begin, end)
    timezone = Timezone()
    timezone.add("tzid", zone.key)
    if not transitions or transitions[0].instant.date() > first:
        # Before any change in range (or a zone without DST): one fixed observance.
        state = transitions[0].before if transitions else _state(zone, begin)
        fixed = TimezoneStandard()
        fixed.add("dtstart", datetime(1970, 1, 1))
        # a yearly rule that changes nothing: readers that expand observances only through
        # RRULE/RDATE (the strict ``ical``) see it start, without needing the zone's name
        fixed.add("rrule", vRecur(freq="YEARLY"))
        fixed.add("tzoffsetfrom", state.offset)
        fixed.add("tzoffsetto", state.offset)
        if state.name:
            fixed.add("tzname", state.name)
        timezone.add_component(fixed)
    ongoing_after = end - timedelta(days=400)
    for run in _runs(transitions):
        component = _observance(run[0], run[0].after)
        month, nth, weekday = run[0].rule()
        ongoing = run[-1].instant >= ongoing_after
        if len(run) > 1 or ongoing:
            rule = vRecur(freq="YEARLY", bymonth=month, byday=f"{nth}{_WEEKDAYS[weekday]}")
            if not ongoing:
                # COUNT, not UNTIL: readers disagree on an UNTIL that falls on a change
                # (dateutil, so vobject and Radicale, drops it) or reject UNTIL in a zone
                # rule outright (the strict ``ical``); a count of changes means one thing
                rule["count"] = len(run)
            component.add("rrule", rule)
        timezone.add_component(component)
    return timezone

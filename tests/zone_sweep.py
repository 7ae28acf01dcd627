"""Every time zone's VTIMEZONE, read back by other parsers from the file's own definition.

For each zone and window of plan dates, a calendar holds prepctl's VTIMEZONE under an
unknown TZID (``Sweep/N``, so no reader can fall back on its own tz database) and events at
wall times that exist once: noon on sampled days, and two hours either side of every clock
change. What the readers make of them must be what zoneinfo says. Used by
tests/test_render_zone_sweep.py (a sample) and benchmarks/zone_sweep.py (every zone, 43 windows).
"""

from __future__ import annotations

import json
import logging
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import vobject

from prepctl.render.vtimezone import build_vtimezone

JS_DIR = Path(__file__).parent / "js"


@dataclass(frozen=True)
class Window:
    zone: str
    first: date
    last: date


def _unambiguous(wall: datetime, zone: ZoneInfo) -> bool:
    """The wall time exists, and only once."""
    early, late = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if early.utcoffset() != late.utcoffset():
        return False  # the repeated hour of a fall-back night
    return early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall  # not in a gap


def _walls(window: Window, every: int) -> list[datetime]:
    """Wall times to check: noon every few days, and around each change of the offset."""
    zone = ZoneInfo(window.zone)
    walls = [
        datetime.combine(window.first + timedelta(days=n), time(12))
        for n in range(0, (window.last - window.first).days + 1, every)
    ]
    here = datetime.combine(window.first, time()).replace(tzinfo=zone).astimezone(UTC)
    end = datetime.combine(window.last + timedelta(days=1), time()).replace(tzinfo=zone).astimezone(UTC)
    offset = here.astimezone(zone).utcoffset()
    while here < end:
        there = here + timedelta(hours=1)
        if there.astimezone(zone).utcoffset() != offset:
            offset = there.astimezone(zone).utcoffset()
            for side in (timedelta(hours=-3), timedelta(hours=3)):
                walls.append((there + side).astimezone(zone).replace(tzinfo=None, second=0, microsecond=0))
        here = there
    return [w for w in dict.fromkeys(walls) if _unambiguous(w, zone)]


def calendar(windows: list[Window], every: int = 3) -> tuple[bytes, dict[str, str]]:
    """The calendar of every window, and the UTC instant each event must have."""
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//prepctl//zone sweep//EN")
    expected: dict[str, str] = {}
    stamp = datetime(2026, 11, 1, tzinfo=UTC)
    for n, window in enumerate(windows):
        zone = ZoneInfo(window.zone)
        tzid = f"Sweep/{n}"
        vtimezone = build_vtimezone(zone, window.first, window.last + timedelta(days=1))
        vtimezone["TZID"] = tzid
        cal.add_component(vtimezone)
        for k, wall in enumerate(_walls(window, every)):
            uid = f"{n}-{k}@{window.zone}"
            event = icalendar.Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", wall, parameters={"TZID": tzid})
            event.add("dtend", wall + timedelta(minutes=1), parameters={"TZID": tzid})
            cal.add_component(event)
            expected[uid] = _iso(wall.replace(tzinfo=zone))
    return cal.to_ical(), expected


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_with_dateutil(ics: bytes) -> dict[str, str]:
    """vobject, whose VTIMEZONE support is dateutil's (as in Radicale)."""
    logging.disable(logging.ERROR)  # vobject logs every TZID missing from its own registry
    try:
        parsed = vobject.readOne(ics.decode("utf-8"))
    finally:
        logging.disable(logging.NOTSET)
    zones = {str(tz.tzid.value): tz.gettzinfo() for tz in parsed.contents.get("vtimezone", [])}
    found = {}
    for event in parsed.vevent_list:
        line = event.dtstart
        tzid = line.params.get("X-VOBJ-ORIGINAL-TZID", line.params.get("TZID", [None]))[0]
        found[event.uid.value] = _iso(line.value.replace(tzinfo=zones[tzid]))
    return found


def read_with_icalendar(ics: bytes) -> dict[str, str]:
    """icalendar, with each zone built from its VTIMEZONE (not looked up by name)."""
    parsed = icalendar.Calendar.from_ical(ics)
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in parsed.walk("VTIMEZONE")}
    return {
        str(e["UID"]): _iso(e["DTSTART"].dt.replace(tzinfo=None).replace(tzinfo=zones[e["DTSTART"].params["TZID"]]))
        for e in parsed.walk("VEVENT")
    }


def read_with_ical(ics: bytes) -> dict[str, str]:
    """The strict ``ical`` package (Home Assistant's), through its own VTIMEZONE support."""
    from ical.calendar_stream import IcsCalendarStream
    from ical.timezone import IcsTimezoneInfo

    parsed = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    zones = {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in parsed.timezones}
    return {
        e.uid: _iso(e.dtstart.replace(tzinfo=None).replace(tzinfo=zones[str(e.dtstart.tzinfo)])) for e in parsed.events
    }


def read_with_icaljs(ics: bytes, folder: Path, node: str) -> dict[str, str]:
    """Mozilla ical.js, the parser in Thunderbird, run under Node."""
    path = folder / "sweep.ics"
    path.write_bytes(ics)
    done = subprocess.run(
        [node, str(JS_DIR / "parse_ics.mjs"), str(path)],
        cwd=JS_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"ical.js failed:\n{done.stderr[-2000:]}")
    return {uid: start for uid, start, _ in json.loads(done.stdout)}


def differences(expected: dict[str, str], found: dict[str, str]) -> list[str]:
    """``zone: wall read as X, zoneinfo says Y`` for every event a reader got wrong."""
    return [
        f"{uid.split('@')[1]} event {uid.split('@')[0]}: read {found.get(uid)}, zoneinfo says {instant}"
        for uid, instant in expected.items()
        if found.get(uid) != instant
    ]

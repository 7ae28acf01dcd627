"""The ICS file as real calendar clients read it.

Four independent parsers -- icalendar, the strict ``ical`` package, vobject and
ical.js (the parser inside Thunderbird, run under Node) -- must all see the same
events at the same instants as the schedule, in zones whose DST changes fall
inside the eight weeks. The remaining tests each guard one known import pitfall
of calendar clients (Outlook, Google, Apple, Thunderbird).
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from prepctl.model.plan import Plan
from prepctl.plan.load import load_plan
from prepctl.render import RenderContext, render
from prepctl.render.ics import summary
from prepctl.schedule import Options, Schedule, build_schedule

STAMP = datetime(2026, 11, 1, tzinfo=UTC)
JS_DIR = Path(__file__).parent / "js"
NODE_TIMEOUT = 60

# (zone, start): the eight weeks of each cross a DST change of the zone, except Kolkata.
CASES = [
    pytest.param("Europe/Berlin", date(2027, 2, 22), id="berlin-spring"),  # 28 Mar 2027
    pytest.param("America/New_York", date(2027, 2, 15), id="new-york-spring"),  # 14 Mar 2027
    pytest.param("Australia/Lord_Howe", date(2027, 3, 15), id="lord-howe-april"),  # 4 Apr, 30 min
    pytest.param("Pacific/Chatham", date(2027, 8, 30), id="chatham-september"),  # 26 Sep, +12:45
    pytest.param("Asia/Kolkata", date(2027, 2, 22), id="kolkata-no-dst"),
    pytest.param("Europe/Berlin", date(2027, 9, 27), id="berlin-autumn"),  # 31 Oct 2027
    pytest.param("America/New_York", date(2027, 10, 11), id="new-york-autumn"),  # 7 Nov 2027
]

Events = dict[str, tuple[str, str]]


# --------------------------------------------------------------------------- building


@functools.cache
def _plan() -> Plan:
    return load_plan("mlops-8-week")


@functools.cache
def _built(tz: str, start: date, alarm: int | None = None) -> tuple[Schedule, bytes]:
    plan = _plan()
    schedule = build_schedule(plan, Options(start=start, tz=tz, weekday_hours=2, weekend_hours=4, alarm=alarm))
    return schedule, render("ics", schedule, plan, RenderContext(stamp=STAMP))


def _built_from(plan_path: Path, tz: str = "Europe/Berlin") -> tuple[Schedule, bytes]:
    plan = load_plan(plan_path)
    schedule = build_schedule(plan, Options(start=date(2027, 2, 22), tz=tz))
    return schedule, render("ics", schedule, plan, RenderContext(stamp=STAMP))


def _utc(moment: datetime) -> str:
    assert moment.tzinfo is not None, f"{moment} is floating"
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _expected(schedule: Schedule) -> Events:
    """What a calendar must show: UTC instants, or the day and the day after."""
    events: Events = {}
    for s in schedule.sessions:
        if s.all_day:
            events[s.uid] = (s.date.isoformat(), (s.date + timedelta(days=1)).isoformat())
        else:
            assert s.start is not None and s.end is not None
            events[s.uid] = (_utc(s.start), _utc(s.end))
    assert len(events) == len(schedule.sessions)
    return events


def _tiny_plan(folder: Path, *blocks: str, title: str = "Tiny plan") -> Path:
    """A one-day plan (id ``tiny``); each block is a YAML flow mapping."""
    lines = "\n".join(f"          - {block}" for block in blocks)
    path = folder / "tiny.yaml"
    path.write_text(
        "version: 1\n"
        "id: tiny\n"
        f"title: {json.dumps(title)}\n"
        "focus_areas:\n"
        '  coding: {title: "Coding, Python", share: 1.0}\n'
        'slots: {morning: "07:00", evening: "19:00"}\n'
        "weeks:\n"
        "  - week: 1\n"
        "    title: One\n"
        "    days:\n"
        "      - day: mon\n"
        "        title: Start\n"
        "        blocks:\n"
        f"{lines}\n",
        encoding="utf-8",
    )
    return path


# --------------------------------------------------------------------------- parsers


def _pair(start: object, end: object) -> tuple[str, str]:
    def one(value: object) -> str:
        if isinstance(value, datetime):
            return _utc(value)
        assert isinstance(value, date), value
        return value.isoformat()

    return one(start), one(end)


def _no_duplicates(rows: list[tuple[str, tuple[str, str]]]) -> Events:
    events = dict(rows)
    assert len(events) == len(rows), "the same UID appears twice"
    return events


def parse_icalendar(ics: bytes) -> Events:
    """icalendar, converting wall times with the file's own VTIMEZONE (not its IANA lookup)."""
    calendar = icalendar.Calendar.from_ical(ics)
    zones = {str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in calendar.walk("VTIMEZONE")}

    def instant(prop: icalendar.prop.vDDDTypes) -> object:
        value = prop.dt
        tzid = prop.params.get("TZID")
        if tzid is None or not isinstance(value, datetime):
            return value
        ours = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
        assert ours.astimezone(UTC) == value.astimezone(UTC), (
            f"{tzid}: the VTIMEZONE disagrees with the tz database at {value}"
        )
        return ours

    return _no_duplicates(
        [
            (str(event["UID"]), _pair(instant(event["DTSTART"]), instant(event["DTEND"])))
            for event in calendar.walk("VEVENT")
        ]
    )


def parse_ical(ics: bytes) -> Events:
    """allenporter's strict ``ical`` (Home Assistant's), again through the VTIMEZONE itself."""
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    vtimezones = {tz.tz_id: tz for tz in calendar.timezones}

    def instant(value: date | datetime) -> object:
        if not isinstance(value, datetime):
            return value
        vtimezone = vtimezones[str(value.tzinfo)]
        # ical (14.x) expands an observance only through RRULE/RDATE: prepctl gives even a
        # fixed one (Asia/Kolkata) a yearly rule, so this finds it without the zone's name
        assert vtimezone.get_observance(value.replace(tzinfo=None)) is not None, value
        ours = value.replace(tzinfo=None).replace(tzinfo=IcsTimezoneInfo.from_timezone(vtimezone))
        assert ours.astimezone(UTC) == value.astimezone(UTC), (
            f"{value.tzinfo}: the VTIMEZONE disagrees with the tz database at {value}"
        )
        return ours

    return _no_duplicates(
        [(event.uid, _pair(instant(event.dtstart), instant(event.dtend))) for event in calendar.events]
    )


def parse_vobject(ics: bytes) -> Events:
    """vobject (validating); its TZID registry is process-global, so use this file's VTIMEZONE."""
    calendar = vobject.readOne(ics.decode("utf-8"), validate=True)
    zones = {str(tz.tzid.value): tz.gettzinfo() for tz in calendar.contents.get("vtimezone", [])}

    def instant(line: vobject.base.ContentLine) -> object:
        value = line.value
        if not isinstance(value, datetime) or line.params.get("VALUE") == ["DATE"]:
            return value
        tzid = line.params.get("X-VOBJ-ORIGINAL-TZID", line.params.get("TZID", [None]))[0]
        if tzid is None:
            return value  # UTC (Z) or floating; _utc() rejects floating
        return value.replace(tzinfo=zones[tzid])

    return _no_duplicates(
        [(event.uid.value, _pair(instant(event.dtstart), instant(event.dtend))) for event in calendar.vevent_list]
    )


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _node() -> str:
    """The node binary with ical.js installed; skip locally, fail under CI."""
    node = shutil.which("node")
    problem = None
    if node is None:
        problem = "node is not installed (needed to run ical.js, Thunderbird's parser)"
    elif not (JS_DIR / "node_modules" / "ical.js" / "package.json").is_file():
        problem = f"ical.js is not installed: run `cd {JS_DIR} && npm ci`"
    if problem:
        if _ci():
            pytest.fail(f"{problem} -- required when CI is set")
        pytest.skip(problem)
    assert node is not None
    return node


def run_icaljs(ics: bytes, folder: Path, *, with_summary: bool = False) -> list[list[str]]:
    node = _node()
    path = folder / "calendar.ics"
    path.write_bytes(ics)
    command = [node, str(JS_DIR / "parse_ics.mjs"), str(path)]
    if with_summary:
        command.append("--summary")
    done = subprocess.run(command, cwd=JS_DIR, capture_output=True, text=True, timeout=NODE_TIMEOUT, check=False)
    assert done.returncode == 0, f"ical.js failed:\n{done.stderr}"
    rows: list[list[str]] = json.loads(done.stdout)
    return rows


def parse_icaljs(ics: bytes, folder: Path) -> Events:
    return _no_duplicates([(uid, (start, end)) for uid, start, end in run_icaljs(ics, folder)])


PARSERS = ["icalendar", "ical", "vobject", "ical.js"]


def _parse(name: str, ics: bytes, folder: Path) -> Events:
    if name == "ical.js":
        return parse_icaljs(ics, folder)
    return {"icalendar": parse_icalendar, "ical": parse_ical, "vobject": parse_vobject}[name](ics)


def _summaries(name: str, ics: bytes, folder: Path) -> dict[str, str]:
    """UID -> SUMMARY as each parser decodes it."""
    if name == "icalendar":
        return {str(e["UID"]): str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    if name == "ical":
        return {e.uid: e.summary or "" for e in IcsCalendarStream.calendar_from_ics(ics.decode()).events}
    if name == "vobject":
        return {e.uid.value: e.summary.value for e in vobject.readOne(ics.decode(), validate=True).vevent_list}
    return {row[0]: row[3] for row in run_icaljs(ics, folder, with_summary=True)}


# --------------------------------------------------------------------------- content lines


def _physical_lines(ics: bytes) -> list[bytes]:
    assert ics.endswith(b"\r\n")
    return ics[:-2].split(b"\r\n")


def _unfolded(ics: bytes) -> list[str]:
    return ics.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")[:-2].split("\r\n")


_CONTENT_LINE = re.compile(
    r'^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)'
    r'(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$'
)


def _content_line(line: str) -> tuple[str, dict[str, str], str]:
    match = _CONTENT_LINE.match(line)
    assert match, f"not a content line: {line!r}"
    params = {}
    for param in re.findall(r';([A-Za-z0-9-]+=(?:"[^"]*"|[^";:])*)', match[2]):
        key, _, value = param.partition("=")
        params[key.upper()] = value
    return match[1].upper(), params, match[3]


class Component:
    def __init__(self, name: str, path: tuple[str, ...]) -> None:
        self.name, self.path = name, path
        self.props: list[tuple[str, dict[str, str], str]] = []
        self.children: list[Component] = []
        self.prop_after_child = False  # a property line after a subcomponent ended

    def all(self, name: str) -> list[tuple[dict[str, str], str]]:
        return [(params, value) for prop, params, value in self.props if prop == name]

    def one(self, name: str) -> tuple[dict[str, str], str]:
        found = self.all(name)
        assert len(found) == 1, f"{self.name}: {name} appears {len(found)} times"
        return found[0]

    def walk(self, name: str | None = None) -> list[Component]:
        below = [self] if name in (None, self.name) else []
        for child in self.children:
            below.extend(child.walk(name))
        return below


def _tree(ics: bytes) -> Component:
    root = Component("", ())
    stack = [root]
    for line in _unfolded(ics):
        name, params, value = _content_line(line)
        if name == "BEGIN":
            component = Component(value.upper(), (*stack[-1].path, value.upper()))
            stack[-1].children.append(component)
            stack.append(component)
        elif name == "END":
            assert stack[-1].name == value.upper(), f"END:{value} closes {stack[-1].name}"
            stack.pop()
        else:
            top = stack[-1]
            top.prop_after_child |= bool(top.children)
            top.props.append((name, params, value))
    assert stack == [root], "unclosed component"
    [calendar] = root.children
    assert calendar.name == "VCALENDAR"
    return calendar


# --------------------------------------------------------------------------- 1. interop


def _renamed(ics: bytes, tz: str) -> bytes:
    """The calendar with its zone under a name no reader knows: each must use the VTIMEZONE.

    One name per calendar: readers (icalendar) keep zones by TZID for the whole process.
    """
    import hashlib

    unknown = b"Unknown/Zone-" + hashlib.sha256(ics).hexdigest()[:12].encode()
    renamed = ics.replace(b"TZID:" + tz.encode(), b"TZID:" + unknown).replace(
        b"TZID=" + tz.encode(), b"TZID=" + unknown
    )
    assert tz.encode() not in renamed.replace(b"X-WR-TIMEZONE:" + tz.encode(), b"")
    return renamed


@pytest.mark.parametrize("renamed", [False, True], ids=["as-written", "zone-renamed"])
@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize(("tz", "start"), CASES)
def test_every_parser_sees_the_scheduled_instants(
    tz: str, start: date, parser: str, renamed: bool, tmp_path: Path
) -> None:
    schedule, ics = _built(tz, start)
    offsets = {s.start.utcoffset() for s in schedule.sessions if s.start is not None}
    assert len(offsets) == (1 if tz == "Asia/Kolkata" else 2), (
        f"the case does not cross a DST change of {tz}: {offsets}"
    )
    expected = _expected(schedule)
    assert any(s.all_day for s in schedule.sessions)  # all-day events are covered too

    assert _parse(parser, _renamed(ics, tz) if renamed else ics, tmp_path) == expected


def _dst_night(tz: str, start: date, slots: dict[str, str], day_start: str = "06:00") -> tuple[Schedule, bytes]:
    from datetime import time as clock

    plan = _plan()
    options = Options(
        start=start,
        tz=tz,
        weekday_hours=2,
        weekend_hours=4,
        day_start=clock.fromisoformat(day_start),
        slots={name: clock.fromisoformat(value) for name, value in slots.items()},
    )
    schedule = build_schedule(plan, options)
    return schedule, render("ics", schedule, plan, RenderContext(stamp=STAMP))


# Santiago's clocks go back at midnight (Sat 3 Apr 2027, 24:00 -> 23:00): a 22:45 evening block
# would end in the hour that happens twice. Berlin's spring-forward night (28 Mar 2027) has no
# 02:30: a 02:30 morning block starts at 03:00.
DST_NIGHTS = [
    pytest.param(
        "America/Santiago",
        date(2027, 3, 29),
        {"evening": "22:45"},
        "06:00",
        date(2027, 4, 3),
        "clocks go back",
        id="santiago-midnight-fall-back",
    ),
    pytest.param(
        "Europe/Berlin",
        date(2027, 3, 22),
        {"morning": "02:30"},
        "00:00",
        date(2027, 3, 28),
        "does not exist (clocks go forward)",
        id="berlin-spring-gap",
    ),
]


@pytest.mark.parametrize(("tz", "start", "slots", "day_start", "night", "said"), DST_NIGHTS)
def test_dst_nights_say_what_moved_and_every_parser_reads_the_same_instants(
    tz: str, start: date, slots: dict[str, str], day_start: str, night: date, said: str, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    schedule, ics = _dst_night(tz, start, slots, day_start)
    assert [n for n in schedule.notices if n.kind == "dst" and said in n.message], schedule.notices
    zone = ZoneInfo(tz)
    for session in schedule.sessions:
        for moment in (session.start, session.end):
            if moment is None:
                continue
            wall = moment.astimezone(zone).replace(tzinfo=None)
            other = wall.replace(tzinfo=zone, fold=1 - moment.astimezone(zone).fold)
            assert other.utcoffset() == moment.utcoffset(), f"{session.block_id} at {wall}, which happens twice"
    assert any(s.date == night and s.start for s in schedule.sessions)
    expected = _expected(schedule)
    for parser in PARSERS:
        for ics_read in (ics, _renamed(ics, tz)):
            assert _parse(parser, ics_read, tmp_path) == expected, parser


# --------------------------------------------------------------------------- 2. pitfalls


BERLIN = ("Europe/Berlin", date(2027, 2, 22))


def test_crlf_line_endings_no_bare_lf() -> None:
    _, ics = _built(*BERLIN)
    assert ics.endswith(b"\r\n")
    rest = ics.replace(b"\r\n", b"")
    assert b"\n" not in rest, "bare LF"
    assert b"\r" not in rest, "bare CR"


def test_folding_keeps_lines_at_75_octets_and_utf8_characters_whole(tmp_path: Path) -> None:
    # Multibyte text at every offset, so folds must land right next to multibyte characters.
    long = "Übung · größe — " * 12
    plan = _tiny_plan(
        tmp_path,
        f'{{slot: morning, minutes: 30, activity: "Lesen — ü", focus: coding, details: "{long}"}}',
        title="Plan · — ü",
    )
    tiny_schedule, tiny_ics = _built_from(plan)
    for ics in (_built(*BERLIN)[1], tiny_ics):
        lines = _physical_lines(ics)
        for line in lines:
            assert len(line) <= 75, f"{len(line)} octets: {line!r}"
            line.decode("utf-8")  # raises if a fold split a character
        folds = [(before, after) for before, after in itertools.pairwise(lines) if after.startswith(b" ")]
        assert any(before[-1] >= 0x80 or after[1] >= 0x80 for before, after in folds), (
            "no fold next to a multibyte character: the test proves nothing"
        )
        summaries = [line for line in _unfolded(ics) if line.startswith("SUMMARY:")]
        assert any("·" in line for line in summaries)
    # and the folded text reads back whole
    [session] = tiny_schedule.sessions
    assert long.strip() in session.details
    [event] = icalendar.Calendar.from_ical(tiny_ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == summary(session)


def test_version_and_prodid_exactly_once() -> None:
    calendar = _tree(_built(*BERLIN)[1])
    assert calendar.one("VERSION")[1] == "2.0"
    assert calendar.one("PRODID")[1].startswith("-//prepctl//")
    lines = _unfolded(_built(*BERLIN)[1])
    assert sum(line.startswith("VERSION:") for line in lines) == 1
    assert sum(line.startswith("PRODID:") for line in lines) == 1


@pytest.mark.parametrize("parser", ["icalendar", "vobject", "ical.js"])
def test_calendar_name_with_comma_and_semicolon_reads_back_whole(parser: str, tmp_path: Path) -> None:
    title = "MLOps, ML Platform; and SRE \\ prep"
    plan = _tiny_plan(tmp_path, "{slot: morning, minutes: 30, activity: Read, focus: coding}", title=title)
    _, ics = _built_from(plan)
    if parser == "icalendar":
        name = str(icalendar.Calendar.from_ical(ics)["X-WR-CALNAME"])
    elif parser == "vobject":
        name = vobject.readOne(ics.decode()).x_wr_calname.value
    else:
        node = _node()
        script = (
            "import ICAL from 'ical.js'; import {readFileSync} from 'node:fs';"
            "const c = new ICAL.Component(ICAL.parse(readFileSync(process.argv[1], 'utf8')));"
            "process.stdout.write(c.getFirstPropertyValue('x-wr-calname'));"
        )
        (tmp_path / "calendar.ics").write_bytes(ics)
        name = subprocess.run(
            [node, "--input-type=module", "-e", script, str(tmp_path / "calendar.ics")],
            cwd=JS_DIR,
            capture_output=True,
            text=True,
            check=True,
            timeout=NODE_TIMEOUT,
        ).stdout
    assert name == title


def test_method_publish() -> None:
    assert _tree(_built(*BERLIN)[1]).one("METHOD")[1] == "PUBLISH"


@pytest.mark.parametrize(("tz", "start"), CASES)
def test_x_wr_timezone_equals_the_tzid_used(tz: str, start: date) -> None:
    calendar = _tree(_built(tz, start)[1])
    used = {params["TZID"] for event in calendar.walk("VEVENT") for name, params, _ in event.props if "TZID" in params}
    assert used == {tz}
    assert calendar.one("X-WR-TIMEZONE")[1] == tz


@pytest.mark.parametrize(("tz", "start"), CASES)
def test_every_tzid_has_its_vtimezone_without_rdate(tz: str, start: date) -> None:
    calendar = _tree(_built(tz, start)[1])
    used = {
        params["TZID"]
        for event in calendar.walk("VEVENT")
        for name, params, _ in event.props
        if name in ("DTSTART", "DTEND") and "TZID" in params
    }
    defined = [vtz.one("TZID")[1] for vtz in calendar.walk("VTIMEZONE")]
    assert sorted(defined) == sorted(set(defined)), "a VTIMEZONE appears twice"
    assert used <= set(defined)
    for vtz in calendar.walk("VTIMEZONE"):
        for observance in vtz.children:
            assert not observance.all("RDATE"), "RDATE observances (ical.js/Outlook misread them)"


def test_berlin_vtimezone_is_one_standard_and_one_daylight_with_yearly_rules() -> None:
    [vtz] = _tree(_built(*BERLIN)[1]).walk("VTIMEZONE")
    assert sorted(o.name for o in vtz.children) == ["DAYLIGHT", "STANDARD"]
    for observance in vtz.children:
        rule = dict(part.split("=") for part in observance.one("RRULE")[1].split(";"))
        assert rule["FREQ"] == "YEARLY"
        assert rule["BYMONTH"] == ("3" if observance.name == "DAYLIGHT" else "10")
        assert rule["BYDAY"] == "-1SU"
        assert "UNTIL" not in rule and "COUNT" not in rule
    daylight = next(o for o in vtz.children if o.name == "DAYLIGHT")
    assert (daylight.one("TZOFFSETFROM")[1], daylight.one("TZOFFSETTO")[1]) == ("+0100", "+0200")


def test_kolkata_vtimezone_is_a_single_fixed_standard() -> None:
    [vtz] = _tree(_built("Asia/Kolkata", date(2027, 2, 22))[1]).walk("VTIMEZONE")
    [standard] = vtz.children
    assert standard.name == "STANDARD"
    # a yearly rule that changes nothing, so readers that only expand rules see it start
    assert standard.one("RRULE")[1] == "FREQ=YEARLY" and not standard.all("RDATE")
    assert standard.one("TZOFFSETFROM")[1] == standard.one("TZOFFSETTO")[1] == "+0530"


def test_dtstamp_is_utc_basic_format() -> None:
    events = _tree(_built(*BERLIN)[1]).walk("VEVENT")
    for event in events:
        params, value = event.one("DTSTAMP")
        assert re.fullmatch(r"\d{8}T\d{6}Z", value) and not params
    assert {e.one("DTSTAMP")[1] for e in events} == {"20261101T000000Z"}


def test_uids_unique_ascii_short_and_named_after_the_block() -> None:
    schedule, ics = _built(*BERLIN)
    uids = [event.one("UID")[1] for event in _tree(ics).walk("VEVENT")]
    assert len(uids) == len(set(uids)) == len(schedule.sessions)
    for uid in uids:
        assert uid.isascii() and len(uid.encode()) < 200
        assert re.fullmatch(r"w\d+-(mon|tue|wed|thu|fri|sat|sun)-\d+\.mlops-8-week@prepctl", uid)
    assert set(uids) == {f"{s.block_id}.mlops-8-week@prepctl" for s in schedule.sessions}


def test_uids_stable_across_reschedules() -> None:
    def by_uid(ics: bytes) -> dict[str, str]:
        return {e.one("UID")[1]: e.one("SUMMARY")[1] for e in _tree(ics).walk("VEVENT")}

    first = by_uid(_built(*BERLIN)[1])
    moved = by_uid(_built("America/New_York", date(2027, 10, 11))[1])
    # Re-importing after a reschedule updates each event instead of duplicating it.
    assert first == moved


def test_all_day_events_use_value_date_without_tzid() -> None:
    schedule, ics = _built(*BERLIN)
    sessions = {s.uid: s for s in schedule.sessions}
    all_day = [e for e in _tree(ics).walk("VEVENT") if sessions[e.one("UID")[1]].all_day]
    assert all_day
    for event in all_day:
        session = sessions[event.one("UID")[1]]
        for name, day in (("DTSTART", session.date), ("DTEND", session.date + timedelta(days=1))):
            params, value = event.one(name)
            assert params == {"VALUE": "DATE"}, f"{name} {params}"
            assert value == f"{day:%Y%m%d}"
        assert event.one("TRANSP")[1] == "TRANSPARENT"  # does not block free/busy


@pytest.mark.parametrize(("tz", "start"), CASES)
def test_no_floating_date_times(tz: str, start: date) -> None:
    calendar = _tree(_built(tz, start, alarm=10)[1])
    checked = 0
    for component in calendar.walk():
        if "VTIMEZONE" in component.path:
            continue  # observance DTSTARTs are local time by definition (RFC 5545 3.6.5)
        for name, params, value in component.props:
            for item in value.split(","):
                if re.fullmatch(r"\d{8}T\d{6}Z?", item):
                    checked += 1
                    assert item.endswith("Z") or "TZID" in params, f"floating {name}:{value}"
    assert checked > 0


def test_no_random_properties_two_renders_byte_identical() -> None:
    plan = _plan()
    options = Options(start=date(2027, 2, 22), tz="Europe/Berlin", weekday_hours=2, weekend_hours=4, alarm=10)
    context = RenderContext(stamp=STAMP)
    first = render("ics", build_schedule(plan, options), plan, context)
    second = render("ics", build_schedule(plan, replace(options)), plan, context)
    assert first == second
    # and in another interpreter with another hash seed (no set-order dependence)
    code = (
        "import sys; from datetime import date, datetime, UTC\n"
        "from prepctl.plan.load import load_plan\n"
        "from prepctl.schedule import Options, build_schedule\n"
        "from prepctl.render import render, RenderContext\n"
        "plan = load_plan('mlops-8-week')\n"
        "o = Options(start=date(2027, 2, 22), tz='Europe/Berlin', weekday_hours=2,"
        " weekend_hours=4, alarm=10)\n"
        "sys.stdout.buffer.write(render('ics', build_schedule(plan, o), plan,"
        " RenderContext(stamp=datetime(2026, 11, 1, tzinfo=UTC))))\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
    )
    assert other.stdout == first


def test_alarm_one_display_valarm_per_timed_event_after_properties() -> None:
    schedule, ics = _built(*BERLIN, alarm=10)
    sessions = {s.uid: s for s in schedule.sessions}
    timed = 0
    for event in _tree(ics).walk("VEVENT"):
        session = sessions[event.one("UID")[1]]
        if session.all_day:
            assert event.children == [], "an all-day event has an alarm"
            continue
        timed += 1
        [alarm] = event.children
        assert alarm.name == "VALARM"
        assert alarm.one("ACTION")[1] == "DISPLAY"
        assert alarm.one("TRIGGER") == ({}, "-PT10M")
        assert alarm.one("DESCRIPTION")[1]  # DISPLAY requires one (RFC 5545 3.6.6)
        assert not event.prop_after_child, "a VEVENT property follows its VALARM"
    assert timed == sum(not s.all_day for s in schedule.sessions) > 0
    # the strict parser agrees
    parsed = IcsCalendarStream.calendar_from_ics(ics.decode())
    assert all(len(e.alarm) == (0 if sessions[e.uid].all_day else 1) for e in parsed.events)
    assert {a.trigger for e in parsed.events for a in e.alarm} == {timedelta(minutes=-10)}


def test_no_alarm_without_the_option() -> None:
    assert b"BEGIN:VALARM" not in _built(*BERLIN)[1]


def test_categories_is_the_focus_area_and_a_title_with_a_comma_stays_one(tmp_path: Path) -> None:
    schedule, ics = _built(*BERLIN)
    plan = _plan()
    expected = {s.uid: [plan.focus_areas[s.focus].title] for s in schedule.sessions}
    vevents = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert {str(e["UID"]): [str(c) for c in e.categories] for e in vevents} == expected
    assert {e.uid.value: e.categories.value for e in vobject.readOne(ics.decode()).vevent_list} == expected
    assert {e.uid: e.categories for e in IcsCalendarStream.calendar_from_ics(ics.decode()).events} == expected
    # one colour per focus area (RFC 7986 COLOR, a CSS colour name)
    colours = {str(e["CATEGORIES"].to_ical().decode()): str(e["COLOR"]) for e in vevents}
    assert len(set(colours.values())) == len(colours) == 4

    # A title with a comma stays one category (escaped).
    tiny = _tiny_plan(tmp_path, '{slot: morning, minutes: 30, activity: "Read, think", focus: coding, details: "x"}')
    _, ics = _built_from(tiny)
    [event] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert [str(c) for c in event.categories] == ["Coding, Python"]
    vevent = vobject.readOne(ics.decode()).vevent
    assert vevent.categories.value == ["Coding, Python"]


def test_titles_lead_with_what_to_do_and_fit_a_week_view() -> None:
    _, ics = _built(*BERLIN)
    titles = {str(e["UID"]).split(".")[0]: str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")}
    assert titles["w1-mon-1"] == "Coding · 2 LeetCode easy/medium (arrays, strings)"
    assert all(len(t) <= 60 for t in titles.values()), max(titles.values(), key=len)
    cut = [t for t in titles.values() if t.endswith("…")]
    assert cut and all(not t[:-1].endswith(" ") for t in cut), "cut at a word, no dangling space"
    assert not [t for t in titles.values() if t.startswith("W1")], "no week/day prefix"


def test_the_description_carries_the_days_callouts_first_and_the_milestone_last() -> None:
    schedule, ics = _built(*BERLIN)
    events = {
        str(e["UID"]).split(".")[0]: str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(ics).walk("VEVENT")
    }
    plan = _plan()
    week1 = next(w for w in plan.weeks if w.week == 1)
    wednesday = next(d for d in week1.days if d.day == "wed")
    first = min((s for s in schedule.sessions if (s.week, s.day) == (1, "wed")), key=lambda s: s.start).block_id
    assert wednesday.callouts[0].title in events[first]
    assert all(
        wednesday.callouts[0].title not in text
        for block, text in events.items()
        if block.startswith("w1-wed-") and block != first
    ), "once per day"
    last = [s for s in schedule.sessions if s.week == 1][-1].block_id
    assert week1.milestone is not None
    assert [b for b, text in events.items() if week1.milestone.title in text] == [last], "on the week's last"
    assert "Time:" not in events[first], "the event shows its own time"


@pytest.mark.parametrize("parser", PARSERS)
def test_text_with_comma_semicolon_backslash_newline_parses_back_identical(parser: str, tmp_path: Path) -> None:
    plan = _tiny_plan(
        tmp_path,
        r'{slot: morning, minutes: 30, activity: "Read, think", focus: coding,'
        r' details: "a, b; c \\ d\nnext line"}',
        r'{activity: "Rest; really", focus: coding, details: "C:\\tmp\\n is not a newline, ok"}',
    )
    schedule, ics = _built_from(plan)
    expected = {s.uid: summary(s) for s in schedule.sessions}
    assert expected["w1-mon-1.tiny@prepctl"] == "Read, think · a, b; c \\ d next line"
    assert "\\n is not" in expected["w1-mon-2.tiny@prepctl"]
    assert _summaries(parser, ics, tmp_path) == expected


@pytest.mark.parametrize("parser", PARSERS)
def test_ics_lookalike_text_in_details_does_not_add_an_event(parser: str, tmp_path: Path) -> None:
    plan = _tiny_plan(
        tmp_path,
        r'{slot: morning, minutes: 30, activity: Read, focus: coding, details: "x\r\nEND:VEVENT'
        r'\r\nBEGIN:VEVENT\r\nUID:evil@x\r\nDTSTART:20270101T000000Z\r\nSUMMARY:injected"}',
        r"{slot: evening, minutes: 30, activity: Code, focus: coding,"
        r' details: "y\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil2@x"}',
        r'{activity: Rest, focus: coding, details: "z\nEND:VCALENDAR\nBEGIN:VCALENDAR"}',
    )
    schedule, ics = _built_from(plan)
    details = {s.block_id: s.details for s in schedule.sessions}
    assert "\nEND:VEVENT\n" in details["w1-mon-1"]  # the plan really says it (line breaks unified)
    assert _parse(parser, ics, tmp_path) == _expected(schedule)
    assert len(schedule.sessions) == 3
    assert sum(line == "BEGIN:VEVENT" for line in _unfolded(ics)) == 3
    # the text survives as text (line breaks as LF)
    assert _summaries(parser, ics, tmp_path) == {
        s.uid: summary(s).replace("\r\n", "\n").replace("\r", "\n") for s in schedule.sessions
    }


@pytest.mark.parametrize(
    ("tz", "start"),
    [
        pytest.param("Asia/Jerusalem", date(2027, 5, 3), id="jerusalem-2027"),
        pytest.param("Asia/Gaza", date(2028, 5, 1), id="gaza-2028"),
    ],
)
def test_zones_whose_rule_changes_year_to_year_read_right_in_every_parser(tz: str, start: date, tmp_path: Path) -> None:
    # Jerusalem's DST starts on the Friday before the last Sunday of March: "last Friday" in
    # 2026 and 2027, "fourth Friday" in 2028. The rule for 2026-2027 once ended with an UNTIL
    # exactly on its 2027 change, which dateutil (vobject, Radicale) then dropped (every event
    # an hour late) and the strict ``ical`` refused; it now counts its two changes.
    schedule, ics = _built(tz, start)
    expected = _expected(schedule)
    for parser in PARSERS:
        for read in (ics, _renamed(ics, tz)):
            assert _parse(parser, read, tmp_path) == expected, parser

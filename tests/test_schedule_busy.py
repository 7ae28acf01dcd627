"""Busy calendars as people export them: cancelled meetings free their time, and a file that
cannot be read as its author meant is one line naming the file and the event, exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT

BASE = ["schedule", "--start", "2026-12-07", "--tz", "Europe/Berlin", "--hours", "2", "--format", "json"]


def calendar(path: Path, *events: str) -> Path:
    body = "".join(f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT\r\n" for event in events)
    path.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n".encode())
    return path


def evening_starts(out: Path) -> dict[str, str]:
    sessions = json.loads((out / "mlops-8-week.json").read_text(encoding="utf-8"))["sessions"]
    return {s["id"]: s["start"][11:16] for s in sessions if s["id"].endswith("-3") and s["week"] == 1}


def test_cancelled_meetings_and_cancelled_occurrences_block_nothing(runner, tmp_path):
    busy = calendar(
        tmp_path / "work.ics",
        # Mon 7 Dec 19:00-20:00, called off
        "UID:a\r\nDTSTART;TZID=Europe/Berlin:20261207T190000\r\nDTEND;TZID=Europe/Berlin:20261207T200000\r\n"
        "STATUS:CANCELLED\r\nSUMMARY:off",
        # a daily 19:00 sync Tue 8 - Sat 12 Dec, Wednesday's called off
        "UID:sync\r\nDTSTART;TZID=Europe/Berlin:20261208T190000\r\nDTEND;TZID=Europe/Berlin:20261208T200000\r\n"
        "RRULE:FREQ=DAILY;COUNT=5\r\nSUMMARY:sync",
        "UID:sync\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261209T190000\r\n"
        "DTSTART;TZID=Europe/Berlin:20261209T190000\r\nDTEND;TZID=Europe/Berlin:20261209T200000\r\n"
        "STATUS:CANCELLED\r\nSUMMARY:sync",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, [*BASE, "--out", str(out), "--busy", str(busy)])
    assert result.exit_code == 0, result.output
    starts = evening_starts(out)
    assert starts["w1-mon-3"] == "19:00" and starts["w1-wed-3"] == "19:00", "cancelled: the evening is free"
    assert starts["w1-tue-3"] != "19:00" and starts["w1-thu-3"] != "19:00", "the sync still blocks"
    assert "busy time moved 4 blocks" in result.stdout  # Tue, Thu, Fri, Sat


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        (["UID:x\r\nSUMMARY:no start"], "event x: no DTSTART"),
        (
            ["UID:x\r\nDTSTART:2026120\r\nDTEND:20261207T190000Z"],
            "event x: DTSTART is not a date or date-time: '2026120'",
        ),
        (["UID:x\r\nDTSTART:20261207T190000Z\r\nDTEND:20261207T180000Z"], "event x: ends before it starts"),
        (
            ["UID:x\r\nDTSTART;TZID=Mars/Olympus:20261207T190000\r\nDTEND;TZID=Mars/Olympus:20261207T200000"],
            "event x: unknown time zone 'Mars/Olympus' (and no VTIMEZONE for it in the file)",
        ),
        (
            ["UID:x\r\nDTSTART:20261207T190000Z\r\nDURATION:PT1M\r\nRRULE:FREQ=MINUTELY;COUNT=1000000000"],
            "event x: repeats every minute; busy calendars are read for events that repeat at most daily",
        ),
        (
            ["UID:x\r\nDTSTART:20261207T190000Z\r\nDURATION:PT1S\r\nRRULE:FREQ=SECONDLY"],
            "event x: repeats every second",
        ),
        (
            ["UID:x\r\nDTSTART:20261207T190000Z\r\nDURATION:PT5M\r\nRRULE:FREQ=HOURLY"],
            "event x: repeats every hour; busy calendars are read for events that repeat at most daily (for working "
            "hours, use --work-hours)",
        ),
        (
            [
                f"UID:x{n}\r\nDTSTART:20261207T{n % 24:02d}0000Z\r\nDURATION:PT5M\r\nRRULE:FREQ=DAILY"
                for n in range(200)
            ],
            "more than 10,000 busy events before",
        ),
    ],
)
def test_a_busy_calendar_that_cannot_be_read_as_meant_is_one_line(runner, tmp_path, events, expected):
    busy = calendar(tmp_path / "work.ics", *events)
    out = tmp_path / "out"
    result = runner.invoke(app, [*BASE, "--out", str(out), "--busy", str(busy)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"prepctl: --busy: {busy}: ") and expected in lines[0], lines
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing written"


def test_a_busy_file_that_is_not_utf8_says_so(runner, tmp_path):
    busy = tmp_path / "work.ics"
    busy.write_bytes("BEGIN:VCALENDAR\r\nX-NOTE:Müller\r\nEND:VCALENDAR\r\n".encode("utf-16"))
    result = runner.invoke(app, [*BASE, "--out", str(tmp_path / "out"), "--busy", str(busy)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert (
        result.stderr.strip() == f"prepctl: --busy: {busy}: not UTF-8 text (calendar files are UTF-8; export it again)"
    )


def test_work_pushed_past_the_first_window_is_placed_as_with_the_whole_calendar(tmp_path):
    # every day's window is busy for 80 days: the 8-week plan ends past the 16 weeks read first
    from datetime import date, timedelta
    from zoneinfo import ZoneInfo

    from prepctl.plan.load import load_plan
    from prepctl.schedule import build_schedule
    from prepctl.schedule.busy import load_busy
    from prepctl.settings import Given
    from prepctl.workflow import ScheduleRequest, run_schedule

    days = [date(2026, 12, 7) + timedelta(days=n) for n in range(80)]
    busy = calendar(
        tmp_path / "away.ics",
        *(
            f"UID:away-{on}\r\nDTSTART;TZID=Europe/Berlin:{on:%Y%m%d}T050000\r\n"
            f"DTEND;TZID=Europe/Berlin:{on + timedelta(days=1):%Y%m%d}T000000"
            for on in days
        ),
    )
    given = {
        "tz": Given("Europe/Berlin", "--tz"),
        "weekday_hours": Given(2, "--hours"),
        "weekend_hours": Given(2, "--hours"),
        "busy": Given([str(busy)], "--busy"),
        "plan": Given("mlops-8-week", "PLAN"),
        "out": Given(str(tmp_path / "out"), "--out"),
    }
    outcome = run_schedule(ScheduleRequest(given={**given, "start": Given("2026-12-07", "--start")}, dry_run=True))
    everything = load_busy([busy], date(2026, 12, 1), date(2031, 12, 31), ZoneInfo("Europe/Berlin"))
    whole = build_schedule(load_plan("mlops-8-week"), outcome.schedule.options, None, everything)
    assert outcome.schedule.first_date == days[-1] + timedelta(days=1)
    assert outcome.schedule.last_date > date(2026, 12, 7) + timedelta(days=2 * 55), "past the first window"
    placed = [(s.block_id, s.date, s.start, s.end) for s in outcome.schedule.sessions]
    assert placed == [(s.block_id, s.date, s.start, s.end) for s in whole.sessions]
    assert set(whole.notices) <= set(outcome.schedule.notices)


def test_one_off_events_read_directly_block_what_expanding_them_blocks(tmp_path):
    from datetime import date, datetime, time
    from zoneinfo import ZoneInfo

    import recurring_ical_events
    from icalendar import Calendar

    from prepctl.schedule.busy import _busy_interval, load_busy

    path = calendar(
        tmp_path / "mixed.ics",
        "UID:zoned\r\nDTSTART;TZID=Europe/Berlin:20261208T190000\r\nDTEND;TZID=Europe/Berlin:20261208T200000",
        "UID:utc\r\nDTSTART:20261209T180000Z\r\nDTEND:20261209T190000Z",
        "UID:floating\r\nDTSTART:20261210T190000\r\nDTEND:20261210T200000",
        "UID:over-dst\r\nDTSTART;TZID=Europe/Berlin:20270328T013000\r\nDURATION:PT2H",
        "UID:all-day\r\nDTSTART;VALUE=DATE:20261211\r\nDTEND;VALUE=DATE:20261212",
        "UID:free\r\nDTSTART:20261212T180000Z\r\nDTEND:20261212T190000Z\r\nTRANSP:TRANSPARENT",
        "UID:off\r\nDTSTART:20261213T180000Z\r\nDTEND:20261213T190000Z\r\nSTATUS:CANCELLED",
        "UID:weekly\r\nDTSTART;TZID=Europe/Berlin:20261207T070000\r\nDTEND;TZID=Europe/Berlin:20261207T080000"
        "\r\nRRULE:FREQ=WEEKLY;COUNT=20",
    )
    for zone in (ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")):
        expanded = recurring_ical_events.of(Calendar.from_ical(path.read_bytes())).between(
            datetime(2026, 12, 6), datetime.combine(date(2027, 6, 2), time())
        )
        expected = sorted(i for e in expanded if (i := _busy_interval(e, zone)) is not None)
        assert load_busy([path], date(2026, 12, 7), date(2027, 5, 31), zone) == tuple(expected)


def test_a_work_calendar_of_years_blocks_what_reading_all_of_it_blocks(tmp_path):
    # an export as work calendars make them: years of meetings with descriptions, attendees and
    # alarms; only the plan's weeks matter, and what lies around them must still count
    from datetime import date
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    from prepctl.schedule.busy import calendar_intervals, load_busy

    chatty = (
        "DESCRIPTION:Agenda: DTSTART:20261208T190000Z is not a start\\, RRULE:FREQ=DAILY is not a rule\r\n"
        ' and this line is folded\r\nATTENDEE;CN="Kim: lead":mailto:kim@example.com\r\n'
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:soon\r\nTRIGGER:-PT10M\r\nEND:VALARM"
    )
    path = calendar(
        tmp_path / "years.ics",
        f"UID:2019\r\nDTSTART:20190104T170000Z\r\nDTEND:20190104T180000Z\r\n{chatty}",
        f"UID:2029\r\nDTSTART:20290104T170000Z\r\nDTEND:20290104T180000Z\r\n{chatty}",
        # begins weeks before the plan, ends in its first week
        "UID:offsite\r\nDTSTART;TZID=Europe/Berlin:20261120T090000\r\nDTEND;TZID=Europe/Berlin:20261208T210000",
        "UID:long\r\nDTSTART:20261101T180000Z\r\nDURATION:P40D",
        # a series from years ago, one occurrence in the plan moved far away, one called off
        "UID:weekly\r\nDTSTART;TZID=Europe/Berlin:20240102T190000\r\nDTEND;TZID=Europe/Berlin:20240102T200000\r\n"
        "RRULE:FREQ=WEEKLY",
        "UID:weekly\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261215T190000\r\n"
        "DTSTART;TZID=Europe/Berlin:20290115T190000\r\nDTEND;TZID=Europe/Berlin:20290115T200000",
        "UID:weekly\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261222T190000\r\n"
        "DTSTART;TZID=Europe/Berlin:20261222T190000\r\nDTEND;TZID=Europe/Berlin:20261222T200000\r\nSTATUS:CANCELLED",
        # a meeting exported twice, as first planned and as moved years away: the newer version wins
        "UID:twice\r\nDTSTART:20261209T170000Z\r\nDTEND:20261209T180000Z\r\nSEQUENCE:1",
        "UID:twice\r\nDTSTART:20300109T170000Z\r\nDTEND:20300109T180000Z\r\nSEQUENCE:2",
        # on the plan's first and last days, written in zones where it is the day before and after
        "UID:west\r\nDTSTART;TZID=Pacific/Pago_Pago:20261206T200000\r\nDTEND;TZID=Pacific/Pago_Pago:20261206T230000",
        "UID:east\r\nDTSTART;TZID=Pacific/Kiritimati:20270201T060000\r\nDTEND;TZID=Pacific/Kiritimati:20270201T090000",
        "UID:floating\r\ndtstart:20261210T190000\r\nDTEND:20261210T200000\r\nTRANSP:OPAQUE",
        "UID:free\r\nDTSTART:20261211T180000Z\r\nDTEND:20261211T190000Z\r\nTRANSP:TRANSPARENT",
    )
    first, last = date(2026, 12, 7), date(2027, 1, 31)
    for zone in (ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Kiritimati"), ZoneInfo("America/Los_Angeles")):
        whole = calendar_intervals(Calendar.from_ical(path.read_bytes()), "x", first, last, zone)
        read = load_busy([path], first, last, zone)
        assert read == tuple(sorted(whole)), zone
    berlin = [(a.isoformat(), b.isoformat()) for a, b in load_busy([path], first, last, ZoneInfo("Europe/Berlin"))]
    assert ("2026-11-20T08:00:00+00:00", "2026-12-08T20:00:00+00:00") in berlin, "the offsite reaches into the plan"
    assert ("2026-12-15T18:00:00+00:00", "2026-12-15T19:00:00+00:00") not in berlin, "moved away"
    assert ("2026-12-22T18:00:00+00:00", "2026-12-22T19:00:00+00:00") not in berlin, "called off"
    assert ("2026-12-09T17:00:00+00:00", "2026-12-09T18:00:00+00:00") not in berlin, "moved to 2030"
    assert ("2026-12-29T18:00:00+00:00", "2026-12-29T19:00:00+00:00") in berlin, "the series goes on"
    assert ("2026-12-07T07:00:00+00:00", "2026-12-07T10:00:00+00:00") in berlin, "Sunday in Samoa is Monday here"
    assert ("2027-01-31T16:00:00+00:00", "2027-01-31T19:00:00+00:00") in berlin, "Monday in Kiritimati is Sunday"


def test_a_broken_meeting_years_away_does_not_stop_the_schedule(runner, tmp_path):
    busy = calendar(
        tmp_path / "work.ics",
        "UID:old\r\nDTSTART:20190104T190000Z\r\nDTEND:20190104T180000Z",  # ends before it starts
        "UID:mars\r\nDTSTART;TZID=Mars/Olympus:20300104T190000\r\nDTEND;TZID=Mars/Olympus:20300104T200000",
        "UID:x\r\nDTSTART;TZID=Europe/Berlin:20261207T190000\r\nDTEND;TZID=Europe/Berlin:20261207T200000",
    )
    out = tmp_path / "out"
    result = runner.invoke(app, [*BASE, "--out", str(out), "--busy", str(busy)])
    assert result.exit_code == 0, result.output
    assert evening_starts(out)["w1-mon-3"] != "19:00", "the meeting in the plan still blocks its hour"

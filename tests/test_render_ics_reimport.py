"""Re-importing into the calendar a person lives in: what changes says so, nothing else does.

Calendar clients match events by UID and take an update only when its SEQUENCE is higher;
LAST-MODIFIED says when it changed. Each test runs the command line twice, the way a person
would, with a different clock (``SOURCE_DATE_EPOCH``) so a stamp shows which run wrote it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import vobject
from typer.testing import CliRunner

from prepctl.cli import app
from tests.helpers import PLAN_ID, SETUP, tick
from tests.test_render_ics_interop import run_icaljs

FIRST, SECOND, THIRD = "1796083200", "1796169600", "1796256000"  # 1, 2 and 3 Dec 2026, 00:00 UTC


def schedule(runner: CliRunner, out: Path, epoch: str, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app,
        ["schedule", *SETUP, "--format", "ics,md,json", "--out", str(out), *args],
        env={"SOURCE_DATE_EPOCH": epoch, "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    return result


def events(out: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((out / f"{PLAN_ID}.ics").read_bytes())
    return {str(e["UID"]).split(".")[0]: e for e in calendar.walk("VEVENT")}


def stamp_of(epoch: str) -> datetime:
    return datetime.fromtimestamp(int(epoch), UTC)


def changed(event: icalendar.Event) -> tuple[int, datetime | None]:
    modified = event.get("LAST-MODIFIED")
    return int(event.get("SEQUENCE", 0)), modified.dt if modified else None


def test_a_new_evening_time_raises_sequence_and_last_modified_of_the_evening_events_only(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    before = events(out)
    assert {changed(e) for e in before.values()} == {(0, None)}
    schedule(runner, out, SECOND, "--slot", "evening=20:00")
    after = events(out)
    moved = {i for i in after if after[i].decoded("DTSTART") != before[i].decoded("DTSTART")}
    slots = {s["id"]: s["slot"] for s in json.loads((out / f"{PLAN_ID}.json").read_text())["sessions"]}
    assert moved == {i for i, slot in slots.items() if slot == "evening"}, "exactly the evening blocks move"
    for block, event in after.items():
        assert changed(event) == ((1, stamp_of(SECOND)) if block in moved else (0, None)), block
    schedule(runner, out, THIRD, "--slot", "evening=20:00")
    assert {i: changed(e) for i, e in events(out).items()} == {i: changed(e) for i, e in after.items()}, (
        "the same schedule again changes no event"
    )


def test_a_new_description_or_alarm_is_a_change_the_dry_run_reports_and_sequence_follows(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "event.txt.j2").write_text(
        "{{ session.activity }}: {{ session.details }}\nMy own notes.\n", encoding="utf-8"
    )
    dry = schedule(runner, out, SECOND, "--templates", str(templates), "--dry-run")
    assert "196 changed" in dry.stdout, dry.stdout
    schedule(runner, out, SECOND, "--templates", str(templates))
    assert {changed(e) for e in events(out).values()} == {(1, stamp_of(SECOND))}
    assert "My own notes." in str(events(out)["w1-mon-1"]["DESCRIPTION"])

    alarm = schedule(runner, out, THIRD, "--templates", str(templates), "--alarm", "10", "--dry-run")
    timed = sum(1 for e in events(out).values() if "T" in e["DTSTART"].to_ical().decode())
    assert f"{timed} changed" in alarm.stdout, "a new reminder is a change clients must take"


def _drop_week_2(runner: CliRunner, out: Path, epoch: str, *args: str):  # type: ignore[no-untyped-def]
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i.startswith("w1-"))
    return schedule(runner, out, epoch, "--resume", str(checklist), "--missed", "drop", "--start", "2026-12-21", *args)


def test_dropped_events_are_written_as_cancelled_when_asked_and_done_ones_stay(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    before = events(out)
    _drop_week_2(runner, out, SECOND, "--cancel-gone")
    after = events(out)
    week2 = {i for i in before if i.startswith("w2-")}
    cancelled = {i for i, e in after.items() if str(e.get("STATUS", "")) == "CANCELLED"}
    assert cancelled == week2, "the dropped week is cancelled"
    assert not {i for i in after if i.startswith("w1-")}, "done events are left as they were in the calendar"
    for block in week2:
        assert after[block].decoded("DTSTART") == before[block].decoded("DTSTART"), "cancelled where it was"
        assert changed(after[block]) == (1, stamp_of(SECOND))
        assert str(after[block]["TRANSP"]) == "TRANSPARENT" and not after[block].walk("VALARM")
    ics = (out / f"{PLAN_ID}.ics").read_bytes()
    statuses = {
        e.uid.value.split(".")[0]: e.status.value
        for e in vobject.readOne(ics.decode()).vevent_list
        if hasattr(e, "status")
    }
    assert statuses == dict.fromkeys(week2, "CANCELLED"), "vobject reads the status too"

    # again: still cancelled, with the same SEQUENCE (nothing new for the client)
    _drop_week_2(runner, out, THIRD, "--cancel-gone")
    assert {i: changed(e) for i, e in events(out).items() if i in week2} == {i: changed(after[i]) for i in week2}


def test_without_the_option_gone_events_are_left_out(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    _drop_week_2(runner, out, SECOND)
    assert not [e for e in events(out).values() if e.get("STATUS")]
    assert not [i for i in events(out) if i.startswith(("w1-", "w2-"))]


def test_an_event_planned_again_after_being_cancelled_is_revived_with_a_higher_sequence(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    schedule(runner, out, SECOND, "--from-week", "3", "--start", "2026-12-21", "--cancel-gone")
    gone = events(out)
    assert changed(gone["w1-mon-1"]) == (1, stamp_of(SECOND)) and str(gone["w1-mon-1"]["STATUS"]) == "CANCELLED"
    schedule(runner, out, THIRD, "--from-week", "1", "--cancel-gone")  # the schedule kept week 3 until told
    back = events(out)["w1-mon-1"]
    assert "STATUS" not in back and changed(back) == (2, stamp_of(THIRD)), "higher than the cancellation"


def test_thunderbirds_parser_reads_the_cancelled_events_where_they_were(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, FIRST)
    _drop_week_2(runner, out, SECOND, "--cancel-gone")
    rows = {row[0].split(".")[0]: row[1] for row in run_icaljs((out / f"{PLAN_ID}.ics").read_bytes(), tmp_path)}
    for block, event in events(out).items():
        start = event.decoded("DTSTART")
        if isinstance(start, datetime):
            assert rows[block] == start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), block
    assert "w2-mon-1" in rows

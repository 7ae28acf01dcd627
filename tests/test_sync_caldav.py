"""``prepctl sync`` against a real CalDAV server (Radicale, started by the suite), as a person meets it:
first sync, reschedule, a second sync that writes nothing, tasks ticked in a task app, and every failure."""

from __future__ import annotations

import json
import re
import sys
import uuid
from datetime import datetime
from pathlib import Path

import caldav
import pytest
import vobject
from helpers import tick
from radicale_server import USERS, free_port, radicale, silent_server

from prepctl.cli import app

START = ["--start", "2026-12-07", "--tz", "Europe/Berlin", "--format", "ics,md,json"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with radicale(tmp_path_factory.mktemp("radicale")) as url:
        yield url


@pytest.fixture
def calendar(server, monkeypatch) -> str:
    """A calendar name of this test's own, and ana's account in the environment."""
    monkeypatch.setenv("PREPCTL_CALDAV_URL", server)
    monkeypatch.setenv("PREPCTL_CALDAV_USERNAME", "ana")
    monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", "secret")
    name = f"Prep {uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("PREPCTL_CALDAV_CALENDAR", name)
    return name


def dav(server: str, user: str = "ana") -> caldav.DAVClient:
    return caldav.DAVClient(server, username=user, password=USERS[user])


def server_calendar(server: str, name: str):
    return next(c for c in dav(server).principal().calendars() if c.get_display_name() == name)


def on_server(server: str, name: str) -> dict[str, vobject.base.Component]:
    """Every object of the calendar by UID, read with vobject (not the library that wrote them)."""
    found = {}
    target = server_calendar(server, name)
    listing = target.objects(load_objects=False)
    gone = {str(url) for url in listing.deleted_urls}  # Radicale's first sync report names deleted objects too
    for obj in listing:
        if str(obj.url.canonical()) in gone:
            continue
        parsed = vobject.readOne(target.client.request(str(obj.url), "GET").raw)
        component = next(c for c in parsed.getChildren() if c.name in ("VEVENT", "VTODO"))
        assert component.uid.value not in found, f"{component.uid.value} twice on the server"
        found[component.uid.value] = component
    return found


def starts(session: dict):
    """Where the record says a session starts: a date and time, or a date (all day)."""
    if session["start"] is None:
        from datetime import date

        return date.fromisoformat(session["date"])
    return datetime.fromisoformat(session["start"])


def scheduled(runner, out: Path, *extra: str) -> dict:
    result = runner.invoke(app, ["schedule", *START, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return json.loads((out / "mlops-8-week.record.json").read_text())


def sync(runner, *args: str, code: int = 0):
    result = runner.invoke(app, ["sync", *args])
    assert result.exit_code == code, result.output
    return result


def test_first_sync_puts_every_block_in_the_calendar_and_a_second_writes_nothing(runner, tmp_path, server, calendar):
    record = scheduled(runner, tmp_path / "out")
    first = sync(runner, "--create")
    assert "196 new" in first.output and "Synced: 196 created, 0 updated, 0 deleted" in first.output
    events = on_server(server, calendar)
    assert len(events) == 196
    for session in record["sessions"]:
        event = events[session["uid"]]
        assert event.dtstart.value == starts(session)
        if session["end"]:
            assert event.dtend.value == datetime.fromisoformat(session["end"])
    # what the calendar shows is what the imported file shows
    from_file = {
        e.uid.value: e
        for e in vobject.readComponents((tmp_path / "out" / "mlops-8-week.ics").read_text()).__next__().vevent_list
    }
    some = record["sessions"][40]["uid"]
    assert events[some].summary.value == from_file[some].summary.value
    assert events[some].description.value == from_file[some].description.value

    second = sync(runner)
    assert "196 unchanged" in second.output
    assert "Nothing to write: the calendar already holds this schedule (1 request)." in second.output


def test_the_calendar_shows_the_language_and_own_template_of_the_imported_file(runner, tmp_path, server, calendar):
    from prepctl.plan.resources import templates_dir

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "event.txt.j2").write_text("From my own template.\n" + (templates_dir() / "event.txt.j2").read_text())
    out = tmp_path / "out"
    scheduled(runner, out, "--locale", "de", "--templates", str(mine), "--format", "ics,md")
    sync(runner, "--create")
    events = on_server(server, calendar)
    from_file = {
        e.uid.value: e for e in vobject.readComponents((out / "mlops-8-week.ics").read_text()).__next__().vevent_list
    }
    assert events.keys() == from_file.keys()
    assert all(events[uid].description.value == event.description.value for uid, event in from_file.items())
    assert all(e.description.value.startswith("From my own template.") for e in events.values())
    assert any("Woche" in e.description.value for e in events.values()), "in German, as the file"


def test_a_reschedule_moves_and_drops_events_and_keeps_done_ones_as_a_log(runner, tmp_path, server, calendar):
    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--create")
    tick(out / "mlops-8-week.md", lambda block: block == "w1-mon-1")
    dry = sync(runner, "--dry-run")
    assert "196 unchanged" in dry.output and "Dry run: nothing was written" in dry.output
    record = scheduled(
        runner,
        out,
        "--resume",
        str(out / "mlops-8-week.md"),
        "--start",
        "2026-12-09",
        "--skip",
        "2026-12-24..2026-12-27",
        "--missed",
        "drop",
    )
    dropped = {item["id"] for item in record["dropped"]}
    assert dropped and {item["id"] for item in record["done"]} == {"w1-mon-1"}

    before = {uid: e.dtstart.value for uid, e in on_server(server, calendar).items()}
    preview = sync(runner, "--dry-run")
    assert on_server(server, calendar).keys() == before.keys(), "a dry run wrote to the calendar"
    moved = sync(runner)
    # gone: the dropped blocks, and the blocks now split in parts (each part is an event of its own)
    split = {s["id"].split(".")[0] for s in record["sessions"] if "." in s["id"]}
    gone = len(dropped) + len(split)
    assert f"{gone} gone" in moved.output and "moved" in moved.output
    assert preview.output.split("\n")[0] == moved.output.split("\n")[0]  # the dry run said what the sync did
    assert f"{gone} deleted" in moved.output
    assert "1 kept as done" in moved.output
    assert "Done items the schedule no longer has stay in the calendar as a log" in moved.output

    events = on_server(server, calendar)
    for session in record["sessions"]:
        assert events[session["uid"]].dtstart.value == starts(session)
    assert not any(f"{block}.mlops-8-week@prepctl" in events for block in dropped)
    assert "w1-mon-1.mlops-8-week@prepctl" in events  # done: it happened, it stays
    assert not [s for s in record["sessions"] if "2026-12-24" <= s["date"] <= "2026-12-27"]

    assert "Nothing to write" in sync(runner).output
    sync(runner, "--done", "delete")
    assert "w1-mon-1.mlops-8-week@prepctl" not in on_server(server, calendar)


def test_an_event_that_is_not_prepctls_is_never_touched(runner, tmp_path, server, calendar):
    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--create")
    target = server_calendar(server, calendar)
    foreign = target.save_event(
        dtstart=datetime(2026, 12, 8, 10), dtend=datetime(2026, 12, 8, 11), summary="Dentist", uid="dentist@example.com"
    )
    # planted where prepctl would write one of its own, with another UID
    planted_uid = "w1-mon-1.mlops-8-week@prepctl"
    (out / "mlops-8-week.sync.json").unlink()  # as if the state were lost: every object is created again
    target.client.request(str(target.url) + "w1-mon-1.mlops-8-week%40prepctl.ics", "DELETE")
    planted = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:not-prepctl@example.com\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART:20261207T060000Z\r\nSUMMARY:Mine\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    target.client.request(
        str(target.url) + "w1-mon-1.mlops-8-week%40prepctl.ics", "PUT", planted, {"Content-Type": "text/calendar"}
    )
    before = {o.url: o.props.get("{DAV:}getetag") for o in target.objects(load_objects=False)}

    result = sync(runner, code=4)
    assert "holds an object that is not this plan's; left as it is" in result.output
    scheduled(runner, out, "--resume", str(out / "mlops-8-week.md"), "--start", "2026-12-14")
    sync(runner, code=4)

    events = on_server(server, calendar)
    assert events["dentist@example.com"].summary.value == "Dentist"
    assert "not-prepctl@example.com" in events and planted_uid not in events
    after = {o.url: o.props.get("{DAV:}getetag") for o in target.objects(load_objects=False)}
    assert after[foreign.url] == before[foreign.url]
    assert [etag for url, etag in after.items() if "not-prepctl" in str(url) or "w1-mon-1." in str(url)] == [
        etag for url, etag in before.items() if "w1-mon-1." in str(url)
    ]


def test_a_task_completed_in_a_task_app_counts_as_ticked(runner, tmp_path, server, calendar):
    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--as", "tasks", "--create")
    tasks = on_server(server, calendar)
    assert len(tasks) == 196 and all(t.name == "VTODO" for t in tasks.values())
    assert tasks["w1-mon-1.mlops-8-week.task@prepctl"].status.value == "NEEDS-ACTION"

    task = next(
        o
        for o in server_calendar(server, calendar).objects(load_objects=True)
        if "w1-mon-1.mlops-8-week.task" in o.data
    )
    task.data = task.data.replace("STATUS:NEEDS-ACTION", "STATUS:COMPLETED")
    task.save()
    tick(out / "mlops-8-week.md", lambda block: block == "w1-mon-2")

    result = sync(runner, "--as", "tasks")
    assert "w1-mon-1: completed in a task app, counted as ticked" in result.output
    tasks = on_server(server, calendar)
    assert tasks["w1-mon-2.mlops-8-week.task@prepctl"].status.value == "COMPLETED"  # ticked in the checklist
    assert tasks["w1-mon-1.mlops-8-week.task@prepctl"].status.value == "COMPLETED"

    progress = runner.invoke(app, ["progress", "--json"])
    assert json.loads(progress.output)["total"]["done_items"] == 2
    today = runner.invoke(app, ["today", "--date", "2026-12-07", "--json"])
    states = {entry["id"]: entry["state"] for entry in json.loads(today.output)["plans"][0]["sessions"]}
    assert states["w1-mon-1"] == states["w1-mon-2"] == "done"
    record = scheduled(runner, out, "--resume", str(out / "mlops-8-week.md"), "--start", "2026-12-08")
    assert {"w1-mon-1", "w1-mon-2"} <= {item["id"] for item in record["done"]}
    assert "- [x]" in next(
        line for line in (out / "mlops-8-week.md").read_text().splitlines() if "<!-- w1-mon-1 -->" in line
    )  # carried into the new checklist
    assert "Nothing to write" not in sync(runner, "--as", "tasks").output
    assert "Nothing to write" in sync(runner, "--as", "tasks").output


def test_an_event_edited_on_the_server_is_reported_and_left_until_overwrite(runner, tmp_path, server, calendar):
    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--create")
    event = next(
        o
        for o in server_calendar(server, calendar).objects(load_objects=True)
        if "UID:w1-mon-2.mlops-8-week@prepctl" in o.data
    )
    event.data = re.sub(
        r"DTSTART;TZID=Europe/Berlin:\d{8}T\d{6}", "DTSTART;TZID=Europe/Berlin:20261207T100000", event.data
    )
    event.data = re.sub(r"DTEND;TZID=Europe/Berlin:\d{8}T\d{6}", "DTEND;TZID=Europe/Berlin:20261207T110000", event.data)
    event.save()
    scheduled(runner, out, "--resume", str(out / "mlops-8-week.md"), "--start", "2026-12-14")

    foreseen = sync(runner, "--dry-run", code=4)
    assert "conflict: w1-mon-2 " in foreseen.output and "so it would not be moved" in foreseen.output
    result = sync(runner, code=4)
    assert "conflict: w1-mon-2 " in result.output and "changed on the server since the last sync" in result.output
    assert "Traceback" not in result.output
    assert on_server(server, calendar)["w1-mon-2.mlops-8-week@prepctl"].dtstart.value.hour == 10
    assert on_server(server, calendar)["w1-mon-3.mlops-8-week@prepctl"].dtstart.value.day == 14  # others moved

    sync(runner, "--overwrite")
    assert on_server(server, calendar)["w1-mon-2.mlops-8-week@prepctl"].dtstart.value.day == 14
    assert "Nothing to write" in sync(runner).output


def test_an_edit_during_the_sync_gets_412_and_is_not_overwritten(runner, tmp_path, server, calendar, monkeypatch):
    import prepctl.sync

    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--create")
    scheduled(runner, out, "--resume", str(out / "mlops-8-week.md"), "--start", "2026-12-14")
    read_changes = prepctl.sync._read_changes

    def then_someone_edits(*args, **kwargs):
        state = read_changes(*args, **kwargs)
        event = next(
            o
            for o in server_calendar(server, calendar).objects(load_objects=True)
            if "UID:w1-mon-1.mlops-8-week@prepctl" in o.data
        )
        event.data = event.data.replace("SUMMARY:", "SUMMARY:Moved by me – ")
        event.save()
        monkeypatch.setattr(prepctl.sync, "_read_changes", read_changes)
        return state

    monkeypatch.setattr(prepctl.sync, "_read_changes", then_someone_edits)
    result = sync(runner, code=4)
    assert "w1-mon-1.mlops-8-week@prepctl: changed on the server during this sync; not overwritten" in result.output
    assert on_server(server, calendar)["w1-mon-1.mlops-8-week@prepctl"].summary.value.startswith("Moved by me")


def test_an_interrupted_sync_is_finished_by_the_next(runner, tmp_path, server, calendar, monkeypatch):
    out = tmp_path / "out"
    scheduled(runner, out)
    request = caldav.DAVClient.request
    puts = []

    def interrupted(self, url, method="GET", *args, **kwargs):
        if method == "PUT":
            puts.append(url)
            if len(puts) > 50:
                raise KeyboardInterrupt
        return request(self, url, method, *args, **kwargs)

    monkeypatch.setattr(caldav.DAVClient, "request", interrupted)
    result = sync(runner, "--create", code=130)
    assert "interrupted" in result.output and "prepctl sync" in result.output and "Traceback" not in result.output
    monkeypatch.setattr(caldav.DAVClient, "request", request)
    assert len(on_server(server, calendar)) == 50
    finished = sync(runner)
    assert "146 new" in finished.output and "Synced: 146 created" in finished.output
    assert len(on_server(server, calendar)) == 196

    # killed before the state was written: the next sync adopts what is there, and duplicates nothing
    (out / "mlops-8-week.sync.json").unlink()
    adopted = sync(runner)
    assert "196 new" in adopted.output
    assert len(on_server(server, calendar)) == 196
    assert "Nothing to write" in sync(runner).output


def one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in lines[0], lines[0]


def test_each_failure_is_one_line_and_a_non_zero_status(runner, tmp_path, server, calendar, monkeypatch):
    scheduled(runner, tmp_path / "out")
    sync(runner, "--create")
    state = (tmp_path / "out" / "mlops-8-week.sync.json").read_bytes()

    monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", "wrong-password")
    result = runner.invoke(app, ["sync"])
    one_line_error(result, 3, "ana")
    # Radicale answers a wrong password with 401, and now and then (with no delay after failed
    # logins) a request of the same sync with 403: either is said as the server said it
    assert "refused the user name or password of ana (401)" in result.output or "(403 Forbidden)" in result.output
    assert "wrong-password" not in result.output
    monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", "secret")

    one_line_error(runner.invoke(app, ["sync", "--calendar", "Nope"]), 2, "no calendar 'Nope' for ana", calendar)

    shared = dav(server).principal().make_calendar(name="Shared", cal_id="shared")
    monkeypatch.setenv("PREPCTL_CALDAV_USERNAME", "bob")
    monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", "other")
    one_line_error(
        runner.invoke(app, ["sync", "--calendar", str(shared.url)]), 3, "user bob is not allowed", "403 Forbidden"
    )
    assert not list(shared.objects(load_objects=False))

    monkeypatch.setenv("PREPCTL_CALDAV_URL", f"http://127.0.0.1:{free_port()}/")
    one_line_error(runner.invoke(app, ["sync"]), 3, "cannot reach the server")
    with silent_server() as address:
        monkeypatch.setenv("PREPCTL_CALDAV_URL", address)
        one_line_error(runner.invoke(app, ["sync", "--timeout", "1"]), 3, "no answer within 1 s")
    monkeypatch.setenv("PREPCTL_CALDAV_URL", "http://calendar.example.com/")
    one_line_error(runner.invoke(app, ["sync"]), 2, "is not encrypted (http://)")
    monkeypatch.delenv("PREPCTL_CALDAV_PASSWORD")
    monkeypatch.setenv("PREPCTL_CALDAV_URL", server)
    one_line_error(runner.invoke(app, ["sync"]), 2, "no password for bob")
    one_line_error(runner.invoke(app, ["sync", "--as", "notes"]), 2, "--as: expected events, tasks or both")
    assert (tmp_path / "out" / "mlops-8-week.sync.json").read_bytes() == state  # nothing failed half way


def test_a_damaged_or_planted_sync_state_is_refused_before_any_request(runner, tmp_path, server, calendar):
    out = tmp_path / "out"
    scheduled(runner, out)
    sync(runner, "--create")
    path = out / "mlops-8-week.sync.json"
    document = json.loads(path.read_text())
    document["calendars"][0]["items"][0]["uid"] = "dentist@example.com"  # someone else's event to delete
    path.write_text(json.dumps(document))
    one_line_error(runner.invoke(app, ["sync"]), 2, str(path), "uid: expected", "delete it and sync again")
    planted = json.loads(json.dumps(document))
    planted["calendars"][0]["items"] = []
    planted["calendars"][0]["url"] = "http://127.0.0.1:9/elsewhere/"  # would receive ana's password
    path.write_text(json.dumps(planted))
    one_line_error(
        runner.invoke(app, ["sync"]), 2, "is not on the server of caldav.url", "sends your password to that server only"
    )
    path.write_text("{not json")
    one_line_error(runner.invoke(app, ["sync"]), 2, "not valid JSON")
    assert len(on_server(server, calendar)) == 196


def test_check_says_what_it_found_and_never_the_password(runner, server, calendar, monkeypatch):
    dav(server).principal().make_calendar(name=calendar)
    result = runner.invoke(app, ["sync", "--check"])
    assert result.exit_code == 0, result.output
    assert "logged in as ana (password from PREPCTL_CALDAV_PASSWORD)" in result.output
    assert f"calendar {calendar!r}: events, tasks" in result.output
    assert "secret" not in result.output


def test_the_password_comes_from_a_command_or_the_keyring_never_from_the_config(runner, server, calendar, monkeypatch):
    monkeypatch.delenv("PREPCTL_CALDAV_PASSWORD")
    command = f"{sys.executable} -c \"print('secret')\""
    assert runner.invoke(app, ["config", "set", "caldav.password_command", command]).exit_code == 0
    result = runner.invoke(app, ["sync", "--check"])
    assert "password from caldav.password_command" in result.output and "secret" not in result.output
    runner.invoke(app, ["config", "set", "caldav.password_command", f'{sys.executable} -c "exit(1)"'])
    one_line_error(runner.invoke(app, ["sync", "--check"]), 2, "caldav.password_command: ended with status 1")

    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service, username):
            return "secret" if (service, username) == ("prepctl", "ana@127.0.0.1") else None

        def set_password(self, service, username, password): ...

        def delete_password(self, service, username): ...

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        runner.invoke(app, ["config", "set", "caldav.password_command", ""])
        result = runner.invoke(app, ["sync", "--check"])
        assert "password from the OS keyring" in result.output, result.output
    finally:
        keyring.set_keyring(previous)
    one_line_error(
        runner.invoke(app, ["config", "set", "caldav.password", "secret"]),
        2,
        "prepctl never keeps a password in a file",
    )


def test_busy_time_comes_from_a_server_calendar(runner, tmp_path, server, calendar):
    work = dav(server).principal().make_calendar(name="Work " + calendar)
    work.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:offsite@example.com\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261207T060000\r\n"
        "DTEND;TZID=Europe/Berlin:20261207T235900\r\nRRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:Offsite\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    record = scheduled(runner, tmp_path / "out", "--busy", f"caldav:Work {calendar}")
    assert record["busy"] == [f"caldav:Work {calendar}"]
    assert min(s["date"] for s in record["sessions"]) == "2026-12-10"  # three offsite days, nothing on them
    resumed = scheduled(runner, tmp_path / "out", "--resume", str(tmp_path / "out" / "mlops-8-week.md"))
    assert resumed["busy"] == record["busy"]


def test_a_server_calendar_event_that_repeats_every_second_is_one_line_not_a_hang(runner, tmp_path, server, calendar):
    import time

    work = dav(server).principal().make_calendar(name="Clock " + calendar)
    work.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:tick@example.com\r\n"
        "DTSTAMP:20261201T000000Z\r\nDTSTART:20261207T060000Z\r\nDTEND:20261207T060001Z\r\n"
        "RRULE:FREQ=SECONDLY\r\nSUMMARY:Tick\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    began = time.monotonic()
    result = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            "--format",
            "json",
            "--out",
            str(tmp_path / "out"),
            "--busy",
            f"caldav:Clock {calendar}",
        ],
    )
    assert time.monotonic() - began < 30
    assert result.exit_code == 2 and "repeats every second" in result.stderr, result.output


def test_a_certificate_no_one_trusts_is_refused(runner, tmp_path, monkeypatch):
    with radicale(tmp_path / "tls", tls=True) as address:
        monkeypatch.setenv("PREPCTL_CALDAV_URL", address)
        monkeypatch.setenv("PREPCTL_CALDAV_USERNAME", "ana")
        monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", "secret")
        one_line_error(
            runner.invoke(app, ["sync", "--check"]), 3, "certificate is not trusted", "prepctl always checks it"
        )

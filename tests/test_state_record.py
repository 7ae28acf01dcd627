"""The plan as one ongoing thing: the record of what was scheduled, and ticks that are never lost.

Each test is a scenario a person lives: they tick, change the evening slot, keep notes in
the checklist, fall behind and resume as `progress` tells them, write only the calendar,
move the checklist into a notes vault, or find a record damaged.
"""

from __future__ import annotations

import json
import re
import shlex
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT
from tests.helpers import BERLIN, EPOCH, PLAN_ID, SETUP


def run(runner: CliRunner, *args: str, ok: bool = True, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), env={**EPOCH, **(env or {})})
    if ok:
        assert result.exit_code == 0, result.output
    return result


def schedule(runner: CliRunner, out: Path, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    return run(runner, "schedule", *args, "--out", str(out), ok=ok)


def tick(checklist: Path, ids: set[str]) -> None:
    text = checklist.read_text(encoding="utf-8")
    for identifier in ids:
        text, count = re.subn(rf"^- \[ \] (.*<!-- {identifier} -->)$", r"- [x] \1", text, flags=re.M)
        assert count == 1, identifier
    checklist.write_text(text, encoding="utf-8")


def ticked(checklist: Path) -> set[str]:
    return set(re.findall(r"^- \[[xX]\] .*<!-- ([a-z0-9:-]+) -->$", checklist.read_text(encoding="utf-8"), re.M))


def events(ics: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    return {str(e["UID"]).split(".")[0]: e for e in calendar.walk("VEVENT")}


def one_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


DONE = {"w1-mon-1", "w1-mon-2", "w1-tue-3", "q:2"}  # three study blocks and a scenario question


def test_a_new_evening_slot_keeps_every_tick(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, *SETUP, "--format", "ics,md")
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, DONE)

    result = schedule(runner, out, *SETUP, "--format", "ics,md", "--slot", "evening=20:00")

    assert ticked(checklist) == DONE
    assert "kept your 4 ticks" in result.stdout
    assert "- [x] 20:00–21:00 **Study**" in checklist.read_text(encoding="utf-8")  # w1-tue-3 moved, still ticked
    assert not list(out.glob("*.backup-*")), "only ticks differed: no backup needed"


def test_my_own_notes_stay_in_the_new_checklist_under_their_day_and_in_a_backup(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, *SETUP, "--format", "md")
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, DONE)
    mine = checklist.read_text(encoding="utf-8").replace(
        "## Week 2 ", "Note to self: ask Anna about the Docker talk.\n\n## Week 2 ", 1
    )
    checklist.write_text(mine, encoding="utf-8")

    result = schedule(runner, out, *SETUP, "--format", "md", "--slot", "evening=20:00")

    backups = list(out.glob(f"{PLAN_ID}.backup-*.md"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == mine
    assert f"kept your earlier checklist as {backups[0]}" in result.stdout
    assert ticked(checklist) == DONE, "the ticks are carried into the new checklist as well"
    lines = checklist.read_text(encoding="utf-8").split("\n")
    at = lines.index("Note to self: ask Anna about the Docker talk.")
    assert "<!-- m:1" in lines[at - 1] and "## Week 2 " in lines[at + 2], "under week 1, where it was written"
    assert "kept 1 line you wrote, under their days" in result.stdout

    again = schedule(runner, out, *SETUP, "--format", "md", "--slot", "evening=20:30")
    assert checklist.read_text(encoding="utf-8").count("ask Anna") == 1, "kept once, not once per reschedule"
    assert len(list(out.glob(f"{PLAN_ID}.backup-*.md"))) == 1, "a file that only gained ticks is not backed up again"
    assert "kept 1 line you wrote" in again.stdout


def test_resume_as_progress_prints_it_keeps_the_zone_hours_and_slot(clock, runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    schedule(
        runner, out, *SETUP, "--slot", "evening=20:30", "--skip", "2026-12-24..2026-12-27", "--format", "ics,md,json"
    )
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, {"w1-mon-1", "w1-mon-2", "w1-mon-3", "w1-mon-4"})
    clock(datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN))  # Thursday: behind

    advice = run(runner, "progress", str(checklist)).stdout
    command = re.search(r"^\s*(prepctl schedule --resume .*)$", advice, re.M)
    assert command, advice
    assert str(checklist) in command[1] and "CHECKLIST" not in command[1]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # run it from another folder, exactly as printed
    result = run(runner, *shlex.split(command[1])[1:])

    record = json.loads((out / f"{PLAN_ID}.record.json").read_text(encoding="utf-8"))
    assert record["options"]["tz"] == "Europe/Berlin"
    assert (record["options"]["weekday_hours"], record["options"]["weekend_hours"]) == (2.0, 4.0)
    assert record["options"]["slots"] == {"evening": "20:30"}
    assert record["options"]["skip"] == ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"]
    assert not {s["date"] for s in record["sessions"]} & set(record["options"]["skip"]), "Christmas stays free"
    assert record["sessions"][0]["date"] == "2026-12-11"  # tomorrow
    evenings: dict[str, str] = {}
    first_of_day: dict[str, str] = {}
    for session in record["sessions"]:
        first_of_day.setdefault(session["date"], session["id"])
        if session["slot"] == "evening" and first_of_day[session["date"]] != session["id"]:
            # blocks of one slot follow each other; the first starts on time (carried work, first
            # on its day, starts at the day's first slot instead)
            evenings[session["date"]] = min(evenings.get(session["date"], "99"), session["start"][11:16])
    assert "19:00" not in evenings.values(), "the plan's own evening is not used"
    assert sum(1 for start in evenings.values() if start == "20:30") > 0.8 * len(evenings), evenings
    assert not (elsewhere / "out").exists(), "the resume writes where the schedule lives"
    assert f"wrote {out / PLAN_ID}.ics" in result.stdout
    explained = run(runner, *shlex.split(command[1])[1:], "--dry-run", "--explain").stdout
    assert f"tz = Europe/Berlin  (record: {out / PLAN_ID}.record.json)" in explained


def test_calendar_only_runs_raise_sequence_on_every_move(runner, tmp_path):
    out = tmp_path / "out"
    starts = []
    for evening in ("19:00", "20:00", "20:30"):
        schedule(runner, out, *SETUP, "--format", "ics", "--slot", f"evening={evening}")
        starts.append({i: e.decoded("DTSTART") for i, e in events(out / f"{PLAN_ID}.ics").items()})

    calendar = events(out / f"{PLAN_ID}.ics")
    moves = {i: sum(run[i] != earlier[i] for earlier, run in pairwise(starts)) for i in calendar}
    assert {i for i, n in moves.items() if n == 2}, "the evening blocks moved twice"
    assert {i: int(e["SEQUENCE"]) for i, e in calendar.items()} == moves
    assert all(("LAST-MODIFIED" in calendar[i]) == bool(n) for i, n in moves.items()), "unchanged events keep none"
    assert not (out / f"{PLAN_ID}.json").exists(), "the record is not the optional JSON"
    assert (out / f"{PLAN_ID}.record.json").exists()


def test_stats_and_schedule_agree_under_a_config_file(runner, tmp_path):
    run(runner, "config", "set", "weekday_hours", "1")
    run(runner, "config", "set", "weekend_hours", "2")
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", "--tz", "Europe/Berlin", "--format", "json")
    scheduled = sum(s["minutes"] or 0 for s in json.loads((out / f"{PLAN_ID}.json").read_text())["sessions"])
    figures = json.loads(run(runner, "stats", "--json").stdout)
    assert figures["scheduled_minutes"] == scheduled < figures["planned_minutes"]


@pytest.mark.parametrize(
    ("where", "args", "expected"),
    [
        (
            {"PREPCTL_WEEKDAY_HOURS": "30"},
            [],
            "prepctl: PREPCTL_WEEKDAY_HOURS: expected hours above 0 and at most 24, got 30",
        ),
        ({}, ["--hours", "0"], "prepctl: --hours: expected hours above 0 and at most 24, got 0"),
        ({"PREPCTL_TZ": "Mars/Olympus"}, [], "prepctl: PREPCTL_TZ: unknown time zone 'Mars/Olympus'"),
    ],
)
def test_an_error_names_what_the_person_typed(runner, tmp_path, where, args, expected):
    result = run(
        runner,
        "schedule",
        "--start",
        "2026-12-07",
        "--format",
        "json",
        "--out",
        str(tmp_path),
        *args,
        ok=False,
        env=where,
    )
    assert result.exit_code == EXIT_BAD_INPUT
    assert one_line(result).startswith(expected)


def test_a_config_file_value_is_named_by_its_file_and_line(runner, tmp_path):
    import os

    config = Path(os.environ["PREPCTL_CONFIG"])
    config.write_text("tz: Europe/Berlin\nweekend_hours: 30\n", encoding="utf-8")
    result = run(runner, "stats", ok=False)
    assert result.exit_code == EXIT_BAD_INPUT
    assert one_line(result) == f"prepctl: {config}:2: weekend_hours: expected hours above 0 and at most 24, got 30"


def test_today_and_progress_from_any_folder_after_the_checklist_moved(clock, runner, tmp_path, monkeypatch):
    out = tmp_path / "project" / "out"
    schedule(runner, out, *SETUP, "--format", "ics,md")
    vault = tmp_path / "vault"
    vault.mkdir()
    moved = vault / "prep.md"
    (out / f"{PLAN_ID}.md").rename(moved)
    tick(moved, {"w1-mon-1", "w1-mon-2"})
    monkeypatch.chdir(tmp_path)

    lost = run(runner, "progress", ok=False)
    assert lost.exit_code == EXIT_BAD_INPUT and "prepctl progress PATH" in one_line(lost)
    figures = json.loads(run(runner, "progress", str(moved), "--json").stdout)
    assert figures["total"]["done_items"] == 2 and figures["plan_id"] == PLAN_ID
    assert json.loads(run(runner, "progress", "--json").stdout) == figures, "the vault copy is remembered"

    clock(datetime(2026, 12, 7, 18, 0, tzinfo=BERLIN))
    day = json.loads(run(runner, "today", "--json").stdout)["plans"][0]["sessions"]
    assert [(s["id"], s["state"]) for s in day] == [
        ("w1-mon-3", "next"),
        ("w1-mon-1", "done"),
        ("w1-mon-2", "done"),
        ("w1-mon-4", "later"),
    ]

    again = schedule(runner, out, *SETUP, "--format", "md", "--slot", "night=22:00")
    assert ticked(moved) == {"w1-mon-1", "w1-mon-2"}, "the new checklist is written where the person keeps it"
    assert not (out / f"{PLAN_ID}.md").exists(), "no second copy in the output folder"
    assert f"wrote {moved} (your checklist, where you keep it)" in again.stdout


def test_two_plans_scheduled_today_shows_both(clock, runner, tmp_path, monkeypatch):
    from tests.helpers import MINIMAL_PLAN, write_plan

    schedule(runner, tmp_path / "mlops", *SETUP, "--format", "md")
    tiny = write_plan(tmp_path, MINIMAL_PLAN)
    schedule(runner, tmp_path / "tiny", str(tiny), *SETUP, "--format", "md")
    clock(datetime(2026, 12, 7, 6, 0, tzinfo=BERLIN))
    shown = run(runner, "today").stdout
    assert "MLOps Engineer: 8-Week Prep Path" in shown and "Tiny plan" in shown
    plans = {p["plan"] for p in json.loads(run(runner, "today", "--json").stdout)["plans"]}
    assert plans == {PLAN_ID, "tiny"}


def test_a_tick_that_lost_its_id_is_reported_with_its_line(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, *SETUP, "--format", "md")
    checklist = out / f"{PLAN_ID}.md"
    text = checklist.read_text(encoding="utf-8")
    text = text.replace("<!-- w1-tue-1 -->", "").replace("## Week 2 ", "- [x] Buy a whiteboard\n\n## Week 2 ", 1)
    text = re.sub(r"^- \[ \] (.*Coding\*\* — 2 LeetCode medium \(hash maps.*)$", r"- [x] \1", text, count=1, flags=re.M)
    checklist.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("- [x]") and "LeetCode" in t)

    result = run(runner, "progress", str(checklist))
    assert result.stderr.strip().splitlines() == [
        f"note: {checklist}:{line}: this ticked task lost its hidden id <!-- w1-tue-1 -->, so it is not counted; "
        "put the id back at the end of the line"
    ], "a person's own task (the whiteboard) is not reported"
    resumed = schedule(runner, out, "--resume", str(checklist), "--start", "2026-12-09", "--format", "md")
    assert f"{checklist}:{line}: this ticked task lost its hidden id" in resumed.stderr


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        '{"prepctl_record": 1}',
        '{"prepctl_record": 99}',
        "[" * 100_000 + "]" * 100_000,
        '{"prepctl_record": 1, "plan": {"id": "x", "title": "t", "source": "x", "focus_areas": {}}, '
        '"options": {"start": "soon"}}',
    ],
)
def test_a_damaged_record_is_one_line_naming_it(runner, tmp_path, damage):
    out = tmp_path / "out"
    schedule(runner, out, *SETUP, "--format", "md")
    record = out / f"{PLAN_ID}.record.json"
    record.write_text(damage, encoding="utf-8")
    for args in (["today"], ["progress", str(out / f"{PLAN_ID}.md")], ["schedule", *SETUP, "--out", str(out)]):
        result = run(runner, *args, ok=False)
        assert result.exit_code == EXIT_BAD_INPUT, (args, result.output)
        assert one_line(result).startswith(f"prepctl: {record}: "), args


def test_the_installed_prepctl_today_works_from_any_folder(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, **EPOCH}
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "prepctl", "schedule", *SETUP, "--format", "md", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shown = subprocess.run(
        [sys.executable, "-m", "prepctl", "today", "--date", "2026-12-08"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Tue 8 Dec 2026 · MLOps Engineer: 8-Week Prep Path (Europe/Berlin)" in shown.stdout

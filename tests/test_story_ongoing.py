"""One ongoing schedule: settings that stay, skips that add up, the checklist where the person
keeps it, one timeline for every plan and one meaning of "behind".

Each test is a story from the issue, told as the person lives it: through the installed
command in a subprocess where it matters that nothing in the test process helps, through
Typer's runner and the library elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

from typer.testing import CliRunner

from prepctl.cli import app
from tests.helpers import BERLIN, EPOCH, MINIMAL_PLAN, PLAN_ID, SETUP, tick, write_plan


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), env=EPOCH)
    assert result.exit_code == 0, result.output
    return result


def schedule_json(out: Path, plan_id: str = PLAN_ID) -> dict:  # type: ignore[type-arg]
    return json.loads((out / f"{plan_id}.record.json").read_text(encoding="utf-8"))


def dates(record: dict) -> set[date]:  # type: ignore[type-arg]
    return {date.fromisoformat(s["date"]) for s in record["sessions"]}


def test_a_rerun_through_the_installed_command_keeps_zone_hours_and_skips(tmp_path):
    exe = shutil.which("prepctl")
    assert exe, "prepctl is not installed on PATH (pip install .)"

    def prepctl(*args: str) -> str:
        done = subprocess.run(
            [exe, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**os.environ, **EPOCH}
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    prepctl("schedule", *SETUP, "--skip", "2026-12-24..2026-12-27", "--format", "md,json")
    first = schedule_json(tmp_path / "out")
    shown = prepctl("schedule", "--slot", "evening=20:30")
    second = schedule_json(tmp_path / "out")

    assert second["options"]["tz"] == "Europe/Berlin"
    assert (second["options"]["weekday_hours"], second["options"]["weekend_hours"]) == (2, 4)
    assert second["options"]["skip"] == ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-27"]
    assert second["options"]["slots"] == {"evening": "20:30"}
    assert "Continued the schedule in out, keeping " in shown and "tz Europe/Berlin" in shown
    assert "Days off: Thu 24 Dec – Sun 27 Dec (4 days)" in shown
    assert (tmp_path / "out" / f"{PLAN_ID}.md").exists(), "the formats of the schedule are kept too"
    before = {s["id"]: s["start"] for s in first["sessions"]}
    changed = {s["id"] for s in second["sessions"] if s["start"] != before.get(s["id"])}
    evening = {s["id"] for s in second["sessions"] if s["start"] and s["start"][11:16] >= "19:00"}
    assert changed and changed <= evening, "only what the new evening time moves has moved"


def test_skips_given_in_three_runs_all_hold_and_unskip_gives_a_day_back(runner, tmp_path):
    out = tmp_path / "out"
    run(runner, "schedule", *SETUP, "--format", "json", "--out", str(out))
    undisturbed = max(dates(schedule_json(out)))
    for day in ("2026-12-24", "2026-12-31", "2027-01-05"):
        run(runner, "schedule", "--skip", day, "--out", str(out))
    record = schedule_json(out)
    assert record["options"]["skip"] == ["2026-12-24", "2026-12-31", "2027-01-05"]
    assert not dates(record) & {date(2026, 12, 24), date(2026, 12, 31), date(2027, 1, 5)}
    three_off = max(dates(record))
    # three weekdays of 2 h cost two days: weekends of 4 h take up some of their work
    assert (three_off - undisturbed).days == 2, "three days off cost at most three days"

    shown = run(runner, "schedule", "--unskip", "2026-12-31", "--out", str(out)).stdout
    record = schedule_json(out)
    assert record["options"]["skip"] == ["2026-12-24", "2027-01-05"]
    assert date(2026, 12, 31) in dates(record), "the day given back holds study again"
    assert max(dates(record)) < three_off
    assert "Days off: Thu 24 Dec, Tue 5 Jan (2 days)" in shown


def test_fresh_starts_over_and_explain_names_each_setting_origin(runner, tmp_path):
    out = tmp_path / "out"
    run(runner, "schedule", *SETUP, "--format", "json", "--out", str(out))
    explained = run(runner, "schedule", "--explain", "--out", str(out)).stdout
    assert f"tz = Europe/Berlin  (record: {out / (PLAN_ID + '.record.json')})" in explained
    assert "paper = a4  (default)" in explained
    fresh = run(runner, "schedule", "--fresh", "--tz", "Asia/Tokyo", "--format", "json", "--out", str(out)).stdout
    assert "Started afresh (--fresh)" in fresh
    assert schedule_json(out)["options"]["weekday_hours"] is None, "the record's hours were not used"


def test_the_checklist_in_a_vault_stays_the_live_one(runner, tmp_path, monkeypatch):
    out, vault = tmp_path / "project" / "out", tmp_path / "vault"
    run(runner, "schedule", *SETUP, "--format", "md,json", "--out", str(out))
    vault.mkdir()
    kept = vault / "prep.md"
    (out / f"{PLAN_ID}.md").rename(kept)
    run(runner, "progress", str(kept))
    tick(kept, lambda i: i in {"w1-mon-1", "w1-mon-2"})

    resumed = run(runner, "schedule", "--resume", str(kept), "--start", "2026-12-09").stdout
    assert f"wrote {kept} (your checklist, where you keep it)" in resumed
    assert not (out / f"{PLAN_ID}.md").exists(), "no stale copy in the output folder"
    assert schedule_json(out)["checklist"] == str(kept)
    tick(kept, lambda i: i == "w1-wed-1")
    monkeypatch.chdir("/")
    figures = json.loads(run(runner, "progress", "--json").stdout)
    assert figures["total"]["done_items"] == 3 and figures["checklist"] == str(kept)


def test_ticks_in_two_copies_are_merged_and_said(runner, tmp_path):
    out, vault = tmp_path / "out", tmp_path / "vault"
    run(runner, "schedule", *SETUP, "--format", "md", "--out", str(out))
    vault.mkdir()
    copy = vault / "prep.md"
    shutil.copy(out / f"{PLAN_ID}.md", copy)
    tick(out / f"{PLAN_ID}.md", lambda i: i == "w1-mon-1")
    tick(copy, lambda i: i == "w1-mon-2")
    run(runner, "progress", str(copy))

    shown = run(runner, "schedule", "--slot", "evening=20:00", "--out", str(out)).stdout
    assert (
        f"ticks in two copies: {(out / (PLAN_ID + '.md')).resolve()} had 1 tick the copy at {copy} lacked "
        "(w1-mon-1); merged" in shown
    )
    assert tick(copy, lambda i: False) == set() and "- [x] " in copy.read_text(encoding="utf-8")
    ticked = {
        line.rsplit("<!-- ", 1)[1][:-4]
        for line in copy.read_text(encoding="utf-8").splitlines()
        if line.startswith("- [x]")
    }
    assert ticked == {"w1-mon-1", "w1-mon-2"}


def test_a_note_whose_day_is_gone_moves_to_the_end(runner, tmp_path):
    out = tmp_path / "out"
    run(runner, "schedule", *SETUP, "--format", "md", "--out", str(out))
    checklist = out / f"{PLAN_ID}.md"
    text = checklist.read_text(encoding="utf-8").replace("<!-- w1-mon-1 -->", "<!-- w1-mon-1 -->\nmy week 1 note", 1)
    checklist.write_text(text, encoding="utf-8")
    shown = run(runner, "schedule", "--from-week", "3", "--out", str(out)).stdout
    assert "kept 1 line you wrote, under their days, 1 at the end" in shown
    assert checklist.read_text(encoding="utf-8").rstrip().endswith("my week 1 note")


def test_two_plans_with_the_same_hours_never_overlap_and_today_shows_both(clock, runner, tmp_path, monkeypatch):
    run(runner, "schedule", *SETUP, "--format", "json", "--out", str(tmp_path / "mlops"))
    tiny = write_plan(tmp_path, MINIMAL_PLAN)
    shown = run(runner, "schedule", str(tiny), *SETUP, "--format", "md,json", "--out", str(tmp_path / "tiny")).stdout
    assert f"sessions of your other plan ({PLAN_ID}) are busy time here" in shown

    def spans(folder: str, plan_id: str) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"]))
            for s in schedule_json(tmp_path / folder, plan_id)["sessions"]
            if s["start"]
        ]

    mine, other = spans("tiny", "tiny"), spans("mlops", PLAN_ID)
    assert not [(a, b) for a in mine for b in other if a[0] < b[1] and b[0] < a[1]]
    clock(datetime(2026, 12, 7, 6, 0, tzinfo=BERLIN))
    day = json.loads(run(runner, "today", "--json").stdout)["plans"]
    assert [p["plan"] for p in day] == [PLAN_ID, "tiny"] and all(p["sessions"] for p in day)

    run(runner, "schedule", str(tiny), "--alone", "--out", str(tmp_path / "tiny"))
    mine = spans("tiny", "tiny")
    assert [(a, b) for a in mine for b in other if a[0] < b[1] and b[0] < a[1]], "--alone leaves them out"


def test_behind_is_one_number_everywhere_and_zero_after_a_drop(clock, runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(runner, "schedule", *SETUP, "--format", "md,json", "--out", str(out))
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i in {"w1-mon-1", "w1-tue-2"})
    clock(datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN))  # Thursday morning

    figures = json.loads(run(runner, "progress", "--json").stdout)
    day = json.loads(run(runner, "today", "--json").stdout)["plans"][0]
    assert figures["behind"] == day["behind"] == 4 + 4 + 4 + 1 - 2, "Mon–Wed and Thursday's 07:00 block, less 2"
    hint = run(runner, "progress").stdout
    assert "Behind: 11 blocks that ended before Thu 10 Dec 09:00, not ticked" in hint
    assert f"prepctl schedule --resume {checklist} --start tomorrow" in hint

    dropped = run(runner, "schedule", "--resume", str(checklist), "--missed", "drop", "--start", "2026-12-10").stdout
    assert "kept your 2 ticks" in dropped
    after = json.loads(run(runner, "progress", "--json").stdout)
    assert after["behind"] == 0 and after["total"]["dropped_items"] == 10
    said = run(runner, "progress").stdout
    assert "Behind" not in said and "--resume" not in said, "no hint for a command that would change nothing"


def test_stats_equals_schedule_under_every_remembered_setting(runner, tmp_path):
    for n, given in enumerate(
        (
            ["--hours", "1"],
            ["--fit", "stretch", "--hours", "2"],
            ["--scale", "0.5"],
            ["--weekday-hours", "1.5", "--weekend-hours", "3"],
        )
    ):
        out = tmp_path / f"out{n}"
        run(
            runner,
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            *given,
            "--format",
            "json",
            "--out",
            str(out),
        )
        scheduled = sum(s["minutes"] or 0 for s in schedule_json(out)["sessions"])
        figures = json.loads(run(runner, "stats", "--out", str(out), "--json").stdout)
        assert figures["scheduled_minutes"] == scheduled, given


def test_the_first_run_without_hours_says_the_plans_own_before_next(runner, tmp_path):
    shown = run(
        runner,
        "schedule",
        "--start",
        "2026-12-07",
        "--tz",
        "Europe/Berlin",
        "--format",
        "md",
        "--out",
        str(tmp_path / "a"),
    ).stdout.splitlines()
    hint = next(n for n, line in enumerate(shown) if line.startswith("Hours: the plan's own (13–31 h a week)"))
    assert hint < shown.index("Next:") and "--weekday-hours 2 --weekend-hours 4" in shown[hint]
    given = run(runner, "schedule", *SETUP, "--format", "md", "--out", str(tmp_path / "b")).stdout
    assert "the plan's own" not in given


def test_a_library_user_continues_a_schedule_too(tmp_path):
    from prepctl.settings import Given
    from prepctl.workflow import ScheduleRequest, run_schedule

    out = Given(str(tmp_path / "out"), "--out")
    run_schedule(
        ScheduleRequest(
            given={
                "out": out,
                "tz": Given("Europe/Berlin", "--tz"),
                "weekday_hours": Given(1.5, "--weekday-hours"),
                "start": Given("2026-12-07", "--start"),
            },
            formats=("json",),
        )
    )
    again = run_schedule(ScheduleRequest(given={"out": out, "slots.evening": Given("20:00", "--slot evening")}))
    assert again.kept == ("start 2026-12-07", "tz Europe/Berlin", "weekday-hours 1.5")
    assert again.schedule.options.weekday_hours == 1.5 and again.written == (tmp_path / "out" / f"{PLAN_ID}.json",)

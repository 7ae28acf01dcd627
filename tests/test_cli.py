"""The command line as a person uses it: outputs, summaries, errors and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT
from tests.helpers import MINIMAL_PLAN, write_plan

GOLDEN_ARGS = [
    "schedule",
    "--start",
    "2026-12-07",
    "--tz",
    "Europe/Berlin",
    "--weekday-hours",
    "2",
    "--weekend-hours",
    "4",
    "--format",
    "ics,json",
]
EPOCH = {"SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01T00:00:00Z


def test_golden_ics_and_json_for_the_readme_options(runner, tmp_path, golden):
    result = runner.invoke(app, [*GOLDEN_ARGS, "--out", str(tmp_path)], env=EPOCH)
    assert result.exit_code == 0, result.output
    golden("mlops-8-week.ics", (tmp_path / "mlops-8-week.ics").read_bytes().decode())
    golden("mlops-8-week.json", (tmp_path / "mlops-8-week.json").read_text())


def test_schedule_summary_names_dates_sessions_and_hours(runner, tmp_path):
    result = runner.invoke(app, [*GOLDEN_ARGS, "--out", str(tmp_path)], env=EPOCH)
    assert "196 sessions from Mon 7 Dec 2026 to Sun 31 Jan 2027 (Europe/Berlin)" in result.output
    # 5 weekdays x 2 h + 2 weekend days x 4 h in the calendar weeks of plan weeks 1-6; the
    # seventh keeps its mocks (+2 h); the last is light
    assert (
        "Hours per calendar week: 18 h (7 Dec – 17 Jan), 20 h (18 – 24 Jan), 9 h 45 min (25 – 31 Jan)" in result.output
    )


def test_a_start_that_is_not_a_monday_moves_and_says_so(runner, tmp_path):
    result = runner.invoke(
        app, ["schedule", "--start", "2026-12-09", "--tz", "Europe/Berlin", "--format", "json", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0
    assert "start moved from Wed 9 Dec 2026 to Mon 14 Dec 2026" in result.output
    sessions = json.loads((tmp_path / "mlops-8-week.json").read_text())["sessions"]
    assert sessions[0]["date"] == "2026-12-14" and sessions[0]["start"] == "2026-12-14T07:00:00+01:00"


def test_no_align_starts_on_the_day_given(runner, tmp_path):
    result = runner.invoke(
        app,
        ["schedule", "--start", "2026-12-09", "--no-align", "--tz", "UTC", "--format", "json", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0 and "start moved" not in result.output
    sessions = json.loads((tmp_path / "mlops-8-week.json").read_text())["sessions"]
    assert sessions[0]["date"] == "2026-12-09" and sessions[0]["day"] == "mon"


def test_slot_override_moves_the_evening_block(runner, tmp_path):
    result = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Asia/Kolkata",
            "--slot",
            "evening=20:15",
            "--format",
            "json",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    sessions = json.loads((tmp_path / "mlops-8-week.json").read_text())["sessions"]
    evening = next(s for s in sessions if s["id"] == "w1-mon-3")
    assert evening["start"] == "2026-12-07T20:15:00+05:30" and evening["minutes"] == 90


def test_validate_lists_every_problem_and_exits_2(runner, tmp_path):
    bad = write_plan(
        tmp_path, MINIMAL_PLAN.replace("minutes: 60", "minutes: -5").replace("slot: evening", "slot: evning")
    )
    good = write_plan(tmp_path, MINIMAL_PLAN, "good.yaml")
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"{good}: ok (tiny, 1 week)" in result.stdout
    assert f"{bad}:14:38: weeks[0].days[0].blocks[0].minutes: expected a positive whole number" in result.stderr


def test_schedule_of_a_broken_plan_writes_nothing(runner, tmp_path):
    bad = write_plan(tmp_path, MINIMAL_PLAN.replace("minutes: 60", "minutes: -5"))
    result = runner.invoke(app, ["schedule", str(bad), "--tz", "UTC", "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert not (tmp_path / "out").exists()


def test_show_json_is_the_normalized_plan(runner):
    result = runner.invoke(app, ["show", "--json", "--week", "1"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["id"] == "mlops-8-week" and [w["week"] for w in data["weeks"]] == [1]
    first = data["weeks"][0]["days"][0]["blocks"][0]
    assert first == {
        "id": "w1-mon-1",
        "slot": "morning",
        "label": None,
        "minutes": 60,
        "fixed": False,
        "activity": "Coding",
        "details": "2 LeetCode easy/medium (arrays, strings)",
        "focus": "coding",
    }
    week2 = json.loads(runner.invoke(app, ["show", "--json", "--week", "2"]).stdout)
    mock = week2["weeks"][0]["days"][5]["blocks"][2]
    assert (mock["id"], mock["fixed"]) == ("w2-sat-3", True), "the first coding mock keeps its length"
    assert set(data["focus_areas"]) == {"system-design", "coding", "ml-fundamentals", "behavioral"}
    assert len(data["appendix"]["scenario_questions"]["items"]) == 10


def test_show_prints_a_readable_week(runner):
    result = runner.invoke(app, ["show", "--week", "3"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "Week 3: Core Infrastructure -- ML Pipelines and CI/CD" in result.stdout
    assert "The Three Types of ML Tests" in result.stdout
    assert "Data tests: Schema validation" in result.stdout, "a callout's items, not only its title"
    assert "Week 3 Milestone Checkpoint" in result.stdout
    mon = next(line for line in result.stdout.splitlines() if line.strip().startswith("Mon "))
    assert "ML Pipeline Frameworks" in mon and " h" in mon, "each day with its total"


def test_plans_lists_the_bundled_plan(runner):
    result = runner.invoke(app, ["plans"])
    assert result.exit_code == 0
    assert "mlops-8-week  MLOps Engineer: 8-Week Prep Path  (8 weeks, 196 items)" in result.stdout


def test_the_installed_entry_point_runs_in_a_subprocess(tmp_path):
    exe = shutil.which("prepctl")
    assert exe, "prepctl is not installed on PATH (pip install .)"
    env = {**os.environ, **EPOCH}
    done = subprocess.run(
        [exe, *GOLDEN_ARGS, "--out", str(tmp_path / "o")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "mlops-8-week.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    module = subprocess.run(
        [sys.executable, "-m", "prepctl", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert module.returncode == 0 and module.stdout.startswith("prepctl ")
    broken = write_plan(tmp_path, MINIMAL_PLAN.replace("minutes: 60", "minutes: -5"))
    failed = subprocess.run([exe, "validate", str(broken)], capture_output=True, text=True, timeout=60)
    assert failed.returncode == EXIT_BAD_INPUT and "Traceback" not in failed.stderr
    assert failed.stderr.count("\n") == 1


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``prepctl ARGS`` through ``main``, as the installed command runs (CliRunner calls the app)."""
    from prepctl.cli import main

    monkeypatch.setattr(sys, "argv", ["prepctl", *args])
    try:
        main()
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_a_misspelt_command_gets_the_one_meant_once(monkeypatch, capsys):
    assert _main(monkeypatch, capsys, "todya") == (
        EXIT_BAD_INPUT,
        "",
        "prepctl: No such command 'todya'. Did you mean 'today'?\n",
    )
    assert _main(monkeypatch, capsys, "config", "shwo")[2] == (
        "prepctl config: No such command 'shwo'. Did you mean 'show'?\n"
    )


def test_running_one_command_leaves_every_command_listed(monkeypatch, capsys):
    code, out, _ = _main(monkeypatch, capsys, "--debug", "today", "--help")
    assert code == 0 and out.startswith("Usage: prepctl today [OPTIONS]")
    code, out, _ = _main(monkeypatch, capsys, "--help")
    listed = out.split("Commands:")[1].split()
    assert code == 0 and {"plans", "schedule", "today", "progress", "sync", "config"} <= set(listed)


def test_schedule_ends_with_what_to_do_next(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "ics,md,json", "--out", str(out)]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-3:] == [
        "Next:",
        f"  1. import {out / 'mlops-8-week.ics'} into a calendar of its own (or `prepctl sync` with a CalDAV server)",
        f"  2. each day: prepctl today; tick {out / 'mlops-8-week.md'}; prepctl progress",
    ]


def test_plans_shows_a_title_with_console_markup_as_text(runner, tmp_path):
    plan = write_plan(tmp_path, MINIMAL_PLAN.replace("title: Tiny plan", 'title: "Prep [/bold] plan"'))
    result = runner.invoke(app, ["plans", str(plan)])
    assert result.exit_code == 0, result.output
    assert f"{plan}  Prep [/bold] plan  (1 week, 2 items)" in result.stdout

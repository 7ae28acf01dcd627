"""Extreme, empty and odd values on the command line and around it: one line and exit 2, or
the work done right; never "unexpected error"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT

BASE = ["schedule", "--format", "json"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--start", "0001-01-01", "--tz", "UTC"],
            "--start: 0001-01-01 is outside the years prepctl schedules (1900 to 2999)",
        ),
        (["--start", "9999-12-31", "--tz", "UTC"], "--start: 9999-12-31 is outside the years prepctl schedules"),
        (["--by", "9999-12-31", "--tz", "UTC"], "--by: 9999-12-31 is outside the years prepctl schedules"),
        (["--by", "0001-01-02", "--tz", "UTC"], "--by: 0001-01-02 is outside the years prepctl schedules"),
        (["--tz", ""], "--tz: unknown time zone '' (an IANA name like Europe/Berlin)"),
        (["--tz", "localtime"], "--tz: unknown time zone 'localtime' (an IANA name like Europe/Berlin)"),
        (["--tz", "posix/Europe/Berlin"], "--tz: unknown time zone 'posix/Europe/Berlin'"),
        (["--tz", "UTC", "--from-week", "0"], "--from-week: weeks are numbered from 1, got 0"),
        (["--tz", "UTC", "--from-week", "-5"], "--from-week: weeks are numbered from 1, got -5"),
    ],
)
def test_an_extreme_or_empty_value_is_one_line_and_exit_2(runner, tmp_path: Path, args: list[str], expected: str):
    result = runner.invoke(app, [*BASE, "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"prepctl: {expected}"), lines
    assert not (tmp_path / "out").exists()


def test_an_output_folder_name_too_long_for_the_file_system(runner, tmp_path: Path):
    out = tmp_path / ("x" * 300)
    result = runner.invoke(app, [*BASE, "--tz", "UTC", "--out", str(out)])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.strip().endswith("File name too long"), result.stderr


def test_a_damaged_record_is_said_on_resume_not_replaced_by_defaults(runner, tmp_path: Path, monkeypatch):
    out = tmp_path / "out"
    assert (
        runner.invoke(
            app,
            ["schedule", "--start", "2026-12-07", "--tz", "Europe/Berlin", "--format", "md,json", "--out", str(out)],
        ).exit_code
        == 0
    )
    record = out / "mlops-8-week.record.json"
    document = json.loads(record.read_text(encoding="utf-8"))
    document["sessions"][0]["minutes"] = "x"
    record.write_text(json.dumps(document), encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # where a silent fallback to the defaults would write ./out
    for missed in ("shift", "drop"):
        result = runner.invoke(
            app, ["schedule", "--resume", str(out / "mlops-8-week.md"), "--missed", missed, "--start", "2026-12-20"]
        )
        assert result.exit_code == EXIT_BAD_INPUT
        assert result.stderr.strip().startswith(f"prepctl: {record}: not a record prepctl can use: sessions[0].minutes")
    assert not (elsewhere / "out").exists(), "nothing written to ./out"


@pytest.mark.parametrize(
    "command", [["today", "--date", "2026-12-07"], ["show", "--week", "1"], ["stats"], ["progress"]]
)
def test_a_terminal_that_cannot_show_every_character_gets_question_marks_not_a_crash(tmp_path: Path, command):
    env = {
        **os.environ,
        "PREPCTL_DATA_DIR": str(tmp_path / "data"),
        "PREPCTL_CONFIG": str(tmp_path / "c.yaml"),
        "PYTHONIOENCODING": "latin-1",
    }
    prepctl = [sys.executable, "-m", "prepctl"]
    subprocess.run(
        [
            *prepctl,
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            "--format",
            "md,json",
            "--out",
            str(tmp_path / "out"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    done = subprocess.run([*prepctl, *command], env=env, capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode("latin-1")
    assert b"unexpected error" not in done.stderr and done.stdout


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["sessions"].append(dict(d["sessions"][0])), "appears twice"),
        (
            lambda d: d["sessions"][0].update(uid="a\r\nBEGIN:VALARM\r\nX"),
            "sessions[0].uid: expected w1-mon-1.mlops-8-week@",
        ),
        ("sequence-digits", "not valid JSON (a number with 5000 digits)"),
        (
            lambda d: d["options"]["slots"].update({"\n\x1b[2J\x85": None}),
            r"options.slots['\n\x1b[2J\x85']: expected text, got null",
        ),
    ],
)
def test_a_record_with_what_prepctl_never_writes_is_refused(runner, tmp_path: Path, edit, expected) -> None:
    out = tmp_path / "out"
    assert (
        runner.invoke(
            app, ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "md,json", "--out", str(out)]
        ).exit_code
        == 0
    )
    record = out / "mlops-8-week.record.json"
    text = record.read_text(encoding="utf-8")
    if edit == "sequence-digits":
        text = text.replace('"sequence": 0', '"sequence": ' + "9" * 5000, 1)
    else:
        document = json.loads(text)
        edit(document)
        text = json.dumps(document)
    record.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["progress", str(out / "mlops-8-week.md")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_an_index_of_another_layout_or_with_odd_plan_ids_is_refused(runner, tmp_path: Path) -> None:
    index = Path(os.environ["PREPCTL_DATA_DIR"]) / "index.json"
    index.parent.mkdir(parents=True, exist_ok=True)
    for document, said in (
        ({"prepctl_index": 7, "plans": {}}, "prepctl_index: layout 7"),
        ({"prepctl_index": 1, "plans": {"../../x\u001b[31m": {"record": "/x", "checklist": None}}}, "is not a plan id"),
    ):
        index.write_text(json.dumps(document), encoding="utf-8")
        result = runner.invoke(app, ["today"])
        assert result.exit_code == EXIT_BAD_INPUT and said in result.stderr, result.output


def test_a_run_keeps_no_cache_that_someone_else_could_plant(tmp_path: Path) -> None:
    """Nothing but the plan file shapes the outputs: prepctl writes its outputs, the record
    beside them and its index, and no cache (bytecode, plans) anywhere."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PREPCTL_DATA_DIR": str(tmp_path / "data"),
        "PREPCTL_CONFIG": str(tmp_path / "c.yaml"),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "prepctl",
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--format",
            "ics,md,html,json",
            "--out",
            str(tmp_path / "out"),
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    assert not home.exists(), "nothing in the home folder, no cache"
    # the index, and the empty file runs at once lock it by
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["index.json", "index.lock"]
    assert (tmp_path / "data" / "index.lock").stat().st_size == 0


def test_blocks_at_their_shortest_blame_the_granularity_when_it_is_the_cause(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            *BASE,
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--hours",
            "0.5",
            "--granularity",
            "60",
            "--min-block",
            "1",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (
        "because blocks stop at their shortest, 60 min (--granularity 60 rounds every block to 60 min steps)"
        in result.stdout
    )

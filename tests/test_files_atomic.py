"""The files of one run change together or not at all, and leave no temporary file behind,
whatever stops them: a folder in a file's place, a failing rename, Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest

from prepctl import files
from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT, OutputError
from tests.helpers import PLAN_ID

RUN = ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--hours", "2"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_folder_in_an_outputs_place_changes_nothing(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, [*RUN, "--format", "ics,md,json", "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    (out / f"{PLAN_ID}.json").unlink()
    (out / f"{PLAN_ID}.json").mkdir()
    before.pop(f"{PLAN_ID}.json")
    result = runner.invoke(app, [*RUN, "--format", "ics,md,json", "--out", str(out), "--slot", "evening=20:00"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.strip() == (
        f"prepctl: {out / PLAN_ID}.json: cannot write: a folder is in its place (nothing was written)"
    )
    assert snapshot(out) == before, "the calendar and checklist are the old ones"


def test_a_rename_that_fails_half_way_puts_the_old_files_back(tmp_path, monkeypatch):
    files.write_files(tmp_path, {"a.ics": b"old a", "b.json": b"old b", "c.md": b"old c"})
    real = os.replace
    calls = []

    def failing(source, target):  # type: ignore[no-untyped-def]
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real(source, target)

    monkeypatch.setattr(files.os, "replace", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        files.write_files(tmp_path, {"a.ics": b"new a", "b.json": b"new b", "c.md": b"new c", "d.txt": b"new"})
    monkeypatch.setattr(files.os, "replace", real)
    assert snapshot(tmp_path) == {"a.ics": b"old a", "b.json": b"old b", "c.md": b"old c"}, "all old, nothing new"


def _stamps(out: Path) -> set[str]:
    """When each file of the set was made: the record's, the JSON's and the calendar's stamp."""
    record = json.loads((out / f"{PLAN_ID}.record.json").read_text())["written"]
    export = json.loads((out / f"{PLAN_ID}.json").read_text())["written"]
    calendar = icalendar.Calendar.from_ical((out / f"{PLAN_ID}.ics").read_bytes())
    stamp = next(iter(calendar.walk("VEVENT")))["DTSTAMP"].dt.isoformat()
    return {record, export, stamp}


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopped_at_any_moment_the_set_is_all_old_or_all_new_and_no_temporary_file_stays(tmp_path, stop):
    out = tmp_path / "out"
    env = {**os.environ, "PREPCTL_DATA_DIR": str(tmp_path / "data"), "PREPCTL_CONFIG": str(tmp_path / "c.yaml")}
    command = [sys.executable, "-m", "prepctl", *RUN, "--format", "ics,md,html,json", "--out", str(out)]
    subprocess.run(command, env={**env, "SOURCE_DATE_EPOCH": "1796083200"}, check=True, capture_output=True)
    old = _stamps(out)
    assert len(old) == 1
    seen = set()
    for delay in [0.05, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 4.0]:
        process = subprocess.Popen(
            [*command, "--slot", "evening=20:00"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**env, "SOURCE_DATE_EPOCH": str(1796083200 + 60)},
        )
        time.sleep(delay)
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
        left = [p.name for p in out.iterdir() if p.name.startswith(".")]
        assert not left, f"temporary files left after {delay:.2f} s: {left}"
        stamps = _stamps(out)
        assert len(stamps) == 1, f"a mixed set after {delay:.2f} s: {stamps} ({err.decode()[-200:]})"
        seen.add(stamps != old)
    assert seen == {True, False}, "stopped before the new set was written, and after"


def test_a_schedule_too_long_to_print_says_so_before_any_work(runner, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from run import write_plan  # the benchmark's generated plan: 7 days of 6 blocks a week

    plan = write_plan(tmp_path, 130)  # 5,460 sessions
    out = tmp_path / "out"
    asked = runner.invoke(
        app, ["schedule", str(plan), "--start", "2027-01-04", "--tz", "UTC", "--format", "pdf", "--out", str(out)]
    )
    assert asked.exit_code == EXIT_BAD_INPUT
    assert asked.stderr.strip() == (
        "prepctl: --format pdf: printed sheets are made for up to 5,000 sessions (about "
        "two years of this kind of plan); this schedule has 5,460: use --format "
        "ics,md,json, or --from-week"
    )
    assert not out.exists()
    default = runner.invoke(app, ["schedule", str(plan), "--start", "2027-01-04", "--tz", "UTC", "--out", str(out)])
    assert default.exit_code == 0
    assert "no PDF: printed sheets are made for up to 5,000 sessions" in default.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".ics", ".json", ".json", ".md"]
    assert "Hours per calendar week: 22 h 45 min (4 Jan 2027 – 1 Jul 2029)" in default.stdout, (
        "one line, not 130 figures"
    )


def test_sigterm_during_the_renames_lets_them_finish_and_says_the_new_files_are_there(tmp_path, monkeypatch):
    from prepctl.errors import Terminated

    files.write_files(tmp_path, {"a.ics": b"old a", "b.json": b"old b"})
    real = files._replace_all

    def interrupted(staged):  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), signal.SIGTERM)  # held back until the renames are done
        real(staged)

    monkeypatch.setattr(files, "_replace_all", interrupted)
    with pytest.raises(Terminated, match="terminated right after writing the new files"):
        files.write_files(tmp_path, {"a.ics": b"new a", "b.json": b"new b"})
    assert snapshot(tmp_path) == {"a.ics": b"new a", "b.json": b"new b"}

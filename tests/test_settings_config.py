"""Defaults remembered between runs: command line > environment > config file > built-in."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT

SCHEDULE = ["schedule", "--start", "2026-12-07", "--format", "json"]


def first_session(out: Path) -> dict:
    return json.loads((out / "mlops-8-week.json").read_text())


def test_config_set_show_and_use(runner, tmp_path):
    for key, value in (("tz", "Asia/Kolkata"), ("weekday_hours", "2"), ("slots.evening", "20:00")):
        result = runner.invoke(app, ["config", "set", key, value])
        assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["config", "show"]).stdout
    assert "Asia/Kolkata" in shown and re.search(r"^slots\.evening +20:00 ", shown, re.MULTILINE)
    out = tmp_path / "out"
    result = runner.invoke(app, [*SCHEDULE, "--out", str(out), "--explain"])
    assert f"tz = Asia/Kolkata  (config: {os.environ['PREPCTL_CONFIG']}:" in result.stdout
    data = first_session(out)
    assert data["options"]["tz"] == "Asia/Kolkata" and data["options"]["weekday_hours"] == 2.0
    evening = next(s for s in data["sessions"] if s["id"] == "w1-mon-3")
    assert evening["start"] == "2026-12-07T20:00:00+05:30"


def test_command_line_beats_environment_beats_config(runner, tmp_path, monkeypatch):
    runner.invoke(app, ["config", "set", "tz", "Asia/Kolkata"])
    monkeypatch.setenv("PREPCTL_TZ", "America/New_York")
    out = tmp_path / "out"
    result = runner.invoke(app, [*SCHEDULE, "--out", str(out), "--explain"])
    assert "tz = America/New_York  (environment: PREPCTL_TZ)" in result.stdout
    assert first_session(out)["options"]["tz"] == "America/New_York"
    runner.invoke(app, [*SCHEDULE, "--tz", "Europe/Berlin", "--out", str(out)])
    assert first_session(out)["options"]["tz"] == "Europe/Berlin"


def test_a_broken_config_file_names_file_and_line(runner, tmp_path):
    path = Path(os.environ["PREPCTL_CONFIG"])
    path.write_text("tz: Europe/Berlin\nweekday_hours: lots\n")
    result = runner.invoke(app, [*SCHEDULE, "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"{path}:2: weekday_hours: expected hours on a weekday, got 'lots'" in result.stderr
    path.write_text("tz: [unclosed\n")
    result = runner.invoke(app, [*SCHEDULE, "--out", str(tmp_path / "out")])
    assert result.exit_code == EXIT_BAD_INPUT and f"{path}:2:1: config file is not valid YAML" in result.stderr


def test_config_set_refuses_unknown_keys_and_bad_values(runner):
    result = runner.invoke(app, ["config", "set", "timezone", "Europe/Berlin"])
    assert result.exit_code == EXIT_BAD_INPUT and "unknown setting 'timezone'" in result.stderr
    result = runner.invoke(app, ["config", "set", "tz", "Europe/Berln"])
    assert result.exit_code == EXIT_BAD_INPUT and "did you mean Europe/Berlin" in result.stderr
    assert not Path(os.environ["PREPCTL_CONFIG"]).exists()


def test_work_hours_and_fit_remembered_in_the_config_shape_every_schedule(runner, tmp_path, monkeypatch):
    assert (
        runner.invoke(app, ["config", "set", "work_hours", "mon-fri 09:00-12:30; mon-fri 13:00-17:30"]).exit_code == 0
    )
    assert runner.invoke(app, ["config", "set", "fit", "stretch"]).exit_code == 0
    shown = runner.invoke(app, ["config", "show"]).stdout
    assert re.search(r"^work_hours +mon-fri 09:00-12:30; mon-fri 13:00-17:30 ", shown, re.MULTILINE)
    out = tmp_path / "out"
    result = runner.invoke(app, [*SCHEDULE, "--tz", "Europe/Berlin", "--hours", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = first_session(out)
    assert data["options"]["work_hours"] == ["mon-fri 09:00-12:30", "mon-fri 13:00-17:30"]
    assert data["options"]["fit"] == "stretch"
    lunch = next(s for s in data["sessions"] if s["id"] == "w1-mon-2")
    assert lunch["start"] == "2026-12-07T12:30:00+01:00", "the lunch break between the windows stays free to read"
    monkeypatch.setenv("PREPCTL_WORK_HOURS", "mon-fri 9-17")
    bad = runner.invoke(app, [*SCHEDULE, "--tz", "Europe/Berlin", "--out", str(tmp_path / "bad")])
    assert bad.exit_code == EXIT_BAD_INPUT
    assert bad.stderr.strip() == (
        "prepctl: PREPCTL_WORK_HOURS: expected DAYS HH:MM-HH:MM (e.g. mon-fri 09:00-17:30), got 'mon-fri 9-17'"
    )


CONFIG_CASES = [
    ("tz: [&a [x, x, x], &b [*a, *a, *a]]\n", ":1: YAML anchors, aliases and tags have no place in a config file"),
    ("!!python/object:os.system {}\n", ":1: YAML anchors, aliases and tags have no place in a config file"),
    ("tz: UTC\ntz: Europe/Berlin\n", ":2: tz is set twice (also on line 1)"),
    ("weekday_hours: 1_5\n", ":1: weekday_hours: expected hours on a weekday, got '1_5'"),
    ("slots: [1, 2]\n", ":1: slots: expected a mapping of NAME: HH:MM, like evening: 20:00"),
    ("granularity: 0x10\n", ":1: granularity: expected minutes scaled blocks are rounded to, got '0x10'"),
]


@pytest.mark.parametrize(("text", "expected"), CONFIG_CASES)
def test_a_config_file_is_a_few_plain_settings_or_one_line_naming_its_line(
    runner, tmp_path, monkeypatch, text, expected
):
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PREPCTL_CONFIG", str(path))
    for args in (["config", "show"], [*SCHEDULE, "--tz", "UTC", "--out", str(tmp_path / "out")]):
        result = runner.invoke(app, args)
        assert result.exit_code == EXIT_BAD_INPUT
        assert result.stderr.strip() == f"prepctl: {path}{expected}"


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_a_config_path_that_is_not_a_small_regular_file_is_refused_at_once(runner, tmp_path, monkeypatch, kind):
    path = tmp_path / "config.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "huge":
        path.write_text("# " + "x" * 100_000 + "\n", encoding="utf-8")
    else:
        path = Path("/dev/zero")
    monkeypatch.setenv("PREPCTL_CONFIG", str(path))
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.strip() in (
        f"prepctl: {path}: the config file is not a regular file",
        f"prepctl: {path}: the config file is larger than 64 KB; it holds a few settings",
    )


def test_config_set_refuses_what_a_schedule_would_and_can_always_mend_the_file(runner, tmp_path, monkeypatch):
    path = tmp_path / "config.yaml"
    path.write_text("weekday_hours: .nan\n", encoding="utf-8")
    monkeypatch.setenv("PREPCTL_CONFIG", str(path))
    for key, value, said in (
        ("weekday_hours", "nan", "config set: weekday_hours: expected hours on a weekday"),
        ("weekday_hours", "30", "config set weekday_hours: expected above 0 and at most 24"),
        ("granularity", "0", "config set granularity: expected 1 to 60, got 0"),
    ):
        refused = runner.invoke(app, ["config", "set", key, value])
        assert refused.exit_code == EXIT_BAD_INPUT and said in refused.stderr
    mended = runner.invoke(app, ["config", "set", "weekday_hours", "2"])
    assert mended.exit_code == 0, mended.output
    assert re.search(r"^weekday_hours +2\.0 ", runner.invoke(app, ["config", "show"]).stdout, re.MULTILINE)

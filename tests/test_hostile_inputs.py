"""Every kind of mistake gets one clear line, exit status 2, no traceback, no damage.

Plan files live in tests/bad_inputs/plans/, each starting with `# expect: FRAGMENT`.
Each case runs against an output folder that already holds a complete earlier
schedule, and checks that not one byte of it changed.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT, PrepctlError
from prepctl.plan.load import load_plan
from tests.helpers import MINIMAL_PLAN, examples, snapshot, write_plan

BAD_PLANS = sorted((Path(__file__).parent / "bad_inputs" / "plans").glob("*.yaml"))
BASE = ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "ics,md,json"]


@pytest.fixture(scope="module")
def earlier_output(tmp_path_factory) -> Path:
    """An output folder holding a complete earlier schedule."""
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp("earlier") / "out"
    result = CliRunner().invoke(app, [*BASE, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def assert_one_clean_failure(result, fragment: str, status: int = EXIT_BAD_INPUT) -> None:
    assert result.exit_code == status, result.output
    assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("path", BAD_PLANS, ids=[p.stem for p in BAD_PLANS])
def test_bad_plan_file(runner, earlier_output, path):
    fragment = path.read_bytes().split(b"\n", 1)[0].decode("utf-8").removeprefix("# expect: ")
    before = snapshot(earlier_output)
    started = time.monotonic()
    result = runner.invoke(app, [*BASE, str(path), "--out", str(earlier_output)])
    assert time.monotonic() - started < 20, "refusing a bad plan must be fast"
    assert_one_clean_failure(result, fragment)
    for line in result.stderr.strip().splitlines():
        assert line.startswith(f"{path}:"), line  # every problem names the file (and position)
    assert snapshot(earlier_output) == before


def test_a_plan_of_tens_of_megabytes_is_refused_early_with_its_size(runner, tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"# " + b"x" * (30 * 1024 * 1024) + b"\n")
    result = runner.invoke(app, ["validate", str(huge)])
    assert_one_clean_failure(result, f"{huge}: plan file is 30.0 MB; plans are limited to 5 MB")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--start", "2027-02-30"], "--start: 2027-02-30 is not a real date"),
        (["--start", "07/12/2026"], "--start: expected a date as YYYY-MM-DD, today or tomorrow"),
        (["--skip", "2026-12-27..2026-12-24"], "--skip: the range 2026-12-27..2026-12-24 runs backwards"),
        (["--hours", "abc"], "prepctl schedule: Invalid value for '--hours': 'abc' is not a valid float"),
        (["--nope"], "prepctl schedule: No such option '--nope'"),
        (["--tz", "Europe/Berln"], "--tz: unknown time zone 'Europe/Berln' (did you mean Europe/Berlin"),
        (["--tz", "../../etc/passwd"], "--tz: unknown time zone '../../etc/passwd'"),
        (["--hours", "0"], "--hours: expected hours above 0 and at most 24, got 0"),
        (["--hours", "-2"], "--hours: expected hours above 0 and at most 24, got -2"),
        (["--weekend-hours", "25"], "--weekend-hours: expected hours above 0 and at most 24, got 25"),
        (["--scale", "6"], "--scale: week 1 Mon would need 18 h 30 min, more than the 17 h 59 min"),
        (["--fit", "squeeze"], "--fit: expected scale or stretch, got 'squeeze'"),
        (["--min-part", "2"], "--min-part: expected 5 to 240 minutes, got 2"),
        (["--work-hours", "mon-fri 9-17"], "--work-hours: expected DAYS HH:MM-HH:MM (e.g. mon-fri 09:00-17:30)"),
        (["--work-hours", "fri-mon 09:00-17:00"], "--work-hours: the range fri-mon runs backwards"),
        (
            ["--work-hours", "mon-fri 17:00-09:00"],
            "--work-hours: the window 'mon-fri 17:00-09:00' ends before it starts",
        ),
        (["--slot", "evening=25:00"], "--slot evening: expected a clock time HH:MM"),
        (["--slot", "brunch=10:00"], "--slot brunch: unknown slot 'brunch'"),
        (["--day-start", "22:00", "--day-end", "08:00"], "--day-end: 08:00 is not after the day start 22:00"),
        (["--hours", "2", "--weekday-hours", "3"], "use either --hours or --weekday-hours/--weekend-hours"),
        (
            ["--by", "2027-06-01"],
            "--by: with --fit scale the interview date picks the start; give either --start or --by",
        ),
        (["--format", "ics,docx"], "--format: unknown format docx"),
        (["--paper", "a3"], "--paper: expected a4 or letter, got 'a3'"),
        (["--missed", "skip"], "--missed: expected shift or drop, got 'skip'"),
        (["--from-week", "12"], "--from-week: the plan has weeks 1 to 8, got 12"),
        (["no-such-plan"], "no-such-plan: no such plan: not a bundled plan id (mlops-8-week) and not a file"),
        (["../../no/such/plan.yaml"], "../../no/such/plan.yaml: no such plan file"),
        (["."], ".: is a folder; give a plan YAML file or a bundled plan id"),
        (["--busy", "missing.ics"], "--busy: missing.ics: cannot read: No such file or directory"),
        (["--resume", "missing.md"], "missing.md: no such checklist"),
        (["--templates", "no-such-folder"], "--templates: no-such-folder is not a folder"),
    ],
)
def test_bad_command_line_value(runner, earlier_output, args, fragment):
    before = snapshot(earlier_output)
    result = runner.invoke(app, [*BASE, *args, "--out", str(earlier_output)])
    assert_one_clean_failure(result, fragment)
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(earlier_output) == before


def test_resume_without_its_checklist_names_the_one_to_give(runner, tmp_path):
    # `--resume --slot evening=20:00` read "--slot" as the checklist: "--slot: no such checklist"
    out = tmp_path / "out"
    assert runner.invoke(app, [*BASE, "--out", str(out)]).exit_code == 0
    before = snapshot(out)
    result = runner.invoke(app, ["schedule", "--resume", "--slot", "evening=20:00", "--out", str(out)])
    assert_one_clean_failure(
        result,
        "prepctl: --resume: expected the checklist you tick right after it "
        f"(--resume {(out / 'mlops-8-week.md').resolve()}), got the option '--slot'",
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(out) == before


def test_wrong_kinds_of_files(runner, earlier_output, tmp_path):
    before = snapshot(earlier_output)
    text = write_plan(tmp_path, "just some notes\n", "notes.ics")
    result = runner.invoke(app, [*BASE, "--busy", str(text), "--out", str(earlier_output)])
    assert_one_clean_failure(result, f"--busy: {text}: not an iCalendar (.ics) file")
    notes = write_plan(tmp_path, "# My notes\n- [x] did something\n", "notes.md")
    result = runner.invoke(app, [*BASE, "--resume", str(notes), "--out", str(earlier_output)])
    assert_one_clean_failure(result, f"{notes}: not a prepctl checklist")
    unreadable = tmp_path / "locked.md"
    unreadable.mkdir()
    result = runner.invoke(app, [*BASE, "--resume", str(unreadable), "--out", str(earlier_output)])
    assert_one_clean_failure(result, f"{unreadable}: not a regular file")
    assert snapshot(earlier_output) == before


def test_an_output_folder_with_a_file_in_its_place(runner, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    result = runner.invoke(app, [*BASE, "--out", str(blocker)])
    assert_one_clean_failure(result, f"{blocker}: cannot create the output folder: a file is in its place")
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; see the disk-full test")
def test_a_read_only_output_folder(runner, tmp_path):  # pragma: no cover - runs for non-root users
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    result = runner.invoke(app, [*BASE, "--out", str(out)])
    assert_one_clean_failure(result, "cannot write")


def test_a_full_disk_leaves_the_earlier_files_byte_identical(runner, earlier_output, monkeypatch):
    import prepctl.files as output

    before = snapshot(earlier_output)
    real_stage = output._stage
    calls = []

    def stage_until_full(target, data):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(target))
        return real_stage(target, data)

    monkeypatch.setattr(output, "_stage", stage_until_full)
    result = runner.invoke(app, [*BASE, "--start", "2027-01-04", "--out", str(earlier_output)])
    assert_one_clean_failure(result, "No space left on device")
    assert str(earlier_output) in result.stderr
    assert snapshot(earlier_output) == before
    assert not [p for p in earlier_output.iterdir() if p.name.startswith(".")]  # no temp files left


def test_a_renderer_failing_half_way_leaves_earlier_outputs_byte_identical(runner, earlier_output, monkeypatch):
    import prepctl.render.markdown as markdown

    before = snapshot(earlier_output)

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C in the middle of rendering

    monkeypatch.setattr(markdown, "render", broken)
    result = runner.invoke(app, [*BASE, "--start", "2027-01-04", "--out", str(earlier_output)])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert snapshot(earlier_output) == before


def test_an_unexpected_failure_is_one_line_saying_it_is_a_bug(runner, earlier_output, monkeypatch):
    import prepctl.render.ics as ics

    monkeypatch.setattr(ics, "render", lambda *a, **k: 1 / 0)
    result = runner.invoke(app, [*BASE, "--out", str(earlier_output)])
    assert_one_clean_failure(result, "unexpected error (this is a bug): ZeroDivisionError", status=1)
    assert "--debug" in result.stderr
    with_debug = runner.invoke(app, ["--debug", *BASE, "--out", str(earlier_output)])
    assert isinstance(with_debug.exception, ZeroDivisionError)


def test_a_user_template_with_a_syntax_error(runner, earlier_output, tmp_path):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "event.txt.j2").write_text("{{ session.activity }\n")
    before = snapshot(earlier_output)
    result = runner.invoke(app, [*BASE, "--templates", str(folder), "--out", str(earlier_output)])
    assert_one_clean_failure(result, f"{folder / 'event.txt.j2'}:1: template syntax error")
    assert snapshot(earlier_output) == before


YAML_TEXT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=YAML_TEXT)
def test_fuzz_random_documents_load_or_fail_cleanly(tmp_path, data):
    import yaml

    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with contextlib.suppress(PrepctlError):  # loading or a clean refusal; anything else fails
        load_plan(path)


PLAN_LINES = MINIMAL_PLAN.splitlines()


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=st.integers(0, len(PLAN_LINES) - 1), cut=st.integers(0, 60), insert=st.text(max_size=12))
def test_fuzz_mutations_of_a_real_plan_load_or_fail_cleanly(tmp_path, line, cut, insert):
    lines = list(PLAN_LINES)
    lines[line] = lines[line][:cut] + insert + lines[line][cut:]
    path = tmp_path / "mutant.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        load_plan(path)
    except PrepctlError as error:
        assert str(error).startswith(str(path)), error

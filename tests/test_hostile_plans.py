"""Plan text is literal everywhere: one line where a title belongs, no control characters a
terminal would obey, and a plan path that is not a regular file said as such."""

from __future__ import annotations

import json
from pathlib import Path

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT

PLAN = """version: 1
id: tiny
title: |
  My interview
  prep, line two
focus_areas: {core: {title: Core, share: 1.0}}
weeks:
  - week: 1
    title: One
    days:
      - day: mon
        title: Start
        blocks:
          - {slot: morning, minutes: 30, activity: "C1\\x9b31mCSI\\x9d0;t\\x9c end", focus: core,
             details: "line\\u2028sep"}
"""


def test_titles_are_one_line_and_c1_controls_never_reach_a_terminal(runner, tmp_path: Path) -> None:
    plan = tmp_path / "tiny.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        ["schedule", str(plan), "--start", "2026-12-07", "--tz", "UTC", "--format", "ics,md,json", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "My interview prep, line two",
        "1 sessions from Mon 7 Dec 2026 to Mon 7 Dec 2026 (UTC)",
    ]
    for command in (["show", str(plan)], ["stats", str(plan)], ["progress", str(out / "tiny.md")]):
        shown = runner.invoke(app, command)
        assert shown.exit_code == 0, shown.output
        assert not any("\x80" <= ch <= "\x9f" for ch in shown.output), command
    assert b"X-WR-CALNAME;VALUE=TEXT:My interview prep\\, line two\r\n" in (out / "tiny.ics").read_bytes()
    session = json.loads((out / "tiny.json").read_text())["sessions"][0]
    assert session["activity"] == "C1\ufffd31mCSI\ufffd0;t\ufffd end"
    assert session["details"] == "line\nsep"


def test_a_plan_path_that_is_not_a_regular_file_says_so(runner) -> None:
    result = runner.invoke(app, ["validate", "/dev/zero"])
    assert result.exit_code == EXIT_BAD_INPUT
    assert result.stderr.strip() == "/dev/zero: not a regular file"

"""The commands people run every day start fast: they never import the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("weasyprint", "icalendar", "jinja2", "pydantic", "rich", "yaml")
PROBE = """
import json, sys
heavy_names = set(json.loads(sys.argv[2]))
from prepctl.cli import main
sys.argv = ["prepctl", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & heavy_names)
print("HEAVY=" + json.dumps(heavy))
"""


@pytest.fixture(scope="module")
def schedule_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("startup") / "out"
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
            "json,md",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out


@pytest.mark.parametrize(
    "args", [["--version"], ["--help"], ["today"], ["today", "--json"], ["today", "--date", "2026-12-08"]]
)
def test_light_commands_import_no_heavy_module(schedule_folder, args):
    if args[0] == "today":
        args = [*args, "--out", str(schedule_folder)]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(HEAVY)], capture_output=True, text=True, timeout=60
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("HEAVY="))
    assert json.loads(line.removeprefix("HEAVY=")) == [], done.stdout


def test_schedule_without_pdf_never_loads_weasyprint_or_rich(tmp_path):
    args = ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "ics,md,json", "--out", str(tmp_path)]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(["weasyprint", "rich"])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("HEAVY="))
    assert json.loads(line.removeprefix("HEAVY=")) == [], done.stdout

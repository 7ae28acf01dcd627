"""prepctl as a library: the same flow as the command line, no printing."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import prepctl
from prepctl.render import RenderContext, render


def test_the_documented_library_flow(capsys):
    plan = prepctl.load_plan("mlops-8-week")
    schedule = prepctl.build_schedule(plan, prepctl.Options(start=date(2026, 12, 7), tz="Europe/Berlin"))
    ics = render("ics", schedule, plan, RenderContext(stamp=datetime(2026, 12, 1, tzinfo=UTC)))
    assert len(schedule.sessions) == 196 and ics.count(b"BEGIN:VEVENT") == 196
    assert capsys.readouterr() == ("", "")  # the core never prints


def test_importing_prepctl_is_light():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, prepctl; print('pydantic' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "False"

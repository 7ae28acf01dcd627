"""What many tests share: small plans, and a clock the command line can be set to."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

BERLIN = ZoneInfo("Europe/Berlin")
PLAN_ID = "mlops-8-week"
# the set-up of most stories: from Mon 7 Dec 2026 in Berlin, 2 h on weekdays and 4 h at weekends
SETUP = ["--start", "2026-12-07", "--tz", "Europe/Berlin", "--weekday-hours", "2", "--weekend-hours", "4"]
EPOCH = {"SOURCE_DATE_EPOCH": "1796083200", "COLUMNS": "200"}  # files stamped 2026-12-01T00:00:00Z; wide lines


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of ``folder`` with its bytes and modification time: what "nothing changed" compares."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def write_plan(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_PLAN = """\
version: 1
id: tiny
title: Tiny plan
focus_areas:
  coding: {title: Coding, share: 1.0}
slots: {morning: "07:00", evening: "19:00"}
weeks:
  - week: 1
    title: One
    days:
      - day: mon
        title: Start
        blocks:
          - {slot: morning, minutes: 60, activity: Coding, details: "2 LeetCode", focus: coding}
          - {slot: evening, minutes: 30, activity: Read, details: "A chapter", focus: coding}
"""


def examples(count: int) -> int:
    """How many examples a property test tries: ``count`` under the "ci" Hypothesis profile (the
    full run), a tenth of it under "dev" (the ``-m "not slow"`` editing loop; conftest.py)."""
    from hypothesis import settings

    return count if settings.default.max_examples >= 100 else max(5, count // 10)


def freeze_clock(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """Make prepctl's clock (``prepctl.settings.clock.now``, its one seam for the present) read ``moment``."""
    from prepctl.settings import clock

    monkeypatch.setattr(
        clock,
        "now",
        lambda zone=None: moment.astimezone(zone) if zone else moment.astimezone(BERLIN).replace(tzinfo=None),
    )


TASK = re.compile(r"^(\s*[-*+] )\[[ xX]\]( .*<!-- (?P<id>[a-z0-9.-]+) -->)$")  # a part: w3-sat-2.1


def tick(checklist: Path, wanted: Callable[[str], bool], upper: Callable[[str], bool] = lambda _: False) -> set[str]:
    """Tick by hand the tasks whose block id is wanted (``[X]`` where ``upper``); return them."""
    ticked: set[str] = set()
    lines = []
    for line in checklist.read_text(encoding="utf-8").splitlines():
        match = TASK.match(line)
        if match and wanted(match["id"]):
            line = f"{match[1]}[{'X' if upper(match['id']) else 'x'}]{match[2]}"
            ticked.add(match["id"])
        lines.append(line)
    checklist.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ticked

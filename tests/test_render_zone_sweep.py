"""prepctl's VTIMEZONE for a sample of every tz-database zone, read back by dateutil (vobject,
Radicale), ical.js (Thunderbird), icalendar and the strict ``ical`` from the file's own
definition, against zoneinfo.

The whole sweep (every zone, 43 monthly windows) is ``python benchmarks/zone_sweep.py``.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import available_timezones

import pytest

from tests.test_render_ics_interop import _node
from tests.zone_sweep import (
    Window,
    calendar,
    differences,
    read_with_dateutil,
    read_with_ical,
    read_with_icalendar,
    read_with_icaljs,
)

ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))

# Named cases: each once read an hour off in some reader.
NAMED = [
    # a yearly rule whose UNTIL fell on the 2027 onset ("Friday before the last Sunday of March")
    Window("Asia/Jerusalem", date(2027, 5, 3), date(2027, 6, 28)),
    Window("Asia/Gaza", date(2028, 5, 1), date(2028, 6, 26)),
    Window("Asia/Hebron", date(2028, 5, 1), date(2028, 6, 26)),
    # clocks change at midnight
    Window("America/Santiago", date(2027, 3, 1), date(2027, 4, 26)),
    Window("America/Santiago", date(2027, 8, 9), date(2027, 10, 4)),
    # half-hour and 45-minute offsets and changes
    Window("Australia/Lord_Howe", date(2027, 3, 15), date(2027, 5, 10)),
    Window("Pacific/Chatham", date(2027, 8, 30), date(2027, 10, 25)),
]


def _sample() -> list[Window]:
    """Every 9th zone, each in another monthly window from Dec 2026 to mid 2030."""
    windows = []
    for n, zone in enumerate(ZONES[::9]):
        year, month = divmod(11 + n % 43, 12)
        first = date(2026 + year, month + 1, 1)
        windows.append(Window(zone, first, first + timedelta(weeks=8)))
    return windows


@pytest.fixture(scope="module")
def sweep() -> tuple[bytes, dict[str, str]]:
    return calendar([*NAMED, *_sample()])


def test_the_sample_is_wide(sweep: tuple[bytes, dict[str, str]]) -> None:
    _, expected = sweep
    zones = {uid.split("@")[1] for uid in expected}
    assert len(zones) >= 60 and len(expected) > 1000


def test_dateutil_reads_every_zone_from_the_file(sweep: tuple[bytes, dict[str, str]]) -> None:
    ics, expected = sweep
    assert differences(expected, read_with_dateutil(ics)) == []


def test_icalendar_and_the_strict_ical_read_every_zone_from_the_file(sweep: tuple[bytes, dict[str, str]]) -> None:
    ics, expected = sweep
    assert differences(expected, read_with_icalendar(ics)) == []
    assert differences(expected, read_with_ical(ics)) == []


def test_icaljs_reads_every_zone_from_the_file(sweep: tuple[bytes, dict[str, str]], tmp_path: Path) -> None:
    ics, expected = sweep
    node = _node()
    assert node == shutil.which("node")
    assert differences(expected, read_with_icaljs(ics, tmp_path, node)) == []


def test_a_rule_that_stops_counts_its_changes_instead_of_naming_an_end() -> None:
    """The Jerusalem case as the file says it: "last Friday of March" in 2026 and 2027 (two
    changes), then "fourth Friday" from 2028. An UNTIL on the 2027 change was dropped by dateutil."""
    ics, _ = calendar([NAMED[0]])
    text = ics.decode().replace("\r\n ", "")
    assert "UNTIL" not in text
    assert "RRULE:FREQ=YEARLY;COUNT=2;BYDAY=-1FR;BYMONTH=3" in text

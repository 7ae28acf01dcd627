"""The full zone sweep: every tz-database zone's VTIMEZONE over 43 monthly windows of eight
weeks, read back by dateutil (vobject) and ical.js from the file's own definition and compared
with zoneinfo. Slow (minutes); the test suite runs a sample (tests/test_render_zone_sweep.py).

    python benchmarks/zone_sweep.py [--windows 43] [--every 14]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import available_timezones

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.zone_sweep import Window, calendar, differences, read_with_dateutil, read_with_icaljs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, default=43, help="monthly windows from Dec 2026")
    parser.add_argument("--every", type=int, default=14, help="days between the noon samples")
    args = parser.parse_args()
    node = shutil.which("node")
    zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    folder = Path(tempfile.mkdtemp())
    failures: list[str] = []
    began = time.perf_counter()
    for month in range(args.windows):
        year, index = divmod(11 + month, 12)
        first = date(2026 + year, index + 1, 1)
        windows = [Window(zone, first, first + timedelta(weeks=8)) for zone in zones]
        ics, expected = calendar(windows, every=args.every)
        readers = {"dateutil": read_with_dateutil(ics)}
        if node:
            readers["ical.js"] = read_with_icaljs(ics, folder, node)
        for name, found in readers.items():
            failures += [f"{first} {name}: {line}" for line in differences(expected, found)]
        print(
            f"{first}: {len(zones)} zones, {len(expected)} events, {len(failures)} wrong so far "
            f"({time.perf_counter() - began:.0f} s)",
            flush=True,
        )
    for line in failures:
        print(line)
    print(f"{len(failures)} events read wrong" + ("" if node else " (ical.js not run: no node)"))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())

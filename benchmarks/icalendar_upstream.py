"""Measurements for the two icalendar patches proposed in docs/upstream/icalendar.md.

    python benchmarks/icalendar_upstream.py

It checks that each proposed function gives exactly what the installed icalendar gives (on
random lines and on every zone), then times both. Nothing here patches the library.
"""

from __future__ import annotations

import functools
import random
import sys
import timeit
from datetime import datetime
from zoneinfo import ZoneInfo, available_timezones

from icalendar.parser.string import _foldline
from icalendar.timezone import tzid as tzid_module


def proposed_foldline(line: str, limit: int = 75, fold_sep: str = "\r\n ") -> str:
    """icalendar's fold with two fast paths: a line that needs no fold is returned as it is,
    and an ASCII line (one octet a character) is cut by slicing; other lines fold as before."""
    if len(line) < limit and len(line.encode("utf-8")) < limit:
        return line
    if not line.isascii():
        return _foldline(line, limit, fold_sep)
    parts, start, width = [], 0, limit - 1
    while start < len(line):
        end = min(start + width, len(line))
        if end < len(line) and end - start > 1 and line[end - 1] in "\\^":
            end -= 1  # keep an escape with the character it escapes (icalendar issue #1501)
        parts.append(line[start:end])
        start = end
    return fold_sep.join(parts)


@functools.cache
def proposed_equivalent_tzids(tzid: str) -> tuple[str, ...]:
    """``get_equivalent_tzids`` computed once per zone id instead of sorting a set per datetime."""
    return tzid_module.get_equivalent_tzids(tzid)


def random_line(rng: random.Random) -> str:
    alphabet = "abc XYZ\\^;,:=é€🙂" if rng.random() < 0.3 else "abc XYZ\\^;,:=0123"
    return "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))


def main() -> None:
    rng = random.Random(1501)
    lines = [random_line(rng) for _ in range(20_000)]
    mismatches = [line for line in lines if proposed_foldline(line) != _foldline(line)]
    assert not mismatches, f"{len(mismatches)} lines fold differently, e.g. {mismatches[0]!r}"
    zones = sorted(available_timezones())
    assert all(proposed_equivalent_tzids(z) == tzid_module.get_equivalent_tzids(z) for z in zones)
    print(f"same output: {len(lines):,} random lines folded, {len(zones)} zones looked up")

    event_lines = ["SUMMARY:Study · Topic 12.wed.3 with a few words",  # what a year-long plan writes
                   "DTSTART;TZID=Europe/Berlin:20270104T070000",
                   "DESCRIPTION:Study: Topic 12.wed.3 with a few words\\n\\nWeek 12\\, Wed: Wed of week 12\\n"
                   "Week goal: Goal of week 12\\nFocus: Coding\\n\\nBenchmark plan\\, 52 weeks · w12-wed-4",
                   "CATEGORIES:Coding", "COLOR:steelblue", "UID:w12-wed-4.bench-52@prepctl"]
    for name, fold in (("icalendar _foldline", _foldline), ("proposed", proposed_foldline)):
        seconds = min(timeit.repeat(lambda fold=fold: [fold(line) for line in event_lines], number=2_000, repeat=5))
        print(f"{name:>22}: {seconds / (2_000 * len(event_lines)) * 1e6:6.2f} µs a line (6 lines of an event)")
    moment = datetime(2027, 1, 4, 7, tzinfo=ZoneInfo("Europe/Berlin"))
    for name, look_up in (("icalendar tzid lookup", lambda: tzid_module.tzid_from_dt(moment)),
                          ("proposed", lambda: proposed_equivalent_tzids(moment.tzinfo.key)[0])):  # type: ignore[union-attr]
        seconds = min(timeit.repeat(look_up, number=20_000, repeat=5))
        print(f"{name:>22}: {seconds / 20_000 * 1e6:6.2f} µs a datetime (Europe/Berlin)")
    print(f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

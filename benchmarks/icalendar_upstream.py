"""Measurements for the three icalendar patches proposed in docs/upstream/icalendar.md.

    python benchmarks/icalendar_upstream.py

It checks that each proposed function gives exactly what the installed icalendar gives (on
random lines and on every zone), then times both. Nothing here patches the library.
"""

from __future__ import annotations

import functools
import random
import re
import sys
import tempfile
import timeit
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from icalendar.parser import Contentline, Parameters
from icalendar.parser.content_line import _strip_ows_around_delimiters
from icalendar.parser.property import unescape_list_or_string
from icalendar.parser.string import _escape_string, _foldline, _unescape_string, validate_token
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


def proposed_raw_parts(line: Contentline) -> tuple[str, Parameters, str]:
    """``Contentline.raw_parts`` with two fast paths. A line with no quote and no backslash has
    nothing to skip, so its two separators are found with ``str.find`` instead of a walk over
    every character; and a line with no parameters (``UID:...``, ``BEGIN:VEVENT``) gets empty
    ones without parsing an empty string. The rest is the library's code as it is."""
    if '"' in line or "\\" in line:
        return line.raw_parts()
    colon, semicolon = line.find(":"), line.find(";")
    value_split = colon if colon != -1 else None
    found = [i for i in (colon, semicolon) if i != -1]
    name_split = min(found) if found else None
    try:  # from here on, icalendar's raw_parts unchanged
        if not value_split:
            value_split = len(line)
        name = line[:name_split] if name_split else line
        if not line.strict:
            name = re.sub(r"[ \t]+", "", name.strip())
        validate_token(name)
        if not name_split or name_split + 1 == value_split:
            raise ValueError("Invalid content line")
        if name_split == value_split:
            return (name, Parameters(), line[value_split + 1 :])
        raw_param_str = line[name_split + 1 : value_split]
        if not line.strict:
            raw_param_str = _strip_ows_around_delimiters(raw_param_str)
        params = Parameters.from_ical(_escape_string(raw_param_str), strict=line.strict)
        params = Parameters((_unescape_string(key), unescape_list_or_string(value)) for key, value in params.items())
        values = line[value_split + 1 :]
    except ValueError as exc:
        raise ValueError(f"Content line could not be parsed into parts: '{line}': {exc}") from exc
    return (name, params, values)


def parts_or_error(parse: Callable[[Contentline], tuple[str, Parameters, str]], line: Contentline) -> object:
    try:
        name, params, values = parse(line)
    except ValueError as error:
        return str(error)
    return name, dict(params), values


def random_line(rng: random.Random) -> str:
    alphabet = "abc XYZ\\^;,:=é€🙂" if rng.random() < 0.3 else "abc XYZ\\^;,:=0123"
    return "DESCRIPTION:" + "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))


def random_content_line(rng: random.Random) -> Contentline:
    alphabet = 'DTSTART;TZID=Europe/Berlin:2027\\" ,=x'
    return Contentline("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60))))


def busy_lines() -> list[Contentline]:
    """The content lines of a 10,000-event work calendar that prepctl's --busy hands icalendar."""
    from datetime import date

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from busy_calendar import write_busy_calendar

    from prepctl.schedule.busy import _what_can_touch

    with tempfile.TemporaryDirectory() as folder:
        text = write_busy_calendar(Path(folder)).read_text()
    return [Contentline(line) for line in _what_can_touch(text, date(2027, 1, 4), date(2028, 1, 2)).splitlines()]


def main() -> None:
    rng = random.Random(1501)
    content_lines = [*busy_lines(), *(random_content_line(rng) for _ in range(20_000))]
    differ = [
        line
        for line in content_lines
        if parts_or_error(proposed_raw_parts, line) != parts_or_error(Contentline.raw_parts, line)
    ]
    assert not differ, f"{len(differ)} content lines split differently, e.g. {differ[0]!r}"
    print(f"same output: {len(content_lines):,} content lines split (a busy calendar's and random ones)")
    lines = [random_line(rng) for _ in range(20_000)]
    mismatches = [line for line in lines if proposed_foldline(line) != _foldline(line)]
    assert not mismatches, f"{len(mismatches)} lines fold differently, e.g. {mismatches[0]!r}"
    zones = sorted(available_timezones())
    assert all(proposed_equivalent_tzids(z) == tzid_module.get_equivalent_tzids(z) for z in zones)
    print(f"same output: {len(lines):,} random lines folded, {len(zones)} zones looked up")

    event_lines = [
        "SUMMARY:Study · Topic 12.wed.3 with a few words",  # what a year-long plan writes
        "DTSTART;TZID=Europe/Berlin:20270104T070000",
        "DESCRIPTION:Study: Topic 12.wed.3 with a few words\\n\\nWeek 12\\, Wed: Wed of week 12\\n"
        "Week goal: Goal of week 12\\nFocus: Coding\\n\\nBenchmark plan\\, 52 weeks · w12-wed-4",
        "CATEGORIES:Coding",
        "COLOR:steelblue",
        "UID:w12-wed-4.bench-52@prepctl",
    ]
    for name, fold in (("icalendar _foldline", _foldline), ("proposed", proposed_foldline)):
        seconds = min(timeit.repeat(lambda fold=fold: [fold(line) for line in event_lines], number=2_000, repeat=5))
        print(f"{name:>22}: {seconds / (2_000 * len(event_lines)) * 1e6:6.2f} µs a line (6 lines of an event)")
    moment = datetime(2027, 1, 4, 7, tzinfo=ZoneInfo("Europe/Berlin"))
    for name, look_up in (
        ("icalendar tzid lookup", lambda: tzid_module.tzid_from_dt(moment)),
        ("proposed", lambda: proposed_equivalent_tzids(moment.tzinfo.key)[0]),
    ):  # type: ignore[union-attr]
        seconds = min(timeit.repeat(look_up, number=20_000, repeat=5))
        print(f"{name:>22}: {seconds / 20_000 * 1e6:6.2f} µs a datetime (Europe/Berlin)")
    kept = busy_lines()
    for name, split in (("icalendar raw_parts", Contentline.raw_parts), ("proposed", proposed_raw_parts)):
        seconds = min(timeit.repeat(lambda split=split: [split(line) for line in kept], number=3, repeat=5)) / 3
        print(
            f"{name:>22}: {seconds / len(kept) * 1e6:6.2f} µs a line, {seconds:.3f} s for the {len(kept):,} "
            "lines --busy parses of a 10,000-event calendar"
        )
    print(f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

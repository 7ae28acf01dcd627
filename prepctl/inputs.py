"""Parsing what people type: dates, clock times, zones, slot overrides, format lists."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from prepctl.errors import BadInputError, SettingError

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_date(text: str, option: str, today: date) -> date:
    """An ISO date (2026-12-07), ``today`` or ``tomorrow``."""
    word = text.strip().lower()
    if word == "today":
        return today
    if word == "tomorrow":
        return today + timedelta(days=1)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        raise BadInputError(f"{option}: expected a date as YYYY-MM-DD, today or tomorrow, got {text!r}")
    try:
        return date.fromisoformat(word)
    except ValueError as error:
        raise BadInputError(f"{option}: {text} is not a real date ({error})") from None


def parse_clock(text: str, option: str) -> time:
    """A clock time HH:MM between 00:00 and 23:59."""
    match = _CLOCK.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise BadInputError(f"{option}: expected a clock time HH:MM (00:00 to 23:59), got {text!r}")
    return time(int(match[1]), int(match[2]))


def parse_slot(text: str, known: list[str]) -> tuple[str, time]:
    """``evening=20:00`` for a slot the plan defines."""
    name, sep, clock = text.partition("=")
    name = name.strip()
    if not sep:
        raise BadInputError(f"--slot: expected NAME=HH:MM (e.g. evening=20:00), got {text!r}")
    if name not in known:
        raise BadInputError(f"--slot: unknown slot {name!r}; the plan's slots are {', '.join(known)}")
    return name, parse_clock(clock, f"--slot {name}")


def parse_formats(text: str, available: list[str]) -> list[str]:
    """A comma-separated list of output formats, in the order given, without repeats."""
    formats = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [f for f in formats if f not in available]
    if unknown or not formats:
        raise BadInputError(
            f"--format: unknown format {', '.join(unknown) or repr(text)}; choose from {','.join(available)}"
        )
    return list(dict.fromkeys(formats))


def parse_skip(text: str, today: date) -> set[date]:
    """``2026-12-24`` or a range ``2026-12-24..2026-12-27`` (both ends included)."""
    first_text, dots, last_text = text.partition("..")
    first = parse_date(first_text, "--skip", today)
    last = parse_date(last_text, "--skip", today) if dots else first
    if last < first:
        raise BadInputError(f"--skip: the range {text} runs backwards; write it as {last_text}..{first_text}")
    if (last - first).days > 366:
        raise BadInputError(f"--skip: the range {text} is longer than a year")
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone, or a clear error with the closest real names."""
    from zoneinfo import ZoneInfoNotFoundError

    try:
        if not name or name.startswith(("/", ".")) or ".." in name:
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        import difflib
        from zoneinfo import available_timezones

        close = difflib.get_close_matches(name, sorted(available_timezones()), n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (an IANA name like Europe/Berlin)"
        raise SettingError("tz", f"unknown time zone {name!r}{hint}") from None

"""Parsing what people type: dates, clock times, zones, slot overrides, format lists."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from prepctl.errors import BadInputError

if TYPE_CHECKING:
    from prepctl.model.schedule import Window

_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)  # far enough from the ends of Python's calendar


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
        found = date.fromisoformat(word)
    except ValueError as error:
        raise BadInputError(f"{option}: {text} is not a real date ({error})") from None
    if not EARLIEST <= found <= LATEST:
        raise BadInputError(
            f"{option}: {text} is outside the years prepctl schedules ({EARLIEST.year} to {LATEST.year})"
        )
    return found


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


_WINDOW = re.compile(r"^\s*([a-z,\-]+)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
_DAY_WORDS = {"weekdays": "mon-fri", "weekends": "sat-sun", "daily": "mon-sun"}


def parse_window(text: str, option: str) -> Window:
    """A recurring busy window: ``mon-fri 09:00-17:30``, ``sat 10:00-12:00``, ``weekdays 08:00-16:00``."""
    from prepctl.model import DAY_NAMES
    from prepctl.model.schedule import Window

    example = "e.g. mon-fri 09:00-17:30"
    match = _WINDOW.match(text.lower())
    if not match:
        raise BadInputError(f"{option}: expected DAYS HH:MM-HH:MM ({example}), got {text!r}")
    days: set[int] = set()
    for part in _DAY_WORDS.get(match[1], match[1]).split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise BadInputError(
                f"{option}: unknown weekday in {text!r}; use mon..sun, ranges like mon-fri, "
                f"weekdays, weekends or daily ({example})"
            )
        low, high = DAY_NAMES.index(first), DAY_NAMES.index(last if dash else first)
        if high < low:
            raise BadInputError(f"{option}: the range {part} runs backwards in {text!r} ({example})")
        days.update(range(low, high + 1))
    start, end = parse_clock(match[2], option), parse_clock(match[3], option)
    if end <= start:
        raise BadInputError(f"{option}: the window {text!r} ends before it starts; a window stays within one day")
    return Window(frozenset(days), start, end)


def check_url(url: str, where: str) -> None:
    """An https:// address of a server (http:// on this machine only), without a user name or
    password in it: a password there would be printed in messages and stored in the sync state."""
    try:
        parts = urlsplit(url)
        host, userinfo = parts.hostname, parts.username is not None or parts.password is not None
    except ValueError:
        raise BadInputError(f"{where}: {url[:80]!r} is not a web address ({'https://caldav.example.com/'})") from None
    if userinfo:
        raise BadInputError(
            f"{where}: the address holds a user name or password; give the address without it, the user "
            "with caldav.username and the password as PREPCTL_CALDAV_PASSWORD, caldav.password_command or in "
            "the OS keyring"
        )
    if parts.scheme not in ("https", "http") or not host:
        raise BadInputError(f"{where}: expected an https:// address of a CalDAV server, got {url[:80]!r}")
    if parts.scheme == "http" and host not in ("localhost", "127.0.0.1", "::1"):
        raise BadInputError(
            f"{where}: {url} is not encrypted (http://); use https:// (plain http only for a server on this machine)"
        )

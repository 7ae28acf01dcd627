"""How times, dates and durations read to people: one wording for every output and the terminal.

Light on purpose (no jinja2, no rich): ``today`` and ``progress`` use it.
"""

from __future__ import annotations

from datetime import date, datetime


def clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


def duration(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def day_date(value: date, year: bool = False) -> str:
    """``Mon 7 Dec`` (or ``Mon 7 Dec 2026``)."""
    text = f"{value:%a} {value.day} {value:%b}"
    return f"{text} {value.year}" if year else text


def hours(value: float | None) -> str:
    return "" if value is None else f"{value:g} h"

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


def day_date(value: date, year: bool = False, locale: str | None = None) -> str:
    """``Mon 7 Dec`` (or ``Mon 7 Dec 2026``); in another language through pendulum
    (``Mo. 7 Dez. 2026``), imported only then, so English output starts fast."""
    if locale not in (None, "en"):
        import pendulum

        return pendulum.date(value.year, value.month, value.day).format(
            "ddd D MMM YYYY" if year else "ddd D MMM", locale=locale
        )
    text = f"{value:%a} {value.day} {value:%b}"
    return f"{text} {value.year}" if year else text


def check_locale(locale: str) -> str:
    """A language pendulum knows (``de``, ``fr``, ``pt_br``), or an error listing the close ones."""
    from prepctl.errors import SettingError

    if locale == "en":
        return locale
    import pendulum

    try:
        pendulum.date(2026, 1, 1).format("ddd", locale=locale)
    except (ValueError, KeyError):
        raise SettingError("locale", f"unknown language {locale!r}; for example de, fr, es, pt_br") from None
    return locale


def hours(value: float | None) -> str:
    return "" if value is None else f"{value:g} h"

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
    """A language pendulum knows, in its normal form (``pt-BR`` -> ``pt_br``), or an error naming
    some: the form the record keeps and reads back."""
    import re

    from prepctl.errors import SettingError

    name = locale.strip().replace("-", "_").lower()
    if name == "en":
        return name
    known = _languages()
    if not re.fullmatch(r"[a-z]{2,3}(_[a-z0-9]{2,4})?", name) or name not in known:
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5) or ["de", "fr", "es", "pt_br"]
        raise SettingError("locale", f"unknown language {locale!r}; for example {', '.join(close)}")
    return name


def _languages() -> set[str]:
    """The languages pendulum has names of weekdays and months for (one folder each)."""
    from importlib.resources import files

    return {
        entry.name for entry in files("pendulum.locales").iterdir() if entry.is_dir() and not entry.name.startswith("_")
    }


def hours(value: float | None) -> str:
    return "" if value is None else f"{value:g} h"

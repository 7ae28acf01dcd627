"""The calendars of the CalDAV server: find one by name (or make it), list them for
``sync --check``, read one as busy time. Addresses off the configured server are refused:
the password goes nowhere else."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prepctl.errors import BadInputError
from prepctl.sync.server import Account, client, talking_to


def check(account: Account) -> list[str]:
    """``sync --check``: log in, list the calendars and what each holds (events, tasks)."""
    dav = client(account)
    with talking_to(account, "logging in"):
        calendars = dav.principal().calendars()
    lines = [f"{account.url}: logged in as {account.username} (password from {account.password_from})"]
    if not calendars:
        lines.append("no calendars yet: `prepctl sync --create --calendar NAME` makes one")
    with talking_to(account, "reading the calendars"):
        for calendar in calendars:
            kinds = set(calendar.get_supported_components() or ["VEVENT", "VTODO"])
            shown = ", ".join(name for kind, name in (("VEVENT", "events"), ("VTODO", "tasks")) if kind in kinds)
            lines.append(f"calendar {name_of(calendar)!r}: {shown}  ({calendar.url})")
    return lines


def on_server(account: Account, url: str, source: Path | None = None) -> str:
    """A calendar address on the configured server only: the password goes nowhere else."""
    if urlsplit(url)[:2] != urlsplit(account.url)[:2]:
        where = f"{source}: " if source else "--calendar: "
        raise BadInputError(
            f"{where}{url} is not on the server of caldav.url ({account.url}); prepctl sends your "
            "password to that server only"
        )
    return url


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def name_of(calendar: Any) -> str:
    """How a person knows a calendar: its display name, else the last part of its address."""
    return str(calendar.get_display_name() or _last_segment(str(calendar.url)))


def find_calendar(dav: Any, account: Account, name: str, create: bool) -> tuple[Any, bool]:
    """The calendar named ``name`` (its display name, the last part of its address, or the address)."""
    if name.startswith(("https://", "http://")):
        return dav.calendar(url=on_server(account, slashed(name))), False
    with talking_to(account, "looking for the calendar"):
        principal = dav.principal()
        calendars = principal.calendars()
        for calendar in calendars:
            if name.casefold() in (name_of(calendar).casefold(), _last_segment(str(calendar.url)).casefold()):
                return calendar, False
        if create:
            slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "prepctl"
            return principal.make_calendar(name=name, cal_id=slug), True
    names = ", ".join(repr(name_of(c)) for c in calendars) or "none"
    raise BadInputError(
        f"{account.url}: no calendar {name!r} for {account.username} (calendars there: {names}); "
        "`prepctl sync --create` makes it, or set another with `prepctl config set caldav.calendar`"
    )


def slashed(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def busy_calendar(account: Account, name: str, first: Any, last: Any) -> Any:
    """The events of a server calendar between two dates, as one icalendar Calendar for
    ``prepctl.schedule.busy`` (recurring events come whole; busy expands them as it does for files)."""
    from datetime import time as clock

    from icalendar import Calendar

    dav = client(account)
    calendar, _ = find_calendar(dav, account, name, create=False)
    merged = Calendar()
    zones: set[str] = set()
    with talking_to(account, f"reading the busy calendar {name!r}"):
        found = calendar.search(
            start=datetime.combine(first, clock()),
            end=datetime.combine(last, clock()),
            event=True,
            expand=False,
            post_filter=False,  # the caldav library would expand recurrences itself, unbounded
        )
        for obj in found:
            for component in obj.icalendar_instance.subcomponents:
                if component.name == "VTIMEZONE" and str(component.get("TZID")) in zones:
                    continue
                zones.add(str(component.get("TZID", "")))
                merged.add_component(component)
    return merged

"""Time zones: an IANA name made a ZoneInfo once, or one clear error naming close real names."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from prepctl.errors import SettingError

# files of the tz database that are not zones a person lives in, and would be written as TZIDs
_NOT_ZONES = frozenset(
    {
        "localtime",
        "Factory",
        "posixrules",
        "leapseconds",
        "tzdata.zi",
        "zone.tab",
        "zone1970.tab",
        "iso3166.tab",
        "leap-seconds.list",
        "SECURITY",
    }
)


def zone_of(name: str) -> ZoneInfo:
    """The IANA zone, or a clear error with the closest real names."""
    from zoneinfo import ZoneInfoNotFoundError

    try:
        if not name or name.startswith(("/", ".", "posix/", "right/")) or ".." in name or name in _NOT_ZONES:
            raise ZoneInfoNotFoundError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of the tz database (Europe)
        import difflib
        from zoneinfo import available_timezones

        zones = sorted(
            z for z in available_timezones() if z not in _NOT_ZONES and not z.startswith(("posix/", "right/"))
        )
        close = difflib.get_close_matches(name, zones, n=3, cutoff=0.6)
        hint = f" (did you mean {', '.join(close)}?)" if close else " (an IANA name like Europe/Berlin)"
        raise SettingError("tz", f"unknown time zone {name!r}{hint}") from None

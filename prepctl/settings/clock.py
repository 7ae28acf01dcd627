"""The one place prepctl reads the clock: ``now``, the run's stamp and the system's zone.

Every "now" in prepctl goes through ``now`` (tests set the moment here, once), and the
stamp written into files honours SOURCE_DATE_EPOCH for reproducible output.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo

from prepctl.errors import BadInputError


def now(zone: tzinfo | None = None) -> datetime:
    """The present moment in ``zone`` (naive local time without one)."""
    return datetime.now(zone)


def system_zone() -> str:
    """The system's IANA zone name (UTC when it cannot be told)."""
    from tzlocal import get_localzone_name

    try:
        return get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors for odd system setups
        return "UTC"


def timestamp() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise BadInputError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got {epoch!r}") from None

"""Every setting's value and where it came from, resolved the same way for every command.

Command line > the record being resumed > ``PREPCTL_*`` environment > config file > default.
Each value remembers its origin, so an error about a setting names what the person typed:
``--hours``, ``PREPCTL_WEEKDAY_HOURS``, or the config file and line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prepctl.config import KEYS, SLOT_PREFIX, config_path, convert, read_file
from prepctl.errors import BadInputError, SettingError

DEFAULTS: dict[str, Any] = {"day_start": "06:00", "day_end": "23:59", "paper": "a4", "out": "out", "locale": "en",
                            "granularity": 5, "min_block": 10, "min_part": 20}
# what a resume takes over from the record of the schedule it continues
FROM_RECORD = ("tz", "weekday_hours", "weekend_hours", "scale", "day_start", "day_end", "granularity",
               "min_block", "min_part", "alarm", "busy", "out", "plan", "skip", "fit", "work_hours", "locale")


@dataclass(frozen=True)
class Given:
    """A value typed on the command line, and the flag it was typed as."""

    value: Any
    flag: str


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # command line, record, environment, config, default
    origin: str  # what the person would recognise: --hours, PREPCTL_TZ, config.yaml:3, the record's path

    def label(self, key: str) -> str:
        """How to name this setting in a message."""
        if self.source in ("command line", "environment"):
            return self.origin
        if self.source in ("config", "record"):
            return f"{self.origin}: {key}"
        return key


@dataclass(frozen=True)
class Settings:
    """The resolved settings: ``values[key]`` with its source, slots as ``slots.NAME``."""

    values: Mapping[str, Setting]

    def __getitem__(self, key: str) -> Any:
        setting = self.values.get(key)
        return None if setting is None else setting.value

    def slots(self) -> dict[str, Setting]:
        return {key[len(SLOT_PREFIX):]: s for key, s in self.values.items() if key.startswith(SLOT_PREFIX)}

    def label(self, key: str) -> str:
        setting = self.values.get(key)
        return setting.label(key) if setting else key

    def blame(self, error: SettingError) -> BadInputError:
        """The same problem, naming where the person gave the setting (an option of the
        command itself, such as ``from_week``, by its flag)."""
        key = error.setting
        label = self.label(key) if key in self.values else "--" + key.replace("_", "-")
        return BadInputError(f"{label}: {error.problem}")

    def explained(self) -> list[str]:
        """One line per setting that is not a default: its value and where it came from."""
        return [f"{key} = {_shown(s.value)}  ({s.source}{': ' + s.origin if s.origin else ''})"
                for key, s in sorted(self.values.items()) if s.source != "default" and s.value not in (None, [], ())]


def _shown(value: Any) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def resolve(given: Mapping[str, Given], record: Mapping[str, Any] | None = None,
            record_origin: str = "") -> Settings:
    """Each setting from the first place that has it: ``given``, the record, environment, config, default."""
    path = config_path()
    from_file = read_file(path)
    keys = [*KEYS, "scale", "busy", "plan", "skip"]
    slot_keys = {k for k in [*given, *from_file, *(record or {})] if k.startswith(SLOT_PREFIX)}
    slot_keys |= {SLOT_PREFIX + v[len("PREPCTL_SLOTS_"):].lower() for v in os.environ if v.startswith("PREPCTL_SLOTS_")}
    values: dict[str, Setting] = {}
    for key in [*keys, *sorted(slot_keys)]:
        variable = "PREPCTL_" + key.upper().replace(".", "_")
        if key in given and given[key].value is not None:
            values[key] = Setting(given[key].value, "command line", given[key].flag)
        elif record is not None and (key in FROM_RECORD or key.startswith(SLOT_PREFIX)) and key in record:
            values[key] = Setting(record[key], "record", record_origin)
        elif variable in os.environ and (key in KEYS or key.startswith(SLOT_PREFIX)):
            values[key] = Setting(convert(key, os.environ[variable], variable), "environment", variable)
        elif key in from_file:
            value, line = from_file[key]
            values[key] = Setting(value, "config", f"{path}:{line}")
        else:
            values[key] = Setting(DEFAULTS.get(key), "default", "")
    if "scale" in given and given["scale"].value is not None:
        # a scale factor replaces hours that were not typed beside it
        for key in ("weekday_hours", "weekend_hours"):
            if values[key].source != "command line":
                values[key] = Setting(None, "default", "")
    return Settings(values)


def hours_given(hours: float | None, weekday: float | None, weekend: float | None) -> dict[str, Given]:
    """``--hours`` is both weekday and weekend hours; it cannot be combined with either."""
    if hours is not None and (weekday is not None or weekend is not None):
        raise BadInputError("--hours: use either --hours or --weekday-hours/--weekend-hours, not both")
    if hours is not None:
        return {"weekday_hours": Given(hours, "--hours"), "weekend_hours": Given(hours, "--hours")}
    return {"weekday_hours": Given(weekday, "--weekday-hours"), "weekend_hours": Given(weekend, "--weekend-hours")}

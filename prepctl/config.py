"""Defaults remembered between runs: command line > environment > config file > built-in.

The config file is YAML in the platform's config folder (``prepctl config path``);
environment variables are ``PREPCTL_<KEY>`` (``PREPCTL_TZ``, ``PREPCTL_WEEKDAY_HOURS``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prepctl.errors import BadInputError

# key -> (type, meaning); values are checked where they are used, like command-line values
KEYS: dict[str, tuple[type, str]] = {
    "tz": (str, "time zone (IANA name)"),
    "weekday_hours": (float, "hours on a weekday"),
    "weekend_hours": (float, "hours on a weekend day"),
    "day_start": (str, "no session before (HH:MM)"),
    "day_end": (str, "no session after (HH:MM)"),
    "paper": (str, "PDF paper: a4 or letter"),
    "out": (str, "output folder"),
    "alarm": (int, "reminder minutes before each block"),
}
SLOT_PREFIX = "slots."


def config_path() -> Path:
    override = os.environ.get("PREPCTL_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("prepctl")) / "config.yaml"


@dataclass(frozen=True)
class Setting:
    value: Any
    source: str  # "command line", "environment PREPCTL_TZ", "config FILE"


def _convert(key: str, raw: Any, where: str) -> Any:
    wanted, meaning = KEYS.get(key, (str, "a clock time HH:MM"))
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}")
    try:
        return wanted(raw)
    except ValueError:
        raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}") from None


def _check_key(key: str, where: str) -> None:
    if key not in KEYS and not (key.startswith(SLOT_PREFIX) and len(key) > len(SLOT_PREFIX)):
        import difflib

        close = difflib.get_close_matches(key, list(KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise BadInputError(f"{where}: unknown setting {key!r}{hint}; settings: {', '.join(KEYS)}, slots.NAME")


def read_file(path: Path) -> dict[str, Any]:
    """The config file's settings; a broken file is an error naming its line."""
    if not path.exists():
        return {}
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
        # BaseLoader keeps every value as written ("20:00" stays text, not the base-60 1200);
        # each setting is then converted to its own type
        data = yaml.load(text, Loader=yaml.BaseLoader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise BadInputError(f"{where}: config file is not valid YAML: {error.problem}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise BadInputError(f"{path}: cannot read the config file: {error}") from None
    if not isinstance(data, dict):
        raise BadInputError(f"{path}: the config file must be a mapping of settings (key: value lines)")
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "slots" and isinstance(value, dict):
            for name, clock in value.items():
                flat[f"{SLOT_PREFIX}{name}"] = _convert(f"{SLOT_PREFIX}{name}", clock, str(path))
            continue
        _check_key(str(key), str(path))
        flat[str(key)] = _convert(str(key), value, f"{path}: line {_line_of(text, str(key))}")
    return flat


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 1


class Settings:
    """Where each default comes from, for the commands that use them."""

    def __init__(self) -> None:
        self.path = config_path()
        self.file = read_file(self.path)

    def pick(self, key: str, given: Any, default: Any) -> Setting:
        if given is not None:
            return Setting(given, "command line")
        variable = "PREPCTL_" + key.upper().replace(".", "_")
        if variable in os.environ:
            return Setting(_convert(key, os.environ[variable], f"environment {variable}"), f"environment {variable}")
        if key in self.file:
            return Setting(self.file[key], f"config {self.path}")
        return Setting(default, "default")

    def slots(self) -> dict[str, Setting]:
        found = {key[len(SLOT_PREFIX):]: Setting(value, f"config {self.path}")
                 for key, value in self.file.items() if key.startswith(SLOT_PREFIX)}
        for variable, value in os.environ.items():
            if variable.startswith("PREPCTL_SLOTS_"):
                found[variable[len("PREPCTL_SLOTS_"):].lower()] = Setting(value, f"environment {variable}")
        return found


def set_value(key: str, raw: str) -> Path:
    """Store ``key: raw`` in the config file (written atomically)."""
    import yaml

    from prepctl.output import write_files

    path = config_path()
    _check_key(key, "config set")
    value = _convert(key, raw, "config set")
    if key in ("day_start", "day_end") or key.startswith(SLOT_PREFIX):
        from prepctl.inputs import parse_clock

        parse_clock(str(value), key)
    if key == "tz":
        from prepctl.schedule import zone_of

        zone_of(value)
    current: dict[str, Any] = dict(read_file(path))
    slots = {k[len(SLOT_PREFIX):]: current.pop(k) for k in list(current) if k.startswith(SLOT_PREFIX)}
    if slots:
        current["slots"] = slots
    if key.startswith(SLOT_PREFIX):
        current.setdefault("slots", {})[key[len(SLOT_PREFIX):]] = value
    else:
        current[key] = value
    write_files(path.parent, {path.name: yaml.safe_dump(current, sort_keys=True).encode()})
    return path

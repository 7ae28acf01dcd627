"""Defaults remembered between runs: command line > environment > config file > built-in.

The config file is YAML in the platform's config folder (``prepctl config path``);
environment variables are ``PREPCTL_<KEY>`` (``PREPCTL_TZ``, ``PREPCTL_WEEKDAY_HOURS``).
"""

from __future__ import annotations

import os
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
    "granularity": (int, "minutes scaled blocks are rounded to"),
    "min_block": (int, "the shortest scaled block, in minutes"),
    "fit": (str, "scale or stretch (schedule --help)"),
    "work_hours": (list, "busy weekly: mon-fri 09:00-17:30; ..."),
}
SLOT_PREFIX = "slots."


def config_path() -> Path:
    override = os.environ.get("PREPCTL_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("prepctl")) / "config.yaml"


def convert(key: str, raw: Any, where: str) -> Any:
    wanted, meaning = KEYS.get(key, (str, "a clock time HH:MM"))
    if wanted is list:  # a YAML list, or one text with ; between the items
        items = raw if isinstance(raw, list) else str(raw).split(";") if isinstance(raw, str) else None
        if items is None or not all(isinstance(item, str) for item in items):
            raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}")
        return [item.strip() for item in items if item.strip()]
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


def read_file(path: Path) -> dict[str, tuple[Any, int]]:
    """The config file's settings with their line numbers; a broken file is an error naming its line."""
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
    flat: dict[str, tuple[Any, int]] = {}
    for key, value in data.items():
        if key == "slots" and isinstance(value, dict):
            for name, clock in value.items():
                line = _line_of(text, str(name), indented=True)
                flat[f"{SLOT_PREFIX}{name}"] = (convert(f"{SLOT_PREFIX}{name}", clock, f"{path}:{line}"), line)
            continue
        line = _line_of(text, str(key))
        _check_key(str(key), f"{path}:{line}")
        flat[str(key)] = (convert(str(key), value, f"{path}:{line}"), line)
    return flat


def _line_of(text: str, key: str, indented: bool = False) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if (line.strip() if indented else line).startswith(f"{key}:"):
            return number
    return 1


def set_value(key: str, raw: str) -> Path:
    """Store ``key: raw`` in the config file (written atomically)."""
    import yaml

    from prepctl.output import write_files

    path = config_path()
    _check_key(key, "config set")
    value = convert(key, raw, "config set")
    if key in ("day_start", "day_end") or key.startswith(SLOT_PREFIX):
        from prepctl.inputs import parse_clock

        parse_clock(str(value), key)
    if key == "tz":
        from prepctl.inputs import zone_of

        zone_of(value)
    if key == "work_hours":
        from prepctl.inputs import parse_window

        for window in value:
            parse_window(window, "config set work_hours")
    if key == "fit" and value not in ("scale", "stretch"):
        raise BadInputError(f"config set fit: expected scale or stretch, got {value!r}")
    current: dict[str, Any] = {k: v for k, (v, _) in read_file(path).items()}
    slots = {k[len(SLOT_PREFIX):]: current.pop(k) for k in list(current) if k.startswith(SLOT_PREFIX)}
    if slots:
        current["slots"] = slots
    if key.startswith(SLOT_PREFIX):
        current.setdefault("slots", {})[key[len(SLOT_PREFIX):]] = value
    else:
        current[key] = value
    write_files(path.parent, {path.name: yaml.safe_dump(current, sort_keys=True).encode()})
    return path

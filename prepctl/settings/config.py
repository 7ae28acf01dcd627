"""Defaults remembered between runs: command line > environment > config file > built-in.

The config file is YAML in the platform's config folder (``prepctl config path``);
environment variables are ``PREPCTL_<KEY>`` (``PREPCTL_TZ``, ``PREPCTL_WEEKDAY_HOURS``).
"""

from __future__ import annotations

import os
import re
import stat
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
    "min_part": (int, "the shortest part of a split block, in minutes"),
    "fit": (str, "scale or stretch (schedule --help)"),
    "locale": (str, "language of dates on sheets: en, de, fr…"),
    "work_hours": (list, "busy weekly: mon-fri 09:00-17:30; ..."),
    "caldav.url": (str, "CalDAV server address (prepctl sync)"),
    "caldav.username": (str, "CalDAV user name"),
    "caldav.calendar": (str, "calendar prepctl sync writes to"),
    "caldav.password_command": (str, "a command that prints the password"),
}
SLOT_PREFIX = "slots."


def config_path() -> Path:
    override = os.environ.get("PREPCTL_CONFIG")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("prepctl")) / "config.yaml"


_NUMBER = {int: re.compile(r"^-?[0-9]+$"), float: re.compile(r"^-?[0-9]+(\.[0-9]+)?$")}
# what ``config set`` accepts (the bounds Options checks for every source)
_RANGES: dict[str, tuple[float, float]] = {
    "weekday_hours": (0, 24),
    "weekend_hours": (0, 24),
    "granularity": (1, 60),
    "min_block": (1, 240),
    "min_part": (5, 240),
    "alarm": (0, 7 * 24 * 60),
}
MAX_BYTES = 64 * 1024


def convert(key: str, raw: Any, where: str) -> Any:
    wanted, meaning = KEYS.get(key, (str, "a clock time HH:MM"))
    if wanted is list:  # a YAML list, or one text with ; between the items
        items = raw if isinstance(raw, list) else str(raw).split(";") if isinstance(raw, str) else None
        if items is None or not all(isinstance(item, str) for item in items):
            raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}")
        return [item.strip() for item in items if item.strip()]
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}")
    if wanted in _NUMBER and not _NUMBER[wanted].match(str(raw).strip()):
        raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}")
    try:
        value = wanted(raw)
    except ValueError:
        raise BadInputError(f"{where}: {key}: expected {meaning}, got {raw!r}") from None
    return value


def _check_key(key: str, where: str) -> None:
    if "password" in key and key not in KEYS:
        raise BadInputError(
            f"{where}: {key}: prepctl never keeps a password in a file; set "
            "PREPCTL_CALDAV_PASSWORD, or caldav.password_command (a command that prints it), or "
            "keep it in the OS keyring (docs/calendars.md: Sync with a calendar server)"
        )
    if key not in KEYS and not (key.startswith(SLOT_PREFIX) and len(key) > len(SLOT_PREFIX)):
        import difflib

        close = difflib.get_close_matches(key, list(KEYS), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise BadInputError(f"{where}: unknown setting {key!r}{hint}; settings: {', '.join(KEYS)}, slots.NAME")


def read_file(path: Path) -> dict[str, tuple[Any, int]]:
    """The config file's settings with their line numbers; a broken file is an error naming its line."""
    flat: dict[str, tuple[Any, int]] = {}
    for key, (raw, line) in read_raw(path).items():
        if key.startswith(SLOT_PREFIX):
            flat[key] = (convert(key, raw, f"{path}:{line}"), line)
            continue
        _check_key(key, f"{path}:{line}")
        flat[key] = (convert(key, raw, f"{path}:{line}"), line)
    return flat


def read_raw(path: Path) -> dict[str, tuple[Any, int]]:
    """The config file's settings as written (text, or lists of text), with their lines.

    A config file is a small mapping of plain values: anything else (not a regular file, over
    64 KB, not UTF-8, YAML anchors, aliases or tags, a key twice) is refused in one line.
    """
    import yaml

    try:
        mode = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise BadInputError(f"{path}: cannot read the config file: {error.strerror}") from None
    if not stat.S_ISREG(mode.st_mode):
        raise BadInputError(f"{path}: the config file is not a regular file")
    if mode.st_size > MAX_BYTES:
        raise BadInputError(f"{path}: the config file is larger than {MAX_BYTES // 1024} KB; it holds a few settings")
    try:
        text = path.read_bytes().decode("utf-8")
        loader = yaml.BaseLoader(text)  # every value stays text: "20:00" is not the base-60 number 1200
        try:
            events = list(yaml.parse(text, Loader=yaml.BaseLoader))
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: the config file is not UTF-8 text") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise BadInputError(f"{where}: config file is not valid YAML: {error.problem}") from None
    except (OSError, yaml.YAMLError) as error:
        raise BadInputError(f"{path}: cannot read the config file: {error}") from None
    except RecursionError:
        raise BadInputError(f"{path}: the config file is nested too deeply; it holds a few plain settings") from None
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None):
            line = event.start_mark.line + 1 if event.start_mark else 1
            raise BadInputError(f"{path}:{line}: YAML anchors, aliases and tags have no place in a config file")
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise BadInputError(f"{path}: the config file must be a mapping of settings (key: value lines)")
    flat: dict[str, tuple[Any, int]] = {}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 1
        if key == "slots":
            if not isinstance(value_node, yaml.MappingNode):
                raise BadInputError(f"{path}:{line}: slots: expected a mapping of NAME: HH:MM, like evening: 20:00")
            pairs = [(f"{SLOT_PREFIX}{k.value}", v, k.start_mark.line + 1) for k, v in value_node.value]
        else:
            pairs = [(key, value_node, line)]
        for name, value, at in pairs:
            if name in flat:
                raise BadInputError(f"{path}:{at}: {name} is set twice (also on line {flat[name][1]})")
            flat[name] = (_plain(value, name, f"{path}:{at}"), at)
    return flat


def _plain(node: Any, key: str, where: str) -> Any:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode) for item in node.value):
        return [item.value for item in node.value]
    raise BadInputError(f"{where}: {key}: expected a value or a list of values, got a mapping")


def set_value(key: str, raw: str) -> Path:
    """Store ``key: raw`` in the config file (written atomically)."""
    import yaml

    from prepctl.files import write_files

    path = config_path()
    _check_key(key, "config set")
    value = convert(key, raw, "config set")
    if key in _RANGES:  # a schedule would refuse it later: refuse it now, where it is typed
        low, high = _RANGES[key]
        if not (low < value <= high if key.endswith("hours") else low <= value <= high):
            bounds = f"above {low:g} and at most {high:g}" if key.endswith("hours") else f"{low:g} to {high:g}"
            raise BadInputError(f"config set {key}: expected {bounds}, got {raw}")
    if key in ("day_start", "day_end") or key.startswith(SLOT_PREFIX):
        from prepctl.settings.inputs import parse_clock

        parse_clock(str(value), key)
    if key == "tz":
        from prepctl.model.zone import zone_of

        zone_of(value)
    if key == "work_hours":
        from prepctl.settings.inputs import parse_window

        for window in value:
            parse_window(window, "config set work_hours")
    if key == "caldav.url":
        from prepctl.settings.inputs import check_url

        check_url(str(value), "config set caldav.url")
    if key == "locale":
        from prepctl.errors import SettingError
        from prepctl.model.display import check_locale

        try:
            value = check_locale(value)  # kept in its normal form, as a schedule's record keeps it
        except SettingError as error:
            raise BadInputError(f"config set locale: {error.problem}") from None
    if key == "fit" and value not in ("scale", "stretch"):
        raise BadInputError(f"config set fit: expected scale or stretch, got {value!r}")
    # as written, not converted: a setting that went wrong can always be set again
    current: dict[str, Any] = {k: v for k, (v, _) in read_raw(path).items()}
    slots = {k[len(SLOT_PREFIX) :]: current.pop(k) for k in list(current) if k.startswith(SLOT_PREFIX)}
    if slots:
        current["slots"] = slots
    if key.startswith(SLOT_PREFIX):
        current.setdefault("slots", {})[key[len(SLOT_PREFIX) :]] = value
    else:
        current[key] = value
    write_files(path.parent, {path.name: yaml.safe_dump(current, sort_keys=True).encode()})
    return path

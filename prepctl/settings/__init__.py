"""Every setting's value and where it came from, resolved the same way for every command.

Command line > the record of the schedule being continued > ``PREPCTL_*`` environment >
config file > default. Each value remembers its origin, so an error about a setting names
what the person typed: ``--hours``, ``PREPCTL_WEEKDAY_HOURS``, or the config file and line.
``options_for`` is the one place settings become the scheduling function's Options.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from prepctl.errors import BadInputError, SettingError
from prepctl.settings.config import KEYS, SLOT_PREFIX, config_path, convert, read_file

if TYPE_CHECKING:
    from prepctl.model.plan import Plan
    from prepctl.model.record import Record
    from prepctl.model.schedule import Options

DEFAULTS: dict[str, Any] = {
    "day_start": "06:00",
    "day_end": "23:59",
    "paper": "a4",
    "out": "out",
    "locale": "en",
    "fit": "scale",
    "granularity": 5,
    "min_block": 10,
    "min_part": 20,
}
# what a run takes over from the record of the schedule it continues
FROM_RECORD = (
    "tz",
    "weekday_hours",
    "weekend_hours",
    "scale",
    "day_start",
    "day_end",
    "granularity",
    "min_block",
    "min_part",
    "alarm",
    "busy",
    "out",
    "plan",
    "skip",
    "fit",
    "work_hours",
    "locale",
    "start",
    "align",
    "from_week",
)
# settings of the schedule alone: typed on the command line or kept by its record, never in the config
SCHEDULE_KEYS = ("scale", "busy", "plan", "skip", "unskip", "start", "align", "from_week")


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
        return {key[len(SLOT_PREFIX) :]: s for key, s in self.values.items() if key.startswith(SLOT_PREFIX)}

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
        """One line per setting with a value: the value and where it came from."""
        return [
            f"{key} = {_shown(s.value)}  ({s.source}{': ' + s.origin if s.origin else ''})"
            for key, s in sorted(self.values.items())
            if s.value not in (None, [], ())
        ]


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def resolve(given: Mapping[str, Given], record: Mapping[str, Any] | None = None, record_origin: str = "") -> Settings:
    """Each setting from the first place that has it: ``given``, the record, environment, config, default."""
    path = config_path()
    from_file = read_file(path)
    keys = [*KEYS, *SCHEDULE_KEYS]
    slot_keys = {k for k in [*given, *from_file, *(record or {})] if k.startswith(SLOT_PREFIX)}
    slot_keys |= {
        SLOT_PREFIX + v[len("PREPCTL_SLOTS_") :].lower() for v in os.environ if v.startswith("PREPCTL_SLOTS_")
    }
    values: dict[str, Setting] = {}
    for key in [*keys, *sorted(slot_keys)]:
        variable = "PREPCTL_" + key.upper().replace(".", "_")
        if key == "skip" and key in given and given[key].value is not None and record and record.get(key):
            # skips belong to the schedule: those typed now add to those it has
            values[key] = Setting(
                [*record[key], *given[key].value],
                "command line",
                f"{given[key].flag} and {record_origin or 'the record'}",
            )
        elif key in given and given[key].value is not None:
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


def record_settings(record: Record, start: bool = True) -> dict[str, Any]:
    """The settings a run takes over from the record of the schedule it continues; ``start``:
    its start date too (not for a resume, which starts today, or a run that gives ``--by``)."""
    options = record.options
    values: dict[str, Any] = {
        "tz": options.tz,
        "weekday_hours": options.weekday_hours,
        "weekend_hours": options.weekend_hours,
        "scale": options.scale,
        "day_start": f"{options.day_start:%H:%M}",
        "day_end": f"{options.day_end:%H:%M}",
        "granularity": options.granularity,
        "min_block": options.min_block,
        "min_part": options.min_part,
        "alarm": options.alarm,
        "busy": list(record.busy),
        "plan": record.plan.source,
        "skip": [day.isoformat() for day in sorted(options.skip)],
        "fit": options.fit,
        "work_hours": [str(window) for window in options.work_hours],
        "align": options.align,
        "from_week": options.from_week,
    }
    if start:
        values["start"] = options.start.isoformat()
    if record.locale is not None:
        values["locale"] = record.locale
    if record.path is not None:
        values["out"] = str(record.path.parent)
    values.update({f"{SLOT_PREFIX}{name}": f"{clock:%H:%M}" for name, clock in options.slots.items()})
    return values


def options_for(settings: Settings, plan: Plan, zone_name: str, today: date) -> Options:
    """The scheduling function's Options from the resolved settings: the one place this is
    done, for ``schedule`` and ``stats`` alike (``today``, ``progress`` and ``sync`` read the
    Options a schedule's record keeps, made here)."""
    from prepctl.model.schedule import Options
    from prepctl.settings.inputs import parse_clock, parse_date, parse_skip, parse_window

    slots = {}
    for name, setting in settings.slots().items():
        if name in plan.slots:
            slots[name] = parse_clock(str(setting.value), setting.label(f"slots.{name}"))
        elif setting.source in ("command line", "record"):
            raise BadInputError(
                f"{setting.label(f'slots.{name}')}: unknown slot {name!r}; the plan's slots are {', '.join(plan.slots)}"
            )
    skip = frozenset().union(*(parse_skip(s, today) for s in settings["skip"] or []))
    unskip = frozenset().union(*(parse_skip(s, today) for s in settings["unskip"] or []))
    try:
        return Options(
            start=parse_date(str(settings["start"]), settings.label("start"), today) if settings["start"] else today,
            tz=zone_name,
            align=settings["align"] is not False,
            weekday_hours=settings["weekday_hours"],
            weekend_hours=settings["weekend_hours"],
            scale=settings["scale"],
            slots=slots,
            granularity=settings["granularity"],
            min_block=settings["min_block"],
            min_part=settings["min_part"],
            day_start=parse_clock(str(settings["day_start"]), settings.label("day_start")),
            day_end=parse_clock(str(settings["day_end"]), settings.label("day_end")),
            alarm=settings["alarm"],
            skip=skip - unskip,
            from_week=settings["from_week"],
            fit=str(settings["fit"] or "scale"),  # type: ignore[arg-type]  # Options checks the value
            work_hours=tuple(parse_window(w, settings.label("work_hours")) for w in settings["work_hours"] or []),
        )
    except SettingError as error:
        raise settings.blame(error) from None


def kept(settings: Settings) -> list[str]:
    """``tz Europe/Berlin``, ``no-align``: what a run took over from the record it continues (its
    days off are said on a line of their own)."""
    said = []
    for key, setting in sorted(settings.values.items()):
        if (
            setting.source != "record"
            or setting.value in (None, [], (), DEFAULTS.get(key))
            or key in ("plan", "out", "skip")
        ):
            continue
        if key == "align":
            if setting.value is False:
                said.append("no-align")
            continue
        said.append(f"{key.replace('_', '-')} {_shown(setting.value)}")
    return said

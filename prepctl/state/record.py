"""The record: what prepctl scheduled, so that the next run continues it.

Every ``schedule`` run that writes files keeps a record of that schedule in its output
folder (``PLAN.record.json``, written together with the outputs): the plan, the options
and busy calendars in force, every session with its dates, SEQUENCE and LAST-MODIFIED,
what was done and dropped, and where the checklist is. A small index in the user data
folder says, per plan, which record is active and where its checklist is, so ``today``
and ``progress`` work from any folder.

This module reads and writes the record and lends its checks to the index and the sync
state (``prepctl.state.index``, ``prepctl.state.sync_state``). A file prepctl wrote earlier
may have been edited, damaged or planted since, so everything read back is checked as
strictly as any input: a problem is one line naming the file, never a traceback.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from prepctl.errors import BadInputError, RecordError
from prepctl.model import Callout
from prepctl.model.record import PlanRef, Record
from prepctl.model.schedule import Item, Options, Schedule, Session, Window

LAYOUT = 1
SUFFIX = ".record.json"
MAX_BYTES = 32 * 1024 * 1024  # a 520-week plan's record is under 10 MB

T = TypeVar("T")


def record_path(out: Path, plan_id: str) -> Path:
    return out / f"{plan_id}{SUFFIX}"


def kept_templates(record: Record) -> Path:
    """The person's templates folder the record's schedule was written with, if it is still there."""
    folder = record.templates
    if folder is None or not folder.is_dir():
        raise BadInputError(
            f"{record.path}: templates: {folder} is no longer a folder; give --templates FOLDER, "
            "or schedule again without it"
        )
    return folder


def make_record(
    schedule: Schedule,
    plan: PlanRef,
    *,
    busy: tuple[str, ...] = (),
    checklist: Path | None = None,
    checklist_digest: str | None = None,
    checklist_lines: frozenset[str] | None = None,
    written: datetime | None = None,
    formats: tuple[str, ...] | None = None,
    locale: str | None = None,
    templates: Path | None = None,
) -> Record:
    return Record(
        plan,
        schedule.options,
        schedule.sessions,
        schedule.done,
        schedule.dropped,
        busy=busy,
        checklist=checklist,
        checklist_digest=checklist_digest,
        checklist_lines=checklist_lines,
        written=written,
        cancelled=schedule.cancelled,
        origin=schedule.origin,
        formats=formats,
        locale=locale,
        templates=templates,
    )


# ---------------------------------------------------------------- writing


def dumps(record: Record) -> bytes:
    """The record as JSON (also the ``--format json`` export of a schedule)."""
    document = {
        "prepctl_record": LAYOUT,
        "written": record.written.isoformat() if record.written else None,
        "plan": {
            "id": record.plan.id,
            "title": record.plan.title,
            "source": record.plan.source,
            "focus_areas": record.plan.focus_areas,
            "callouts": {
                day: [{"kind": c.kind, "title": c.title, "body": c.body, "items": list(c.items)} for c in callouts]
                for day, callouts in record.plan.callouts.items()
            },
        },
        "options": _options_data(record.options),
        "origin": record.origin.isoformat() if record.origin else None,
        "formats": list(record.formats) if record.formats is not None else None,
        "locale": record.locale,
        "templates": str(record.templates) if record.templates else None,
        "busy": list(record.busy),
        "checklist": str(record.checklist) if record.checklist else None,
        "checklist_digest": record.checklist_digest,
        "checklist_lines": sorted(record.checklist_lines) if record.checklist_lines is not None else None,
        "sessions": [session_data(s) for s in record.sessions],
        "done": [_item_data(i) for i in record.done],
        "dropped": [_item_data(i) for i in record.dropped],
        "cancelled": [session_data(s) for s in record.cancelled],
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()


def _options_data(options: Options) -> dict[str, Any]:
    return {
        "start": options.start.isoformat(),
        "tz": options.tz,
        "align": options.align,
        "weekday_hours": options.weekday_hours,
        "weekend_hours": options.weekend_hours,
        "scale": options.scale,
        "slots": {name: f"{clock:%H:%M}" for name, clock in sorted(options.slots.items())},
        "granularity": options.granularity,
        "min_block": options.min_block,
        **({"min_part": options.min_part} if options.min_part != Options.min_part else {}),  # written when set
        "day_start": f"{options.day_start:%H:%M}",
        "day_end": f"{options.day_end:%H:%M}",
        "alarm": options.alarm,
        "skip": sorted(day.isoformat() for day in options.skip),
        "from_week": options.from_week,
        "fit": options.fit,
        "work_hours": [str(window) for window in options.work_hours],
    }


def session_data(session: Session) -> dict[str, Any]:
    return {
        "id": session.block_id,
        "uid": session.uid,
        "week": session.week,
        "day": session.day,
        "date": session.date.isoformat(),
        "start": session.start.isoformat() if session.start else None,
        "end": session.end.isoformat() if session.end else None,
        "minutes": session.minutes,
        "slot": session.slot,
        "activity": session.activity,
        "details": session.details,
        "focus": session.focus,
        "day_title": session.day_title,
        "sequence": session.sequence,
        "last_modified": session.last_modified.isoformat() if session.last_modified else None,
        "shown": session.shown,
        **({"part": session.part, "parts": session.parts} if session.part else {}),  # a block split across days
    }


def _item_data(item: Item) -> dict[str, Any]:
    return {
        "id": item.block_id,
        "week": item.week,
        "day": item.day,
        "activity": item.activity,
        "details": item.details,
        "focus": item.focus,
        "minutes": item.minutes,
    }


# ---------------------------------------------------------------- reading


class _Shape(Exception):
    """A value of the wrong shape, with where it is."""


def read_record(path: Path) -> Record:
    """The record at ``path``; anything that is not a record prepctl wrote is a RecordError."""
    document = _load(path, "record")
    try:
        return replace(_record(document), path=path)
    except _Shape as problem:
        raise RecordError(
            f"{path}: not a record prepctl can use: {problem}; delete it to start afresh "
            "(the next schedule run writes a new one)"
        ) from None


def find_record(path: Path) -> Record | None:
    """The record at ``path`` if there is one (None when there is none yet)."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:  # a name too long, a folder that cannot be searched
        raise RecordError(f"{path}: cannot look for the record: {error.strerror or error}") from None
    return read_record(path)


def _load(path: Path, what: str) -> Any:
    try:
        if not path.is_file():
            raise RecordError(f"{path}: the {what} is not a regular file")
        if path.stat().st_size > MAX_BYTES:
            raise RecordError(f"{path}: the {what} is larger than {MAX_BYTES // 1024 // 1024} MB; not read")
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RecordError(f"{path}: cannot read the {what}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise RecordError(f"{path}: the {what} is not UTF-8 text") from None
    try:
        return json.loads(text, parse_int=_bounded_int)
    except ValueError as error:
        raise RecordError(f"{path}: the {what} is not valid JSON ({error})") from None
    except RecursionError:
        raise RecordError(f"{path}: the {what} is nested too deeply to be one prepctl wrote") from None


def _bounded_int(text: str) -> int:
    """No number prepctl writes has more than 18 digits; a longer one is damage, said plainly."""
    if len(text.lstrip("-")) > 18:
        raise ValueError(f"a number with {len(text.lstrip('-'))} digits")
    return int(text)


def _get(data: Any, key: str, check: Callable[[Any, str], T], where: str) -> T:
    if not isinstance(data, dict):
        raise _Shape(f"{where or 'the file'}: expected an object, got {_kind(data)}")
    if key not in data:
        raise _Shape(f"{where + '.' if where else ''}{key}: missing")
    return check(data[key], f"{where + '.' if where else ''}{key}")


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), f"{type(value).__name__} {str(value)[:20]}"
    )


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Shape(f"{where}: expected text, got {_kind(value)}")
    return value


def _optional(check: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    return lambda value, where: None if value is None else check(value, where)


def _whole(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not -1 < value < 10**9:
        raise _Shape(f"{where}: expected a whole number from 0, got {_kind(value)}")
    return value


def _sequence(value: Any, where: str) -> int:
    """A SEQUENCE: iCalendar's INTEGER, from 0 to 2**31 - 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**31:
        raise _Shape(f"{where}: expected a SEQUENCE from 0 to 2147483647, got {_kind(value)}")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Shape(f"{where}: expected a number, got {_kind(value)}")
    return float(value)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Shape(f"{where}: expected true or false, got {_kind(value)}")
    return value


def _parsed(parse: Callable[[str], T], what: str) -> Callable[[Any, str], T]:
    def check(value: Any, where: str) -> T:
        try:
            return parse(_text(value, where))
        except ValueError:
            raise _Shape(f"{where}: expected {what}, got {str(value)[:40]!r}") from None

    return check


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(text)
    return moment


_date = _parsed(date.fromisoformat, "a date YYYY-MM-DD")
_moment = _parsed(_aware, "a date and time with its UTC offset")
_clock = _parsed(time.fromisoformat, "a clock time HH:MM")


def _window(value: Any, where: str) -> Window:
    from prepctl.settings.inputs import parse_window

    return parse_window(_text(value, where), where)


def _list(check: Callable[[Any, str], T]) -> Callable[[Any, str], list[T]]:
    def each(value: Any, where: str) -> list[T]:
        if not isinstance(value, list):
            raise _Shape(f"{where}: expected a list, got {_kind(value)}")
        return [check(item, f"{where}[{n}]") for n, item in enumerate(value)]

    return each


def _mapping(check: Callable[[Any, str], T]) -> Callable[[Any, str], dict[str, T]]:
    def each(value: Any, where: str) -> dict[str, T]:
        if not isinstance(value, dict):
            raise _Shape(f"{where}: expected an object, got {_kind(value)}")
        return {str(key): check(item, _member(where, str(key))) for key, item in value.items()}

    return each


_BLOCK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}(\.[0-9]{1,4})?$")
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def _member(where: str, key: str) -> str:
    """``where.key``, with a key that is not a plain name quoted: one planted in the file can
    hold line breaks or terminal escapes, and a message is one line, shown as it is."""
    return f"{where}.{key}" if _PLAIN_KEY.match(key) else f"{where}[{key[:40]!r}]"


def _session(data: Any, where: str) -> Session:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    start, end = get("start", _optional(_moment)), get("end", _optional(_moment))
    if (start is None) != (end is None) or (start is not None and end is not None and end <= start):
        raise _Shape(f"{where}: start and end do not make a time span")
    block = get("id", _text)
    if not _BLOCK_ID.match(block):  # it becomes part of UIDs and of the addresses sync writes to
        raise _Shape(f"{where}.id: expected a block id such as w1-mon-1 or w3-sat-2.1, got {block[:40]!r}")
    return Session(
        block_id=block,
        uid=get("uid", _text),
        week=get("week", _whole),
        day=get("day", _text),
        date=get("date", _date),
        start=start,
        end=end,
        minutes=get("minutes", _optional(_whole)),
        slot=get("slot", _optional(_text)),
        activity=get("activity", _text),
        details=get("details", _text),
        focus=get("focus", _text),
        day_title=get("day_title", _text),
        sequence=get("sequence", _sequence),
        last_modified=get("last_modified", _optional(_moment)),
        shown=get("shown", _text),
        part=_newer(data, "part", _optional(_whole)) or 0,
        parts=_newer(data, "parts", _optional(_whole)) or 0,
    )


def _day_callouts(plan: dict[str, Any]) -> dict[str, tuple[Callout, ...]]:
    """The callouts of each plan day; a record written before they were kept has none."""
    if plan.get("callouts") is None:
        return {}
    days = _mapping(_list(_callout))(plan["callouts"], "plan.callouts")
    return {day: tuple(callouts) for day, callouts in days.items()}


def _callout(data: Any, where: str) -> Callout:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    kind = get("kind", _text)
    if kind not in ("tip", "note", "warning", "danger"):
        raise _Shape(f"{where}.kind: expected tip, note, warning or danger, got {kind[:20]!r}")
    return Callout(kind=kind, title=get("title", _text), body=get("body", _text), items=get("items", _list(_text)))


def _item(data: Any, where: str) -> Item:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    return Item(
        get("id", _text),
        get("week", _whole),
        get("day", _text),
        get("activity", _text),
        get("details", _text),
        get("focus", _text),
        get("minutes", _optional(_whole)),
    )


def _options(data: Any, where: str) -> Options:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    try:
        return Options(
            start=get("start", _date),
            tz=get("tz", _text),
            align=get("align", _flag),
            weekday_hours=get("weekday_hours", _optional(_number)),
            weekend_hours=get("weekend_hours", _optional(_number)),
            scale=get("scale", _optional(_number)),
            slots=get("slots", _mapping(_clock)),
            granularity=get("granularity", _whole),
            min_block=get("min_block", _whole),
            min_part=_newer(data, "min_part", _optional(_whole)) or 20,
            day_start=get("day_start", _clock),
            day_end=get("day_end", _clock),
            alarm=get("alarm", _optional(_whole)),
            skip=frozenset(get("skip", _list(_date))),
            from_week=get("from_week", _optional(_whole)),
            fit=get("fit", _text),
            work_hours=tuple(get("work_hours", _list(_window))),
        )
    except BadInputError as error:  # a value no schedule could have been made with
        raise _Shape(f"{where}: {error}") from None


def _record(document: Any) -> Record:
    layout = _get(document, "prepctl_record", _whole, "")
    if layout != LAYOUT:
        raise _Shape(f"prepctl_record: layout {layout}, this prepctl reads layout {LAYOUT}")
    plan = _get(document, "plan", lambda value, where: value, "")
    sessions = tuple(_get(document, "sessions", _list(_session), ""))
    plan_id = _get(plan, "id", _text, "plan")
    seen: set[str] = set()
    for n, session in enumerate(sessions):
        if session.block_id in seen:
            raise _Shape(f"sessions[{n}].id: {session.block_id} appears twice")
        seen.add(session.block_id)
        if session.uid != f"{session.block_id}.{plan_id}@prepctl":
            raise _Shape(f"sessions[{n}].uid: expected {session.block_id}.{plan_id}@prepctl, got {session.uid[:60]!r}")
    return Record(
        plan=PlanRef(
            _get(plan, "id", _text, "plan"),
            _get(plan, "title", _text, "plan"),
            _get(plan, "source", _text, "plan"),
            _get(plan, "focus_areas", _mapping(_text), "plan"),
            _day_callouts(plan),
        ),
        options=_get(document, "options", _options, ""),
        sessions=sessions,
        done=tuple(_get(document, "done", _list(_item), "")),
        dropped=tuple(_get(document, "dropped", _list(_item), "")),
        busy=tuple(_get(document, "busy", _list(_text), "")),
        checklist=_get(document, "checklist", _optional(_parsed(Path, "a path")), ""),
        checklist_digest=_get(document, "checklist_digest", _optional(_text), ""),
        checklist_lines=_frozen(_newer(document, "checklist_lines", _optional(_list(_fingerprint)))),
        written=_get(document, "written", _optional(_moment), ""),
        cancelled=tuple(_get(document, "cancelled", _list(_session), "")),
        origin=_get(document, "origin", _optional(_date), ""),
        # absent in older records; checked as names here, as formats, a language and a folder where used
        formats=_tuple(_newer(document, "formats", _optional(_list(_word)))),
        locale=_newer(document, "locale", _optional(_word)),
        templates=_newer(document, "templates", _optional(_parsed(_absolute, "an absolute path"))),
    )


def _newer(document: dict[str, Any], key: str, check: Callable[[Any, str], T | None]) -> T | None:
    """A key that records written before it existed do not have: None there."""
    return _get(document, key, check, "") if key in document else None


def _fingerprint(value: Any, where: str) -> str:
    text = _text(value, where)
    if not re.fullmatch(r"[0-9a-f]{12}", text):
        raise _Shape(f"{where}: expected a line's fingerprint (12 hex digits), got {text[:40]!r}")
    return text


def _frozen(values: list[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values is not None else None


def _tuple(names: list[str] | None) -> tuple[str, ...] | None:
    return tuple(names) if names is not None else None


def _word(value: Any, where: str) -> str:
    """A format or language name: letters (and ``_``, as in de_AT), nothing that could be a path."""
    text = _text(value, where)
    if not text.replace("_", "").isalpha() or len(text) > 16:
        raise _Shape(f"{where}: expected a name such as ics or de_AT, got {text[:40]!r}")
    return text


def _absolute(text: str) -> Path:
    path = Path(text)
    if not path.is_absolute():
        raise ValueError(text)
    return path

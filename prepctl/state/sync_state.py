"""What ``prepctl sync`` saw: per calendar, its address, sync token and each object as sent.

It lives beside the record (``PLAN.sync.json``, see ``prepctl.state.record.sync_path``) and is read
back with the record's own strict checks: a file prepctl wrote earlier may have been edited
or planted, and only the plan's own UIDs may ever be written or deleted on a server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prepctl.errors import RecordError
from prepctl.model.schedule import Session
from prepctl.state.record import (  # the record's validators: one set of checks for every file prepctl reads back
    _flag,
    _get,
    _list,
    _load,
    _optional,
    _session,
    _Shape,
    _text,
    _whole,
    session_data,
)

SYNC_LAYOUT = 1
EVENT, TASK = "event", "task"


@dataclass(frozen=True)
class Synced:
    """One calendar object prepctl put on a server: the session as sent and what the server has now."""

    uid: str
    kind: str  # event or task
    session: Session  # as it was sent
    etag: str | None  # the server's current ETag; None when it was deleted there; "" when not known yet
    done: bool = False  # sent as completed (a task)
    server_done: bool = False  # completed on the server (a task ticked in a task app)
    edited: bool = False  # its time or title was changed on the server since it was sent


@dataclass(frozen=True)
class CalendarState:
    """What one calendar holds of the plan, and the sync token that says what changed since."""

    name: str
    url: str
    server: str
    user: str
    token: str | None
    items: dict[str, Synced] = field(default_factory=dict)


@dataclass(frozen=True)
class SyncState:
    plan_id: str
    calendars: tuple[CalendarState, ...] = ()

    def calendar(self, name: str, server: str, user: str) -> CalendarState | None:
        return next((c for c in self.calendars if (c.name, c.server, c.user) == (name, server, user)), None)

    def server_done(self) -> frozenset[str]:
        """The blocks whose task was completed on a server."""
        return frozenset(item.session.block_id for c in self.calendars for item in c.items.values() if item.server_done)

    def with_calendar(self, state: CalendarState) -> SyncState:
        key = (state.name, state.server, state.user)
        others = tuple(c for c in self.calendars if (c.name, c.server, c.user) != key)
        return SyncState(self.plan_id, (*others, state))


def object_uid(block_id: str, plan_id: str, kind: str) -> str:
    return f"{block_id}.{plan_id}@prepctl" if kind == EVENT else f"{block_id}.{plan_id}.task@prepctl"


def sync_dumps(state: SyncState) -> bytes:
    calendars = [
        {
            "name": c.name,
            "url": c.url,
            "server": c.server,
            "user": c.user,
            "token": c.token,
            "items": [
                {
                    "uid": i.uid,
                    "kind": i.kind,
                    "etag": i.etag,
                    "done": i.done,
                    "server_done": i.server_done,
                    "edited": i.edited,
                    "session": session_data(i.session),
                }
                for i in sorted(c.items.values(), key=lambda i: i.uid)
            ],
        }
        for c in state.calendars
    ]
    document = {"prepctl_sync": SYNC_LAYOUT, "plan": state.plan_id, "calendars": calendars}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode()


def save_sync_state(path: Path, state: SyncState) -> None:
    """Write the sync state atomically beside the record."""
    from prepctl.files import write_files

    write_files(path.parent, {path.name: sync_dumps(state)})


def read_sync_state(path: Path, plan_id: str) -> SyncState:
    """The sync state at ``path`` (empty before the first sync); checked like a record."""
    if not path.exists():
        return SyncState(plan_id)
    document = _load(path, "sync state")
    try:
        layout = _get(document, "prepctl_sync", _whole, "")
        if layout != SYNC_LAYOUT:
            raise _Shape(f"prepctl_sync: layout {layout}, this prepctl reads layout {SYNC_LAYOUT}")
        if _get(document, "plan", _text, "") != plan_id:
            raise _Shape(f"plan: expected {plan_id}, got {str(document.get('plan'))[:40]!r}")
        calendars = _get(document, "calendars", _list(lambda value, where: _calendar_state(value, where, plan_id)), "")
    except _Shape as problem:
        raise RecordError(
            f"{path}: not a sync state prepctl can use: {problem}; delete it and sync again (the "
            "next sync adopts the plan's events already on the server)"
        ) from None
    return SyncState(plan_id, tuple(calendars))


def _calendar_state(data: Any, where: str, plan_id: str) -> CalendarState:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    url = get("url", _text)
    if not re.match(r"^https?://[^\s]+/$", url):
        raise _Shape(f"{where}.url: expected the http(s) address of a calendar, ending in /, got {url[:60]!r}")
    items: dict[str, Synced] = {}
    for n, item in enumerate(get("items", _list(lambda value, w: value))):
        synced = _synced(item, f"{where}.items[{n}]", plan_id)
        if synced.uid in items:
            raise _Shape(f"{where}.items[{n}].uid: {synced.uid} appears twice")
        items[synced.uid] = synced
    token = get("token", _optional(_text))
    if token is not None and not re.fullmatch(r"[\x21-\x7e]{1,2048}", token):
        raise _Shape(f"{where}.token: expected a sync token (printable characters), got {token[:40]!r}")
    return CalendarState(get("name", _text), url, get("server", _text), get("user", _text), token, items)


def _synced(data: Any, where: str, plan_id: str) -> Synced:
    def get(key: str, check: Callable[[Any, str], Any]) -> Any:
        return _get(data, key, check, where)

    kind, session = get("kind", _text), get("session", _session)
    if kind not in (EVENT, TASK):
        raise _Shape(f"{where}.kind: expected event or task, got {kind[:20]!r}")
    uid = get("uid", _text)
    if uid != object_uid(session.block_id, plan_id, kind):  # only the plan's own objects are ever written
        raise _Shape(f"{where}.uid: expected {object_uid(session.block_id, plan_id, kind)}, got {uid[:60]!r}")
    etag = get("etag", _optional(_text))
    if etag is not None and not re.fullmatch(r"[\x20-\x7e]{0,256}", etag):
        raise _Shape(f"{where}.etag: expected an ETag (printable characters), got {etag[:40]!r}")
    return Synced(
        uid,
        kind,
        session,
        etag,
        get("done", _flag),
        get("server_done", _flag),
        get("edited", _flag),
    )

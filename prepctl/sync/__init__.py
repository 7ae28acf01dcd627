"""``prepctl sync``: the schedule of the record, pushed into one CalDAV calendar.

Only the plan's own objects are ever written: each lives at ``<calendar>/<its UID>.ics``,
is created with ``If-None-Match: *`` and changed or deleted with ``If-Match`` its last ETag,
so an object someone else put there, or one edited on the server since the last sync, is
never overwritten unseen. The sync state beside the record (``PLAN.sync.json``) keeps the
calendar's address, its RFC 6578 sync token and each object as sent: a sync with nothing
to do costs one request. The state is written even when a sync stops half way; the next
sync finishes the job (an object already there from the interrupted run is adopted).

Ticks go both ways by one rule: a block is done when it is ticked in the checklist **or**
its task is completed on the server; a done block's task is sent as completed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import Session
from prepctl.state.active import sync_path
from prepctl.state.revision import CHANGED, GONE, MOVED, UNCHANGED, Change
from prepctl.state.sync_state import (
    EVENT,
    TASK,
    CalendarState,
    Synced,
    read_sync_state,
    save_sync_state,
)
from prepctl.sync.calendars import find_calendar, on_server, slashed
from prepctl.sync.server import Account, client, talking_to
from prepctl.sync.wanted import Content, Wanted, changes_against, content_of, wanted

KINDS = {"events": (EVENT,), "tasks": (TASK,), "both": (EVENT, TASK)}
KEPT = "kept as done"  # a change status of sync only: a done block's object, left as a log


@dataclass(frozen=True)
class SyncRequest:
    calendar: str | None = None  # a calendar's name, or its address; None: caldav.calendar of the config
    kinds: tuple[str, ...] = (EVENT,)
    keep_done: bool = True  # done blocks stay on the server as a log when the plan no longer has them
    dry_run: bool = False
    overwrite: bool = False  # put back what was edited or deleted on the server
    create: bool = False  # make the calendar when the server has none of that name


@dataclass
class SyncOutcome:
    calendar: str
    calendar_url: str
    changes: list[Change] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_done: int = 0  # objects of done blocks the schedule no longer has, left on the server as a log
    left_deleted: list[str] = field(default_factory=list)  # deleted on the server: left deleted
    conflicts: list[str] = field(default_factory=list)  # one line each
    completed_on_server: list[str] = field(default_factory=list)  # blocks found completed in a task app
    requests: int = 0
    made_calendar: bool = False


# ---------------------------------------------------------------- the connection


class _Counting:
    """The client's requests, counted: the figure ``sync`` reports and the benchmark checks."""

    def __init__(self, dav: Any) -> None:
        self.count = 0
        original = dav.request

        def request(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        dav.request = request


# ---------------------------------------------------------------- reading the server


def _object_url(calendar_url: str, uid: str) -> str:
    return urljoin(calendar_url, quote(uid, safe="") + ".ics")


def _path(url: Any) -> str:
    """An address as a server may spell it back (``%40`` or ``@``): its decoded path."""
    return unquote(urlsplit(str(url)).path)


def _etag(response: Any) -> str:
    return str(response.headers.get("ETag") or "")


def _component(data: str, uid: str) -> Any:
    """The VEVENT or VTODO of ``uid`` in a server's object, or None when it holds none."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except Exception:  # an object prepctl cannot read is not one it will touch
        return None
    return next((c for c in calendar.walk() if c.name in ("VEVENT", "VTODO") and str(c.get("UID")) == uid), None)


def _same_as_sent(component: Any, sent: Session) -> bool:
    """Whether the server's object still has the time and title prepctl sent: a client that
    only added an alarm, or rewrote the object as some do, has not edited it."""
    from prepctl.render.ics import summary

    def value(key: str) -> Any:
        prop = component.get(key)
        moment = prop.dt if prop is not None else None
        return moment.timestamp() if isinstance(moment, datetime) else moment

    end = value("DUE" if component.name == "VTODO" else "DTEND")
    if sent.start is not None and sent.end is not None:
        times_match = (value("DTSTART"), end) == (sent.start.timestamp(), sent.end.timestamp())
    else:
        times_match = value("DTSTART") == sent.date
    return times_match and str(component.get("SUMMARY", "")) == summary(sent)


def _completed(component: Any) -> bool:
    return str(component.get("STATUS", "")).upper() == "COMPLETED" or "COMPLETED" in component


def _read_changes(
    dav: Any, calendar: Any, state: CalendarState, account: Account, outcome: SyncOutcome | None
) -> CalendarState:
    """What happened on the server since the last sync, to the plan's own objects only.

    With a sync token the server names only what changed (one request when nothing did);
    the first time, or when the server has no tokens, it lists every object with its ETag.
    An object whose ETag moved is fetched to tell an edit from a task ticked in a task app.
    Right after this sync's own writes (``outcome`` None), an object written without an
    ETag in the answer (a server that altered it) takes the listed one without a fetch.
    """
    with talking_to(account, "asking the calendar what changed"):
        listing = calendar.get_objects_by_sync_token(sync_token=state.token, load_objects=False)
    token = str(listing.sync_token) if listing.sync_token else None
    complete = state.token is None or token is None or token.startswith("fake-")  # every object was listed
    ours = {_path(_object_url(state.url, uid)): uid for uid in state.items}
    deleted = {ours[_path(u)] for u in listing.deleted_urls if _path(u) in ours}
    listed = {
        ours[_path(o.url)]: str(o.props.get("{DAV:}getetag") or "")
        for o in listing.objects
        if _path(o.url) in ours and ours[_path(o.url)] not in deleted
    }
    if complete:
        deleted |= {uid for uid, item in state.items.items() if item.etag is not None and uid not in listed}
    items = dict(state.items)
    for uid in deleted:
        items[uid] = replace(items[uid], etag=None, edited=False)
    for uid, etag in listed.items():
        item = items[uid]
        if etag and etag == item.etag:
            continue
        if outcome is None and etag and item.etag == "":
            items[uid] = replace(item, etag=etag)
            continue
        response = _request(
            dav, account, "reading an object that changed on the server", _object_url(state.url, uid), "GET"
        )
        if response.status == 404:
            items[uid] = replace(item, etag=None, edited=False)
            continue
        component = _component(response.raw, uid)
        if component is None:  # replaced by something that is not the plan's: edited, never touched unseen
            items[uid] = replace(item, etag=etag or _etag(response), edited=True)
            continue
        server_done = item.kind == TASK and _completed(component)
        if outcome is not None and server_done and not item.server_done and not item.done:
            outcome.completed_on_server.append(item.session.block_id)
        items[uid] = replace(
            item,
            etag=etag or _etag(response),
            server_done=server_done,
            edited=not _same_as_sent(component, item.session),
        )
    return replace(state, token=token, items=items)


def _request(
    dav: Any,
    account: Account,
    doing: str,
    url: str,
    method: str,
    body: str = "",
    headers: dict[str, str] | None = None,
    handled: tuple[int, ...] = (404,),
) -> Any:
    """One request. The ``handled`` failures are for the caller; any other is one line."""
    from caldav.lib import error as dav_error

    with talking_to(account, doing):
        response = dav.request(url, method, body, headers or {})
        if response.status >= 400 and response.status not in handled:
            raise dav_error.DAVError(url=url, reason=f"HTTP {response.status}", status=response.status)
    return response


# ---------------------------------------------------------------- the sync


def sync(
    record: Record,
    account: Account,
    request: SyncRequest,
    checklist_done: frozenset[str],
    content: Callable[[], Content],
    now: datetime,
) -> SyncOutcome:
    """Make the calendar hold the record's schedule; the state is saved whatever happens.

    ``content`` is called only when an object is to be written: a sync with nothing to do
    loads neither the plan nor the description template."""
    assert record.path is not None
    state_file = sync_path(record.path)
    saved = read_sync_state(state_file, record.plan.id)
    dav = client(account)
    counter = _Counting(dav)
    assert request.calendar is not None, "run() names the calendar"
    name = request.calendar
    previous = known = saved.calendar(name, account.url, account.username)
    outcome = SyncOutcome(name, known.url if known else "")
    if known is not None:
        calendar = dav.calendar(url=on_server(account, known.url, state_file))
    else:
        calendar, outcome.made_calendar = find_calendar(dav, account, name, request.create and not request.dry_run)
        known = CalendarState(name, slashed(str(calendar.url)), account.url, account.username, None)
        outcome.calendar_url = known.url
    state = known
    pushing: dict[str, Synced] | None = None  # the objects as the writes leave them, one by one
    try:
        state = _read_changes(dav, calendar, state, account, outcome)
        done = (
            checklist_done
            | record.done_ids
            | frozenset(i.session.block_id for i in state.items.values() if i.server_done)
        )
        wish = wanted(record, request.kinds, done)
        outcome.changes = changes_against(wish, {uid: i for uid, i in state.items.items() if i.kind in request.kinds})
        if request.keep_done:  # done blocks the schedule no longer has: left in the calendar as a log
            outcome.changes = [
                replace(c, status=KEPT)
                if c.status == GONE
                and state.items[c.uid].etag is not None
                and state.items[c.uid].session.block_id in record.done_ids
                else c
                for c in outcome.changes
            ]
        outcome.kept_done = sum(c.status == KEPT for c in outcome.changes)
        if request.dry_run and not request.overwrite:
            outcome.conflicts = _foreseen_conflicts(outcome.changes, state.items)
        if not request.dry_run:
            pushing = dict(state.items)
            _push(dav, state.url, pushing, wish, outcome, request, record, content, now, account)
            state, pushing = replace(state, items=pushing), None
            if outcome.created or outcome.updated or outcome.deleted:  # the new token, and the ETags written
                state = _read_changes(dav, calendar, state, account, None)
    finally:
        outcome.requests = counter.count
        if pushing is not None:  # stopped half way: what was written is recorded, the next sync goes on
            state = replace(state, items=pushing)
        if not request.dry_run and (
            state.items != (previous.items if previous else {})
            or (previous is not None and state.token != previous.token)
        ):  # a failed first try leaves no file
            save_sync_state(state_file, saved.with_calendar(state))
    return outcome


def _push(
    dav: Any,
    calendar_url: str,
    items: dict[str, Synced],
    wish: dict[str, Wanted],
    outcome: SyncOutcome,
    request: SyncRequest,
    record: Record,
    content: Callable[[], Content],
    now: datetime,
    account: Account,
) -> None:
    """Create, change and delete, one conditional request each; ``items`` follows every
    success, so the state saved after an interruption is true."""
    for change in outcome.changes:
        uid, item = change.uid, items.get(change.uid)
        if change.status == KEPT:
            continue
        if change.status == GONE:
            assert item is not None
            if item.etag is None:
                del items[uid]  # deleted on the server, and no longer planned: nothing left to do
            elif item.edited and not request.overwrite:
                outcome.conflicts.append(_conflict(item, "deleted"))
            elif _delete(dav, calendar_url, item, account, outcome):
                del items[uid]
            continue
        target = wish[uid]
        if item is not None and item.etag is None and not request.overwrite:
            outcome.left_deleted.append(target.session.block_id)
            continue
        if change.status == UNCHANGED and (item is None or item.etag is not None):
            continue
        if item is not None and item.edited and not request.overwrite:
            outcome.conflicts.append(_conflict(item, "moved" if change.status == MOVED else "changed"))
            continue
        from prepctl.render.ics import calendar_object  # icalendar and jinja2 only when writing

        made = content()
        body = calendar_object(
            target.session,
            made.plan,
            uid=uid,
            task=target.kind == TASK,
            done=target.done,
            description=made.describe(target.session),
            stamp=now,
            alarm=record.options.alarm,
            zone=made.zone,
        )
        etag = _put(dav, calendar_url, uid, body, item.etag if item else None, account, outcome)
        if etag is None:
            continue
        items[uid] = Synced(uid, target.kind, target.session, etag, target.done, item.server_done if item else False)
        if item is None or item.etag is None:
            outcome.created += 1
        else:
            outcome.updated += 1


def _conflict(item: Synced, action: str, would: bool = False) -> str:
    what = "task" if item.kind == TASK else "event"
    return (
        f"{item.session.block_id} {item.session.activity}: the {what} was changed on the server since the last "
        f"sync, so it {'would not be' if would else 'was not'} {action} (`prepctl sync --overwrite` puts "
        "prepctl's version back)"
    )


def _foreseen_conflicts(changes: list[Change], items: dict[str, Synced]) -> list[str]:
    """What a dry run foresees: each edited object the sync would have to change."""
    actions = {MOVED: "moved", CHANGED: "changed", GONE: "deleted"}
    return [
        _conflict(items[c.uid], actions[c.status], would=True)
        for c in changes
        if c.status in actions and c.uid in items and items[c.uid].edited and items[c.uid].etag is not None
    ]


def _put(
    dav: Any, calendar_url: str, uid: str, body: bytes, etag: str | None, account: Account, outcome: SyncOutcome
) -> str | None:
    """PUT one object; its new ETag ("" when the server sends none), or None when it was not written."""
    url = _object_url(calendar_url, uid)
    plain = {"Content-Type": "text/calendar; charset=utf-8"}
    doing = "writing the plan's objects"
    response = _request(
        dav,
        account,
        doing,
        url,
        "PUT",
        body.decode(),
        {**plain, **({"If-Match": etag} if etag else {"If-None-Match": "*"})},
        handled=(412,),
    )
    if response.status == 412 and not etag:  # already there: left by an interrupted sync, or not prepctl's
        found = _request(dav, account, doing, url, "GET")
        if found.status >= 400 or _component(found.raw, uid) is None or not _etag(found):
            outcome.conflicts.append(f"{url}: holds an object that is not this plan's; left as it is")
            return None
        response = _request(
            dav, account, doing, url, "PUT", body.decode(), {**plain, "If-Match": _etag(found)}, handled=(412,)
        )
    if response.status == 412:
        outcome.conflicts.append(
            f"{uid}: changed on the server during this sync; not overwritten (sync again to see it)"
        )
        return None
    return _etag(response)


def _delete(dav: Any, calendar_url: str, item: Synced, account: Account, outcome: SyncOutcome) -> bool:
    """DELETE one object if it is still as last seen (always with If-Match); whether it is gone."""
    doing = "deleting objects the plan no longer has"
    url = _object_url(calendar_url, item.uid)
    etag = item.etag
    if not etag:  # the server sent none when it was written: read it, and delete only the plan's own object
        found = _request(dav, account, doing, url, "GET", handled=(404,))
        if found.status == 404:
            outcome.deleted += 1
            return True
        if _component(found.raw, item.uid) is None or not _etag(found):
            outcome.conflicts.append(f"{url}: holds an object that is not this plan's; left as it is")
            return False
        etag = _etag(found)
    response = _request(dav, account, doing, url, "DELETE", "", {"If-Match": etag}, handled=(404, 412))
    if response.status == 412:
        outcome.conflicts.append(_conflict(item, "deleted"))
        return False
    outcome.deleted += 1  # or it was gone already (404)
    return True


# ---------------------------------------------------------------- busy time


def run(out: Path | None, plan_id: str | None, request: SyncRequest, timeout: float) -> SyncOutcome:
    """``prepctl sync``: the active schedule (or the one in ``out``) into the calendar."""
    from prepctl.model.display import check_locale
    from prepctl.settings import resolve
    from prepctl.settings.clock import timestamp
    from prepctl.state.active import active_schedules
    from prepctl.state.checklist import read_ticks
    from prepctl.sync.server import account_from_settings

    found = active_schedules(out, plan_id)
    if len(found) > 1:
        raise BadInputError(f"several plans are scheduled ({', '.join(a.record.plan.id for a in found)}); give --plan")
    record, checklist = found[0].record, found[0].checklist
    settings = resolve({})
    name = request.calendar or settings["caldav.calendar"]
    if not name:
        raise BadInputError(
            "--calendar: which calendar? give --calendar NAME (with --create to make it), or "
            "`prepctl config set caldav.calendar NAME`; `prepctl sync --check` lists them"
        )
    request = replace(request, calendar=str(name))
    account = account_from_settings(settings, timeout)
    ticked = read_ticks(checklist).done if checklist is not None and checklist.is_file() else frozenset()
    now = timestamp()
    locale = check_locale(str(settings["locale"]))
    return sync(record, account, request, ticked, functools.cache(lambda: content_of(record, locale, now)), now)

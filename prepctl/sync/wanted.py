"""What the calendar should hold: an object per session and kind (event, task), compared with
what was sent, and the plan and descriptions the objects are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from prepctl.errors import BadInputError
from prepctl.model.record import Record
from prepctl.model.schedule import Session
from prepctl.state.revision import CHANGED, UNCHANGED, Change, compare
from prepctl.state.sync_state import EVENT, TASK, Synced, object_uid


@dataclass(frozen=True)
class Content:
    """What the objects are made of: the plan (for its focus areas), each session's
    description as the ICS file has it, and the time zone every object carries."""

    plan: Any
    describe: Callable[[Session], str]
    zone: Any


@dataclass(frozen=True)
class Wanted:
    uid: str
    kind: str
    session: Session
    done: bool


def wanted(record: Record, kinds: tuple[str, ...], done: frozenset[str]) -> dict[str, Wanted]:
    """Every object the calendar should hold, by UID: each session as an event, a task, or both."""
    objects = {}
    for session in record.sessions:
        for kind in kinds:
            uid = object_uid(session.block_id, record.plan.id, kind)
            objects[uid] = Wanted(uid, kind, session, kind == TASK and session.block_id in done)
    return objects


def changes_against(wanted: dict[str, Wanted], sent: dict[str, Synced]) -> list[Change]:
    """Each object against what was sent, counted as ``schedule --dry-run`` counts events;
    a task ticked or unticked since it was sent is changed."""
    changes = []
    for kind in (EVENT, TASK):
        mine = {w.session.uid: w for w in wanted.values() if w.kind == kind}
        earlier = {s.session.uid: s for s in sent.values() if s.kind == kind}
        for change in compare(tuple(w.session for w in mine.values()), tuple(s.session for s in earlier.values())):
            wish, before = mine.get(change.uid), earlier.get(change.uid)
            uid = wish.uid if wish is not None else before.uid if before is not None else change.uid
            status = change.status
            if status == UNCHANGED and wish is not None and before is not None and before.done != wish.done:
                status = CHANGED
            label = change.label if kind == EVENT else f"{change.label} (task)"
            changes.append(replace(change, status=status, uid=uid, label=label))
    return changes


def content_of(record: Record, locale: str, now: datetime) -> Content:
    """The plan and descriptions of the record's sessions, as its ICS file has them: in the
    record's language and from its templates folder (``locale``: for records that do not say)."""
    from prepctl.model.schedule import Schedule
    from prepctl.plan.load import load_plan
    from prepctl.render import RenderContext
    from prepctl.render.ics import descriptions, zone_component
    from prepctl.state.record import kept_templates

    plan = load_plan(record.plan.source)
    days = {(week.week, day.day) for week in plan.weeks for day in week.days}
    if plan.id != record.plan.id or any(
        (s.week, s.day) not in days or s.focus not in plan.focus_areas for s in record.sessions
    ):
        raise BadInputError(
            f"{record.plan.source}: the plan changed since {record.path} was written; run "
            "`prepctl schedule --resume CHECKLIST` first, then sync"
        )
    schedule = Schedule(record.plan.id, record.plan.title, record.options, record.sessions, ())
    templates = kept_templates(record) if record.templates is not None else None
    texts = descriptions(schedule, plan, RenderContext(now, locale=record.locale or locale, templates=templates))
    dates = [s.date for s in record.sessions]
    zone = zone_component(record.options.tz, min(dates), max(dates)) if dates else None
    return Content(plan, lambda session: texts[session.uid], zone)

"""The schedule as data, for scripts and for ``prepctl today``."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from prepctl.model import Plan
from prepctl.render import RenderContext
from prepctl.schedule import Options, Schedule, Session


def options_data(options: Options) -> dict[str, Any]:
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
        "day_start": f"{options.day_start:%H:%M}",
        "day_end": f"{options.day_end:%H:%M}",
        "alarm": options.alarm,
        "skip": sorted(day.isoformat() for day in options.skip),
        "from_week": options.from_week,
        "completed": sorted(options.completed),
        "excluded": sorted(options.excluded),
        "resumed": options.resumed,
        "drop_before": options.drop_before.isoformat() if options.drop_before else None,
        "pinned": [[week, day, on.isoformat()] for week, day, on in options.pinned],
        "busy": [[start.isoformat(), end.isoformat()] for start, end in options.busy],
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
        "all_day": session.all_day,
        "sequence": session.sequence,
    }


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    document = {
        "plan": {"id": plan.id, "title": plan.title,
                 "focus_areas": {key: area.title for key, area in plan.focus_areas.items()}},
        "options": options_data(schedule.options),
        "notices": [{"kind": n.kind, "message": n.message} for n in schedule.notices],
        "sessions": [session_data(s) for s in schedule.sessions],
        "done": [dataclasses.asdict(item) for item in schedule.done],
        "dropped": list(schedule.dropped),
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()

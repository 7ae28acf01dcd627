"""The schedule as JSON for scripts: the layout of the record (``prepctl.state.record``)."""

from __future__ import annotations

from prepctl.model.plan import Plan
from prepctl.model.record import PlanRef
from prepctl.model.schedule import Schedule
from prepctl.render import RenderContext
from prepctl.state.record import dumps, make_record


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    return dumps(make_record(schedule, plan_ref(plan, context.plan_source), written=context.stamp))


def plan_ref(plan: Plan, source: str | None) -> PlanRef:
    callouts = {
        f"{week.week}-{day.day}": tuple(day.callouts) for week in plan.weeks for day in week.days if day.callouts
    }
    return PlanRef(plan.id, plan.title, source or plan.id, {k: a.title for k, a in plan.focus_areas.items()}, callouts)

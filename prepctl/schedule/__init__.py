"""The pure scheduling function: Plan + Options (+ what an earlier schedule left, + busy time)
-> Schedule, in four steps with a module each: fit (the minutes of each block), the queue
(what is left to place, in plan order), placement (the stream of free time) and the report
(what placement changed); ``deadline`` fits a schedule before an interview date.

The same inputs always give the same schedule.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from prepctl.model.display import day_date
from prepctl.model.plan import Plan
from prepctl.model.schedule import Notice, Options, ResumeState, Schedule
from prepctl.schedule.clock import Interval, local_time
from prepctl.schedule.fit import WEEKEND, allocate, ordered_days, selected_weeks
from prepctl.schedule.placement import Stream
from prepctl.schedule.queue import build_queue, items
from prepctl.schedule.report import placement_notices, shortfall

__all__ = ["WEEKEND", "allocate", "build_schedule", "local_time", "ordered_days", "planned_span"]


def build_schedule(
    plan: Plan,
    options: Options,
    resume: ResumeState | None = None,
    busy: tuple[Interval, ...] = (),
    now: datetime | None = None,
) -> Schedule:
    """Place every block of the plan at a real local time.

    ``resume`` says what an earlier schedule leaves (done, dropped, the dates it had);
    ``busy`` is time to keep free, as UTC intervals (work hours in ``options`` add to it);
    ``now``, the moment of a run that starts today: that day's hours before it have passed.
    """
    earlier = resume or ResumeState()
    notices: list[Notice] = []
    weeks = selected_weeks(plan, options)
    queue = build_queue(plan, options, resume, notices)
    stream = Stream(plan, options, queue, busy, now)
    placed = stream.place()
    sessions = stream.sessions(placed)
    notices.extend(placement_notices(stream, placed))
    if queue.dropped_now:
        notices.append(
            Notice(
                "dropped",
                (
                    f"{len(queue.dropped_now)} unfinished items dated before {day_date(options.start)} are dropped "
                    '(--missed drop); the checklist keeps them under "Dropped", still tickable'
                ),
            )
        )
    notices.extend(shortfall(weeks, sessions, options))
    done = items(weeks, earlier.done, earlier.minutes)
    dropped = items(weeks, (earlier.dropped | queue.dropped_now) - earlier.done, earlier.minutes)
    return Schedule(plan.id, plan.title, options, tuple(sessions), tuple(notices), dropped, done, origin=queue.origin)


def planned_span(plan: Plan, options: Options, resume: ResumeState | None = None) -> tuple[date, date] | None:
    """The first date placement fills and the last date a piece may wait for, before anything
    bends the plan (None: nothing is left): the dates busy time is read for."""
    queue = build_queue(plan, options, resume, [])
    if not queue.pieces:
        return None
    return queue.first, max(queue.first, *(p.not_before for p in queue.pieces[-1:])) + timedelta(days=0)

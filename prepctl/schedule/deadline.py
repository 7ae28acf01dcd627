"""--by: an interview date. A schedule that finishes the day before it, and when it cannot,
advice that works (computed: the week to join at)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from prepctl.errors import BadInputError
from prepctl.model.display import day_date
from prepctl.model.plan import Plan
from prepctl.model.schedule import Options, ResumeState
from prepctl.schedule import build_schedule
from prepctl.schedule.fit import aligned_start, offsets, selected_weeks


def fit_by(plan: Plan, options: Options, resume: ResumeState | None, by: date, today: date) -> tuple[Options, str]:
    """Options that finish the day before ``by``, and a line saying how.

    ``scale``: the latest start that still finishes. ``stretch``: the start stays, and one
    factor f ≤ 1 shortens every block that is not fixed. A date that cannot be met is an
    error with advice that works, computed: the ``--from-week`` that fits.
    """
    deadline = by - timedelta(days=1)

    def ends(trial: Options) -> date:
        last = build_schedule(plan, trial, resume).last_date
        if last is None:
            raise BadInputError("--by: nothing is left to schedule")
        return last

    if options.fit == "stretch":
        if ends(options) <= deadline:
            return options, f"it fits before {day_date(by, year=True)} with every block at full length"
        base = options.scale or 1.0
        low, high = 0.1, 1.0
        if ends(replace(options, scale=base * low)) <= deadline:
            while high - low > 0.01:
                middle = (low + high) / 2
                if ends(replace(options, scale=base * middle)) <= deadline:
                    low = middle
                else:
                    high = middle
            factor = math.floor(low * 100) / 100
            fitted = replace(options, scale=round(base * factor, 4))
            return fitted, (
                f"every block that is not fixed is shortened to {factor:.0%} of its length "
                f"(f = {factor:.2f}) to finish before {day_date(by, year=True)}"
            )
        raise BadInputError(f"--by {by}: {_advice(plan, options, resume, deadline, ends)}")
    candidate = deadline
    for _ in range(60):
        overshoot = (ends(replace(options, start=candidate)) - deadline).days
        if overshoot <= 0:
            break
        candidate -= timedelta(days=overshoot)
    start = (
        aligned_start(
            list(offsets(selected_weeks(plan, options), options.align)), replace(options, start=candidate), []
        )
        if resume is None
        else candidate
    )
    if start < today or ends(replace(options, start=candidate)) > deadline:
        raise BadInputError(f"--by {by}: {_advice(plan, options, resume, deadline, ends, today)}")
    return replace(
        options, start=start
    ), f"starts on {day_date(start, year=True)}, the latest start that finishes before {day_date(by, year=True)}"


def _advice(
    plan: Plan,
    options: Options,
    resume: ResumeState | None,
    deadline: date,
    finish: Callable[[Options], date],
    today: date | None = None,
) -> str:
    """Why the date cannot be met and what would meet it: the week to join at."""
    start = today or options.start
    trial = replace(options, start=start)
    shortest = "" if options.fit == "scale" else " with every block shortened as far as it goes"
    if shortest:
        trial = replace(trial, scale=(options.scale or 1.0) * 0.1)
    end = finish(trial)
    earliest = day_date(end + timedelta(days=1), year=True)
    said = (
        f"too close: starting {day_date(start, year=True)}{shortest}, the plan ends on "
        f"{day_date(end, year=True)}, so the earliest interview date is {earliest}"
    )
    ways = []
    weeks = selected_weeks(plan, options)
    for week in weeks[1:]:
        if finish(replace(trial, from_week=week.week)) <= deadline:
            ways.append(f"--from-week {week.week} (joins the plan at week {week.week})")
            break
    if not ways:
        return said + "; not even the last week alone fits before it"
    return f"{said}; to finish the day before the interview: {' or '.join(ways)}"

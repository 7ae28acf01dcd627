"""Fit: the minutes each block gets, before any of them is placed in time.

``scale`` gives each plan day a target from the hours of the kind of calendar day it is
aligned to in the undisturbed plan, ``stretch`` keeps every block's length (times ``--scale``).
From then on a block's minutes are fixed: placement only splits, never rescales.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from datetime import date, time, timedelta

from prepctl.errors import SettingError
from prepctl.model import DAY_NAMES
from prepctl.model.display import day_date, duration
from prepctl.model.plan import Day, Plan, Week
from prepctl.model.schedule import Notice, Options

WEEKEND = frozenset({"sat", "sun"})


def ordered_days(week: Week) -> list[Day]:
    return sorted(week.days, key=lambda d: DAY_NAMES.index(d.day))


def selected_weeks(plan: Plan, options: Options) -> list[Week]:
    weeks = sorted(plan.weeks, key=lambda w: w.week)
    if options.from_week is None:
        return weeks
    chosen = [w for w in weeks if w.week >= options.from_week]
    if not chosen:
        raise SettingError(
            "from_week", f"the plan has weeks {weeks[0].week} to {weeks[-1].week}, got {options.from_week}"
        )
    return chosen


def offsets(weeks: list[Week], align: bool) -> Iterator[tuple[Week, Day, int]]:
    """Each plan day's distance in days from the first: by weekday, or one after another."""
    first_weekday = DAY_NAMES.index(ordered_days(weeks[0])[0].day)
    running = 0
    for index, week in enumerate(weeks):
        for day in ordered_days(week):
            yield week, day, (index * 7 + DAY_NAMES.index(day.day) - first_weekday) if align else running
            running += 1


def aligned_start(natural: list[tuple[Week, Day, int]], options: Options, notices: list[Notice]) -> date:
    """The first date of the plan: the start, or the next date of the plan's first weekday."""
    if not options.align:
        return options.start
    weekday = DAY_NAMES.index(natural[0][1].day)
    anchor = options.start + timedelta(days=(weekday - options.start.weekday()) % 7)
    if anchor != options.start:
        notices.append(
            Notice(
                "start-moved",
                (
                    f"start moved from {day_date(options.start, year=True)} to {day_date(anchor, year=True)} so plan "
                    f"weekdays fall on the same calendar weekdays (--no-align to start on the day given)"
                ),
            )
        )
    return anchor


def timed_total(day: Day) -> int:
    return sum(block.minutes or 0 for block in day.blocks)


def usual_total(week: Week, day: Day) -> float:
    """The median total of the week's plan days of the same kind (weekday or weekend)."""
    same_kind = [timed_total(d) for d in week.days if (d.day in WEEKEND) == (day.day in WEEKEND)]
    return statistics.median([t for t in same_kind if t > 0] or [0])


def is_light(week: Week, day: Day) -> bool:
    """A plan day the plan makes lighter than its kind (rest, travel): it ends its calendar day."""
    return timed_total(day) < usual_total(week, day)


def rounded(minutes: float, granularity: int) -> int:
    return max(granularity, round(minutes / granularity) * granularity)


def minutes_between(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def day_minutes(week: Week, day: Day, weekend: bool, options: Options) -> tuple[list[int | None], int, str]:
    """The minutes of each block of a plan day, how far they run over its target, and why.

    ``scale``: the day's target comes from the hours of the kind of day it is aligned to;
    ``stretch``: blocks keep their length (times ``--scale``). Fixed blocks never change.
    """
    written = [block.minutes for block in day.blocks]
    total = timed_total(day)
    if total == 0:
        return written, 0, ""
    g = options.granularity
    if options.fit == "stretch":
        factor = options.scale or 1.0
        if factor == 1.0:
            return written, 0, ""
        return (
            [
                m if m is None or block.fixed else max(min(m, options.min_block), rounded(m * factor, g))
                for m, block in zip(written, day.blocks, strict=True)
            ],
            0,
            "",
        )
    if options.scale is not None:
        target, setting = total * options.scale, "scale"
    else:
        hours = options.weekend_hours if weekend else options.weekday_hours
        if hours is None:
            return written, 0, ""
        setting = "weekend_hours" if weekend else "weekday_hours"
        target = hours * 60 * min(1.0, total / usual_total(week, day))
    target_minutes = rounded(target, g)
    window = minutes_between(options.day_start, options.day_end)
    if target_minutes > window:
        raise SettingError(
            setting,
            (
                f"week {week.week} {day.day.capitalize()} would need {duration(target_minutes)}, more than the "
                f"{duration(window)} between the day start and end"
            ),
        )
    fixed = sum(m or 0 for m, block in zip(written, day.blocks, strict=True) if block.fixed)
    flexible = [m for m, block in zip(written, day.blocks, strict=True) if m is not None and not block.fixed]
    scaled, deficit = allocate(flexible, max(0, target_minutes - fixed), g, options.min_block) if flexible else ([], 0)
    overrun = max(0, fixed - target_minutes) + deficit
    why = "" if not overrun else "fixed" if fixed else "minimum"
    flexible_minutes = iter(scaled)
    return (
        [
            m if m is None or block.fixed else next(flexible_minutes)
            for m, block in zip(written, day.blocks, strict=True)
        ],
        overrun,
        why,
    )


def allocate(minutes: list[int], target: int, granularity: int, min_block: int) -> tuple[list[int], int]:
    """Share ``target`` among blocks in proportion, in granularity steps, totals exact.

    Largest-remainder rounding keeps the day total equal to the target; blocks are
    then raised to the minimum length, taking the time back from the largest ones.
    Returns the minutes and how far the day runs over when the minimums cannot fit.
    """
    g = granularity
    total = sum(minutes)
    quotas = [m * target / total for m in minutes]
    units = [math.floor(q / g) for q in quotas]
    spare = target // g - sum(units)
    by_remainder = sorted(range(len(minutes)), key=lambda i: (-(quotas[i] / g - units[i]), i))
    for i in by_remainder[:spare]:
        units[i] += 1
    floor_units = math.ceil(min_block / g)
    deficit = 0
    for i, u in enumerate(units):
        if u < floor_units:
            deficit += floor_units - u
            units[i] = floor_units
    while deficit:
        donors = [i for i, u in enumerate(units) if u > floor_units]
        if not donors:
            break
        donor = max(donors, key=lambda i: (units[i], -minutes[i], -i))
        units[donor] -= 1
        deficit -= 1
    return [u * g for u in units], deficit * g

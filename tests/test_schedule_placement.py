"""Property tests of the placement rule over random plans, hours, skips and busy time.

The rule (DESIGN.md, "Scheduling rules"): the person's free time is one stream the plan fills in
order. Every block is placed once, whole or in parts that add up to it; fixed blocks are never
split; plan order holds on the clock for blocks that are not fixed; no day runs over its hours
except by a notice naming it; no session overlaps busy time, another session or the day window;
no day keeps --min-part or more free while work that is due waits, but for the reasons DESIGN.md
names; skipped days cost about the days skipped; undisturbed, it is one plan day per calendar
day; a resume never moves a block earlier than its recorded date.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.errors import BadInputError
from prepctl.model import DAY_NAMES
from prepctl.model.display import day_date
from prepctl.model.plan import Block, Day, FocusArea, Plan, Week
from prepctl.model.schedule import Options, ResumeState, Schedule, Window
from prepctl.schedule import build_schedule, local_time
from prepctl.schedule.queue import build_queue
from tests.helpers import examples

SLOTS = {"morning": "07:00", "lunch": "12:30", "afternoon": "14:00", "evening": "19:00", "night": "21:30"}
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
# Derandomized: the same 200 examples on every run, so CI judges the code, not the luck of the
# draw; exploring further is a run with more examples and another seed (it found two bugs so).
PROPERTIES = settings(
    max_examples=examples(200),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

blocks = st.builds(
    lambda slot, minutes, fixed: Block(
        slot=slot, minutes=minutes, fixed=fixed and minutes is not None, activity="Study", focus="core"
    ),
    st.sampled_from(sorted(SLOTS)),
    st.one_of(st.none(), st.integers(5, 200), st.integers(5, 200), st.integers(5, 200), st.integers(5, 200)),
    st.sampled_from([False, False, True]),
)


@st.composite
def plans(draw: st.DrawFn, full_weeks: bool = False) -> Plan:
    weeks = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        names = (
            list(DAY_NAMES)
            if full_weeks
            else sorted(draw(st.sets(st.sampled_from(DAY_NAMES), min_size=1, max_size=7)), key=DAY_NAMES.index)
        )
        days = [
            Day(day=name, title=f"{name} {number}", blocks=draw(st.lists(blocks, min_size=1, max_size=4)))
            for name in names
        ]
        weeks.append(Week(week=number, title=f"Week {number}", days=days))
    return Plan(
        version=1,
        id="random",
        title="Random",
        focus_areas={"core": FocusArea(title="Core", share=1.0)},
        slots=dict(SLOTS),
        weeks=weeks,
    )


hours = st.one_of(st.none(), st.integers(2, 12).map(lambda q: q / 2))


@st.composite
def situations(draw: st.DrawFn, disrupted: bool = True, full_weeks: bool = False) -> tuple[Plan, Options, tuple]:
    plan = draw(plans(full_weeks))
    start = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    skip = frozenset()
    work: tuple[Window, ...] = ()
    busy: tuple = ()
    zone = draw(st.sampled_from(ZONES))
    if disrupted:
        skip = frozenset(start + timedelta(days=n) for n in draw(st.sets(st.integers(0, 25), max_size=6)))
        if draw(st.booleans()):
            begin = draw(st.integers(8, 11))
            work = (Window(frozenset(range(5)), time(begin, 0), time(begin + 6, 30)),)
        for offset, hour, length in draw(
            st.lists(st.tuples(st.integers(0, 30), st.integers(6, 22), st.integers(15, 180)), max_size=5)
        ):
            begin_at = local_time(start + timedelta(days=offset), time(hour, 0), ZoneInfo(zone))
            busy += ((begin_at, begin_at + timedelta(minutes=length)),)
    weekday, weekend = draw(hours), draw(hours)
    options = Options(
        start=start,
        tz=zone,
        align=draw(st.booleans()),
        weekday_hours=weekday,
        weekend_hours=weekend,
        fit=draw(st.sampled_from(["scale", "stretch"])),
        skip=skip,
        work_hours=work,
    )
    return plan, options, tuple(sorted(busy))


def scheduled(plan: Plan, options: Options, busy: tuple = (), resume: ResumeState | None = None) -> Schedule | None:
    try:
        return build_schedule(plan, options, resume, busy)
    except BadInputError as error:  # a block no day window can hold, or no room for years
        assert "longer than the" in str(error) or "no room for" in str(error), error
        return None


def plan_order(plan: Plan) -> list[str]:
    return [
        f"w{w.week}-{d.day}-{i + 1}"
        for w in plan.weeks
        for d in sorted(w.days, key=lambda d: DAY_NAMES.index(d.day))
        for i in range(len(d.blocks))
    ]


def budget(options: Options, on: date) -> int | None:
    given = options.weekend_hours if on.weekday() >= 5 else options.weekday_hours
    return None if given is None else max(5, round(given * 60 / 5) * 5)


def queue_order(plan: Plan) -> dict[str, int]:
    """Each block's place in the stream: plan days in order, a day's blocks by their slots' times."""
    ids: list[str] = []
    for week in sorted(plan.weeks, key=lambda w: w.week):
        for day in sorted(week.days, key=lambda d: DAY_NAMES.index(d.day)):
            ranked = sorted(range(len(day.blocks)), key=lambda i: (SLOTS.get(day.blocks[i].slot or "", "99"), i))
            ids.extend(f"w{week.week}-{day.day}-{i + 1}" for i in ranked)
    return {identifier: n for n, identifier in enumerate(ids)}


def written(plan: Plan) -> dict[str, Block]:
    return {f"w{w.week}-{d.day}-{i + 1}": b for w in plan.weeks for d in w.days for i, b in enumerate(d.blocks)}


@PROPERTIES
@given(situations())
def test_every_block_once_whole_or_in_parts_and_fixed_blocks_never_split(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    blocks = written(plan)
    parts: dict[str, list] = {}
    for s in schedule.sessions:
        parts.setdefault(s.block, []).append(s)
    assert sorted(parts) == sorted(plan_order(plan)), "every block, nothing else"
    for identifier, own in parts.items():
        if len(own) == 1 and not own[0].part:
            assert own[0].block_id == identifier
            continue
        assert [s.part for s in own] == list(range(1, len(own) + 1)), f"{identifier}: parts 1..k in date order"
        assert all(s.parts == len(own) and s.block_id == f"{identifier}.{s.part}" for s in own)
        assert not blocks[identifier].fixed, f"{identifier} is fixed and was split"
        assert all(s.minutes >= min(options.min_part, s.minutes) for s in own)
        if options.fit == "stretch" and options.scale is None:
            assert sum(s.minutes for s in own) == blocks[identifier].minutes, "parts add up to the block"
    for identifier, block in blocks.items():
        if block.fixed:
            assert [s.minutes for s in parts[identifier]] == [block.minutes], "fixed blocks keep their length"


@PROPERTIES
@given(situations())
def test_plan_order_holds_on_the_clock_for_blocks_that_are_not_fixed(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    rank = queue_order(plan)
    blocks = written(plan)
    flowing = sorted(
        (s for s in schedule.sessions if s.start and not blocks[s.block].fixed), key=lambda s: s.start.astimezone(UTC)
    )
    ranks = [(rank[s.block], s.part) for s in flowing]
    assert ranks == sorted(ranks), [s.block_id for s in flowing]


@PROPERTIES
@given(situations())
def test_no_day_over_its_hours_without_a_notice_naming_it(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    said = " ".join(n.message for n in schedule.notices)
    fixed = {
        f"w{w.week}-{d.day}-{i + 1}" for w in plan.weeks for d in w.days for i, b in enumerate(d.blocks) if b.fixed
    }
    shortest = -(-options.min_block // options.granularity) * options.granularity
    days: dict[date, list] = {}
    for s in schedule.sessions:
        if s.minutes:
            days.setdefault(s.date, []).append(s)
    for on, day in days.items():
        limit = budget(options, on)
        total = sum(s.minutes for s in day)
        if limit is not None and total > limit:
            assert day_date(on, year=True) in said, f"{on}: {total} min over {limit} without a notice"
            # and only for a reason: a fixed block, blocks at their minimum, or a block too short to split
            assert (
                any(s.block in fixed for s in day)
                or (options.fit == "scale" and any(s.minutes <= shortest for s in day))
                or any(s.minutes < 2 * min(options.min_part, limit) for s in day)
            ), (on, total, limit)


@PROPERTIES
@given(situations())
def test_no_session_overlaps_busy_time_another_session_or_leaves_the_day(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    zone = ZoneInfo(options.tz)
    timed = sorted((s for s in schedule.sessions if s.start), key=lambda s: s.start.astimezone(UTC))
    for earlier, later in itertools.pairwise(timed):
        assert earlier.end <= later.start, f"{earlier.block_id} overlaps {later.block_id}"
    for s in timed:
        assert s.date not in options.skip
        assert local_time(s.date, options.day_start, zone) <= s.start, s
        assert s.end <= local_time(s.date, options.day_end, zone), s
        blocked = [
            *busy,
            *(
                (local_time(s.date, w.start, zone), local_time(s.date, w.end, zone))
                for w in options.work_hours
                if s.date.weekday() in w.weekdays
            ),
        ]
        assert not any(b < s.end and s.start < e for b, e in blocked), f"{s.block_id} in busy time"
        assert s.end.astimezone(UTC) - s.start.astimezone(UTC) == timedelta(minutes=s.minutes), "exact durations"


@PROPERTIES
@given(situations(full_weeks=True))
def test_no_free_day_is_left_empty_while_work_remains(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    if busy or options.work_hours:
        return  # busy time can leave a day without a gap long enough: that day is not free
    schedule = scheduled(plan, options, busy)
    if schedule is None or not schedule.sessions or any(n.kind == "fixed" for n in schedule.notices):
        return  # the days before a fixed block that waits for room hold only what comes after it, if due
    from prepctl.schedule.placement import Stream

    # a day with less than --min-part of budget holds no part of anything (the capacity bound):
    # without hours, a date's budget is the plan's own minutes for it, which can be that small
    stream = Stream(plan, options, build_queue(plan, options, None, []), busy, None)
    used = {s.date for s in schedule.sessions}
    first, last = min(used), max(used)
    empty = [
        first + timedelta(days=n)
        for n in range((last - first).days)
        if first + timedelta(days=n) not in used | options.skip
        and stream.budget(first + timedelta(days=n)) >= options.min_part
    ]
    assert not empty, f"empty free days while work remains: {empty}"


def plan_day_of(plan: Plan, identifier: str) -> Day:
    week, day, _ = identifier.split("-")
    return next(d for w in plan.weeks if w.week == int(week[1:]) for d in w.days if d.day == day)


def both_hours(options: Options) -> bool:
    return options.weekday_hours is not None and options.weekend_hours is not None


@PROPERTIES
@given(situations(), st.data())
def test_no_day_keeps_free_time_while_work_that_is_due_waits(case, data) -> None:  # type: ignore[no-untyped-def]
    """The capacity bound: a day with --min-part or more of its hours free is a day off, a day
    that ended a light plan day or ran over, the day before a block that cannot be split (fixed,
    or too short for two parts) or before a plan day of untimed items, or work was not due yet."""
    plan, options, _ = case
    if not both_hours(options):
        return
    schedule = scheduled(plan, replace(options, work_hours=()))
    if schedule is None or not schedule.sessions:
        return
    queue = build_queue(plan, options, None, [])
    due = {p.id: p.not_before for p in queue.pieces}
    light = {p.id for p in queue.pieces if p.light and p.ends_day}
    blocks = written(plan)
    rank = queue_order(plan)
    flow = sorted(schedule.sessions, key=lambda s: (rank[s.block], s.part))
    for on in sorted({s.date for s in schedule.sessions})[:-1]:
        day = [s for s in schedule.sessions if s.date == on]
        used = sum(s.minutes or 0 for s in day)
        limit = budget(options, on)
        if limit is None or used + options.min_part > limit:
            continue
        last = max(flow.index(s) for s in day)
        after = [s for s in flow[last + 1 :] if s.date > on]  # (what came before a waiting fixed block is earlier)
        nxt = next((s for s in after if s.minutes), None)
        if nxt is None:
            continue
        untimed_next = any(
            all(b.minutes is None for b in plan_day_of(plan, s.block).blocks) for s in after[: after.index(nxt)]
        )
        ended = any(s.block in light for s in day) or used > limit
        remaining = sum(s.minutes for s in after if s.block == nxt.block)
        whole = blocks[nxt.block].fixed or remaining < 2 * options.min_part  # cannot be split
        assert (
            due[nxt.block] > on
            or ended
            or whole
            or untimed_next
            or any(n.kind == "day-window" for n in schedule.notices)
        ), f"{on}: {limit - used} min free while {nxt.block_id} ({nxt.minutes} min) waits until {nxt.date}"


@PROPERTIES
@given(situations(disrupted=False, full_weeks=True), st.sets(st.integers(0, 20), max_size=6))
def test_skipped_days_cost_about_the_days_skipped(case, offsets) -> None:  # type: ignore[no-untyped-def]
    """With the same hours every day, the plan ends at most two days later than the undisturbed
    plan plus the days skipped. (With other hours at weekends a plan day scaled for a weekend can
    land on weekdays: the README's stories give those figures.)"""
    plan, options, _ = case
    options = replace(options, fit="scale", weekend_hours=options.weekday_hours)
    if not both_hours(options):
        return
    undisturbed = scheduled(plan, options)
    if undisturbed is None or undisturbed.last_date is None:
        return
    first, last = undisturbed.first_date, undisturbed.last_date
    skip = frozenset(first + timedelta(days=n) for n in offsets)
    disrupted = scheduled(plan, replace(options, skip=skip))
    if disrupted is None:
        return
    # the days off the plan runs into: a skip just after the undisturbed end counts once the
    # earlier ones push the plan onto it (1 Jan off, then 8-10 Jan: the 7-day plan ends 11 Jan)
    lost = sum(1 for on in skip if first <= on <= disrupted.last_date)
    assert disrupted.last_date <= last + timedelta(days=lost + 2), (
        f"{lost} days off moved the end from {last} to {disrupted.last_date}"
    )


@PROPERTIES
@given(situations(disrupted=False))
def test_undisturbed_it_is_one_plan_day_per_calendar_day(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, _ = case
    if options.fit == "stretch":
        options = replace(options, fit="scale")
    schedule = scheduled(plan, options)
    if schedule is None or any(n.kind == "day-window" for n in schedule.notices):
        return  # a day too full for the day window is a disruption of its own
    by_plan_day: dict[tuple[int, str], set[date]] = {}
    for s in schedule.sessions:
        by_plan_day.setdefault((s.week, s.day), set()).add(s.date)
    assert all(len(dates) == 1 for dates in by_plan_day.values()), "a plan day was split"
    assert not any(s.part for s in schedule.sessions), "undisturbed, no block is split"
    days = [d for _, d in sorted((min(dates), key) for key, dates in by_plan_day.items())]
    assert len(set(map(frozenset, by_plan_day.values()))) == len(by_plan_day), "two plan days share a day"
    assert days == sorted(days, key=lambda key: (key[0], DAY_NAMES.index(key[1])))
    if options.align:
        for s in schedule.sessions:
            assert DAY_NAMES[s.date.weekday()] == s.day, "plan weekdays on the same calendar weekdays"


@PROPERTIES
@given(situations(), st.integers(0, 40), st.data(), hours, hours)
def test_a_resume_moves_nothing_earlier_and_with_nothing_missed_nothing_moves(
    case,
    late,
    data,
    weekday,  # type: ignore[no-untyped-def]
    weekend,
) -> None:
    plan, options, busy = case
    first = scheduled(plan, options, busy)
    if first is None or not first.sessions:
        return
    restart = first.sessions[0].date + timedelta(days=late)
    ids = [s.block_id for s in first.sessions]
    done = frozenset(data.draw(st.sets(st.sampled_from(ids))))
    caught_up = data.draw(st.booleans())
    if caught_up:  # everything dated before the restart is ticked
        done |= {s.block_id for s in first.sessions if s.date < restart}
    resume = ResumeState(
        done=done,
        dates={s.block_id: s.date for s in first.sessions},
        minutes={s.block_id: s.minutes for s in first.sessions},
        origin=first.origin,
    )
    same_hours = data.draw(st.booleans())  # or the person gives new hours with the resume
    hours_now = {} if same_hours else {"weekday_hours": weekday, "weekend_hours": weekend}
    again = scheduled(plan, replace(options, start=restart, **hours_now), busy, resume)
    if again is None:
        return
    before = {s.block_id: s for s in first.sessions}
    left: dict[str, date] = {}  # each block not done, and the first date of what is left of it
    for s in first.sessions:
        if s.block_id not in done:
            left[s.block] = min(left.get(s.block, s.date), s.date)
    assert {s.block for s in again.sessions} == set(left), "what is left, nothing else"
    for s in again.sessions:
        assert s.date >= restart, "nothing before the start"
        assert s.date >= left[s.block], "nothing earlier than its recorded date"
    if caught_up and same_hours:
        starts = {}
        for s in again.sessions:
            starts.setdefault(s.block, s.date)
        assert starts == left, "nothing moves though nothing was missed"
    assert sum(i.minutes or 0 for i in again.done) == sum(before[i].minutes or 0 for i in done), (
        "done blocks and parts count the minutes they were scheduled for"
    )


def test_more_hours_on_a_resume_do_not_pull_carried_work_earlier_than_its_date() -> None:
    two_blocks = [
        Block(slot="morning", minutes=60, activity="Study", focus="core"),
        Block(slot="evening", minutes=60, activity="Study", focus="core"),
    ]
    plan = Plan(
        version=1,
        id="carry",
        title="Carry",
        focus_areas={"core": FocusArea(title="Core", share=1.0)},
        slots=dict(SLOTS),
        weeks=[
            Week(
                week=1,
                title="One",
                days=[Day(day="mon", title="Mon", blocks=two_blocks), Day(day="tue", title="Tue", blocks=two_blocks)],
            )
        ],
    )
    monday = date(2026, 12, 7)
    options = Options(start=monday, tz="UTC", fit="stretch", weekday_hours=1, weekend_hours=1)
    first = build_schedule(plan, options)
    dates = {s.block_id: s.date for s in first.sessions}
    assert dates == {
        "w1-mon-1": monday,
        "w1-mon-2": monday + timedelta(days=1),
        "w1-tue-1": monday + timedelta(days=2),
        "w1-tue-2": monday + timedelta(days=3),
    }
    resume = ResumeState(dates=dates, minutes={s.block_id: s.minutes for s in first.sessions})
    roomier = build_schedule(plan, replace(options, weekday_hours=2), resume)
    assert {s.block_id: s.date for s in roomier.sessions} == dates, "2 h a day now, but nothing moves earlier"


def test_a_plan_longer_than_the_search_horizon_is_placed_to_its_last_week() -> None:
    """Plans may run 520 weeks; the five-year limit is on finding room, not on the plan's length."""
    weekly = [Day(day="mon", title="Mon", blocks=[Block(slot="morning", minutes=30, activity="Study", focus="core")])]
    plan = Plan(
        version=1,
        id="long",
        title="Long",
        focus_areas={"core": FocusArea(title="Core", share=1.0)},
        slots=dict(SLOTS),
        weeks=[Week(week=n, title=f"W{n}", days=weekly) for n in range(1, 301)],
    )
    schedule = build_schedule(plan, Options(start=date(2026, 12, 7), tz="UTC"))
    assert len(schedule.sessions) == 300
    assert schedule.sessions[-1].date == date(2026, 12, 7) + timedelta(weeks=299)

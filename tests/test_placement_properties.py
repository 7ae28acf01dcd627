"""Property tests of the placement rule over random plans, hours, skips and busy time.

The rule (DESIGN.md, "Scheduling rules"): plan order is kept; each plan day goes to the next
free calendar day; what does not fit a day's hours carries over and goes first on the next
free day; a block is never split; no day runs over its hours except by a notice naming it;
no session overlaps busy time, another session or the day window; no free day is left empty
while later work exists; undisturbed, it is one plan day per calendar day; fixed blocks keep
their minutes; a resume never moves a block earlier than its recorded date.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prepctl.display import day_date
from prepctl.errors import BadInputError
from prepctl.model import DAY_NAMES
from prepctl.model.plan import Block, Day, FocusArea, Plan, Week
from prepctl.model.schedule import Options, ResumeState, Schedule, Window
from prepctl.schedule import build_schedule, local_time

SLOTS = {"morning": "07:00", "lunch": "12:30", "afternoon": "14:00", "evening": "19:00", "night": "21:30"}
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]
# Derandomized: the same 200 examples on every run, so CI judges the code, not the luck of the
# draw; exploring further is a run with more examples and another seed (it found two bugs so).
PROPERTIES = settings(max_examples=200, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

blocks = st.builds(
    lambda slot, minutes, fixed: Block(slot=slot, minutes=minutes, fixed=fixed and minutes is not None,
                                       activity="Study", focus="core"),
    st.sampled_from(sorted(SLOTS)),
    st.one_of(st.none(), st.integers(5, 200), st.integers(5, 200), st.integers(5, 200), st.integers(5, 200)),
    st.sampled_from([False, False, True]),
)


@st.composite
def plans(draw: st.DrawFn, full_weeks: bool = False) -> Plan:
    weeks = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        names = list(DAY_NAMES) if full_weeks else sorted(
            draw(st.sets(st.sampled_from(DAY_NAMES), min_size=1, max_size=7)), key=DAY_NAMES.index)
        days = [Day(day=name, title=f"{name} {number}", blocks=draw(st.lists(blocks, min_size=1, max_size=4)))
                for name in names]
        weeks.append(Week(week=number, title=f"Week {number}", days=days))
    return Plan(version=1, id="random", title="Random", focus_areas={"core": FocusArea(title="Core", share=1.0)},
                slots=dict(SLOTS), weeks=weeks)


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
        for offset, hour, length in draw(st.lists(st.tuples(st.integers(0, 30), st.integers(6, 22),
                                                            st.integers(15, 180)), max_size=5)):
            begin_at = local_time(start + timedelta(days=offset), time(hour, 0), ZoneInfo(zone))
            busy += ((begin_at, begin_at + timedelta(minutes=length)),)
    weekday, weekend = draw(hours), draw(hours)
    options = Options(start=start, tz=zone, align=draw(st.booleans()), weekday_hours=weekday,
                      weekend_hours=weekend, fit=draw(st.sampled_from(["scale", "stretch"])),
                      skip=skip, work_hours=work)
    return plan, options, tuple(sorted(busy))


def scheduled(plan: Plan, options: Options, busy: tuple = (), resume: ResumeState | None = None) -> Schedule | None:
    try:
        return build_schedule(plan, options, resume, busy)
    except BadInputError as error:  # a block no day window can hold, or no room for years
        assert "longer than the" in str(error) or "no room for" in str(error), error
        return None


def plan_order(plan: Plan) -> list[str]:
    return [f"w{w.week}-{d.day}-{i + 1}" for w in plan.weeks for d in sorted(w.days, key=lambda d: DAY_NAMES.index(d.day))
            for i in range(len(d.blocks))]


def budget(options: Options, on: date) -> int | None:
    given = options.weekend_hours if on.weekday() >= 5 else options.weekday_hours
    return None if given is None else max(5, round(given * 60 / 5) * 5)


@PROPERTIES
@given(situations())
def test_plan_order_is_kept_and_nothing_is_split_or_lost(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    placed = [s.block_id for s in schedule.sessions]
    assert sorted(placed) == sorted(plan_order(plan)), "every block once"
    dates = {s.block_id: s.date for s in schedule.sessions}
    in_order = [dates[i] for i in plan_order(plan)]
    assert in_order == sorted(in_order), "plan order is kept, day by day"


@PROPERTIES
@given(situations())
def test_no_day_over_its_hours_without_a_notice_naming_it(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    said = " ".join(n.message for n in schedule.notices)
    fixed = {f"w{w.week}-{d.day}-{i + 1}" for w in plan.weeks for d in w.days for i, b in enumerate(d.blocks)
             if b.fixed}
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
            # and only for a reason: one block longer than the day, a fixed block, or blocks at their minimum
            assert (len(day) == 1 or any(s.block_id in fixed for s in day)
                    or (options.fit == "scale" and any(s.minutes <= shortest for s in day))), (on, total, limit)


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
        blocked = [*busy, *((local_time(s.date, w.start, zone), local_time(s.date, w.end, zone))
                            for w in options.work_hours if s.date.weekday() in w.weekdays)]
        assert not any(b < s.end and s.start < e for b, e in blocked), f"{s.block_id} in busy time"
        assert s.end.astimezone(UTC) - s.start.astimezone(UTC) == timedelta(minutes=s.minutes), "exact durations"


@PROPERTIES
@given(situations(full_weeks=True))
def test_no_free_day_is_left_empty_while_work_remains(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    if busy or options.work_hours:
        return  # busy time can leave a day without a gap long enough: that day is not free
    schedule = scheduled(plan, options, busy)
    if schedule is None or not schedule.sessions:
        return
    used = {s.date for s in schedule.sessions}
    first, last = min(used), max(used)
    empty = [first + timedelta(days=n) for n in range((last - first).days)
             if first + timedelta(days=n) not in used | options.skip]
    assert not empty, f"empty free days while work remains: {empty}"


@PROPERTIES
@given(situations(disrupted=False))
def test_undisturbed_it_is_one_plan_day_per_calendar_day(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, _ = case
    if options.fit == "stretch":
        options = Options(**{**options.__dict__, "fit": "scale"})
    schedule = scheduled(plan, options)
    if schedule is None or any(n.kind == "day-window" for n in schedule.notices):
        return  # a day too full for the day window is a disruption of its own
    by_plan_day: dict[tuple[int, str], set[date]] = {}
    for s in schedule.sessions:
        by_plan_day.setdefault((s.week, s.day), set()).add(s.date)
    assert all(len(dates) == 1 for dates in by_plan_day.values()), "a plan day was split"
    days = [d for _, d in sorted((min(dates), key) for key, dates in by_plan_day.items())]
    assert len(set(map(frozenset, by_plan_day.values()))) == len(by_plan_day), "two plan days share a day"
    assert days == sorted(days, key=lambda key: (key[0], DAY_NAMES.index(key[1])))
    if options.align:
        for s in schedule.sessions:
            assert DAY_NAMES[s.date.weekday()] == s.day, "plan weekdays on the same calendar weekdays"


@PROPERTIES
@given(situations())
def test_fixed_blocks_keep_their_minutes(case) -> None:  # type: ignore[no-untyped-def]
    plan, options, busy = case
    schedule = scheduled(plan, options, busy)
    if schedule is None:
        return
    fixed = {f"w{w.week}-{d.day}-{i + 1}": b.minutes for w in plan.weeks for d in w.days
             for i, b in enumerate(d.blocks) if b.fixed}
    for s in schedule.sessions:
        if s.block_id in fixed:
            assert s.minutes == fixed[s.block_id]


@PROPERTIES
@given(situations(), st.integers(0, 40), st.data(), hours, hours)
def test_a_resume_moves_nothing_earlier_and_with_nothing_missed_nothing_moves(case, late, data, weekday,  # type: ignore[no-untyped-def]
                                                                             weekend) -> None:
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
    resume = ResumeState(done=done, dates={s.block_id: s.date for s in first.sessions},
                         minutes={s.block_id: s.minutes for s in first.sessions}, origin=first.origin)
    same_hours = data.draw(st.booleans())  # or the person gives new hours with the resume
    hours_now = {} if same_hours else {"weekday_hours": weekday, "weekend_hours": weekend}
    again = scheduled(plan, Options(**{**options.__dict__, "start": restart, **hours_now}), busy, resume)
    if again is None:
        return
    before = {s.block_id: s for s in first.sessions}
    assert {s.block_id for s in again.sessions} == set(ids) - done, "what is left, nothing else"
    for s in again.sessions:
        assert s.date >= restart, "nothing before the start"
        assert s.date >= before[s.block_id].date, "nothing earlier than its recorded date"
        if caught_up and same_hours:
            assert s.date == before[s.block_id].date, f"{s.block_id} moved though nothing was missed"
    assert sum(i.minutes or 0 for i in again.done) == sum(before[i].minutes or 0 for i in done), \
        "done blocks count the minutes they were scheduled for"


def test_more_hours_on_a_resume_do_not_pull_carried_work_earlier_than_its_date() -> None:
    two_blocks = [Block(slot="morning", minutes=60, activity="Study", focus="core"),
                  Block(slot="evening", minutes=60, activity="Study", focus="core")]
    plan = Plan(version=1, id="carry", title="Carry", focus_areas={"core": FocusArea(title="Core", share=1.0)},
                slots=dict(SLOTS), weeks=[Week(week=1, title="One", days=[
                    Day(day="mon", title="Mon", blocks=two_blocks), Day(day="tue", title="Tue", blocks=two_blocks)])])
    monday = date(2026, 12, 7)
    options = Options(start=monday, tz="UTC", fit="stretch", weekday_hours=1, weekend_hours=1)
    first = build_schedule(plan, options)
    dates = {s.block_id: s.date for s in first.sessions}
    assert dates == {"w1-mon-1": monday, "w1-mon-2": monday + timedelta(days=1),
                     "w1-tue-1": monday + timedelta(days=2), "w1-tue-2": monday + timedelta(days=3)}
    resume = ResumeState(dates=dates, minutes={s.block_id: s.minutes for s in first.sessions})
    roomier = build_schedule(plan, Options(**{**options.__dict__, "weekday_hours": 2}), resume)
    assert {s.block_id: s.date for s in roomier.sessions} == dates, "2 h a day now, but nothing moves earlier"


def test_a_plan_longer_than_the_search_horizon_is_placed_to_its_last_week() -> None:
    """Plans may run 520 weeks; the five-year limit is on finding room, not on the plan's length."""
    weekly = [Day(day="mon", title="Mon", blocks=[Block(slot="morning", minutes=30, activity="Study", focus="core")])]
    plan = Plan(version=1, id="long", title="Long", focus_areas={"core": FocusArea(title="Core", share=1.0)},
                slots=dict(SLOTS), weeks=[Week(week=n, title=f"W{n}", days=weekly) for n in range(1, 301)])
    schedule = build_schedule(plan, Options(start=date(2026, 12, 7), tz="UTC"))
    assert len(schedule.sessions) == 300
    assert schedule.sessions[-1].date == date(2026, 12, 7) + timedelta(weeks=299)

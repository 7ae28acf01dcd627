"""A person's weeks with prepctl: falling behind, resuming, a busy work calendar,
an interview date, a hand-edited checklist, and a look at today.

Every test drives the command line the way a person would and checks what they
would notice: which events their calendar gets, when, with what SEQUENCE, what
the summary says, and what the exit status and message are when something is off.

The clock of the command line is frozen where "today" matters (``--by``, the
states of ``today``), so the tests mean the same thing whatever day they run on.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from typer.testing import CliRunner

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT
from tests.helpers import EPOCH, MINIMAL_PLAN, PLAN_ID, snapshot, tick, write_plan

BERLIN = ZoneInfo("Europe/Berlin")
HOURS = ["--tz", "Europe/Berlin", "--weekday-hours", "2", "--weekend-hours", "4"]
FORMATS = ["--format", "ics,md,json"]
BUSY_ICS = Path(__file__).parent / "data" / "busy" / "work.ics"


# -------------------- helpers


def invoke(runner: CliRunner, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), env=EPOCH)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def schedule(runner: CliRunner, out: Path, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
    return invoke(runner, "schedule", *HOURS, *FORMATS, "--out", str(out), *args, ok=ok)


def resume_late(runner: CliRunner, out: Path, missed: str):  # type: ignore[no-untyped-def]
    """Resume from the checklist in ``out`` on Thu 17 Dec with the given --missed policy."""
    return schedule(runner, out, "--resume", str(out / f"{PLAN_ID}.md"), "--missed", missed, "--start", "2026-12-17")


def schedule_json(out: Path) -> dict:
    return json.loads((out / f"{PLAN_ID}.json").read_text(encoding="utf-8"))


def session_ids(out: Path) -> list[str]:
    return [s["id"] for s in schedule_json(out)["sessions"]]


def calendar_events(out: Path, plan_id: str = PLAN_ID) -> dict[str, dict]:
    """The ICS as a calendar client sees it: per session id (a block's, or a part's: ``w3-sat-1.2``),
    start/end, sequence, last-modified."""
    calendar = icalendar.Calendar.from_ical((out / f"{plan_id}.ics").read_bytes())
    events = {}
    for event in calendar.walk("VEVENT"):
        if event.get("STATUS") == "CANCELLED":
            continue  # a session no longer planned: the calendar hides it
        uid = str(event["UID"])
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        all_day = not isinstance(start, datetime)
        events[uid.removesuffix(f".{plan_id}@prepctl")] = {
            "uid": uid,
            "all_day": all_day,
            "start": start if all_day else start.astimezone(BERLIN),
            "end": end if all_day else end.astimezone(BERLIN),
            "day": start if all_day else start.astimezone(BERLIN).date(),
            "sequence": int(event.get("SEQUENCE", 0)),
            "last_modified": event.get("LAST-MODIFIED"),
        }
    return events


def in_calendar_order(events: dict[str, dict]) -> list[str]:
    """Block ids as a day view lists them: by day, all-day events first, then by start."""
    return sorted(
        events,
        key=lambda i: (
            events[i]["day"],
            not events[i]["all_day"],
            events[i]["start"] if not events[i]["all_day"] else datetime.min.replace(tzinfo=UTC),
        ),
    )


def assert_no_overlaps(events: dict[str, dict]) -> None:
    timed = sorted((e["start"], e["end"], i) for i, e in events.items() if not e["all_day"])
    for (_, end, first), (start, _, second) in itertools.pairwise(timed):
        assert start >= end, f"{first} (ends {end:%a %d %b %H:%M}) overlaps {second} (starts {start:%H:%M})"


def week_of(block: str) -> int:
    return int(block.split("-")[0][1:])


def stderr_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {result.stderr!r}"
    return lines[0]


@pytest.fixture(scope="module")
def first_schedule(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The person's first schedule: from Mon 7 Dec 2026, 2 h on weekdays, 4 h at weekends."""
    out = tmp_path_factory.mktemp("first") / "out"
    schedule(CliRunner(), out, "--start", "2026-12-07")
    return out


@pytest.fixture
def out(first_schedule: Path, tmp_path: Path) -> Path:
    """A private copy of the first schedule's output folder, to tick and resume, made the
    active schedule of its plan as if it had been written here."""
    from prepctl.state.index import IndexEntry, remember

    target = tmp_path / "out"
    shutil.copytree(first_schedule, target)
    remember(IndexEntry(PLAN_ID, target / f"{PLAN_ID}.record.json", target / f"{PLAN_ID}.md"))
    return target


# -------------------- 1. falling behind, resuming


RESUME = ["--start", "2026-12-22", "--skip", "2026-12-24..2026-12-27"]


def test_a_resume_writes_the_formats_the_person_chose(runner, tmp_path):
    """Who asked for a calendar and a checklist only gets no sheets from a resume either; a
    --format given to the resume wins and is kept for the next one."""
    out = tmp_path / "out"
    invoke(runner, "schedule", *HOURS, "--format", "ics,md", "--out", str(out), "--start", "2026-12-07")
    checklist, record = out / f"{PLAN_ID}.md", out / f"{PLAN_ID}.record.json"
    tick(checklist, lambda i: i == "w1-mon-1")
    invoke(runner, "schedule", "--resume", str(checklist), "--start", "2026-12-14")
    assert sorted(p.name for p in out.iterdir()) == [f"{PLAN_ID}.ics", f"{PLAN_ID}.md", record.name]
    assert json.loads(record.read_text(encoding="utf-8"))["formats"] == ["ics", "md"]
    invoke(runner, "schedule", "--resume", str(checklist), "--start", "2026-12-14", "--format", "md,json")
    assert (out / f"{PLAN_ID}.json").exists()
    assert json.loads(record.read_text(encoding="utf-8"))["formats"] == ["md", "json"]


def own_event_template(folder: Path) -> Path:
    """A person's templates folder: the bundled event description with a line of their own."""
    from prepctl.plan.resources import templates_dir

    folder.mkdir()
    bundled = (templates_dir() / "event.txt.j2").read_text(encoding="utf-8")
    (folder / "event.txt.j2").write_text("From my own template.\n" + bundled, encoding="utf-8")
    return folder


def test_a_resume_keeps_the_language_and_the_templates_folder(runner, tmp_path):
    out, mine = tmp_path / "out", own_event_template(tmp_path / "mine")
    invoke(
        runner,
        "schedule",
        *HOURS,
        "--format",
        "ics,md",
        "--out",
        str(out),
        "--start",
        "2026-12-07",
        "--locale",
        "de",
        "--templates",
        str(mine),
    )
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i == "w1-mon-1")
    invoke(runner, "schedule", "--resume", str(checklist), "--start", "2026-12-14")
    assert "## Woche 2 " in checklist.read_text(encoding="utf-8"), "the checklist stays in German"
    calendar = icalendar.Calendar.from_ical((out / f"{PLAN_ID}.ics").read_bytes())
    assert all(str(e["DESCRIPTION"]).startswith("From my own template.") for e in calendar.walk("VEVENT"))

    shutil.rmtree(mine)
    gone = invoke(runner, "schedule", "--resume", str(checklist), "--start", "2026-12-21", ok=False)
    assert gone.exit_code == EXIT_BAD_INPUT
    assert "templates" in stderr_line(gone) and "no longer a folder" in stderr_line(gone)
    invoke(
        runner,
        "schedule",
        "--resume",
        str(checklist),
        "--start",
        "2026-12-21",
        "--templates",
        str(own_event_template(mine)),
    )


@pytest.mark.parametrize(
    ("key", "planted"), [("formats", ["ics", "exe"]), ("templates", "relative/folder"), ("locale", "../../etc")]
)
def test_a_record_with_a_planted_format_folder_or_language_is_refused_on_resume(runner, tmp_path, key, planted):
    out = tmp_path / "out"
    invoke(runner, "schedule", *HOURS, "--format", "ics,md", "--out", str(out), "--start", "2026-12-07")
    record = out / f"{PLAN_ID}.record.json"
    document = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**document, key: planted}), encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir())
    result = invoke(runner, "schedule", "--resume", str(out / f"{PLAN_ID}.md"), "--start", "2026-12-14", ok=False)
    assert result.exit_code == EXIT_BAD_INPUT
    line = stderr_line(result)
    assert key in line and str(record) in line, line
    assert sorted((p.name, p.stat().st_mtime_ns) for p in out.iterdir()) == before, "nothing written"


def test_resume_after_christmas_keeps_only_what_is_left_in_order_and_says_so(runner, out):
    before = calendar_events(out)
    checklist = out / f"{PLAN_ID}.md"
    week2 = [i for i in session_ids(out) if i.startswith("w2-")]
    assert len(week2) == 26
    half = set(week2[:13])  # Mon, Tue, Wed of week 2 and Thursday's first block
    done = tick(checklist, lambda i: i.startswith("w1-") or i in half, upper=lambda i: i.endswith("-2"))
    assert len(done) == 26 + 13

    result = schedule(runner, out, "--resume", str(checklist), *RESUME)
    after = calendar_events(out)

    left = [i for i in in_calendar_order(before) if i not in done]  # plan order: the first schedule was undisturbed
    blocks = {i.split(".")[0] for i in after}
    assert blocks == set(left), "the calendar has exactly the unfinished items, whole or in parts"
    assert not blocks & done, "no finished item comes back"
    first_day = {i.split(".")[0]: min(e["day"] for j, e in after.items() if j.split(".")[0] == i) for i in blocks}
    from prepctl.plan.load import load_plan

    fixed = {
        f"w{w.week}-{d.day}-{n + 1}"
        for w in load_plan(PLAN_ID).weeks
        for d in w.days
        for n, b in enumerate(d.blocks)
        if b.fixed
    }
    days = [first_day[i] for i in left if i not in fixed]
    assert days == sorted(days), "what is left keeps the plan's order, day by day (mocks wait for room)"
    free = {date(2026, 12, 22) + timedelta(days=n) for n in range(49)} - {date(2026, 12, d) for d in range(24, 28)}
    assert free <= {e["day"] for e in after.values()}, "no free day is left empty while work remains"
    assert_no_overlaps(after)
    christmas = {date(2026, 12, d) for d in range(24, 28)}
    for block, event in after.items():
        last_day = event["end"] - timedelta(days=1) if event["all_day"] else event["end"].date()
        assert event["day"] not in christmas and last_day not in christmas, f"{block} on a skipped day"
    assert after["w2-thu-2"]["start"] == datetime(2026, 12, 22, 7, 0, tzinfo=BERLIN), (
        "what is left starts on --start, carried work at the day's first slot (Thursday's first block was done)"
    )

    moved = [
        i
        for i in after
        if i in before and (after[i]["start"], after[i]["end"]) != (before[i]["start"], before[i]["end"])
    ]
    assert moved, "the resume moves the unfinished items"
    assert all(after[i]["sequence"] == 0 for i in set(after) - set(before)), "a new part is a new event"
    for block in moved:
        assert after[block]["sequence"] >= 1, f"{block} moved without a new SEQUENCE"
        assert after[block]["last_modified"] is not None, f"{block} moved without LAST-MODIFIED"
    for block in set(after) & set(before) - set(moved):
        assert after[block]["sequence"] == 0

    # By hand: missed is the rest of week 2 from Thursday (dated before Tue 22 Dec, 9 h 35 min
    # at 2 h a weekday and 4 h a weekend day); it goes first, in plan order, filling each day:
    # Tue 22 and Wed 23 Dec take Thursday and Friday, 24-27 are skipped, Saturday's 100 min
    # block is split (40 min on Wed 23, 60 on Mon 28). Week 3 starts on Thu 31 Dec at 19:45,
    # nine days behind; the plan's last day, week 8 Sunday, lands on Tue 9 Feb 2027.
    assert "Resumed: 39 items done, 157 left, ending Tue 9 Feb 2027" in result.stdout
    assert max(e["day"] for e in after.values()) == date(2027, 2, 9)
    assert after["w2-fri-1"]["start"] == datetime(2026, 12, 22, 21, 40, tzinfo=BERLIN)
    assert [i for i in after if after[i]["day"] == date(2026, 12, 28)] == ["w2-sat-1.2", "w2-sat-2.1"]


def test_a_resume_in_the_evening_puts_nothing_in_the_hours_already_past(runner, out, clock):
    tick(out / f"{PLAN_ID}.md", lambda i: i.startswith("w1-mon-"))  # Monday done, Tuesday not touched
    clock(datetime(2026, 12, 8, 20, 26, tzinfo=BERLIN))  # Tuesday 20:26, no --start: from today
    result = schedule(runner, out, "--resume", str(out / f"{PLAN_ID}.md"))
    events = calendar_events(out)
    tuesday = sorted((e["start"], i) for i, e in events.items() if e["day"] == date(2026, 12, 8) and not e["all_day"])
    assert tuesday and tuesday[0][0] == datetime(2026, 12, 8, 20, 30, tzinfo=BERLIN), "from the next 5 minutes"
    assert all(start >= datetime(2026, 12, 8, 20, 30, tzinfo=BERLIN) for start, _ in tuesday)
    assert tuesday[0][1] == "w1-tue-1", "the day's first block still comes first"
    assert_no_overlaps(events)
    assert re.search(
        r"the hours already past today \(it is 20:26\) moved \d+ blocks within their day", result.stdout
    ), result.stdout
    tomorrow = schedule(runner, out, "--resume", str(out / f"{PLAN_ID}.md"), "--start", "tomorrow")
    assert "already past" not in tomorrow.stdout
    assert min(e["day"] for e in calendar_events(out).values()) == date(2026, 12, 9)


def test_resuming_twice_the_same_way_does_not_churn_the_calendar(runner, out):
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i.startswith("w1-") or i in {"w2-mon-1", "w2-mon-2"})
    schedule(runner, out, "--resume", str(checklist), *RESUME)
    first = calendar_events(out)
    first_bytes = (out / f"{PLAN_ID}.ics").read_bytes()

    # The checklist was rewritten by the resume; the ticks live on in "Done before".
    result = schedule(runner, out, "--resume", str(checklist), *RESUME)
    second = calendar_events(out)

    assert {i: e["sequence"] for i, e in second.items()} == {i: e["sequence"] for i, e in first.items()}
    assert all(e["sequence"] <= 1 for e in second.values()), "moved once (a part made by the resume is new: 0)"
    assert (out / f"{PLAN_ID}.ics").read_bytes() == first_bytes, "a calendar subscription sees no change"
    assert "Resumed: 28 items done, 168 left" in result.stdout


# -------------------- 2. a busy work calendar


def _berlin(day: int, hour: int, month: int = 12, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


# What tests/data/busy/work.ics blocks, worked out by hand (all in December 2026):
# the 19:00-20:00 sync on weekdays of 7-18 Dec, except Wed 9 (EXDATE) and Thu 10
# (moved to 13:00-14:00); the New York workshop Sat 19 Dec 07:00-09:00 EST, which is
# 13:00-15:00 in Berlin. The all-day offsite (Sun 13) and the transparent birthday
# (Sun 20, 14:00-16:00) block nothing.
BUSY = sorted(
    [(_berlin(d, 19), _berlin(d, 20)) for d in (7, 8, 11, 14, 15, 16, 17, 18)]
    + [(_berlin(10, 13), _berlin(10, 14)), (_berlin(19, 13), _berlin(19, 15))]
)
# Lunch is moved to 13:00 so that something sits where the moved sync lands on Thu 10 Dec.
BUSY_ARGS = ["--start", "2026-12-07", "--slot", "lunch=13:00"]
MOVED_BY_BUSY = {
    "w1-mon-3",
    "w1-tue-3",
    "w1-fri-3",
    "w2-mon-3",
    "w2-tue-3",
    "w2-wed-3",
    "w2-thu-3",
    "w2-fri-3",
    "w1-thu-2",
    "w2-sat-2",
}


def test_study_blocks_make_way_for_a_work_calendar(runner, tmp_path):
    plain, busy = tmp_path / "plain", tmp_path / "busy"
    schedule(runner, plain, *BUSY_ARGS)
    result = schedule(runner, busy, *BUSY_ARGS, "--busy", str(BUSY_ICS))
    without, with_busy = calendar_events(plain), calendar_events(busy)

    assert set(with_busy) == set(without), "nothing is lost or added"
    changed = {i for i in with_busy if with_busy[i]["start"] != without[i]["start"]}
    assert changed == MOVED_BY_BUSY, "exactly the blocks under a busy event move"
    for block in changed:
        assert with_busy[block]["day"] == without[block]["day"], f"{block} left its day"
        assert with_busy[block]["end"] - with_busy[block]["start"] == without[block]["end"] - without[block]["start"], (
            f"{block} changed length"
        )

    # Evening study on a sync day: the block and the sync are both one hour, the day's
    # other blocks end 13:10 and start 21:30, so the nearest free hours are 18:00 and
    # 20:00 (both one hour off 19:00); nothing nearer is free.
    for block in MOVED_BY_BUSY - {"w1-thu-2", "w2-sat-2"}:
        assert with_busy[block]["start"].time() in (time(18), time(20)), block
    # Wed 9 Dec: that sync is cancelled (EXDATE); Thu 10 Dec: it moved to 13:00.
    assert with_busy["w1-wed-3"]["start"] == _berlin(9, 19)
    assert with_busy["w1-thu-3"]["start"] == _berlin(10, 19)
    assert without["w1-thu-2"]["start"] == _berlin(10, 13)
    assert with_busy["w1-thu-2"]["start"] == _berlin(10, 12, minute=50), "lunch reading moves just before it"
    # Sat 19 Dec: the New York workshop is 13:00-15:00 in Berlin; the 14:00 block (85 min)
    # fits at 15:00 (1 h off) but before it only at 11:35 (2 h 25 min off).
    assert without["w2-sat-2"]["start"] == _berlin(19, 14)
    assert with_busy["w2-sat-2"]["start"] == _berlin(19, 15)
    assert with_busy["w1-sat-2"]["start"] == _berlin(12, 14), "no workshop the Saturday before"
    # The all-day offsite and the transparent birthday leave their days as they were.
    for block in ("w1-sun-1", "w1-sun-2", "w1-sun-3", "w2-sun-2"):
        assert with_busy[block]["start"] == without[block]["start"], block
    assert with_busy["w2-sun-2"]["start"] == _berlin(20, 14)

    for block, event in with_busy.items():
        if not event["all_day"]:
            for begin, end in BUSY:
                assert not (event["start"] < end and begin < event["end"]), f"{block} overlaps busy {begin}"
    assert_no_overlaps(with_busy)

    assert "less free time" not in result.stdout and "no gap" not in result.stdout, "every block found a free gap"
    assert "busy time moved 10 blocks within their day" in result.stdout, "one line sums the moves up"
    assert "around busy time" not in result.stdout, "each move is listed only with --verbose"
    verbose = schedule(runner, busy, *BUSY_ARGS, "--busy", str(BUSY_ICS), "--verbose")
    notes = [line for line in verbose.stdout.splitlines() if "around busy time" in line]
    assert len(notes) == len(MOVED_BY_BUSY)
    for block in MOVED_BY_BUSY:
        new = with_busy[block]["start"]
        assert any(f"({block}) moved from" in n and f"to {new:%H:%M}" in n for n in notes), block
    assert schedule_json(busy)["busy"] == [str(BUSY_ICS.resolve())], "the record names the busy calendar"


def test_blocks_that_find_no_room_in_the_evening_window_are_said_to_go_later(runner, tmp_path):
    result = invoke(
        runner,
        "schedule",
        "--start",
        "2026-12-07",
        "--tz",
        "Europe/Berlin",
        "--day-start",
        "18:00",
        "--day-end",
        "21:00",
        *FORMATS,
        "--out",
        str(tmp_path / "o"),
    )
    events = calendar_events(tmp_path / "o")
    assert all(
        time(18) <= e["start"].time() and e["end"].time() <= time(21) for e in events.values() if not e["all_day"]
    )
    later = [line for line in result.stdout.splitlines() if "less free time" in line]
    assert (
        later
        and "days had less free time between 18:00–21:00 than your hours; what did not fit went on the "
        "next day: Mon 7 Dec, Tue 8 Dec, Wed 9 Dec, Thu 10 Dec and"
        in later[0]
    ), later
    assert "busy time moved" not in result.stdout, "no work calendar was given: busy time is not blamed"
    with_busy = schedule(
        runner, tmp_path / "b", *BUSY_ARGS, "--busy", str(BUSY_ICS), "--day-start", "17:00", "--day-end", "21:00"
    )
    assert (
        "found no gap long enough on their day between 17:00–21:00, outside busy time, and went on later"
        in with_busy.stdout
    )


def test_busy_calendar_that_is_missing_or_not_a_calendar_is_one_line_and_exit_2(runner, tmp_path):
    missing = schedule(
        runner,
        tmp_path / "a",
        "--start",
        "2026-12-07",
        "--busy",
        str(tmp_path / "work.ics"),
        ok=False,
    )
    assert missing.exit_code == EXIT_BAD_INPUT
    assert "work.ics" in stderr_line(missing) and "--busy" in stderr_line(missing)

    notes = tmp_path / "meetings.txt"
    notes.write_text("Mon 19:00 sync\nSat 13:00 workshop\n", encoding="utf-8")
    wrong = schedule(runner, tmp_path / "b", "--start", "2026-12-07", "--busy", str(notes), ok=False)
    assert wrong.exit_code == EXIT_BAD_INPUT
    assert "meetings.txt" in stderr_line(wrong) and "not an iCalendar" in stderr_line(wrong)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists(), "nothing written"


# -------------------- 3. an interview date


@pytest.fixture
def first_of_december(clock):  # type: ignore[no-untyped-def]
    clock(datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN))  # a Tuesday


def test_by_an_interview_date_starts_as_late_as_possible(runner, tmp_path, first_of_december):
    # By hand: the plan is 8 weeks Mon..Sun = 56 days. To finish the day before Mon
    # 1 Mar 2027 its last day is Sun 28 Feb 2027, so day 1 is 55 days earlier: Mon 4 Jan 2027.
    result = schedule(runner, tmp_path, "--by", "2027-03-01")
    sessions = schedule_json(tmp_path)["sessions"]
    assert sessions[0]["date"] == "2027-01-04" and sessions[-1]["date"] == "2027-02-28"
    assert "from Mon 4 Jan 2027 to Sun 28 Feb 2027" in result.stdout


def test_by_with_a_skip_starts_earlier_and_still_finishes_before(runner, tmp_path, first_of_december):
    # Three days off (Mon-Wed 1-3 Feb) inside the plan: starting Mon 4 Jan would now end
    # Tue 2 Mar, after the interview. The start moves back by the skipped days and, the plan
    # keeping its weekdays, on to the Monday before: Mon 28 Dec 2026. The three days off cost
    # two (week 8's light days make room), and the plan ends Tue 23 Feb 2027.
    skip = ["--skip", "2027-02-01..2027-02-03"]
    schedule(runner, tmp_path / "by", "--by", "2027-03-01", *skip)
    sessions = schedule_json(tmp_path / "by")["sessions"]
    assert sessions[0]["date"] == "2026-12-28"
    assert max(s["date"] for s in sessions) == "2027-02-23" < "2027-03-01"
    assert not {s["date"] for s in sessions} & {"2027-02-01", "2027-02-02", "2027-02-03"}
    # ...and it is the latest: a week later is too late.
    schedule(runner, tmp_path / "later", "--start", "2027-01-04", *skip)
    assert max(s["date"] for s in schedule_json(tmp_path / "later")["sessions"]) > "2027-02-28"


def test_by_with_the_first_monday_off_still_finishes_before_the_interview(runner, tmp_path, first_of_december):
    # Interview Wed 3 Mar 2027, Mon 4 Jan off. Starting Mon 4 Jan, its first day moves to
    # Tue 5 Jan; the day off costs one day and the plan ends Mon 1 Mar, before the interview.
    # A week later, Mon 11 Jan, it would end Sun 7 Mar: Mon 4 Jan is the latest start that fits.
    result = schedule(runner, tmp_path, "--by", "2027-03-03", "--skip", "2027-01-04")
    sessions = schedule_json(tmp_path)["sessions"]
    last = max(s["date"] for s in sessions)
    assert last < "2027-03-03", f"--by 2027-03-03 gave a plan ending {last}:\n{result.stdout}"
    assert sessions[0]["date"] == "2027-01-05" and last == "2027-03-01"
    schedule(runner, tmp_path / "later", "--start", "2027-01-11", "--skip", "2027-01-04")
    assert max(s["date"] for s in schedule_json(tmp_path / "later")["sessions"]) > "2027-03-02"


def test_by_a_date_too_close_names_the_earliest_date_and_the_hours_it_would_take(runner, tmp_path, first_of_december):
    result = schedule(runner, tmp_path, "--by", "2026-12-11", ok=False)  # 10 days after today
    assert result.exit_code == EXIT_BAD_INPUT
    message = stderr_line(result)
    # By hand: from Tue 1 Dec the plan starts on its weekday, Mon 7 Dec, and ends 55 days
    # later on Sun 31 Jan 2027, so Mon 1 Feb is the first interview date that fits. The
    # plan's 216 h in the 10 days left would be 21.6 h a day, and even its last week alone
    # starts on Mon 7 Dec and ends after the interview: no advice would work, so none is given.
    assert "--by 2026-12-11" in message
    assert "earliest interview date is Mon 1 Feb 2027" in message
    assert "not even the last week alone fits before it" in message
    assert not tmp_path.joinpath(f"{PLAN_ID}.json").exists()

    fits = schedule(runner, tmp_path / "fits", "--by", "2027-02-01")
    assert "from Mon 7 Dec 2026 to Sun 31 Jan 2027" in fits.stdout, "the date named does fit"


def test_start_and_by_together_are_refused(runner, tmp_path):
    result = schedule(runner, tmp_path, "--start", "2026-12-07", "--by", "2027-03-01", ok=False)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "--by" in stderr_line(result) and "--start" in stderr_line(result)


# -------------------- 4. progress of a hand-edited checklist


def test_progress_draws_bars_that_read_in_a_pipe(runner, out):
    """The bars are characters, not terminal colours: piped into a file or a mail they still show."""
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i.startswith("w1-") and i.split("-")[1] in {"mon", "tue", "wed"})
    shown = invoke(runner, "progress", str(checklist)).stdout
    week1 = next(line for line in shown.splitlines() if line.startswith("Week 1 "))
    week2 = next(line for line in shown.splitlines() if line.startswith("Week 2 "))
    done, items = map(int, re.search(r"(\d+)/(\d+)", week1).groups())  # type: ignore[union-attr]
    assert 0 < done < items
    assert week1.count("█") == round(24 * done / items) and week1.count("█") + week1.count("░") == 24, week1
    assert "█" not in week2 and week2.count("░") == 24, week2
    assert "\x1b[" not in shown, "colour codes in a pipe"
    assert week1.index(f"{done}/{items}") == week2.index("0/"), "the columns line up"


def test_progress_counts_a_checklist_the_person_rearranged(runner, out):
    checklist = out / f"{PLAN_ID}.md"
    done = tick(
        checklist,
        lambda i: i.startswith("w1-") or i in {"w3-mon-1", "w3-mon-3", "w5-sat-2"},
        upper=lambda i: i.endswith(("-1", "-3")),
    )
    text = checklist.read_text(encoding="utf-8")
    week3 = re.search(r"^## Week 3 .*?(?=^## Week 4 )", text, flags=re.M | re.S)
    assert week3
    text = text.replace(week3[0], "")
    text = text.replace("## Week 1 — ", "## My first week, went well — ")
    monday = re.search(r"(?:^- \[[xX ]\] .*<!-- w1-mon-\d -->\n)+", text, flags=re.M)
    assert monday and monday[0].count("\n") == 4
    text = text.replace(monday[0], "".join(reversed(monday[0].splitlines(keepends=True))))
    text = text.replace(
        "## Week 2 ",
        "Note to self: Docker took longer than planned.\n\n"
        "- [x] Buy a whiteboard\n- [X] Call Anna about the referral\n"
        "  - [ ] ask about the team\n\n" + week3[0] + "## Week 2 ",
        1,
    )
    text, questions = re.subn(r"^- \[ \] (?=.*<!-- q:)", "- [x] ", text, count=2, flags=re.M)
    assert questions == 2, "two scenario questions of the appendix ticked too (not study blocks)"
    checklist.write_text(text, encoding="utf-8")

    result = invoke(runner, "progress", str(checklist), "--json")
    figures = json.loads(result.stdout)

    sessions = schedule_json(out)["sessions"]
    assert figures["total"]["items"] == 196 and figures["total"]["done_items"] == len(done) == 29
    assert figures["total"]["done_minutes"] == sum(s["minutes"] or 0 for s in sessions if s["id"] in done)
    weeks = {int(k): (v["done_items"], v["items"]) for k, v in figures["weeks"].items()}
    assert weeks[1] == (26, 26) and weeks[3] == (2, 26) and weeks[5] == (1, 26)
    assert all(weeks[w][0] == 0 for w in (2, 4, 6, 7, 8))
    areas = {}
    for s in sessions:
        tally = areas.setdefault(s["focus"], [0, 0])
        tally[0] += s["id"] in done
        tally[1] += 1
    assert {k: [v["done_items"], v["items"]] for k, v in figures["areas"].items()} == areas


def test_the_checklist_of_another_plan_is_refused(runner, out, tmp_path):
    other = tmp_path / "notes.md"
    other.write_text(
        "# My own plan\n\n- [x] 07:00\u201308:00 **Coding** \u2014 graphs <!-- w9-mon-1 -->\n"
        "- [ ] 19:00\u201320:00 **Read** \u2014 a chapter <!-- w9-mon-2 -->\n",
        encoding="utf-8",
    )
    result = invoke(runner, "progress", str(other), "--plan", PLAN_ID, ok=False)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "w9-mon-1" in stderr_line(result) and "another plan" in stderr_line(result)

    resumed = schedule(runner, tmp_path / "resumed", "--resume", str(other), "--start", "2026-12-14", ok=False)
    assert resumed.exit_code == EXIT_BAD_INPUT and "another plan" in stderr_line(resumed)


def test_the_checklist_of_the_tiny_plan_is_not_taken_for_the_mlops_plan(runner, out, tmp_path):
    # The tiny plan's ids (w1-mon-1, w1-mon-2) also exist in mlops-8-week.
    tiny_out = tmp_path / "tiny"
    invoke(
        runner,
        "schedule",
        str(write_plan(tmp_path, MINIMAL_PLAN)),
        "--start",
        "2026-12-07",
        "--tz",
        "Europe/Berlin",
        "--format",
        "md,json",
        "--out",
        str(tiny_out),
    )
    checklist = tiny_out / "tiny.md"
    tick(checklist, lambda _: True)

    progress = invoke(runner, "progress", str(checklist), "--plan", PLAN_ID, ok=False)
    assert progress.exit_code == EXIT_BAD_INPUT, f"counted the tiny plan's ticks as mlops progress:\n{progress.stdout}"
    assert "another plan" in stderr_line(progress)

    resumed = schedule(
        runner, tmp_path / "resumed", PLAN_ID, "--resume", str(checklist), "--start", "2026-12-14", ok=False
    )
    assert resumed.exit_code == EXIT_BAD_INPUT, (
        f"resumed mlops-8-week from the tiny plan's checklist:\n{resumed.stdout}"
    )
    assert "another plan" in stderr_line(resumed)
    # without a plan named, a resume continues the checklist's own plan
    own = schedule(runner, tmp_path / "resumed", "--resume", str(checklist), "--start", "2026-12-14")
    assert "wrote " + str(tmp_path / "resumed" / "tiny.ics") in own.stdout


# -------------------- 5. missed days: drop or shift


def _behind(out: Path) -> set[str]:
    """Week 1 done, week 2 Monday done, one block done ahead; Tue and Wed of week 2 missed."""
    return tick(out / f"{PLAN_ID}.md", lambda i: i.startswith(("w1-", "w2-mon-")) or i == "w3-mon-1")


MISSED = [
    "w2-tue-1",
    "w2-tue-2",
    "w2-tue-3",
    "w2-tue-4",
    "w2-wed-1",
    "w2-wed-2",
    "w2-wed-3",
    "w2-wed-4",
]


def test_missed_drop_lets_go_of_missed_work_and_keeps_the_rest_where_it_was(runner, out):
    before = calendar_events(out)
    done = _behind(out)
    result = resume_late(runner, out, "drop")
    after = calendar_events(out)

    assert set(after) == set(before) - done - set(MISSED)
    assert "8 unfinished items dated before Thu 17 Dec are dropped (--missed drop)" in result.stdout
    for block, event in after.items():
        assert (event["start"], event["end"]) == (before[block]["start"], before[block]["end"]), block
        assert event["sequence"] == 0 and event["last_modified"] is None, f"{block} looks changed"
    assert [item["id"] for item in schedule_json(out)["dropped"]] == MISSED


def test_missed_drop_run_twice_does_not_bring_dropped_work_back(runner, out):
    _behind(out)
    resume_late(runner, out, "drop")
    first = calendar_events(out)
    result = resume_late(runner, out, "drop")
    second = calendar_events(out)

    assert not set(second) & set(MISSED), "dropped items are scheduled again"
    assert set(second) == set(first)
    assert {i: (e["start"], e["end"], e["sequence"]) for i, e in second.items()} == {
        i: (e["start"], e["end"], e["sequence"]) for i, e in first.items()
    }, result.stdout
    for session in schedule_json(out)["sessions"]:
        if session["start"]:
            assert session["start"][:10] == session["date"], f"{session['id']} starts off its own day"


def test_missed_shift_loses_nothing_and_starts_on_the_day_given(runner, out):
    before = calendar_events(out)
    done = _behind(out)
    result = resume_late(runner, out, "shift")
    after = calendar_events(out)

    assert {i.split(".")[0] for i in after} == set(before) - done, "every unticked item is still there"
    assert set(MISSED) <= set(after)
    # No wait for a Tuesday: the first missed item, week 2 Tuesday's 07:00 block, is on
    # Thu 17 Dec, the --start given, and the rest follow in plan order.
    first = in_calendar_order(after)[0]
    assert first == "w2-tue-1"
    assert after[first]["start"] == datetime(2026, 12, 17, 7, 0, tzinfo=BERLIN)
    # Missed Tuesday fills Thu 17 Dec (its 2 h), missed Wednesday Fri 18 Dec; Sat 19 Dec's 4 h
    # hold week 2 Thursday and Friday, two 2 h weekday plan days: no hour of it is left unused.
    assert {after[i]["day"] for i in MISSED} == {date(2026, 12, 17), date(2026, 12, 18)}
    assert {i for i in after if after[i]["day"] == date(2026, 12, 19)} == {
        f"w2-{day}-{n}" for day in ("thu", "fri") for n in range(1, 5)
    }
    assert "Resumed: 31 items done, 165 left" in result.stdout
    assert_no_overlaps(after)


# -------------------- 6. joining late


def test_from_week_3_joins_the_plan_on_its_monday(runner, tmp_path):
    result = schedule(runner, tmp_path, "--from-week", "3", "--start", "2026-12-09")
    events = calendar_events(tmp_path)
    assert not [i for i in events if week_of(i) < 3]
    assert "w1-" not in (tmp_path / f"{PLAN_ID}.md").read_text(encoding="utf-8")
    first = in_calendar_order(events)[0]
    assert first == "w3-mon-1"
    assert events[first]["start"] == datetime(2026, 12, 14, 7, 0, tzinfo=BERLIN), "Wed 9 Dec aligns to Mon 14"
    assert "start moved from Wed 9 Dec 2026 to Mon 14 Dec 2026" in result.stdout
    assert len(events) == 196 - 52
    assert max(e["day"] for e in events.values()) == date(2027, 1, 24)  # 6 weeks: 14 Dec + 41 days


# -------------------- 7. a dry run first


def test_dry_run_shows_what_the_resume_would_change_and_writes_nothing(runner, out):
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i.startswith("w1-"))
    old = {s["id"]: s for s in schedule_json(out)["sessions"]}
    args = ["--resume", str(checklist), "--start", "2026-12-17"]
    untouched = snapshot(out)

    brief = schedule(runner, out, *args, "--dry-run")
    # Week 1 is done; week 2 Mon-Wed (14-16 Dec) are missed and go first from Thu 17 Dec
    # (+3 days). The stream fills every day's hours from there, the weekends catch up a
    # little, and the plan ends Tue 2 Feb, two days after the undisturbed plan.
    assert "Moved events typically move 3 days later (from +1 to +3 days)" in brief.stdout
    assert not re.search(r"^\s*moved\s+w\d", brief.stdout, re.M), "rows only with --verbose"
    dry = schedule(runner, out, *args, "--dry-run", "--verbose")
    assert snapshot(out) == untouched, "a dry run changed the output folder"
    assert "Dry run: nothing was written." in dry.stdout
    shown: dict[str, set[str]] = {}
    for line in dry.stdout.splitlines():
        row = re.match(r"^\s*(moved|new|gone|changed|unchanged)\s+(w\d-[a-z]{3}-\d+(?:\.\d+)?)\s", line)
        if row:
            shown.setdefault(row[1], set()).add(row[2])

    schedule(runner, out, *args)
    new = {s["id"]: s for s in schedule_json(out)["sessions"]}
    when = ("date", "start", "end")
    moved = {i for i in new if i in old and tuple(old[i][k] for k in when) != tuple(new[i][k] for k in when)}
    expected = {"moved": moved, "new": set(new) - set(old), "gone": set(old) - set(new)}
    assert shown == {k: v for k, v in expected.items() if v}
    assert len(expected["gone"]) == 26 + 10 and len(moved) == 160  # 10 blocks split: their parts are new
    header = f"{len(moved)} moved, {len(expected['new'])} new, {len(expected['gone'])} gone"
    assert header in dry.stdout
    assert {i for i, e in calendar_events(out).items() if e["sequence"] == 1} == moved


# -------------------- 8. today


def test_today_lists_the_days_blocks_with_what_is_ticked(runner, out, clock):
    tick(
        out / f"{PLAN_ID}.md",
        lambda i: i in {"w1-tue-1", "w1-tue-3"},
        upper=lambda i: i == "w1-tue-3",
    )
    clock(datetime(2026, 12, 8, 20, 30, tzinfo=BERLIN))  # Tue evening, after the study block

    result = invoke(runner, "today", "--out", str(out), "--date", "2026-12-08", "--json")
    [plan] = json.loads(result.stdout)["plans"]
    day = plan["sessions"]

    assert [(s["id"], s["state"]) for s in day] == [
        ("w1-tue-4", "next"),  # 21:30, still to come: first
        ("w1-tue-1", "done"),  # ticked [x]
        ("w1-tue-2", "past"),  # 12:30 lunch reading, not ticked
        ("w1-tue-3", "done"),  # ticked [X]
    ]
    assert {s["date"] for s in day} == {"2026-12-08"}
    assert day[0]["start"] == "2026-12-08T21:30:00+01:00"

    shown = invoke(runner, "today", "--out", str(out), "--date", "2026-12-08").stdout.splitlines()
    assert shown[1] == "Week 1: Data Structures for Infrastructure", "the plan day, under the date"
    # Monday's four blocks were never ticked: behind at the start of Tuesday
    assert shown[-1].startswith("Behind: 4 blocks that ended before Tue 8 Dec, not ticked")
    assert plan["behind"] == 4


def test_today_and_progress_of_another_day_count_behind_at_the_start_of_that_day(runner, out, clock):
    clock(datetime(2026, 12, 8, 20, 30, tzinfo=BERLIN))  # Tuesday evening; nothing ticked
    ahead = invoke(runner, "today", "--out", str(out), "--date", "2026-12-10").stdout.splitlines()
    assert ahead[-1].startswith("Behind: 12 blocks that ended before Thu 10 Dec"), "Monday's to Wednesday's"
    figures = json.loads(
        invoke(runner, "progress", str(out / f"{PLAN_ID}.md"), "--date", "2026-12-10", "--json").stdout
    )
    assert figures["behind"] == 12 and figures["as_of"] == "2026-12-10T00:00:00+01:00"
    now = json.loads(invoke(runner, "today", "--out", str(out), "--json").stdout)["plans"][0]
    assert now["behind"] == 7, "Monday's four and Tuesday's three that ended before 20:30 (21:30 is still to come)"


def test_today_after_a_resume_of_two_weeks_behind_names_each_week_once(runner, tmp_path, clock):
    out = tmp_path / "out"
    invoke(runner, "schedule", "--start", "2026-11-23", "--tz", "Europe/Berlin", *FORMATS, "--out", str(out))
    clock(datetime(2026, 12, 4, 7, 0, tzinfo=BERLIN))  # nothing ticked: two weeks of plan days behind
    invoke(runner, "schedule", "--resume", str(out / f"{PLAN_ID}.md"))
    header = invoke(runner, "today", "--out", str(out)).stdout.splitlines()[1]
    titles = header.removeprefix("Week 1: ").split(" · ")
    assert header.startswith("Week 1: ") and "Week 1" not in header[1:] and len(titles) > 1, header


def test_today_says_how_long_until_the_next_block_and_gives_the_days_tip(runner, out, clock):
    clock(datetime(2026, 12, 9, 17, 50, tzinfo=BERLIN))  # Wed, before the 19:00 study block
    shown = invoke(runner, "today", "--out", str(out)).stdout
    assert "Next block in 1 h 10 min." in shown
    assert "Tip: Docker Knowledge is Non-Negotiable — Every MLOps interview will test Docker" in " ".join(shown.split())
    assert "  - Write optimized Dockerfiles from memory" in shown
    clock(datetime(2026, 12, 9, 19, 35, tzinfo=BERLIN))
    assert "On now: 25 min left." in invoke(runner, "today", "--out", str(out)).stdout
    other_day = invoke(runner, "today", "--out", str(out), "--date", "2026-12-08").stdout
    assert "Next block in" not in other_day and "Tip:" not in other_day, "Tuesday has no callout"


def test_today_on_an_empty_folder_says_to_run_schedule(runner, tmp_path):
    result = invoke(runner, "today", "--out", str(tmp_path), ok=False)
    assert result.exit_code == EXIT_BAD_INPUT
    assert "prepctl schedule" in stderr_line(result) and str(tmp_path) in stderr_line(result)

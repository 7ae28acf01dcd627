"""The plan bending around a life: each test is one story, run through the command line.

Each story checks what the person would notice (no empty days, no workday afternoons, hours
kept, nothing earlier than it was) and keeps the whole schedule as a golden file, one line per
session grouped by calendar day, so a change in placement shows up as a readable diff
(``pytest --update-golden``, then review it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prepctl.cli import app
from tests.helpers import BERLIN, EPOCH, PLAN_ID, tick

HOURS = ["--tz", "Europe/Berlin", "--weekday-hours", "2", "--weekend-hours", "4"]


def run(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), env=EPOCH)
    assert result.exit_code == 0, result.output
    return result


def schedule(runner: CliRunner, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return run(runner, "schedule", "--format", "ics,md,json", "--out", str(out), *args)


def sessions(out: Path) -> list[dict]:
    return json.loads((out / f"{PLAN_ID}.json").read_text(encoding="utf-8"))["sessions"]


def by_day(out: Path) -> dict[date, list[dict]]:
    days: dict[date, list[dict]] = defaultdict(list)
    for session in sessions(out):
        days[date.fromisoformat(session["date"])].append(session)
    return dict(days)


def day_view(out: Path, stdout: str) -> str:
    """The schedule as a person reads it: the notes printed, then each day and its blocks."""
    days = {}
    for on, day in sorted(by_day(out).items()):
        minutes = sum(s["minutes"] or 0 for s in day)
        days[f"{on:%a %d %b %Y} ({minutes} min)"] = [
            f"{s['start'][11:16] if s['start'] else 'all day'} {s['id']} {s['activity']} {s['minutes'] or ''}".strip()
            for s in day
        ]
    notes = [line[len("note: ") :] for line in stdout.splitlines() if line.startswith("note: ")]
    return json.dumps({"notes": notes, "days": days}, indent=1, ensure_ascii=False) + "\n"


def budget(on: date, weekday: float = 2, weekend: float = 4) -> int:
    return int((weekend if on.weekday() >= 5 else weekday) * 60)


def assert_no_empty_day(days: dict[date, list[dict]], skipped: set[date] = frozenset()) -> None:  # type: ignore[assignment]
    first, last = min(days), max(days)
    empty = [
        first + timedelta(days=n)
        for n in range((last - first).days)
        if first + timedelta(days=n) not in days and first + timedelta(days=n) not in skipped
    ]
    assert not empty, f"free days left empty while work remains: {empty}"


def assert_within_hours(days: dict[date, list[dict]], stdout: str, weekday: float = 2, weekend: float = 4) -> None:
    for on, day in days.items():
        total = sum(s["minutes"] or 0 for s in day)
        if total > budget(on, weekday, weekend):
            assert f"{on:%a} {on.day} {on:%b} {on.year}" in stdout, f"{on} runs over without a note"


def assert_no_weekend_work_in_office_hours(days: dict[date, list[dict]]) -> None:
    """A block of a weekend plan day moved onto a weekday does not sit in its working hours."""
    for on, day in days.items():
        if on.weekday() < 5:
            for s in day:
                if s["day"] in ("sat", "sun") and s["start"]:
                    assert not "09:00" <= s["start"][11:16] < "17:30", f"{s['id']} at {s['start']} on a workday"


@pytest.fixture
def today(clock) -> None:  # type: ignore[no-untyped-def]
    clock(datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN))  # a Tuesday


# -------------------------------------------------------------------- skip Christmas


def checklist_text(out: Path, tmp_path: Path) -> str:
    return (out / f"{PLAN_ID}.md").read_text(encoding="utf-8").replace(str(tmp_path), "TMP")


def assert_plan_order_on_the_clock(out: Path) -> None:
    """Each day's sessions run in plan order on the clock (fixed blocks, which wait for room, aside)."""
    rank = {
        f"w{w}-{d}": (w, "montuewedthufrisatsun".index(d) // 3)
        for w in range(1, 9)
        for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    flowing = sorted((s for s in sessions(out) if s["start"]), key=lambda s: s["start"])
    keys = [
        (
            rank[s["id"].rsplit("-", 1)[0]],
            int(s["id"].rsplit("-", 1)[1].split(".")[0]),
            int(s["id"].split(".")[1]) if "." in s["id"] else 0,
        )
        for s in flowing
        if not s["activity"].startswith("Mock")
    ]
    assert keys == sorted(keys), "plan order on the clock"


def test_christmas_off_ends_4_days_later_and_each_day_keeps_plan_order(runner, tmp_path, golden):
    out = tmp_path / "out"
    result = schedule(runner, out, "--start", "2026-12-07", *HOURS, "--skip", "2026-12-24..2026-12-27")
    days = by_day(out)
    christmas = {date(2026, 12, d) for d in range(24, 28)}
    assert not christmas & set(days), "nothing on the days off"
    assert_no_empty_day(days, christmas)
    assert_within_hours(days, result.stdout)
    assert_no_weekend_work_in_office_hours(days)
    # Four days off move the end by four days (undisturbed: Sun 31 Jan), not seven as before.
    assert max(days) == date(2027, 2, 4)
    # Week 3's Saturday (4 h) on the 2 h days after Christmas is split where a day is full, and
    # the rest goes first on the next day: no evening is left half used while work waits.
    for on in (date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)):
        assert sum(s["minutes"] or 0 for s in days[on]) == 120, on
    assert_plan_order_on_the_clock(out)
    assert "4 skipped dates (Thu 24 Dec – Sun 27 Dec): their work goes to the next free days" in result.stdout
    golden("scenarios/christmas.json", day_view(out, result.stdout))
    checklist = (out / f"{PLAN_ID}.md").read_text(encoding="utf-8").replace(str(tmp_path), "TMP")
    assert "### Thu 24 Dec — Skipped" in checklist and "### Sun 27 Dec — Skipped" in checklist, "the days off show"
    golden("scenarios/christmas.md", checklist)


# -------------------------------------------------------------------- fall behind, resume


def test_resume_ten_days_late_puts_the_forgotten_blocks_first_and_ends_ten_days_later(runner, tmp_path, golden):
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", *HOURS)
    checklist = out / f"{PLAN_ID}.md"
    forgotten = {"w1-wed-2", "w2-fri-3"}
    done = tick(checklist, lambda i: i.startswith(("w1-", "w2-")) and i not in forgotten)
    assert len(done) == 50
    before = json.loads(run(runner, "progress", str(checklist), "--json").stdout)

    # Week 3 should have started Mon 21 Dec; the person picks up again on Thu 31 Dec.
    result = schedule(runner, out, "--resume", str(checklist), "--start", "2026-12-31")
    days = by_day(out)
    assert min(days) == date(2026, 12, 31), "nothing before the day given"
    # The two forgotten blocks go first, then week 3 (missed) and the rest, filling the day.
    first_day = [s["id"] for s in sorted(days[date(2026, 12, 31)], key=lambda s: s["id"])]
    assert {"w1-wed-2", "w2-fri-3"} <= set(first_day)
    assert 120 - sum(s["minutes"] for s in days[date(2026, 12, 31)]) < 20, "the first day is full (--min-part)"
    first = sorted(days[date(2026, 12, 31)], key=lambda s: s["start"])
    assert first[0]["id"] == "w1-wed-2", "the oldest forgotten block comes first"
    assert_no_empty_day(days)
    assert_within_hours(days, result.stdout)
    assert_plan_order_on_the_clock(out)
    assert len({s["id"].split(".")[0] for s in sessions(out)}) == 196 - 50
    assert max(days) == date(2027, 2, 9), "ten days late (from Mon 21 Dec to Thu 31 Dec): the end moves nine days"

    after = json.loads(run(runner, "progress", str(checklist), "--json").stdout)
    assert after["total"]["done_minutes"] == before["total"]["done_minutes"], "hours done do not change"
    assert after["total"]["done_items"] == before["total"]["done_items"] == 50
    golden("scenarios/resume-late.json", day_view(out, result.stdout))
    golden("scenarios/resume-late.md", checklist_text(out, tmp_path))


def test_resume_before_the_plan_starts_moves_nothing(runner, tmp_path, today):
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", *HOURS)
    first = sessions(out)
    result = schedule(runner, out, "--resume", str(out / f"{PLAN_ID}.md"), "--start", "tomorrow")
    assert sessions(out) == first, "the same dates, times and SEQUENCE"
    assert "Against the last schedule: 196 unchanged" in result.stdout


def test_missed_drop_keeps_the_dropped_in_the_checklist_and_counts_them(runner, tmp_path, golden):
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", *HOURS)
    checklist = out / f"{PLAN_ID}.md"
    tick(checklist, lambda i: i.startswith("w1-"))  # week 2 went by untouched
    first = {s["id"]: s for s in sessions(out)}

    result = schedule(runner, out, "--resume", str(checklist), "--missed", "drop", "--start", "2026-12-21")
    assert "26 unfinished items dated before Mon 21 Dec are dropped (--missed drop)" in result.stdout
    assert all(s == {**first[s["id"]], "sequence": s["sequence"]} for s in sessions(out)), "the rest keeps its dates"
    text = checklist.read_text(encoding="utf-8")
    week2 = text[text.index("## Week 2") : text.index("## Week 3")]
    assert "(26 dropped)" in week2.splitlines()[0], "a week of dropped work is not (done)"
    assert len(re.findall(r"^- \[ \] \*\*.*<!-- w2-", week2, re.M)) == 26, "every dropped block is still there to tick"
    golden("scenarios/drop-week-2.md", week2)

    progress = run(runner, "progress", str(checklist)).stdout
    assert "26 of 196 items done (26 dropped)" in progress
    assert re.search(r"Week 2 .* 0/26, 26 dropped", progress), progress
    tick(checklist, lambda i: i == "w2-mon-1")  # caught up on one of them after all
    figures = json.loads(run(runner, "progress", str(checklist), "--json").stdout)
    assert (figures["weeks"]["2"]["done_items"], figures["weeks"]["2"]["dropped_items"]) == (1, 25)


# -------------------------------------------------------------------- fit


def test_stretch_at_1h_3h_splits_long_blocks_and_runs_no_day_over_its_hours(runner, tmp_path, golden, bundled_plan):
    out = tmp_path / "out"
    result = schedule(
        runner,
        out,
        "--start",
        "2026-12-07",
        "--tz",
        "Europe/Berlin",
        "--fit",
        "stretch",
        "--weekday-hours",
        "1",
        "--weekend-hours",
        "3",
        "--verbose",
    )
    written = {
        f"w{w.week}-{d.day}-{i + 1}": b.minutes
        for w in bundled_plan.weeks
        for d in w.days
        for i, b in enumerate(d.blocks)
    }
    parts: dict[str, int] = defaultdict(int)
    for s in sessions(out):
        parts[s["id"].split(".")[0]] += s["minutes"] or 0
    assert all(parts[i] == (m or 0) for i, m in written.items()), "no block is shortened: its parts add up to it"
    days = by_day(out)
    # the last block, a 90 min mock, waits for Sat 1 May, the first day that holds it
    assert [s["activity"] for s in days[max(days)]] == [
        "Mock"
    ] and "Mock (1 h 30 min, fixed) on Sat 1 May" in result.stdout
    assert_no_empty_day({on: day for on, day in days.items() if on < max(days)})
    assert "over your hours" not in result.stdout
    for on, day in days.items():  # no day over its hours, and so no session longer than its day
        assert sum(s["minutes"] or 0 for s in day) <= budget(on, 1, 3), on
    assert_plan_order_on_the_clock(out)
    # 216 h at 11 h a week is about 20 weeks, not 8
    assert max(days) > date(2027, 4, 1)
    golden("scenarios/stretch-1h-3h.json", day_view(out, result.stdout))
    golden("scenarios/stretch-1h-3h.md", checklist_text(out, tmp_path))


def test_by_with_stretch_starts_tomorrow_and_shortens_every_block_by_one_factor(
    runner, tmp_path, today, bundled_plan, golden
):
    out = tmp_path / "out"
    result = schedule(runner, out, *HOURS, "--fit", "stretch", "--by", "2027-02-20")
    days = by_day(out)
    # tomorrow is Wed 2 Dec; plan weekdays stay calendar weekdays, so it starts on the Monday after
    assert "start moved from Wed 2 Dec 2026 to Mon 7 Dec 2026" in result.stdout
    assert min(days) == date(2026, 12, 7), "not as late as possible: the first Monday it can"
    assert max(days) < date(2027, 2, 20), "and finishes the day before the interview"
    factor = float(re.search(r"\(f = (\d\.\d\d)\)", result.stdout)[1])  # type: ignore[index]
    assert 0.5 < factor < 1
    written = {
        f"w{w.week}-{d.day}-{i + 1}": (b.minutes, b.fixed)
        for w in bundled_plan.weeks
        for d in w.days
        for i, b in enumerate(d.blocks)
    }
    for session in sessions(out):
        if "." in session["id"]:
            continue  # a part of a block split across days
        minutes, fixed = written[session["id"]]
        if minutes is None:
            continue
        if fixed:
            assert session["minutes"] == minutes, "mocks keep their length"
        else:
            assert abs(session["minutes"] - max(10, minutes * factor)) <= 2.5, session["id"]
    assert_plan_order_on_the_clock(out)
    golden("scenarios/stretch-by.json", day_view(out, result.stdout))
    golden("scenarios/stretch-by.md", checklist_text(out, tmp_path))


def test_by_that_cannot_be_met_says_what_would_meet_it(runner, tmp_path, today):
    result = runner.invoke(
        app, ["schedule", "--out", str(tmp_path), *HOURS, "--fit", "stretch", "--by", "2027-01-20"], env=EPOCH
    )
    assert result.exit_code == 2
    message = result.stderr.strip()
    # Even with every block at its shortest, the mocks keep their length and wait for days that
    # hold them (week 7 Thursday's 180 min, the full loop's 150 + 120 min, week 8 Tuesday's
    # 180 min on 2 h weekdays): the plan ends Mon 1 Feb, a day after the undisturbed plan.
    assert "the earliest interview date is Tue 2 Feb 2027" in message, message
    week = re.search(r"--from-week (\d+)", message)
    assert week, message
    check = runner.invoke(
        app,
        [
            "schedule",
            "--out",
            str(tmp_path / "advice"),
            *HOURS,
            "--fit",
            "stretch",
            "--from-week",
            week[1],
            "--by",
            "2027-01-20",
            "--format",
            "json",
        ],
        env=EPOCH,
    )
    assert check.exit_code == 0, check.output
    assert max(by_day(tmp_path / "advice")) < date(2027, 1, 20), "the advice works"


def test_a_mock_day_at_one_hour_keeps_the_mock_and_says_the_day_runs_over(runner, tmp_path, golden):
    out = tmp_path / "out"
    result = schedule(runner, out, "--start", "2026-12-07", "--tz", "Europe/Berlin", "--hours", "1", "--verbose")
    saturday = {s["id"]: s["minutes"] for s in by_day(out)[date(2026, 12, 19)]}
    assert saturday == {"w2-sat-1": 10, "w2-sat-2": 10, "w2-sat-3": 60}, "the coding mock keeps its hour"
    assert "because fixed-length blocks (mocks) keep their length: Sat 19 Dec 2026 +20 min" in result.stdout
    assert re.search(r"at 1 h a day this schedule holds \d+ h of the plan's 216 h", result.stdout)
    assert_within_hours(by_day(out), result.stdout, weekday=1, weekend=1)
    assert_plan_order_on_the_clock(out)
    golden("scenarios/one-hour.json", day_view(out, result.stdout))


# -------------------------------------------------------------------- work hours


def test_work_hours_keep_a_weekend_plan_day_on_a_weekday_out_of_the_office(runner, tmp_path, golden):
    out = tmp_path / "out"
    # Without alignment from Wed 9 Dec, the plan's first Saturday lands on Mon 14 Dec.
    result = schedule(runner, out, "--start", "2026-12-09", "--no-align", *HOURS, "--work-hours", "mon-fri 09:00-17:30")
    days = by_day(out)
    monday = days[date(2026, 12, 14)]
    assert {s["day"] for s in monday} == {"sat"}
    for on, day in days.items():
        for s in day:
            if on.weekday() < 5 and s["start"]:
                start, end = s["start"][11:16], s["end"][11:16]
                assert end <= "09:00" or start >= "17:30", f"{s['id']} {start}-{end} in working hours"
    assert re.search(r"busy time moved \d+ blocks within their day", result.stdout)
    assert "around busy time" not in result.stdout, "one summary line, not one per block"
    record = json.loads((out / f"{PLAN_ID}.record.json").read_text(encoding="utf-8"))
    assert record["options"]["work_hours"] == ["mon-fri 09:00-17:30"], "a resume keeps them"
    assert_plan_order_on_the_clock(out)
    golden("scenarios/work-hours.json", day_view(out, result.stdout))
    golden("scenarios/work-hours.md", checklist_text(out, tmp_path))


# -------------------------------------------------------------------- parts and waiting mocks


def test_the_readme_resume_example_ends_six_days_late_and_starts_with_what_was_missed(
    clock, runner, tmp_path, golden, monkeypatch
):
    """Two untouched days, then the README's command: --start tomorrow with four days off."""
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", *HOURS)
    clock(datetime(2026, 12, 8, 21, 0, tzinfo=BERLIN))  # Tue evening: Mon and Tue went by
    result = schedule(
        runner, out, "--resume", str(out / f"{PLAN_ID}.md"), "--start", "tomorrow", "--skip", "2026-12-24..2026-12-27"
    )
    days = by_day(out)
    assert min(days) == date(2026, 12, 9)
    first = sorted(days[date(2026, 12, 9)], key=lambda s: s["start"])
    assert first[0]["id"] == "w1-mon-1" and first[0]["start"][11:16] == "07:00", "Monday's work comes first"
    assert max(days) == date(2027, 2, 6), "2 days missed + 4 days off: six days after Sun 31 Jan"
    assert_plan_order_on_the_clock(out)
    assert_within_hours(days, result.stdout)
    golden("scenarios/readme-resume.json", day_view(out, result.stdout))
    golden(
        "scenarios/readme-resume.md", (out / f"{PLAN_ID}.md").read_text(encoding="utf-8").replace(str(tmp_path), "TMP")
    )


def test_a_block_split_across_days_is_done_when_both_parts_are_ticked(runner, tmp_path):
    out = tmp_path / "out"
    schedule(runner, out, "--start", "2026-12-07", *HOURS, "--skip", "2026-12-24..2026-12-27")
    checklist = out / f"{PLAN_ID}.md"
    text = checklist.read_text(encoding="utf-8")
    assert "**Study** (part 1 of 2) — ML platforms at scale" in text and "<!-- w3-sat-2.2 -->" in text
    today_view = run(runner, "today", "--date", "2026-12-30").stdout
    assert "19:00–19:35  Study (part 1 of 2) — ML platforms at scale" in today_view, today_view
    tick(checklist, lambda i: i == "w3-sat-2.1")
    half = json.loads(run(runner, "progress", str(checklist), "--json").stdout)["total"]
    assert (half["done_items"], half["done_minutes"], half["items"]) == (0, 35, 196), "part 1 counts its minutes"
    tick(checklist, lambda i: i in {"w3-sat-2.1", "w3-sat-2.2"})
    whole = json.loads(run(runner, "progress", str(checklist), "--json").stdout)["total"]
    assert (whole["done_items"], whole["done_minutes"]) == (1, 65), "both parts: the block is done"
    result = schedule(runner, out, "--resume", str(checklist), "--start", "2026-12-14")
    assert "Resumed: 1 item done, 195 left" in result.stdout
    assert not any(s["id"].startswith("w3-sat-2") for s in sessions(out)), "a done block is not placed again"


def test_a_mock_waits_for_the_weekend_while_later_blocks_fill_the_weekdays(runner, tmp_path):
    out = tmp_path / "out"
    result = schedule(
        runner,
        out,
        "--start",
        "2026-12-07",
        "--tz",
        "Europe/Berlin",
        "--fit",
        "stretch",
        "--weekday-hours",
        "1",
        "--weekend-hours",
        "3",
    )
    mock = next(s for s in sessions(out) if s["id"] == "w7-thu-2")  # "Mocks", 180 min, fixed
    assert mock["minutes"] == 180 and date.fromisoformat(mock["date"]).weekday() == 5, "whole, on a Saturday"
    before = [s for s in sessions(out) if s["id"].startswith("w7-fri-") and s["date"] < mock["date"]]
    assert before, "week 7 Friday's blocks came first, on the weekdays before"
    assert "fixed blocks (mocks) waited for the first day with room for them" in result.stdout
    # the whole schedule is the golden stretch-1h-3h story's

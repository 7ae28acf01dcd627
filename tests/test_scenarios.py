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
from tests.helpers import BERLIN, freeze_clock, tick

PLAN_ID = "mlops-8-week"
EPOCH = {"SOURCE_DATE_EPOCH": "1796083200", "COLUMNS": "200"}
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
            for s in day]
    notes = [line[len("note: "):] for line in stdout.splitlines() if line.startswith("note: ")]
    return json.dumps({"notes": notes, "days": days}, indent=1, ensure_ascii=False) + "\n"


def budget(on: date, weekday: float = 2, weekend: float = 4) -> int:
    return int((weekend if on.weekday() >= 5 else weekday) * 60)


def assert_no_empty_day(days: dict[date, list[dict]], skipped: set[date] = frozenset()) -> None:  # type: ignore[assignment]
    first, last = min(days), max(days)
    empty = [first + timedelta(days=n) for n in range((last - first).days)
             if first + timedelta(days=n) not in days and first + timedelta(days=n) not in skipped]
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
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_clock(monkeypatch, datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN))  # a Tuesday


# -------------------------------------------------------------------- skip Christmas


def test_christmas_off_in_week_3_flows_on_without_empty_days_or_workday_afternoons(runner, tmp_path, golden):
    out = tmp_path / "out"
    result = schedule(runner, out, "--start", "2026-12-07", *HOURS, "--skip", "2026-12-24..2026-12-27")
    days = by_day(out)
    christmas = {date(2026, 12, d) for d in range(24, 28)}
    assert not christmas & set(days), "nothing on the days off"
    assert_no_empty_day(days, christmas)
    assert_within_hours(days, result.stdout)
    assert_no_weekend_work_in_office_hours(days)
    # Week 3 Thursday and Friday, weekday plan days, take Mon 28 and Tue 29 Dec whole.
    assert {s["id"] for s in days[date(2026, 12, 28)]} == {f"w3-thu-{n}" for n in range(1, 5)}
    assert {s["id"] for s in days[date(2026, 12, 29)]} == {f"w3-fri-{n}" for n in range(1, 5)}
    # Its Saturday (4 h: 85 + 65 + 90 min) cannot fit a 2 h Wednesday: no block is split, the
    # order is kept, so it takes Wed 30 (85), Thu 31 (65) and Fri 1 Jan (90 min, the mock).
    assert [[s["id"] for s in days[date(2026, 12, d)]] for d in (30, 31)] == [["w3-sat-1"], ["w3-sat-2"]]
    assert [s["id"] for s in days[date(2027, 1, 1)]] == ["w3-sat-3"]
    assert "4 skipped dates (Thu 24 Dec – Sun 27 Dec): their work goes to the next free days" in result.stdout
    golden("scenarios/christmas.json", day_view(out, result.stdout))
    checklist = (out / f"{PLAN_ID}.md").read_text(encoding="utf-8").replace(str(tmp_path), "TMP")
    assert "### Thu 24 Dec — Skipped" in checklist and "### Sun 27 Dec — Skipped" in checklist, "the days off show"
    golden("scenarios/christmas.md", checklist)


# -------------------------------------------------------------------- fall behind, resume


def test_resume_ten_days_late_fills_every_day_from_the_start_and_keeps_hours_done(runner, tmp_path, golden):
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
    assert sum(s["minutes"] for s in days[date(2026, 12, 31)]) == 115  # 10 + 60 + 35 + 10, next is 65
    assert_no_empty_day(days)
    assert_within_hours(days, result.stdout)
    assert_no_weekend_work_in_office_hours(days)
    order = [s["id"] for s in sessions(out)]
    assert len(order) == 196 - 50

    after = json.loads(run(runner, "progress", str(checklist), "--json").stdout)
    assert after["total"]["done_minutes"] == before["total"]["done_minutes"], "hours done do not change"
    assert after["total"]["done_items"] == before["total"]["done_items"] == 50
    golden("scenarios/resume-late.json", day_view(out, result.stdout))


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
    week2 = text[text.index("## Week 2"):text.index("## Week 3")]
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


def test_stretch_keeps_every_block_whole_and_takes_more_days(runner, tmp_path, golden, bundled_plan):
    out = tmp_path / "out"
    result = schedule(runner, out, "--start", "2026-12-07", "--tz", "Europe/Berlin", "--fit", "stretch",
                      "--weekday-hours", "1", "--weekend-hours", "3", "--verbose")
    written = {f"w{w.week}-{d.day}-{i + 1}": b.minutes for w in bundled_plan.weeks for d in w.days
               for i, b in enumerate(d.blocks)}
    assert all(s["minutes"] == written[s["id"]] for s in sessions(out)), "no block is shortened"
    days = by_day(out)
    assert_no_empty_day(days)
    assert_within_hours(days, result.stdout, weekday=1, weekend=3)
    dates = [s["date"] for s in sessions(out)]
    order = sorted(written, key=lambda i: (int(i.split("-")[0][1:]), "montuewedthufrisatsun".index(i.split("-")[1]) // 3,
                                           int(i.split("-")[2])))
    placed = {s["id"]: s["date"] for s in sessions(out)}
    assert [placed[i] for i in order] == sorted(dates), "plan order is kept"
    # 216 h at 11 h a week is about 20 weeks, not 8
    assert max(days) > date(2027, 4, 1)
    golden("scenarios/stretch-1h-3h.json", day_view(out, result.stdout))


def test_by_with_stretch_starts_tomorrow_and_shortens_every_block_by_one_factor(runner, tmp_path, today, bundled_plan):
    out = tmp_path / "out"
    result = schedule(runner, out, *HOURS, "--fit", "stretch", "--by", "2027-03-15")
    days = by_day(out)
    # tomorrow is Wed 2 Dec; plan weekdays stay calendar weekdays, so it starts on the Monday after
    assert "start moved from Wed 2 Dec 2026 to Mon 7 Dec 2026" in result.stdout
    assert min(days) == date(2026, 12, 7), "not as late as possible: the first Monday it can"
    assert max(days) < date(2027, 3, 15), "and finishes the day before the interview"
    factor = float(re.search(r"\(f = (\d\.\d\d)\)", result.stdout)[1])  # type: ignore[index]
    assert 0.5 < factor < 1
    written = {f"w{w.week}-{d.day}-{i + 1}": (b.minutes, b.fixed) for w in bundled_plan.weeks for d in w.days
               for i, b in enumerate(d.blocks)}
    for session in sessions(out):
        minutes, fixed = written[session["id"]]
        if minutes is None:
            continue
        if fixed:
            assert session["minutes"] == minutes, "mocks keep their length"
        else:
            assert abs(session["minutes"] - max(10, minutes * factor)) <= 2.5, session["id"]


def test_by_that_cannot_be_met_says_what_would_meet_it(runner, tmp_path, today):
    result = runner.invoke(app, ["schedule", "--out", str(tmp_path), *HOURS, "--fit", "stretch", "--by",
                                 "2027-01-20"], env=EPOCH)
    assert result.exit_code == 2
    message = result.stderr.strip()
    # Even with every block at its shortest, the 56 plan days take a calendar day each from
    # Mon 7 Dec to Sun 31 Jan, and the three mocks longer than a day's hours (week 7 Thursday's
    # 180 min, the full loop's 150 + 120 min on a 4 h Saturday, week 8 Tuesday's 180 min) keep
    # their length and push one day each: the plan ends Wed 3 Feb.
    assert "the earliest interview date is Thu 4 Feb 2027" in message, message
    week = re.search(r"--from-week (\d+)", message)
    assert week, message
    check = runner.invoke(app, ["schedule", "--out", str(tmp_path / "advice"), *HOURS, "--fit", "stretch",
                                "--from-week", week[1], "--by", "2027-01-20", "--format", "json"], env=EPOCH)
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
    golden("scenarios/one-hour.json", day_view(out, result.stdout))


# -------------------------------------------------------------------- work hours


def test_work_hours_keep_a_weekend_plan_day_on_a_weekday_out_of_the_office(runner, tmp_path, golden):
    out = tmp_path / "out"
    # Without alignment from Wed 9 Dec, the plan's first Saturday lands on Mon 14 Dec.
    result = schedule(runner, out, "--start", "2026-12-09", "--no-align", *HOURS,
                      "--work-hours", "mon-fri 09:00-17:30")
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
    golden("scenarios/work-hours.json", day_view(out, result.stdout))

"""What the command line prints: outcomes, progress, today, plans and figures.

Part of the command-line adapter (the core never prints). Text from files (plans, records,
checklists) is always printed as text, never as console markup.
"""

from __future__ import annotations

import shlex
import shutil
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from prepctl.model.display import day_date, duration

if TYPE_CHECKING:
    from rich.console import Console

    from prepctl.model.plan import Plan
    from prepctl.model.record import Record
    from prepctl.reports.progress import Progress
    from prepctl.reports.stats import Stats
    from prepctl.reports.today import Day
    from prepctl.state.rewrite import NewChecklist
    from prepctl.sync import SyncOutcome
    from prepctl.workflow import Outcome


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def note(message: str, err: bool = True) -> None:
    """A note; on a terminal it wraps to its width (piped, one line each, for grep)."""
    stream = sys.stderr if err else sys.stdout
    if stream.isatty():
        import shutil
        import textwrap

        width = min(shutil.get_terminal_size().columns, 80)
        message = "\n".join(textwrap.wrap(message, width - 6, subsequent_indent="      ")) or message
    typer.echo(f"{typer.style('note:', fg='yellow')} {message}", err=err)


def print_notices(outcome: Outcome, verbose: bool) -> None:
    for notice in outcome.schedule.notices:
        if verbose or not notice.detail:
            note(notice.message, err=False)


def print_outcome(outcome: Outcome, verbose: bool = False) -> None:
    """The summary of a schedule run: plain lines (no rich), so the command starts quickly."""
    result = outcome.schedule
    first, last = result.first_date, result.last_date
    if first and last:
        typer.echo(typer.style(_plain(result.plan_title), bold=True))
        typer.echo(
            f"{len(result.sessions)} sessions from {day_date(first, year=True)} to "
            f"{day_date(last, year=True)} ({result.options.tz})"
        )
    if outcome.fresh:
        typer.echo(f"Started afresh (--fresh): the settings of the schedule in {outcome.out} were not used.")
    elif outcome.kept:
        typer.echo(
            f"Continued the schedule in {outcome.out}, keeping {', '.join(outcome.kept)} "
            "(the command line changes any of them; --fresh starts over)."
        )
    elif outcome.continued is not None:
        typer.echo(f"Continued the schedule in {outcome.out}.")
    if result.options.skip:
        from prepctl.schedule.report import date_runs

        days = len(result.options.skip)
        typer.echo(f"Days off: {date_runs(sorted(result.options.skip))} ({days} day{'s' if days != 1 else ''})")
    if result.done or result.dropped:
        from prepctl.model.schedule import block_of  # only a schedule run has one to print

        done = len({block_of(item.block_id) for item in result.done})
        typer.echo(
            f"Resumed: {plural(done, 'item')} done, {result.blocks_left} left, "
            f"ending {day_date(last, year=True) if last else '-'}"
        )
    if result.sessions:
        typer.echo("Hours per calendar week: " + _per_week(result.minutes_by_calendar_week(), verbose))
    print_notices(outcome, verbose)
    for message in outcome.skipped:
        note(message)
    checklist = outcome.new_checklist
    for message in checklist.lost if checklist else ():
        note(message)
    if outcome.changes is not None:
        typer.echo(f"Against the last schedule: {_counts(outcome.changes)}")
    for path in outcome.written:
        kept_there = (
            checklist is not None
            and path.resolve() == checklist.path.resolve()
            and path.parent.resolve() != outcome.out.resolve()
        )
        typer.echo(f"wrote {path}" + (" (your checklist, where you keep it)" if kept_there else ""))
    if checklist is not None:
        _print_kept(checklist)
    if outcome.record is not None:
        typer.echo(f"record of this schedule: {outcome.record}")
    _next_steps(outcome)


def _print_kept(checklist: NewChecklist) -> None:
    """What the new checklist kept of the person's: ticks, merged copies, their own lines, a backup."""
    for line in checklist.merged:
        typer.echo(f"ticks in two copies: {line}")
    if checklist.carried:
        sources = ", ".join(str(p) for p in checklist.sources)
        typer.echo(f"kept your {plural(checklist.carried, 'tick')} (from {sources})")
    if checklist.own_lines:
        where = (
            f", {checklist.own_at_end} at the end (their day is no longer in the schedule)"
            if checklist.own_at_end
            else ""
        )
        typer.echo(f"kept {plural(checklist.own_lines, 'line')} you wrote, under their days{where}")
    if checklist.backup is not None:
        typer.echo(f"kept your earlier checklist as {checklist.backup}: it had lines prepctl did not write")


def plural(count: int, word: str) -> str:
    """``1 tick``, ``36 ticks``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _next_steps(outcome: Outcome) -> None:
    """What a person does with what was written, in the order they do it."""
    from prepctl.state.active import sync_path

    written = {path.suffix: path for path in outcome.written}
    settings = outcome.settings
    if outcome.written and all(settings[key] is None for key in ("weekday_hours", "weekend_hours", "scale")):
        weeks: dict[int, int] = {}
        for session in outcome.schedule.sessions:
            weeks[session.week] = weeks.get(session.week, 0) + (session.minutes or 0)
        low, high = round(min(weeks.values(), default=0) / 60), round(max(weeks.values(), default=0) / 60)
        typer.echo(
            f"Hours: the plan's own ({low}–{high} h a week), as you gave none. Give yours and the plan "
            "shrinks to them: --weekday-hours 2 --weekend-hours 4 (or once for every run: "
            "`prepctl config set weekday_hours 2`)."
        )
    steps = []
    if outcome.record is not None and sync_path(outcome.record).exists():
        steps.append("prepctl sync: moves the events in the calendar you synced before")
    elif ".ics" in written:
        steps.append(f"import {written['.ics']} into a calendar of its own (or `prepctl sync` with a CalDAV server)")
    if ".pdf" in written:
        steps.append(f"print {written['.pdf']} at 100 % (actual size)")
    if ".md" in written or outcome.checklist is not None:
        checklist = written.get(".md", outcome.checklist)
        steps.append(f"each day: prepctl today; tick {checklist}; prepctl progress")
    if steps:
        typer.echo("Next:")
        for number, step in enumerate(steps, 1):
            typer.echo(f"  {number}. {step}")


def _per_week(weeks: dict[date, int], verbose: bool) -> str:
    """``18 h (7 Dec – 17 Jan), 9 h 45 min (25 – 31 Jan)``: calendar weeks in a row with the same
    hours said once; four runs at most unless --verbose."""
    runs: list[list[Any]] = []
    for monday, minutes in sorted(weeks.items()):
        if runs and (monday - runs[-1][1]).days == 7 and runs[-1][2] == minutes:
            runs[-1][1] = monday
        else:
            runs.append([monday, monday, minutes])

    def span(first: date, last_monday: date) -> str:
        sunday = date.fromordinal(last_monday.toordinal() + 6)
        if (sunday - first).days > 300:  # a run of most of a year or more: the years too
            return f"{first.day} {first:%b %Y} – {sunday.day} {sunday:%b %Y}"
        start = f"{first.day}" if first.month == sunday.month else f"{first.day} {first:%b}"
        return f"{start} – {sunday.day} {sunday:%b}"

    said = [f"{duration(minutes) or 'untimed only'} ({span(first, last)})" for first, last, minutes in runs]
    if len(said) > 4 and not verbose:
        return ", ".join(said[:4]) + f" and {len(said) - 4} more (--verbose lists each)"
    return ", ".join(said)


def _counts(changes: Any) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items()) or "nothing scheduled"


def print_changes(outcome: Outcome, verbose: bool = False) -> None:
    """What a re-import would change (``--dry-run``): counts and the typical move; every row with --verbose."""
    from rich.markup import escape

    out = console()
    if outcome.changes is None:
        out.print(
            f"No earlier schedule in {escape(str(outcome.out))}: all {len(outcome.schedule.sessions)} events "
            "would be new."
        )
    else:
        out.print(f"Against {escape(str(outcome.earlier))}: {_counts(outcome.changes)}")
        _print_moves(out, outcome.changes, verbose)
    print_notices(outcome, verbose)
    out.print("Dry run: nothing was written.")


def _print_moves(out: Console, changes: Any, verbose: bool) -> None:
    """The typical move of the moved events, and with --verbose every change."""
    from rich.markup import escape
    from rich.table import Table

    from prepctl.state.revision import MOVED, UNCHANGED

    shifts = sorted(c.days for c in changes if c.status == MOVED)
    if shifts:
        typical = shifts[len(shifts) // 2]
        way = (
            "on the same day"
            if typical == 0
            else (f"{abs(typical)} day{'s' if abs(typical) != 1 else ''} {'later' if typical > 0 else 'earlier'}")
        )
        out.print(
            f"Moved events typically move {way} (from {shifts[0]:+d} to {shifts[-1]:+d} days)"
            f"{'' if verbose else '; --verbose lists every event'}."
        )
    if verbose:
        table = Table("status", "event", "before", "after", box=None)
        for change in changes:
            if change.status != UNCHANGED:
                table.add_row(change.status, escape(change.label), change.before, change.after)
        out.print(table)


def print_sync(outcome: SyncOutcome, dry_run: bool, verbose: bool) -> None:
    """What a sync found and did; conflicts go to stderr, one line each."""
    from rich.markup import escape

    out = console()
    made = " (made now)" if outcome.made_calendar else ""
    out.print(
        f"Calendar {escape(repr(outcome.calendar))}{made} at {escape(outcome.calendar_url)}: "
        f"{_counts(outcome.changes) if outcome.changes else 'nothing of this plan yet'}"
    )
    _print_moves(out, outcome.changes, verbose)
    for block in outcome.completed_on_server:
        out.print(f"{block}: completed in a task app, counted as ticked")
    if outcome.left_deleted:
        out.print(
            f"{len(outcome.left_deleted)} deleted on the server since the last sync, left deleted "
            "(`prepctl sync --overwrite` puts them back)"
        )
    if dry_run:
        out.print(f"Dry run: nothing was written ({_requests(outcome.requests)}, all reading).")
    elif outcome.created or outcome.updated or outcome.deleted:
        out.print(
            f"Synced: {outcome.created} created, {outcome.updated} updated, {outcome.deleted} deleted "
            f"({_requests(outcome.requests)})."
        )
    else:
        out.print(f"Nothing to write: the calendar already holds this schedule ({_requests(outcome.requests)}).")
    if outcome.kept_done and not dry_run and (outcome.updated or outcome.deleted):
        out.print("Done items the schedule no longer has stay in the calendar as a log (`--done delete` removes them).")
    for line in outcome.conflicts:
        typer.echo(f"{typer.style('conflict:', fg='red')} {line}", err=True)


def _requests(count: int) -> str:
    return f"{count} request{'s' if count != 1 else ''}"


BAR = 24  # characters of a progress bar


def _bar(done: int, items: int) -> str:
    """A bar that reads in a pipe as on a terminal: the done part solid, the rest dotted."""
    filled = round(BAR * done / items) if items else 0
    return typer.style("█" * filled, fg="green") + typer.style("░" * (BAR - filled), dim=True)


def print_progress(result: Progress, checklist: Path) -> None:
    """Plain aligned lines (no rich), so progress, run every day, starts about as fast as typer."""
    total = result.total
    dropped = f" ({total.dropped_items} dropped)" if total.dropped_items else ""
    typer.echo(
        f"{typer.style(_plain(result.plan_title), bold=True)}: {total.done_items} of {total.items} items "
        f"done{dropped}, {_hours(total.done_minutes)} of {_hours(total.minutes)}"
    )
    sections: list[tuple[str, dict[str, Any]]] = [
        ("Week", {f"Week {k}": t for k, t in sorted(result.weeks.items())}),
        ("Focus area", {_plain(result.area_titles.get(k, k)): t for k, t in sorted(result.areas.items())}),
    ]
    for title, tallies in sections:
        rows = [
            (
                name,
                f"{tally.done_items}/{tally.items}"
                + (f", {tally.dropped_items} dropped" if tally.dropped_items else ""),
                f"{_hours(tally.done_minutes)} of {_hours(tally.minutes)}",
                tally,
            )
            for name, tally in tallies.items()
        ]
        name_width = max(len(title), *(len(name) for name, *_ in rows))
        done_width = max(len("done"), *(len(done) for _, done, *_ in rows))
        typer.echo(typer.style(f"\n{title:<{name_width}}  {'':<{BAR}}  {'done':<{done_width}}  hours", bold=True))
        for name, done, hours, tally in rows:
            typer.echo(f"{name:<{name_width}}  {_bar(tally.done_items, tally.items)}  {done:<{done_width}}  {hours}")
    typer.echo()
    at = result.as_of
    when = "now" if at is None else day_date(at.date()) + ("" if (at.hour, at.minute) == (0, 0) else f" {at:%H:%M}")
    if result.behind:
        command = f"prepctl schedule --resume {shlex.quote(str(checklist))} --start tomorrow"
        typer.echo(
            f"Behind: {plural(result.behind, 'block')} that ended before {when}, not ticked. To place "
            f"{'it' if result.behind == 1 else 'them'} and what follows again from tomorrow (your settings "
            f"stay):\n  {_plain(command)}"
        )
    elif result.ahead:
        typer.echo(
            f"Ahead: {plural(result.ahead, 'block')} ticked before {'its' if result.ahead == 1 else 'their'} "
            f"time ({when}); nothing is behind."
        )
    else:
        typer.echo(f"On schedule at {when}: nothing that ended is unticked.")


def print_today(days: list[Day], as_json: bool) -> None:
    """Each plan's day: its blocks, the next first, how long until it, the day's tips, behind."""
    if as_json:
        import json

        typer.echo(json.dumps({"plans": [day.as_data() for day in days]}, indent=2, ensure_ascii=False))
        return
    for number, day in enumerate(days):
        if number:
            typer.echo()
        _print_day(day.record, day.when, day.record.options.tz, day.entries)
        if day.when == day.now.date():
            _print_how_long(day.entries, day.now)
        _print_callouts(day.record, day.when, day.entries)
        if day.checklist_missing:
            typer.echo(
                f"Your checklist is no longer at {day.checklist}: if you moved it, `prepctl progress NEW-PLACE` "
                "once and prepctl reads your ticks there from then on."
            )
        elif day.behind:
            typer.echo(
                f"Behind: {plural(day.behind, 'block')} that ended before "
                f"{day_date(day.when) if day.asked else 'now'}, not ticked (`prepctl progress` shows how to "
                "move them)."
            )


def _print_day(record: Record, when: date, zone: str, entries: list[Any]) -> None:
    typer.echo(f"{typer.style(day_date(when, year=True), bold=True)} · {_plain(record.plan.title)} ({zone})")
    weeks: dict[int, list[str]] = {}  # a day after a resume can hold several plan days of a week
    for week, title in dict.fromkeys((e.session.week, e.session.day_title) for e in entries):
        weeks.setdefault(week, []).append(_plain(title))
    if weeks:
        typer.echo(" · ".join(f"Week {week}: {' · '.join(titles)}" for week, titles in weeks.items()))
    if not entries:
        dates = sorted(s.date for s in record.sessions)
        if dates and when < dates[0]:
            typer.echo(f"Nothing yet: the schedule starts on {day_date(dates[0], year=True)}.")
        elif dates and when > dates[-1]:
            typer.echo(f"Nothing: the schedule ended on {day_date(dates[-1], year=True)}.")
        else:
            typer.echo("Nothing scheduled on this day: a rest day.")
    marks = {
        "done": typer.style("✓ done", fg="green"),
        "now": typer.style("▶ now", bold=True),
        "next": typer.style("→ next", bold=True),
        "past": "",
        "later": "",
        "all-day": "",
    }
    for entry in entries:
        session = entry.session
        span = f"{session.start:%H:%M}–{session.end:%H:%M}" if session.start and session.end else "any time"
        details = f" — {_plain(session.details)}" if session.details else ""
        mark = marks[entry.state]
        padding = " " * (6 - len(typer.unstyle(mark)))
        part = f" (part {session.part} of {session.parts})" if session.part else ""
        typer.echo(f"{padding}{mark}  {span:<11}  {typer.style(_plain(session.activity), bold=True)}{part}{details}")


def _print_how_long(entries: list[Any], now: datetime) -> None:
    """How long until the next block, or how long the current one still runs, in words."""
    for entry in entries:
        session = entry.session
        if entry.state == "next" and session.start is not None:
            typer.echo(f"Next block in {_hours(max(1, (session.start - now).total_seconds() / 60))}.")
        elif entry.state == "now" and session.end is not None:
            typer.echo(f"On now: {_hours(max(1, (session.end - now).total_seconds() / 60))} left.")


def _print_callouts(record: Record, when: date, entries: list[Any]) -> None:
    """The tips and warnings of the plan days that begin on this date (not on their continued days)."""
    first_dates: dict[tuple[int, str], date] = {}
    for session in record.sessions:
        key = (session.week, session.day)
        first_dates[key] = min(first_dates.get(key, session.date), session.date)
    days = dict.fromkeys(
        (e.session.week, e.session.day) for e in entries if first_dates.get((e.session.week, e.session.day)) == when
    )
    width = min(shutil.get_terminal_size().columns, 100)
    for week, day in days:
        for callout in record.plan.callouts.get(f"{week}-{day}", ()):
            text = f"{callout.kind.capitalize()}: {_plain(callout.title)}"
            if callout.body:
                text += f" — {_plain(callout.body)}"
            typer.echo(textwrap.fill(text, width, subsequent_indent="  "))
            for item in callout.items:
                typer.echo(textwrap.fill(_plain(item), width, initial_indent="  - ", subsequent_indent="    "))


def _hours(minutes: float) -> str:
    return duration(round(minutes)) or "0 min"


def _plain(text: str) -> str:
    """Text from a file, with control characters (terminal escape sequences) made visible."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def print_plans(plans: list[tuple[str, Plan]]) -> None:
    """One line per plan: where it comes from, its title (text from a file, shown as text) and size."""
    for source, plan in plans:
        blocks = sum(len(day.blocks) for week in plan.weeks for day in week.days)
        typer.echo(
            f"{typer.style(_plain(source), bold=True)}  {_plain(plan.title)}  "
            f"({plural(len(plan.weeks), 'week')}, {plural(blocks, 'item')})"
        )


def print_plan(plan: Plan, only_week: int | None) -> None:
    """One aligned table per week: each day's total and blocks, its callouts in full, the milestone."""
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(f"[bold]{escape(plan.title)}[/bold]  ({plan.id})")
    if plan.summary:
        out.print(escape(plan.summary))
    for week in plan.weeks:
        if only_week is not None and week.week != only_week:
            continue
        total = sum(block.minutes or 0 for day in week.days for block in day.blocks)
        out.print()
        out.rule(f"[bold]Week {week.week}: {escape(week.title)}[/bold]  {duration(total)}")
        if week.goal:
            out.print(f"Goal: {escape(week.goal)}")
        table = Table("", "slot", "time", "what", "focus", box=None, padding=(0, 1), show_header=False, show_edge=False)
        for day in week.days:
            minutes = sum(block.minutes or 0 for block in day.blocks)
            table.add_row(
                f"[bold]{day.day.capitalize()}[/bold]", "", duration(minutes), f"[bold]{escape(day.title)}[/bold]", ""
            )
            for block in day.blocks:
                table.add_row(
                    "",
                    escape(block.label or block.slot or ""),
                    duration(block.minutes) or "untimed",
                    f"{escape(block.activity)}{' — ' + escape(block.details) if block.details else ''}",
                    f"[dim]{escape(plan.focus_areas[block.focus].title)}[/dim]",
                )
            for callout in day.callouts:
                items = "".join(f"\n  • {escape(item)}" for item in callout.items)
                table.add_row(
                    "",
                    "",
                    "",
                    f"[italic]{callout.kind.upper()}: {escape(callout.title)}[/italic]"
                    f"{' — ' + escape(callout.body) if callout.body else ''}{items}",
                    "",
                )
        out.print(table)
        if week.milestone:
            items = "".join(f"\n  ☐ {escape(item)}" for item in week.milestone.items)
            out.print(f"☐ [bold]{escape(week.milestone.title)}[/bold]{items}")


def print_stats(figures: Stats) -> None:
    """The figures in the unit every output uses (``3 h 20 min``), in tables that fit 80 columns."""
    from rich.markup import escape
    from rich.table import Table

    width = 14
    out = console()
    table = Table(
        "Focus area",
        "planned",
        "scheduled",
        "share",
        "target",
        "",
        title="Hours by focus area",
        title_justify="left",
        box=None,
    )
    for key, area in figures.areas.items():
        share = figures.share(key)
        bar = "█" * round(share * width) + "·" * (width - round(share * width))
        marker = round(area.target_share * width)
        bar = bar[:marker] + "|" + bar[marker + 1 :] if marker < width else bar + "|"
        table.add_row(
            escape(area.title),
            _hours(area.planned_minutes),
            _hours(area.scheduled_minutes),
            f"{share:.0%}",
            f"{area.target_share:.0%}",
            bar,
        )
    table.add_row("Total", _hours(figures.planned_minutes), _hours(figures.scheduled_minutes), "", "", "", style="bold")
    out.print(table)
    out.print("Bar: share of scheduled time; |: the plan's target share.")
    weeks = Table(
        "Week",
        *(escape(a.title) for a in figures.areas.values()),
        "total",
        title="Scheduled hours per week",
        title_justify="left",
        box=None,
    )
    for week, minutes in sorted(figures.weeks.items()):
        weeks.add_row(str(week), *(_hours(m) for m in minutes.values()), _hours(sum(minutes.values())))
    out.print(weeks)
    kinds = Table("Activity", "scheduled", title="Scheduled hours per activity", title_justify="left", box=None)
    for activity, spent in sorted(figures.activities.items(), key=lambda item: -item[1]):
        kinds.add_row(escape(activity), _hours(spent))
    out.print(kinds)
    out.print(f"Problems to solve (LeetCode and others the plan names): {figures.problems_planned}")

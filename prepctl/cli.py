"""The command line: parse options, call the core, print, map errors to exit codes.

No logic a library user would need lives here. Heavy modules (pydantic, icalendar,
jinja2, weasyprint) are imported inside the commands that use them. No postponed
annotations here: Typer would evaluate every one of them as a string on each start.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from prepctl import __version__
from prepctl.errors import EXIT_BAD_INPUT, EXIT_UNEXPECTED, PlanError, PrepctlError

if TYPE_CHECKING:
    from rich.console import Console

    from prepctl.model import Plan
    from prepctl.schedule import Schedule

DEFAULT_PLAN = "mlops-8-week"


class _Group(TyperGroup):
    """The one place where errors become a line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.UsageError as error:
            command = error.ctx.command_path if error.ctx else "prepctl"
            _fail(f"{command}: {error.format_message()}", EXIT_BAD_INPUT)
        except PlanError as error:
            for problem in error.problems:
                typer.echo(problem, err=True)
            raise typer.Exit(error.exit_code) from None
        except PrepctlError as error:
            _fail(f"prepctl: {error}", error.exit_code)
        except KeyboardInterrupt:
            _fail("prepctl: interrupted; no file was changed half way", 130)
        except BrokenPipeError:
            # the reader went away (| head): nothing more to say, and nowhere to say it
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit
            raise typer.Exit(141) from None
        except Exception as error:
            if _debug_wanted(ctx):
                raise
            _fail(f"prepctl: unexpected error (this is a bug): {type(error).__name__}: {error}. "
                  "Run again with --debug to see the traceback and report it.", EXIT_UNEXPECTED)


def _fail(message: str, status: int) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(status)


def _debug_wanted(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug")) or bool(os.environ.get("PREPCTL_DEBUG"))


app = typer.Typer(
    cls=_Group,
    name="prepctl",
    help="Turn a week-by-week study plan into a personal schedule: calendar, checklist, sheets.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: no rich import on --help, so it starts fast
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prepctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of unexpected errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    ctx.obj = {"debug": debug}


def main() -> None:
    """Console entry point."""
    app(prog_name="prepctl")


def _console(stderr: bool = False) -> "Console":
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _complete_plan(incomplete: str) -> list[str]:
    from prepctl.resources import bundled_plan_ids

    return [plan for plan in bundled_plan_ids() if plan.startswith(incomplete)]


def _complete_zone(incomplete: str) -> list[str]:
    from zoneinfo import available_timezones

    return sorted(zone for zone in available_timezones() if zone.lower().startswith(incomplete.lower()))


HoursOption = Annotated[float | None, typer.Option(help="Hours you have every day.")]
WeekdayHoursOption = Annotated[float | None, typer.Option(help="Hours you have on a weekday.")]
WeekendHoursOption = Annotated[float | None, typer.Option(help="Hours you have on a weekend day.")]
ScaleOption = Annotated[float | None, typer.Option(help="Multiply every block by this factor instead.")]


def _day_hours(hours: float | None, weekday: float | None, weekend: float | None) -> tuple[float | None, ...]:
    """--hours is both; it cannot be combined with either of the other two."""
    from prepctl.errors import BadInputError

    if hours is not None and (weekday is not None or weekend is not None):
        raise BadInputError("--hours: use either --hours or --weekday-hours/--weekend-hours, not both")
    return (hours, hours) if hours is not None else (weekday, weekend)


PlanArgument = Annotated[str, typer.Argument(
    help="A bundled plan id (see `prepctl plans`) or a path to a plan YAML file.",
    autocompletion=_complete_plan)]


@app.command()
def plans(paths: Annotated[list[Path] | None, typer.Argument(help="Plan files to list too.")] = None) -> None:
    """List the bundled plans (and any plan files given), one line each.

    Example:

    \b
      prepctl plans
    """
    from prepctl.plan import load_plan
    from prepctl.resources import bundled_plan_ids

    console = _console()
    for source in [*bundled_plan_ids(), *(paths or [])]:
        plan = load_plan(source if isinstance(source, Path) else str(source))
        blocks = sum(len(day.blocks) for week in plan.weeks for day in week.days)
        label = source if isinstance(source, str) else str(source)
        console.print(f"[bold]{label}[/bold]  {plan.title}  ({len(plan.weeks)} weeks, {blocks} items)")


@app.command()
def show(
    plan: PlanArgument = DEFAULT_PLAN,
    week: Annotated[int | None, typer.Option(help="Show only this week.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the normalized plan as JSON.")] = False,
) -> None:
    """Show a plan in the terminal, or as normalized JSON.

    Example:

    \b
      prepctl show mlops-8-week --week 3
    """
    import json

    from prepctl.errors import BadInputError
    from prepctl.plan import load_plan, plan_as_data

    loaded = load_plan(plan)
    numbers = [w.week for w in loaded.weeks]
    if week is not None and week not in numbers:
        raise BadInputError(f"--week: the plan has weeks {numbers[0]} to {numbers[-1]}, got {week}")
    if as_json:
        data = plan_as_data(loaded)
        if week is not None:
            data["weeks"] = [w for w in data["weeks"] if w["week"] == week]
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_plan(loaded, week)


def _print_plan(plan: "Plan", only_week: int | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    from prepctl.templating import duration

    console = _console()
    console.print(f"[bold]{escape(plan.title)}[/bold]  ({plan.id})")
    if plan.summary:
        console.print(escape(plan.summary))
    for week in plan.weeks:
        if only_week is not None and week.week != only_week:
            continue
        console.print()
        console.rule(f"[bold]Week {week.week}: {escape(week.title)}")
        if week.goal:
            console.print(f"Goal: {escape(week.goal)}")
        for day in week.days:
            table = Table(title=f"{day.day.capitalize()} — {escape(day.title)}", title_justify="left",
                          show_header=False, box=None, padding=(0, 1))
            for block in day.blocks:
                table.add_row(block.label or block.slot or "", duration(block.minutes) or "untimed",
                              f"[bold]{escape(block.activity)}[/bold]", escape(block.details),
                              f"[dim]{block.focus}[/dim]")
            console.print(table)
            for callout in day.callouts:
                console.print(f"  [italic]{callout.kind.upper()}: {escape(callout.title)}[/italic]")


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Plan files to check.")]) -> None:
    """Check plan files; print every problem as FILE:LINE:COL: field: message.

    Exit status 2 if any file has a problem.

    Example:

    \b
      prepctl validate myplan.yaml
    """
    from prepctl.plan import load_plan

    problems: list[str] = []
    for file in files:
        try:
            plan = load_plan(file if file.is_file() else str(file))
        except PlanError as error:
            problems.extend(error.problems)
        except PrepctlError as error:
            problems.append(str(error))
        else:
            typer.echo(f"{file}: ok ({plan.id}, {len(plan.weeks)} weeks)")
    if problems:
        raise PlanError(problems)


@app.command()
def schedule(
    plan: PlanArgument = DEFAULT_PLAN,
    start: Annotated[str | None, typer.Option(
        help="First day: YYYY-MM-DD, today or tomorrow. Default: today (moved to the plan's first weekday).")] = None,
    tz: Annotated[str | None, typer.Option(help="IANA time zone, e.g. Europe/Berlin. Default: the system's.",
                                           autocompletion=_complete_zone)] = None,
    no_align: Annotated[bool, typer.Option(
        "--no-align", help="Map plan day 1 to the start date and go on day by day.")] = False,
    hours: HoursOption = None,
    weekday_hours: WeekdayHoursOption = None,
    weekend_hours: WeekendHoursOption = None,
    scale: ScaleOption = None,
    slot: Annotated[list[str] | None, typer.Option(help="Slot clock time, NAME=HH:MM (repeatable).")] = None,
    granularity: Annotated[int, typer.Option(help="Round scaled blocks to this many minutes.")] = 5,
    min_block: Annotated[int, typer.Option(help="Never scale a block below this many minutes.")] = 10,
    day_start: Annotated[str | None, typer.Option(help="No session before this time (HH:MM). [default: 06:00]")] = None,
    day_end: Annotated[str | None, typer.Option(help="No session after this time (HH:MM). [default: 23:59]")] = None,
    alarm: Annotated[int | None, typer.Option(help="Add a reminder this many minutes before each block.")] = None,
    skip: Annotated[list[str] | None, typer.Option(
        help="A date (or DATE..DATE) with no study; later days shift (repeatable).")] = None,
    by: Annotated[str | None, typer.Option(
        help="Interview date: start as late as possible and still finish the day before.")] = None,
    busy: Annotated[list[Path] | None, typer.Option(
        help="An .ics calendar whose events are busy time to plan around (repeatable).")] = None,
    from_week: Annotated[int | None, typer.Option(help="Join the plan at this week.")] = None,
    resume: Annotated[Path | None, typer.Option(
        help="A ticked checklist: schedule only what is left, from --start.")] = None,
    missed: Annotated[str, typer.Option(
        help="With --resume: shift (everything left moves later) or drop "
             "(unfinished items before --start are dropped).")] = "shift",
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what a re-import would change against the schedule in --out; write nothing.")] = False,
    formats: Annotated[str | None, typer.Option(
        "--format", help="Comma-separated: ics,md,html,pdf,json. Default: all.")] = None,
    paper: Annotated[str | None, typer.Option(help="Paper size of the PDF: a4 or letter. [default: a4]")] = None,
    templates: Annotated[Path | None, typer.Option(
        help="A folder of templates that replace the bundled ones of the same name.")] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder. [default: out]")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Say where each setting that is not a default came from.")] = False,
) -> None:
    """Schedule a plan into your calendar and write the output files.

    Example:

    \b
      prepctl schedule --start 2026-12-07 --tz Europe/Berlin --weekday-hours 2 --weekend-hours 4
    """
    from prepctl.config import Setting, Settings
    from prepctl.errors import BadInputError
    from prepctl.inputs import parse_clock, parse_date, parse_formats, parse_skip, parse_slot
    from prepctl.plan import load_plan
    from prepctl.render import FORMATS, RenderContext, render
    from prepctl.revision import read_previous, with_sequences
    from prepctl.schedule import Options, build_schedule, latest_start, zone_of

    given_weekday, given_weekend = _day_hours(hours, weekday_hours, weekend_hours)
    if start is not None and by is not None:
        raise BadInputError("--by: use either --start or --by (which picks the start), not both")
    if missed not in ("shift", "drop"):
        raise BadInputError(f"--missed: expected shift or drop, got {missed!r}")

    settings = Settings()
    picked = {
        "tz": settings.pick("tz", tz, None),
        "weekday_hours": settings.pick("weekday_hours", given_weekday, None),
        "weekend_hours": settings.pick("weekend_hours", given_weekend, None),
        "day_start": settings.pick("day_start", day_start, "06:00"),
        "day_end": settings.pick("day_end", day_end, "23:59"),
        "paper": settings.pick("paper", paper, "a4"),
        "out": settings.pick("out", str(out) if out is not None else None, "out"),
        "alarm": settings.pick("alarm", alarm, None),
    }
    if scale is not None and given_weekday is None and given_weekend is None:
        # a --scale factor replaces hours remembered in the environment or config file
        picked["weekday_hours"] = picked["weekend_hours"] = Setting(None, "default")
    value = {key: setting.value for key, setting in picked.items()}
    paper, out = str(value["paper"]).lower(), Path(value["out"])
    if paper not in ("a4", "letter"):
        raise BadInputError(f"--paper: expected a4 or letter, got {value['paper']!r}")
    chosen = parse_formats(formats, list(FORMATS)) if formats else list(FORMATS)
    zone_name = value["tz"] or _system_zone()
    zone = zone_of(zone_name)
    loaded = load_plan(plan)
    today = datetime.now(zone).date()
    options = Options(
        start=parse_date(start, "--start", today) if start else today,
        tz=zone_name,
        align=not no_align,
        weekday_hours=value["weekday_hours"],
        weekend_hours=value["weekend_hours"],
        scale=scale,
        slots={**{name: parse_clock(s.value, f"slots.{name} ({s.source})")
                  for name, s in settings.slots().items() if name in loaded.slots},
               **dict(parse_slot(s, list(loaded.slots)) for s in slot or [])},
        granularity=granularity,
        min_block=min_block,
        day_start=parse_clock(value["day_start"], "--day-start"),
        day_end=parse_clock(value["day_end"], "--day-end"),
        alarm=value["alarm"],
        skip=frozenset().union(*(parse_skip(s, today) for s in skip or [])),
        from_week=from_week,
    )
    if resume is not None:
        from prepctl.resume import resume_options

        options = resume_options(loaded, options, resume, missed)
    if by is not None:
        options = replace(options, start=latest_start(loaded, options, parse_date(by, "--by", today), today))
    result = build_schedule(loaded, options)
    if busy and result.first_date and result.last_date:
        from prepctl.busy import load_busy

        options = replace(options, busy=load_busy(busy, result.first_date, result.last_date, zone))
        result = build_schedule(loaded, options)
    previous = read_previous(out / f"{loaded.id}.json")
    result = with_sequences(result, previous)
    if dry_run:
        _print_changes(result, previous)
        return
    if explain:
        for key, setting in picked.items():
            if setting.source != "default":
                typer.echo(f"{key} = {setting.value}  ({setting.source})")
        for name, setting in settings.slots().items():
            typer.echo(f"slots.{name} = {setting.value}  ({setting.source})")
    context = RenderContext(stamp=_stamp(), templates=templates, paper=paper, workers=_cores())
    files = {}
    skipped: list[str] = []
    for fmt in chosen:
        try:
            with _working(f"Rendering {fmt.upper()}…" if fmt == "pdf" else None):
                files[f"{loaded.id}.{fmt}"] = render(fmt, result, loaded, context)
        except PrepctlError as error:
            if formats or fmt != "pdf":  # asked for by name: a clear failure
                raise
            skipped.append(f"no PDF: {error}")  # the default set goes on without it
    from prepctl.output import write_files

    written = write_files(out, files)
    _print_summary(result, written)
    for message in skipped:
        typer.echo(f"{typer.style('note:', fg='yellow')} {message}", err=True)


def _print_changes(result: "Schedule", previous: Any) -> None:
    from rich.markup import escape
    from rich.table import Table

    from prepctl.revision import UNCHANGED, compare

    console = _console()
    if previous is None:
        console.print(f"No earlier schedule in the output folder: all {len(result.sessions)} events would be new.")
        return
    changes = compare(result, previous)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    console.print(f"Against {previous.path}: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
    table = Table("status", "event", "before", "after", box=None)
    for change in changes:
        if change.status != UNCHANGED:
            table.add_row(change.status, escape(change.label), change.before, change.after)
    console.print(table)
    console.print("Dry run: nothing was written.")


@contextmanager
def _working(message: str | None) -> Iterator[None]:
    """A spinner for long work on a terminal; silent when output is piped."""
    if message is None or not sys.stderr.isatty():
        yield
        return
    with _console(stderr=True).status(message):
        yield


@app.command()
def progress(
    checklist: Annotated[Path, typer.Argument(help="The checklist you tick (written by schedule).")],
    schedule_file: Annotated[Path | None, typer.Option(
        "--schedule", help="The schedule JSON. Default: the .json beside the checklist.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Show how far you are: per week and focus area, hours, ahead or behind.

    Example:

    \b
      prepctl progress out/mlops-8-week.md
    """
    from prepctl.progress import measure, read_schedule, read_ticks

    ticks = read_ticks(checklist)
    data = read_schedule(schedule_file or checklist.with_suffix(".json"))
    zone = _schedule_zone(data)
    result = measure(data, ticks, datetime.now(zone).date())
    if as_json:
        import dataclasses
        import json

        document = dataclasses.asdict(result)
        document["as_of"] = str(result.as_of)
        document["ahead_by"] = result.ahead_by
        typer.echo(json.dumps(document, indent=2))
        return
    _print_progress(result)


def _schedule_zone(data: dict[str, Any]) -> Any:
    from prepctl.errors import BadInputError
    from prepctl.today import zone_of_schedule

    try:
        return zone_of_schedule(data)
    except Exception:  # a zone name the schedule file should not have
        raise BadInputError(f"the schedule names an unknown time zone {data['options']['tz']!r}") from None


def _print_progress(result: Any) -> None:
    from rich.progress_bar import ProgressBar
    from rich.table import Table

    from prepctl.templating import duration

    console = _console()
    total = result.total
    console.print(f"[bold]{result.plan_title}[/bold]: {total.done_items} of {total.items} items done, "
                  f"{duration(total.done_minutes) or '0 min'} of {duration(total.minutes)}")
    for title, tallies, name in (("Week", result.weeks, lambda k: f"Week {k}"),
                                 ("Focus area", result.areas, lambda k: result.area_titles.get(k, k))):
        table = Table(title, "", "done", "hours", box=None, title_justify="left")
        for key, tally in sorted(tallies.items()):
            table.add_row(name(key), ProgressBar(total=max(tally.items, 1), completed=tally.done_items, width=30),
                          f"{tally.done_items}/{tally.items}",
                          f"{tally.done_minutes / 60:.1f} / {tally.minutes / 60:.1f} h")
        console.print(table)
    if result.ahead_by > 0:
        console.print(f"Ahead of the calendar by {result.ahead_by} items as of {result.as_of}.")
    elif result.ahead_by < 0:
        console.print(f"Behind the calendar by {-result.ahead_by} items as of {result.as_of}: "
                      "`prepctl schedule --resume CHECKLIST --start tomorrow` moves what is left.")
    else:
        console.print(f"On schedule as of {result.as_of}.")


@app.command()
def today(
    out: Annotated[Path | None, typer.Option(help="The folder schedule wrote to. [default: out]")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Another day: YYYY-MM-DD, today or tomorrow.")] = None,
    plan: Annotated[str | None, typer.Option(help="The plan id, when --out holds several schedules.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the day's sessions as JSON.")] = False,
) -> None:
    """What is scheduled today, the next block first, with what is ticked.

    Example:

    \b
      prepctl today --out out
    """
    from prepctl.config import Settings
    from prepctl.errors import PrepctlError
    from prepctl.inputs import parse_date
    from prepctl.progress import read_schedule, read_ticks
    from prepctl.today import agenda, find_schedule

    path = find_schedule(Path(Settings().pick("out", out, "out").value), plan)
    data = read_schedule(path)
    zone = _schedule_zone(data)
    now = datetime.now(zone)
    day = parse_date(on, "--date", now.date()) if on else now.date()
    checklist = path.with_suffix(".md")
    try:
        done = read_ticks(checklist).done if checklist.exists() else frozenset()
    except PrepctlError:
        done = frozenset()
    entries = agenda(data, day, now, done)
    if as_json:
        import json

        typer.echo(json.dumps([{**e.session, "state": e.state} for e in entries], indent=2, ensure_ascii=False))
        return
    typer.echo(f"{typer.style(_day(day), bold=True)} · {data['plan']['title']} ({zone.key})")
    if not entries:
        dates = sorted(s["date"] for s in data["sessions"])
        if dates and day.isoformat() < dates[0]:
            typer.echo(f"Nothing yet: the schedule starts on {_day(date.fromisoformat(dates[0]))}.")
        elif dates and day.isoformat() > dates[-1]:
            typer.echo(f"Nothing: the schedule ended on {_day(date.fromisoformat(dates[-1]))}.")
        else:
            typer.echo("Nothing scheduled on this day: a rest day.")
    marks = {"done": typer.style("✓ done", fg="green"), "now": typer.style("▶ now", bold=True),
             "next": typer.style("→ next", bold=True), "past": "", "later": "", "all-day": ""}
    for entry in entries:
        session = entry.session
        when = f"{entry.start:%H:%M}–{entry.end:%H:%M}" if entry.start and entry.end else "any time"
        details = f" — {session['details']}" if session["details"] else ""
        mark = marks[entry.state]
        padding = " " * (6 - len(typer.unstyle(mark)))
        typer.echo(f"{padding}{mark}  {when:<11}  {typer.style(session['activity'], bold=True)}{details}")


@app.command()
def schema() -> None:
    """Print the plan file's JSON Schema (draft 2020-12), for editors and checkers.

    Example:

    \b
      prepctl schema > plan.schema.json
    """
    import json

    from prepctl.validate import plan_json_schema

    typer.echo(json.dumps(plan_json_schema(), indent=2))


@app.command()
def new(
    file: Annotated[Path, typer.Argument(help="Where to write the starter plan (.yaml).")],
    weeks: Annotated[int, typer.Option(min=1, max=52, help="How many weeks the starter has.")] = 2,
) -> None:
    """Write a commented starter plan that validates, schedules and renders as it is.

    Example:

    \b
      prepctl new myplan.yaml && prepctl validate myplan.yaml
    """
    from prepctl.errors import BadInputError
    from prepctl.output import write_files
    from prepctl.starter import starter_plan

    if file.exists():
        raise BadInputError(f"{file}: already exists; prepctl new never overwrites a file")
    write_files(file.parent if str(file.parent) else Path("."), {file.name: starter_plan(weeks, file.stem).encode()})
    typer.echo(f"wrote {file}: edit it, then `prepctl validate {file}` and `prepctl schedule {file}`")


@app.command()
def stats(
    plan: PlanArgument = DEFAULT_PLAN,
    hours: HoursOption = None,
    weekday_hours: WeekdayHoursOption = None,
    weekend_hours: WeekendHoursOption = None,
    scale: ScaleOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Hours per focus area and activity, as planned and as scheduled, against the plan's targets.

    Example:

    \b
      prepctl stats --weekday-hours 2 --weekend-hours 4
    """
    from datetime import date as date_type

    from prepctl.plan import load_plan
    from prepctl.schedule import Options, build_schedule
    from prepctl.stats import compute

    given_weekday, given_weekend = _day_hours(hours, weekday_hours, weekend_hours)
    loaded = load_plan(plan)
    # Any Monday does: the figures depend on the hours, not on the dates.
    options = Options(start=date_type(2026, 1, 5), tz="UTC", scale=scale,
                      weekday_hours=given_weekday, weekend_hours=given_weekend)
    figures = compute(loaded, build_schedule(loaded, options))
    if as_json:
        import dataclasses
        import json

        typer.echo(json.dumps({**dataclasses.asdict(figures), "planned_minutes": figures.planned_minutes,
                               "scheduled_minutes": figures.scheduled_minutes}, indent=2, ensure_ascii=False))
        return
    _print_stats(figures)


def _print_stats(figures: Any) -> None:
    from rich.table import Table

    console = _console()
    table = Table("Focus area", "planned", "scheduled", "share", "target", "", title="Hours by focus area",
                  title_justify="left")
    for key, area in figures.areas.items():
        share = figures.share(key)
        bar = "█" * round(share * 20) + "·" * (20 - round(share * 20))
        marker = round(area.target_share * 20)
        bar = bar[:marker] + "|" + bar[marker + 1:] if marker < 20 else bar + "|"
        table.add_row(area.title, f"{area.planned_minutes / 60:.1f} h", f"{area.scheduled_minutes / 60:.1f} h",
                      f"{share:.0%}", f"{area.target_share:.0%}", bar)
    table.add_row("Total", f"{figures.planned_minutes / 60:.1f} h", f"{figures.scheduled_minutes / 60:.1f} h",
                  "", "", "", style="bold")
    console.print(table)
    weeks = Table("Week", *(a.title for a in figures.areas.values()), "total", title="Scheduled hours per week",
                  title_justify="left")
    for week, minutes in sorted(figures.weeks.items()):
        weeks.add_row(str(week), *(f"{m / 60:.1f}" for m in minutes.values()), f"{sum(minutes.values()) / 60:.1f}")
    console.print(weeks)
    kinds = Table("Activity", "scheduled", title="Scheduled hours per activity", title_justify="left")
    for activity, minutes in sorted(figures.activities.items(), key=lambda item: -item[1]):
        kinds.add_row(activity, f"{minutes / 60:.1f} h")
    console.print(kinds)
    console.print(f"Problems to solve (LeetCode and others the plan names): {figures.problems_planned}")


config_app = typer.Typer(help="Defaults remembered between runs (zone, hours, paper, output folder...).",
                         no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (it may not exist yet)."""
    from prepctl.config import config_path

    typer.echo(str(config_path()))


@config_app.command("show")
def config_show() -> None:
    """Show every setting and where its value comes from.

    Example:

    \b
      prepctl config show
    """
    from prepctl.config import KEYS, Settings

    settings = Settings()
    for key, (_, meaning) in KEYS.items():
        setting = settings.pick(key, None, None)
        shown = "-" if setting.value is None else setting.value
        typer.echo(f"{key:<14} {shown!s:<20} {setting.source:<30} # {meaning}")
    for name, setting in settings.slots().items():
        typer.echo(f"{'slots.' + name:<14} {setting.value!s:<20} {setting.source}")


@config_app.command("set")
def config_set(
    key: Annotated[str, typer.Argument(help="tz, weekday_hours, weekend_hours, day_start, day_end, paper, out, "
                                            "alarm or slots.NAME")],
    value: Annotated[str, typer.Argument(help="The value, as you would type it on the command line.")],
) -> None:
    """Remember a default, e.g. your time zone.

    Example:

    \b
      prepctl config set tz Europe/Berlin
    """
    from prepctl.config import set_value

    path = set_value(key, value)
    typer.echo(f"{key} = {value} (in {path})")


def _system_zone() -> str:
    from tzlocal import get_localzone_name

    try:
        return get_localzone_name() or "UTC"
    except Exception:  # tzlocal raises its own errors for odd system setups
        return "UTC"


def _cores() -> int:
    """The cores this process may run on (a container's share, not the host's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _stamp() -> datetime:
    """DTSTAMP: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    from datetime import UTC

    from prepctl.errors import BadInputError

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise BadInputError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got {epoch!r}") from None


def _print_summary(result: "Schedule", written: list[Path]) -> None:
    """Plain lines (no rich): the schedule command stays quick to start."""
    from prepctl.templating import duration

    first, last = result.first_date, result.last_date
    if first and last:
        typer.echo(f"{typer.style(result.plan_title, bold=True)}: {len(result.sessions)} sessions from "
                   f"{_day(first)} to {_day(last)} ({result.options.tz})")
    if result.done or result.dropped:
        typer.echo(f"Resumed: {len(result.done)} items done, {len(result.sessions)} left, "
                   f"ending {_day(last) if last else '-'}")
    weeks = result.minutes_by_week()
    per_week = (f"W{week} {duration(minutes) or 'untimed only'}" for week, minutes in sorted(weeks.items()))
    typer.echo("Hours per week: " + ", ".join(per_week))
    for notice in result.notices:
        typer.echo(f"{typer.style('note:', fg='yellow')} {notice.message}")
    for path in written:
        typer.echo(f"wrote {path}")


def _day(value: date) -> str:
    return f"{value:%a %d %b %Y}"


if __name__ == "__main__":  # pragma: no cover
    main()

"""The command line: parse options, call the core, print, map errors to exit codes.

No logic a library user would need lives here. Heavy modules (pydantic, icalendar,
jinja2, weasyprint) are imported inside the commands that use them. No postponed
annotations here: Typer would evaluate every one of them as a string on each start.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperGroup

from prepctl import __version__
from prepctl.errors import EXIT_BAD_INPUT, EXIT_UNEXPECTED, PlanError, PrepctlError, Terminated

if TYPE_CHECKING:
    from rich.console import Console


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
        except Terminated as error:
            _fail(f"prepctl: {error or 'terminated; no file was changed'}", 143)
        except KeyboardInterrupt:
            _fail("prepctl: interrupted; no file was changed half way", 130)
        except BrokenPipeError:
            # the reader went away (| head): nothing more to say, and nowhere to say it
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - stays open until exit
            raise typer.Exit(141) from None
        except Exception as error:
            if _debug_wanted(ctx):
                raise
            _fail(
                f"prepctl: unexpected error (this is a bug): {type(error).__name__}: {error}. "
                "Run again with --debug to see the traceback and report it.",
                EXIT_UNEXPECTED,
            )


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
    suggest_commands=False,  # Click (8.4+) names the close commands itself; Typer would add them again
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
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = {"debug": debug}


def main() -> None:
    """Console entry point."""
    for stream in (sys.stdout, sys.stderr):
        # a terminal that cannot show "—" or "·" (latin-1, ascii) gets "?" instead of a crash
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")
    with _only_the_command_named(sys.argv[1:]):
        app(prog_name="prepctl")


@contextmanager
def _only_the_command_named(args: list[str]) -> Iterator[None]:
    """Typer makes every command a Click command before it runs one: 6 ms of a 90 ms
    ``prepctl today``. When the first word after prepctl's own flags (none takes a value)
    names a command, only that one is made; otherwise (``--help``, ``--version``, a misspelt
    name) all are, for the list and the suggestions. The app is whole again afterwards."""
    from typer.main import get_command_name

    name = next((arg for arg in args if not arg.startswith("-")), None)
    commands = [
        c for c in app.registered_commands if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        yield
        return
    every = app.registered_commands, app.registered_groups
    app.registered_commands, app.registered_groups = commands, groups
    try:
        yield
    finally:
        app.registered_commands, app.registered_groups = every


def _console(stderr: bool = False) -> "Console":
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _complete_plan(incomplete: str) -> list[str]:
    from prepctl.plan.resources import bundled_plan_ids

    return [plan for plan in bundled_plan_ids() if plan.startswith(incomplete)]


def _complete_zone(incomplete: str) -> list[str]:
    from zoneinfo import available_timezones

    return sorted(zone for zone in available_timezones() if zone.lower().startswith(incomplete.lower()))


HoursOption = Annotated[float | None, typer.Option(help="Hours you have every day.")]
WeekdayHoursOption = Annotated[float | None, typer.Option(help="Hours you have on a weekday.")]
WeekendHoursOption = Annotated[float | None, typer.Option(help="Hours you have on a weekend day.")]
ScaleOption = Annotated[float | None, typer.Option(help="Multiply every block by this factor instead.")]


PlanArgument = Annotated[
    str,
    typer.Argument(
        help="A bundled plan id (see `prepctl plans`) or a path to a plan YAML file.", autocompletion=_complete_plan
    ),
]


@app.command()
def plans(paths: Annotated[list[Path] | None, typer.Argument(help="Plan files to list too.")] = None) -> None:
    """List the bundled plans (and any plan files given), one line each.

    Example:

    \b
      prepctl plans
    """
    from prepctl.cli.terminal import print_plans
    from prepctl.plan.load import load_plan
    from prepctl.plan.resources import bundled_plan_ids

    print_plans(
        [
            (str(source), load_plan(source if isinstance(source, Path) else str(source)))
            for source in [*bundled_plan_ids(), *(paths or [])]
        ]
    )


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
    from prepctl.plan.load import load_plan, plan_as_data

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
    from prepctl.cli.terminal import print_plan

    print_plan(loaded, week)


@app.command()
def validate(files: Annotated[list[Path], typer.Argument(help="Plan files to check.")]) -> None:
    """Check plan files; print every problem as FILE:LINE:COL: field: message.

    Exit status 2 if any file has a problem.

    Example:

    \b
      prepctl validate myplan.yaml
    """
    from prepctl.plan.load import load_plan

    problems: list[str] = []
    for file in files:
        try:
            plan = load_plan(file if file.is_file() else str(file))
        except PlanError as error:
            problems.extend(error.problems)
        except PrepctlError as error:
            problems.append(str(error))
        else:
            from prepctl.cli.terminal import plural

            typer.echo(f"{file}: ok ({plan.id}, {plural(len(plan.weeks), 'week')})")
    if problems:
        raise PlanError(problems)


@app.command()
def schedule(
    plan: Annotated[
        str | None,
        typer.Argument(
            help="A bundled plan id (see `prepctl plans`) or a path to a plan YAML file. "
            "[default: mlops-8-week, or the plan of the schedule you resume]",
            autocompletion=_complete_plan,
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="First day: YYYY-MM-DD, today or tomorrow. Default: today (moved to the plan's first weekday)."
        ),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(help="IANA time zone, e.g. Europe/Berlin. Default: the system's.", autocompletion=_complete_zone),
    ] = None,
    align: Annotated[
        bool | None,
        typer.Option(
            "--align/--no-align",
            help="Plan weekdays on the same calendar weekdays (the default), or plan day 1 on "
            "the start date and day by day from there.",
            show_default=False,
        ),
    ] = None,
    hours: HoursOption = None,
    weekday_hours: WeekdayHoursOption = None,
    weekend_hours: WeekendHoursOption = None,
    scale: ScaleOption = None,
    slot: Annotated[list[str] | None, typer.Option(help="Slot clock time, NAME=HH:MM (repeatable).")] = None,
    fit: Annotated[
        str | None,
        typer.Option(
            help="When the plan holds more than your hours: scale (each day shrinks to your hours, the plan keeps its "
            "length) or stretch (blocks keep their length, the plan takes more days). [default: scale]"
        ),
    ] = None,
    work_hours: Annotated[
        list[str] | None,
        typer.Option(
            help="Busy every week, e.g. 'mon-fri 09:00-17:30': blocks move around it (repeatable; remembered with "
            "`prepctl config set work_hours`)."
        ),
    ] = None,
    granularity: Annotated[
        int | None, typer.Option(help="Round scaled blocks to this many minutes. [default: 5]")
    ] = None,
    min_block: Annotated[
        int | None, typer.Option(help="Never scale a block below this many minutes. [default: 10]")
    ] = None,
    min_part: Annotated[
        int | None,
        typer.Option(help="A block split across days has parts of at least this many minutes. [default: 20]"),
    ] = None,
    day_start: Annotated[str | None, typer.Option(help="No session before this time (HH:MM). [default: 06:00]")] = None,
    day_end: Annotated[str | None, typer.Option(help="No session after this time (HH:MM). [default: 23:59]")] = None,
    alarm: Annotated[int | None, typer.Option(help="Add a reminder this many minutes before each block.")] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            help="A date (or DATE..DATE) with no study; later days shift (repeatable; adds to the days the schedule "
            "already skips)."
        ),
    ] = None,
    unskip: Annotated[
        list[str] | None, typer.Option(help="Give back a skipped date (or DATE..DATE) (repeatable).")
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            help="Interview date: finish the day before. With --fit scale the start is as late as possible; with "
            "--fit stretch it stays (default: tomorrow) and blocks shorten by one factor to fit."
        ),
    ] = None,
    busy: Annotated[
        list[Path] | None, typer.Option(help="An .ics calendar whose events are busy time to plan around (repeatable).")
    ] = None,
    from_week: Annotated[int | None, typer.Option(help="Join the plan at this week.")] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            help="Your ticked checklist: schedule what is left from --start, with the zone, hours, slots, busy "
            "calendars, formats, language and templates of the schedule it came from (the command line "
            "overrides them)."
        ),
    ] = None,
    missed: Annotated[
        str,
        typer.Option(
            help="With --resume: shift (everything left moves later) or drop "
            "(unfinished items before --start are dropped)."
        ),
    ] = "shift",
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show what a re-import would change against the record in --out; write nothing."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every block moved around busy time, not only the summary.")
    ] = False,
    cancel_gone: Annotated[
        bool,
        typer.Option(
            "--cancel-gone",
            help="Write events of the last schedule that are no longer planned (dropped, left "
            "out; not done ones) as cancelled, for clients that apply that on re-import.",
        ),
    ] = False,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Comma-separated: ics,md,html,pdf,json. Default: all (on --resume: those of the "
            "schedule it continues).",
        ),
    ] = None,
    paper: Annotated[str | None, typer.Option(help="Paper size of the PDF: a4 or letter. [default: a4]")] = None,
    locale: Annotated[
        str | None,
        typer.Option(
            help="Language of weekday and month names on the sheets and in the checklist: en, de, fr, es… [default: en]"
        ),
    ] = None,
    templates: Annotated[
        Path | None, typer.Option(help="A folder of templates that replace the bundled ones of the same name.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder. [default: out]")] = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Say where each setting came from (command line, the schedule's record, environment, "
            "config file, default).",
        ),
    ] = False,
    alone: Annotated[
        bool, typer.Option("--alone", help="Do not treat the sessions of your other scheduled plans as busy time.")
    ] = False,
    fresh: Annotated[
        bool,
        typer.Option(
            "--fresh",
            help="Start over from the defaults instead of keeping the settings of the schedule in --out "
            "(ticks are still carried over).",
        ),
    ] = False,
) -> None:
    """Schedule a plan into your calendar and write the output files.

    Every run that writes files also keeps a record of the schedule in the output folder
    (PLAN.record.json): the next run continues from it (SEQUENCE, --resume, --dry-run), and
    ticks in an existing checklist are carried over into the new one (a checklist with your
    own notes is kept as a backup). Deleting the record is safe: SEQUENCE then starts afresh
    and a resume needs its settings typed again.

    Example:

    \b
      prepctl schedule --start 2026-12-07 --tz Europe/Berlin --weekday-hours 2 --weekend-hours 4
    """
    from prepctl.render import FORMATS
    from prepctl.settings import Given, hours_given
    from prepctl.settings.inputs import parse_formats
    from prepctl.workflow import ScheduleRequest, run_schedule

    given = {
        **hours_given(hours, weekday_hours, weekend_hours),
        "plan": Given(plan, "PLAN"),
        "tz": Given(tz, "--tz"),
        "scale": Given(scale, "--scale"),
        "granularity": Given(granularity, "--granularity"),
        "min_block": Given(min_block, "--min-block"),
        "min_part": Given(min_part, "--min-part"),
        "day_start": Given(day_start, "--day-start"),
        "day_end": Given(day_end, "--day-end"),
        "alarm": Given(alarm, "--alarm"),
        "paper": Given(paper, "--paper"),
        "locale": Given(locale, "--locale"),
        "out": Given(str(out) if out is not None else None, "--out"),
        "busy": Given([str(p) for p in busy] if busy else None, "--busy"),
        "skip": Given(list(skip) if skip else None, "--skip"),
        "unskip": Given(list(unskip) if unskip else None, "--unskip"),
        "start": Given(start, "--start"),
        "align": Given(align, "--align" if align else "--no-align"),
        "from_week": Given(from_week, "--from-week"),
        "fit": Given(fit.lower() if fit else None, "--fit"),
        "work_hours": Given(list(work_hours) if work_hours else None, "--work-hours"),
        **{f"slots.{name}": Given(clock, f"--slot {name}") for name, clock in map(_slot, slot or [])},
    }
    request = ScheduleRequest(
        given=given,
        by=by,
        resume=_checklist_to_resume(resume),
        missed=missed,
        dry_run=dry_run,
        templates=templates,
        cancel_gone=cancel_gone,
        fresh=fresh,
        alone=alone,
        formats=tuple(parse_formats(formats, list(FORMATS))) if formats is not None else None,
    )
    with _working("Scheduling and rendering…" if formats is None or "pdf" in formats else None):
        outcome = run_schedule(request)
    if explain:
        for line in outcome.settings.explained():
            typer.echo(line)
    from prepctl.cli.terminal import print_changes, print_outcome

    (print_changes if dry_run else print_outcome)(outcome, verbose=verbose)


def _slot(text: str) -> tuple[str, str]:
    from prepctl.errors import BadInputError

    name, sep, clock = text.partition("=")
    if not sep or not name.strip():
        raise BadInputError(f"--slot: expected NAME=HH:MM (e.g. evening=20:00), got {text!r}")
    return name.strip(), clock.strip()


def _checklist_to_resume(resume: Path | None) -> Path | None:
    """``--resume`` takes the checklist: left out, Typer reads the next option as its value."""
    from prepctl.errors import BadInputError
    from prepctl.reports.progress import active_checklists

    if resume is None or not str(resume).startswith("-") or resume.exists():
        return resume
    try:
        example = f"--resume {active_checklists(None)[0][0]}"
    except BadInputError:
        example = "--resume out/mlops-8-week.md"
    raise BadInputError(
        f"--resume: expected the checklist you tick right after it ({example}), got the option {str(resume)!r}"
    )


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
    checklist: Annotated[
        Path | None,
        typer.Argument(
            help="The checklist you tick. Default: the checklist of every plan you scheduled.", show_default=False
        ),
    ] = None,
    plan: Annotated[
        str | None, typer.Option(help="Only this plan (or the plan of a checklist that does not say).")
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", help="Count behind at the start of this day: YYYY-MM-DD, today or tomorrow. Default: now."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Show how far you are: per week and focus area, hours, behind or ahead.

    Behind: blocks that ended before now (or --date) and are not ticked; dropped ones never
    are. The checklist finds the record of its schedule by itself, also after you moved it
    (into a notes vault, say).

    Example:

    \b
      prepctl progress out/mlops-8-week.md
    """
    from prepctl.cli.terminal import note
    from prepctl.reports.progress import active_checklists, load, lost_ticks, measure, moment
    from prepctl.settings.inputs import parse_date
    from prepctl.state.active import server_ticks

    if checklist is not None:
        paths, problems = [checklist], list[str]()
    else:
        paths, problems = active_checklists(plan)
    results = []
    for path in paths:
        ticks, record = load(path, plan)
        at = moment(record.options.tz)
        if on is not None:
            at = moment(record.options.tz, parse_date(on, "--date", at.date()))
        results.append((measure(record, ticks, at, server_ticks(record)), path))
        for message in lost_ticks(ticks, record):
            note(message)
    for message in problems:
        note(message)
    if as_json:
        import dataclasses
        import json

        documents = [
            {
                **dataclasses.asdict(result),
                "as_of": result.as_of.isoformat() if result.as_of else None,
                "checklist": str(path),
            }
            for result, path in results
        ]
        typer.echo(json.dumps(documents[0] if len(documents) == 1 else {"plans": documents}, indent=2))
        return
    from prepctl.cli.terminal import print_progress

    for number, (result, path) in enumerate(results):
        if number:
            typer.echo()
        print_progress(result, path)


@app.command()
def today(
    out: Annotated[
        Path | None, typer.Option(help="Only the schedules in this output folder. Default: every plan you scheduled.")
    ] = None,
    on: Annotated[str | None, typer.Option("--date", help="Another day: YYYY-MM-DD, today or tomorrow.")] = None,
    plan: Annotated[str | None, typer.Option(help="Only this plan.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the day's sessions as JSON.")] = False,
) -> None:
    """What is scheduled today in every plan you scheduled, the next block first, with what is ticked.

    Works from any folder: prepctl remembers where each plan's schedule and checklist are.

    Example:

    \b
      prepctl today
    """
    from prepctl.cli.terminal import print_today
    from prepctl.reports.today import day_of
    from prepctl.state.active import active_schedules

    print_today([day_of(active, on) for active in active_schedules(out, plan)], as_json)


@app.command()
def sync(
    calendar: Annotated[
        str | None,
        typer.Option(
            help="The calendar name (or address). [default: caldav.calendar from the config]", show_default=False
        ),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(
            "--as",
            help="events (a calendar), tasks (VTODOs for task apps: Reminders, Nextcloud Tasks, Thunderbird, "
            "tasks.org) or both. Each sync manages only the kinds asked for.",
        ),
    ] = "events",
    done: Annotated[
        str, typer.Option(help="keep (done items the schedule no longer has stay in the calendar as a log) or delete.")
    ] = "keep",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change in the calendar; write nothing.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Log in, list the calendars and what they hold; change nothing.")
    ] = False,
    overwrite: Annotated[
        bool,
        typer.Option("--overwrite", help="Put prepctl's version back over objects edited or deleted on the server."),
    ] = False,
    create: Annotated[
        bool, typer.Option("--create", help="Make the calendar when the server has none of that name.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option(help="The schedule in this output folder. Default: the plan you scheduled.")
    ] = None,
    plan: Annotated[str | None, typer.Option(help="Only this plan, when several are scheduled.")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each answer of the server.")] = 30,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every change.")] = False,
) -> None:
    """Put the schedule into a CalDAV calendar (iCloud, Fastmail, Nextcloud, Radicale...):
    creates, moves and deletes only the plan's own events, never anything else.

    The server and user come from the config (`prepctl config set caldav.url URL`,
    caldav.username, caldav.calendar); the password from PREPCTL_CALDAV_PASSWORD,
    caldav.password_command or the OS keyring, never from a file. Run it after every
    `prepctl schedule`: a sync with nothing to change costs one request. Exit status 3
    when the server fails, 4 when objects edited on the server were left as they are.

    Example:

    \b
      prepctl sync --calendar "Interview prep" --create
    """
    from prepctl.errors import BadInputError, ConflictError, Interrupted
    from prepctl.sync import KINDS, SyncRequest, run

    if kind not in KINDS:
        raise BadInputError(f"--as: expected events, tasks or both, got {kind!r}")
    if done not in ("keep", "delete"):
        raise BadInputError(f"--done: expected keep or delete, got {done!r}")
    if not 0 < timeout <= 600:
        raise BadInputError(f"--timeout: expected 1 to 600 seconds, got {timeout:g}")
    if check:
        from prepctl.settings import resolve
        from prepctl.sync.calendars import check as check_server
        from prepctl.sync.server import account_from_settings

        for line in check_server(account_from_settings(resolve({}), timeout)):
            typer.echo(line)
        return
    request = SyncRequest(
        calendar=calendar,
        kinds=KINDS[kind],
        keep_done=done == "keep",
        dry_run=dry_run,
        overwrite=overwrite,
        create=create,
    )
    try:
        outcome = run(out, plan, request, timeout)
    except KeyboardInterrupt:
        raise Interrupted(
            "interrupted; what was written to the calendar so far is recorded, and `prepctl sync` "
            "again finishes the job"
        ) from None
    from prepctl.cli.terminal import print_sync

    print_sync(outcome, dry_run, verbose)
    if outcome.conflicts:
        raise ConflictError(
            f"{len(outcome.conflicts)} object(s) changed on the server "
            f"{'would be' if dry_run else 'were'} left as they are (listed above)"
        )


@app.command()
def schema() -> None:
    """Print the plan file's JSON Schema (draft 2020-12), for editors and checkers.

    Example:

    \b
      prepctl schema > plan.schema.json
    """
    import json

    from prepctl.plan.schema import plan_json_schema

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
    from prepctl.files import write_files
    from prepctl.plan.starter import starter_plan

    if file.exists():
        raise BadInputError(f"{file}: already exists; prepctl new never overwrites a file")
    write_files(file.parent if str(file.parent) else Path("."), {file.name: starter_plan(weeks, file.stem).encode()})
    typer.echo(f"wrote {file}: edit it, then `prepctl validate {file}` and `prepctl schedule {file}`")


@app.command()
def stats(
    plan: Annotated[
        str | None,
        typer.Argument(
            help="A bundled plan id (see `prepctl plans`) or a path to a plan YAML file. [default: mlops-8-week]",
            autocompletion=_complete_plan,
            show_default=False,
        ),
    ] = None,
    hours: HoursOption = None,
    weekday_hours: WeekdayHoursOption = None,
    weekend_hours: WeekendHoursOption = None,
    scale: ScaleOption = None,
    fit: Annotated[str | None, typer.Option(help="scale or stretch, as for schedule.")] = None,
    out: Annotated[
        Path | None, typer.Option(help="The output folder whose schedule's settings to use. [default: out]")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Hours per focus area and activity, as planned and as scheduled, against the plan's targets.

    The hours, fit and scale come from the options, the plan's schedule in the output folder,
    the environment or the config file, as for schedule.

    Example:

    \b
      prepctl stats --weekday-hours 2 --weekend-hours 4
    """
    from prepctl.reports.stats import compute_for
    from prepctl.settings import Given, hours_given

    figures = compute_for(
        {
            **hours_given(hours, weekday_hours, weekend_hours),
            "scale": Given(scale, "--scale"),
            "fit": Given(fit.lower() if fit else None, "--fit"),
            "out": Given(str(out) if out is not None else None, "--out"),
        },
        plan,
    )
    if as_json:
        import dataclasses
        import json

        typer.echo(
            json.dumps(
                {
                    **dataclasses.asdict(figures),
                    "planned_minutes": figures.planned_minutes,
                    "scheduled_minutes": figures.scheduled_minutes,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    from prepctl.cli.terminal import print_stats

    print_stats(figures)


config_app = typer.Typer(
    help="Defaults remembered between runs (zone, hours, paper, output folder...).", no_args_is_help=True
)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (it may not exist yet)."""
    from prepctl.settings.config import config_path

    typer.echo(str(config_path()))


@config_app.command("show")
def config_show() -> None:
    """Show every setting and where its value comes from.

    Example:

    \b
      prepctl config show
    """
    from prepctl.settings import resolve
    from prepctl.settings.config import KEYS

    settings = resolve({})
    rows = []
    for key, (_, meaning) in KEYS.items():
        setting = settings.values[key]
        shown = "; ".join(setting.value) if isinstance(setting.value, list) else setting.value
        shown = "-" if setting.value is None else shown
        where = f"{setting.source}: {setting.origin}" if setting.origin else setting.source
        rows.append((key, str(shown), meaning, where))
    for name, setting in settings.slots().items():
        rows.append(
            (f"slots.{name}", str(setting.value), "clock time of the slot", f"{setting.source}: {setting.origin}")
        )
    key_width, value_width, meaning_width = (max(len(row[n]) for row in rows) for n in (0, 1, 2))
    for key, shown, meaning, where in rows:  # columns as wide as their longest entry
        typer.echo(f"{key:<{key_width}}  {shown:<{value_width}}  {meaning:<{meaning_width}}  ({where})")


@config_app.command("set")
def config_set(
    key: Annotated[
        str,
        typer.Argument(help="tz, weekday_hours, weekend_hours, day_start, day_end, paper, out, alarm or slots.NAME"),
    ],
    value: Annotated[str, typer.Argument(help="The value, as you would type it on the command line.")],
) -> None:
    """Remember a default, e.g. your time zone.

    Example:

    \b
      prepctl config set tz Europe/Berlin
    """
    from prepctl.settings.config import set_value

    path = set_value(key, value)
    typer.echo(f"{key} = {value} (in {path})")

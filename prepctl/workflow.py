"""The ``schedule`` job as one library function: settings → options → resume / ``--by`` / busy
→ schedule → sequences → render → write → record.

It returns what it did (the schedule, files written, changes against the record, ticks
carried over, a backup kept) and never prints; the command line shows the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prepctl.errors import BadInputError, PrepctlError, SettingError
from prepctl.model.plan import Plan
from prepctl.model.record import Record
from prepctl.model.schedule import Notice, Options, ResumeState, Schedule
from prepctl.render import RenderContext
from prepctl.settings import Given, Settings, options_for, record_settings, resolve
from prepctl.settings import kept as said
from prepctl.state.revision import Change
from prepctl.state.rewrite import NewChecklist

if TYPE_CHECKING:
    from prepctl.schedule.clock import Interval

DEFAULT_PLAN = "mlops-8-week"
SHEETS = ("pdf", "html")
SERVER_BUSY = "caldav:"  # --busy caldav:NAME: a calendar of the CalDAV server in the config
SHEETS_LIMIT = 5_000  # sessions: the PDF of 104 weeks (4,368) takes 22 s and 550 MB, and grows faster


@dataclass(frozen=True)
class ScheduleRequest:
    """What a person asked for. ``given`` holds the settings typed on the command line."""

    given: Mapping[str, Given] = field(default_factory=dict)
    by: str | None = None
    resume: Path | None = None
    missed: str = "shift"
    dry_run: bool = False
    formats: tuple[str, ...] | None = None  # None: every format (PDF left out when it cannot be made)
    templates: Path | None = None
    cancel_gone: bool = False  # write events no longer planned (not done) as cancelled
    fresh: bool = False  # start over from the defaults, not from the schedule in the output folder
    alone: bool = False  # leave the sessions of the person's other plans out of the busy time


@dataclass(frozen=True)
class Outcome:
    """What a schedule run did."""

    schedule: Schedule
    settings: Settings
    out: Path
    written: tuple[Path, ...] = ()
    skipped: tuple[str, ...] = ()  # formats left out, and why
    changes: tuple[Change, ...] | None = None  # against the earlier record; None when there was none
    earlier: Path | None = None  # that record
    record: Path | None = None  # the record written
    checklist: Path | None = None
    new_checklist: NewChecklist | None = None  # what the checklist written kept of the person's
    continued: Path | None = None  # the record of the schedule this run continued
    kept: tuple[str, ...] = ()  # the settings it kept from that record (``tz Europe/Berlin``)
    fresh: bool = False  # the run started over (``--fresh``) instead


def run_schedule(request: ScheduleRequest) -> Outcome:
    """Do the whole ``schedule`` job; errors about a setting name where it was given.

    A schedule continues: the record of the plan's schedule in the output folder (with
    ``--resume``, the one its checklist came from) gives every setting the command line
    does not, unless ``fresh``.
    """
    from prepctl.state.active import record_of_checklist
    from prepctl.state.checklist import read_ticks

    if request.fresh and request.resume is not None:
        raise BadInputError(
            "--fresh: starts a schedule over from the defaults; a resume continues one (give "
            "either --fresh or --resume)"
        )
    ticks = read_ticks(request.resume) if request.resume is not None else None
    plan = None
    if ticks is not None:
        continued = _resumed_record(ticks, record_of_checklist)
    else:
        from prepctl.plan.load import load_plan
        from prepctl.state.record import find_record, record_path

        first = resolve(request.given)  # the output folder and the plan, before any record is read
        plan = load_plan(str(first["plan"] or DEFAULT_PLAN))
        continued = find_record(record_path(Path(str(first["out"])), plan.id))
    kept = None
    if continued is not None and not request.fresh:
        kept = record_settings(continued, start=ticks is None and request.by is None)
    settings = resolve(request.given, kept, str(continued.path) if continued else "")
    if kept is not None and continued is not None:
        request = _written_as_before(request, continued)
    try:
        outcome = _run(request, settings, ticks, continued if ticks is not None else None, plan, continued)
    except SettingError as error:
        raise settings.blame(error) from None
    if continued is None:
        return outcome
    return replace(
        outcome, continued=continued.path, kept=tuple(said(settings)) if kept is not None else (), fresh=request.fresh
    )


def _written_as_before(request: ScheduleRequest, record: Record) -> ScheduleRequest:
    """A run writes the formats, from the templates folder, the schedule it continues was
    written with, unless the command line says otherwise (its zone, hours and language are
    settings: ``record_settings``)."""
    formats = request.formats if request.formats is not None or record.formats is None else _kept_formats(record)
    from prepctl.state.record import kept_templates

    templates = (
        request.templates if request.templates is not None or record.templates is None else kept_templates(record)
    )
    return replace(request, formats=formats, templates=templates)


def _kept_formats(record: Record) -> tuple[str, ...]:
    """The formats the resumed schedule was written in, checked as ``--format`` is checked."""
    from prepctl.render import FORMATS
    from prepctl.settings.inputs import parse_formats

    try:
        return tuple(parse_formats(",".join(record.formats or ()), list(FORMATS)))
    except BadInputError as error:
        raise BadInputError(f"{record.path}: formats: {str(error).removeprefix('--format: ')}") from None


def _resumed_record(ticks: Any, find: Any) -> Record | None:
    from prepctl.errors import RecordError

    try:
        record: Record = find(ticks)
    except RecordError:
        raise  # a record that is there but damaged is said, never quietly replaced by defaults
    except BadInputError:
        return None  # a checklist of an older prepctl: resume from the ticks alone
    return record


def _run(
    request: ScheduleRequest,
    settings: Settings,
    ticks: Any,
    resumed: Record | None,
    plan: Plan | None,
    continued: Record | None,
) -> Outcome:
    from prepctl.model.zone import zone_of
    from prepctl.plan.load import load_plan
    from prepctl.render.ics import descriptions, shown
    from prepctl.settings import clock
    from prepctl.settings.inputs import parse_date
    from prepctl.state.record import find_record, record_path
    from prepctl.state.revision import cancelled, compare, with_sequences

    if request.missed not in ("shift", "drop"):
        raise BadInputError(f"--missed: expected shift or drop, got {request.missed!r}")
    plan_source = str(settings["plan"] or DEFAULT_PLAN)
    if plan is None or plan_source != str(resolve(request.given)["plan"] or DEFAULT_PLAN):
        plan = load_plan(plan_source)
    zone_name = clock.system_zone() if settings["tz"] is None else str(settings["tz"])  # "" is a mistake, not "mine"
    now = clock.now(zone_of(zone_name))
    today = now.date()
    options = options_for(settings, plan, zone_name, today)
    if ticks is not None:
        resume = _resume_state(plan, options, ticks, resumed, request.missed)
    elif continued is not None and (continued.done or continued.dropped) and not request.fresh:
        resume = _as_before(continued)  # a resumed schedule continues with what it had done and dropped
    else:
        resume = None
    fitted = None
    if request.by is not None:
        from prepctl.schedule.deadline import fit_by

        if settings["start"] is not None and options.fit == "scale":
            raise BadInputError(
                "--by: with --fit scale the interview date picks the start; give either --start or "
                "--by (or --fit stretch, which starts on --start and shortens blocks to fit)"
            )
        if settings["start"] is None and options.fit == "stretch":
            options = replace(options, start=today + timedelta(days=1))
        options, fitted = fit_by(plan, options, resume, parse_date(request.by, "--by", today), today)
    # a schedule that starts today leaves that day's hours already past free of work
    others, said = _other_plans(plan.id, request.alone)
    schedule = _scheduled(plan, options, resume, settings, now if options.start == today else None, others)
    if said:
        schedule = replace(schedule, notices=(Notice("other plans", said), *schedule.notices))
    if fitted is not None:
        schedule = replace(schedule, notices=(Notice("by", f"--by {request.by}: {fitted}"), *schedule.notices))
    out = Path(str(settings["out"]))
    earlier_path = record_path(out, plan.id)
    earlier = find_record(earlier_path)
    stamp = clock.timestamp()
    context = RenderContext(stamp, templates=request.templates, locale=_locale(settings))
    described = descriptions(schedule, plan, context)
    schedule = shown(schedule, plan, described)
    schedule = with_sequences(
        schedule, earlier.sessions if earlier else (), stamp, earlier.cancelled if earlier else ()
    )
    if request.cancel_gone and earlier is not None:
        schedule = cancelled(schedule, earlier.sessions, earlier.cancelled, stamp)
    changes = tuple(compare(schedule.sessions, earlier.sessions)) if earlier else None
    outcome = Outcome(schedule, settings, out, changes=changes, earlier=earlier_path if earlier else None)
    if request.dry_run:
        return outcome
    return _write(
        request,
        outcome,
        plan,
        _source_name(plan_source, plan),
        earlier,
        ticks,
        replace(context, descriptions=described),
    )


def _as_before(record: Record) -> ResumeState:
    """What was done and dropped when ``record`` was written, without its dates: a schedule
    changed (new hours, a day given back) is placed again from its start."""
    minutes = {item.block_id: item.minutes for item in (*record.done, *record.dropped)}
    return ResumeState(done=record.done_ids, dropped=record.dropped_ids, minutes=minutes, origin=record.origin)


def _resume_state(plan: Plan, options: Options, ticks: Any, record: Record | None, missed: str) -> ResumeState:
    """What the checklist and its record leave to do, and the dates that record gave each block.

    ``shift``: missed blocks and what follows are placed again from the start, none earlier
    than its recorded date. ``drop``: unfinished blocks dated before the start are dropped.
    Done and dropped blocks keep the minutes they were scheduled for.
    """
    from prepctl.model.plan import block_id
    from prepctl.state.checklist import check_ticks_belong

    known = {block_id(w, d, i) for w in plan.weeks for d in w.days for i in range(len(d.blocks))}
    if record is not None:  # the parts of blocks split across days
        known |= {s.block_id for s in record.sessions} | record.done_ids | record.dropped_ids
    check_ticks_belong(ticks, known, plan.id)
    from prepctl.state.active import server_ticks

    done = ticks.done | (record.done_ids | server_ticks(record) if record else frozenset())
    dropped = (record.dropped_ids if record else frozenset()) - done
    if missed == "drop" and record is None:
        raise BadInputError(
            f"--missed drop: needs the record of the schedule {ticks.path} came from, to keep its "
            "dates; run `prepctl schedule` once more and tick the checklist it writes"
        )
    if record is None:
        return ResumeState(done=frozenset(done), dropped=dropped)
    minutes = {item.block_id: item.minutes for item in (*record.done, *record.dropped)}
    minutes.update({s.block_id: s.minutes for s in record.sessions})
    return ResumeState(
        done=frozenset(done),
        dropped=dropped,
        drop_missed=missed == "drop",
        dates={s.block_id: s.date for s in record.sessions},
        minutes=minutes,
        origin=record.origin,
    )


def _locale(settings: Settings) -> str:
    from prepctl.model.display import check_locale  # pendulum, for a language other than English

    try:
        return check_locale(str(settings["locale"]))
    except SettingError as error:
        raise settings.blame(error) from None


def _other_plans(plan_id: str, alone: bool) -> tuple[tuple[Interval, ...], str]:
    """The sessions of the person's other active plans, as busy time (one person, one timeline),
    and the line that says so."""
    from prepctl.state.active import other_plans

    if alone:
        return (), ""
    records = [r for r in other_plans(plan_id) if any(s.start for s in r.sessions)]
    busy = tuple(
        (s.start.astimezone(UTC), s.end.astimezone(UTC))
        for r in records
        for s in r.sessions
        if s.start is not None and s.end is not None
    )
    if not busy:
        return (), ""
    names = ", ".join(r.plan.id for r in records)
    return busy, (
        f"the {len(busy)} sessions of your other plan{'s' if len(records) > 1 else ''} ({names}) are busy "
        "time here, so the two never overlap (--alone leaves them out)"
    )


def _scheduled(
    plan: Plan,
    options: Options,
    resume: ResumeState | None,
    settings: Settings,
    now: datetime | None,
    others: tuple[Interval, ...],
) -> Schedule:
    """The schedule around busy time: the calendars given, and ``others``, the sessions of the
    person's other plans."""
    from prepctl.schedule import build_schedule, planned_span

    sources = [str(p) for p in settings["busy"] or []]
    busy_files = [Path(p) for p in sources if not p.startswith(SERVER_BUSY)]
    on_server = [p[len(SERVER_BUSY) :] for p in sources if p.startswith(SERVER_BUSY)]
    span = planned_span(plan, options, resume) if sources else None
    if span is None:
        return build_schedule(plan, options, resume, others, now=now)
    from prepctl.schedule.busy import load_busy

    # busy time pushes work later: read the calendars over the plan's span and some weeks more (an
    # export holds years, and reading all of them was most of the run); only when the work goes past
    # that, wider and once more
    first, last = span
    until = last + timedelta(days=14)
    while True:
        fetched = _server_busy(on_server, settings, first, until + timedelta(days=30))
        busy = load_busy(busy_files, first, until + timedelta(days=30), options.zone, fetched)
        schedule = build_schedule(plan, options, resume, tuple(sorted((*busy, *others))), now)
        if schedule.last_date is None or schedule.last_date <= until:
            return schedule
        until = schedule.last_date + (schedule.last_date - first)


def _server_busy(names: list[str], settings: Settings, first: date, last: date) -> tuple[tuple[str, Any], ...]:
    """The calendars named ``caldav:NAME`` in --busy, read from the server between the dates."""
    if not names:
        return ()
    from prepctl.sync.calendars import busy_calendar
    from prepctl.sync.server import account_from_settings

    account = account_from_settings(settings, 30)
    return tuple((f"{SERVER_BUSY}{name}", busy_calendar(account, name, first, last)) for name in names)


def _source_name(source: str, plan: Plan) -> str:
    """How the record names the plan: a bundled id as it is, a file by its absolute path."""
    path = Path(source)
    return str(path.resolve()) if path.is_file() else source


def _write(
    request: ScheduleRequest,
    outcome: Outcome,
    plan: Plan,
    plan_source: str,
    earlier: Record | None,
    ticks: Any,
    context: RenderContext,
) -> Outcome:
    """The files and the record; ``context`` has the run's stamp, templates, language and event texts."""
    from prepctl.files import write_sets
    from prepctl.render import FORMATS, render
    from prepctl.render.json import plan_ref
    from prepctl.state.index import IndexEntry, index_lock, index_update
    from prepctl.state.record import dumps, make_record, record_path

    out, schedule, settings = outcome.out, outcome.schedule, outcome.settings
    paper = str(settings["paper"]).lower()
    if paper not in ("a4", "letter"):
        raise BadInputError(f"{settings.label('paper')}: expected a4 or letter, got {settings['paper']!r}")
    record_file = record_path(out, plan.id)
    context = replace(context, paper=paper, record=record_file, plan_source=plan_source)
    files: dict[str, bytes] = {}
    skipped: list[str] = []
    formats = list(request.formats or FORMATS)
    too_long = [fmt for fmt in formats if fmt in SHEETS and len(schedule.sessions) > SHEETS_LIMIT]
    if too_long and request.formats:
        raise BadInputError(
            f"--format {','.join(too_long)}: printed sheets are made for up to {SHEETS_LIMIT:,} "
            f"sessions (about two years of this kind of plan); this schedule has "
            f"{len(schedule.sessions):,}: use --format ics,md,json, or --from-week"
        )
    for fmt in too_long:
        formats.remove(fmt)
        skipped.append(
            f"no {fmt.upper()}: printed sheets are made for up to {SHEETS_LIMIT:,} sessions, this "
            f"schedule has {len(schedule.sessions):,}"
        )
    for fmt in formats:
        if fmt == "json":  # the JSON export is the record itself, written below: kept in its place
            files[f"{plan.id}.json"] = b""
            continue
        try:
            files[f"{plan.id}.{fmt}"] = render(fmt, schedule, plan, context)
        except PrepctlError as error:
            if request.formats or fmt != "pdf":  # asked for by name: a clear failure
                raise
            skipped.append(f"no PDF: {error}")  # the default set goes on without it
    default = out / f"{plan.id}.md"
    checklist = None
    if default.name in files:
        from prepctl.state.checklist import task_words
        from prepctl.state.rewrite import next_checklist, place_of_checklist

        expected = {s.block_id: task_words(s.activity, s.details) for s in (earlier.sessions if earlier else ())}
        place = place_of_checklist(default, earlier, ticks)
        checklist = next_checklist(plan.id, files.pop(default.name).decode(), place, default, earlier, ticks, expected)
    checklist_path = checklist.path if checklist else (earlier.checklist if earlier else None)
    busy = tuple(p if p.startswith(SERVER_BUSY) else str(Path(p).resolve()) for p in settings["busy"] or [])
    record = make_record(
        schedule,
        plan_ref(plan, plan_source),
        busy=busy,
        checklist=checklist_path.resolve() if checklist_path else None,
        checklist_digest=checklist.digest if checklist else (earlier.checklist_digest if earlier else None),
        checklist_lines=checklist.lines if checklist else (earlier.checklist_lines if earlier else None),
        written=context.stamp,
        formats=request.formats,
        locale=context.locale,
        templates=context.templates.resolve() if context.templates else None,
    )
    files[record_file.name] = dumps(record)
    if f"{plan.id}.json" in files:
        files[f"{plan.id}.json"] = files[record_file.name]
    sets: dict[Path, dict[str, bytes]] = {out: files}
    if checklist is not None:  # the checklist, where the person keeps it, and its backup
        beside = sets.setdefault(checklist.path.parent, {})
        beside[checklist.path.name] = checklist.text.encode()
        if checklist.backup is not None:
            beside[checklist.backup.name] = checklist.backup_bytes
    with index_lock():  # the outputs, the record and the index entry change as one set, or none does
        index = index_update(IndexEntry(plan.id, record_file.resolve(), record.checklist))
        for folder, entries in index.items():
            sets.setdefault(folder, {}).update(entries)
        written = write_sets(sets)
    hidden = {record_file, *(folder / name for folder, entries in index.items() for name in entries)}
    if checklist is not None and checklist.backup is not None:
        hidden.add(checklist.backup)
    shown = tuple(p for p in written if p not in hidden)
    return replace(
        outcome,
        written=shown,
        skipped=tuple(skipped),
        record=record_file,
        checklist=checklist_path,
        new_checklist=checklist,
    )

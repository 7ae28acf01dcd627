"""What placement changed, said in a few lines: one per cause, with figures; the days named
are at most four, the rest are details for --verbose."""

from __future__ import annotations

import math
import statistics
from datetime import date

from prepctl.model.display import clock, day_date, duration, hours
from prepctl.model.plan import Week, block_id
from prepctl.model.schedule import Notice, Options, Session, block_of
from prepctl.schedule.placement import Move, Placed, Stream

DAYS_LISTED = 4


def placement_notices(stream: Stream, placed: list[Placed]) -> list[Notice]:
    options = stream.options
    said: list[Notice] = []
    skipped = sorted(options.skip)
    if skipped:
        said.append(
            Notice(
                "skipped",
                (
                    f"{len(skipped)} skipped date{'s' if len(skipped) > 1 else ''} ({date_runs(skipped)}): "
                    "their work goes to the next free days"
                ),
            )
        )
    if stream.late is not None:
        piece, started = stream.late
        delay = (started - piece.not_before).days
        if delay > 0 and not piece.missed:
            said.append(
                Notice(
                    "later",
                    (
                        f"week {piece.week.week} {piece.day.day.capitalize()}, the last plan day, starts on "
                        f"{day_date(started, year=True)}, {delay} day{'s' if delay > 1 else ''} after its place in the "
                        "plan (skipped dates, carried-over work or busy time)"
                    ),
                )
            )
    said.extend(_splits(placed, options))
    said.extend(_deferrals(stream, placed))
    if stream.retimed:
        count = sum(stream.retimed.values())
        changes = ", ".join(
            f"{slot} {stream.slots[slot]:%H:%M} → {instead} {stream.slots[instead]:%H:%M} ({n})"
            for (slot, instead), n in sorted(stream.retimed.items())
        )
        said.append(
            Notice(
                "slot",
                (
                    f"{count} block{'s' if count > 1 else ''} moved to the other kind of day (weekday or weekend) "
                    f"take{'s' if count == 1 else ''} the slots the plan uses on such days: {changes}"
                ),
            )
        )
    causes = {
        "fixed": "fixed-length blocks (mocks) keep their length",
        "minimum": _minimum_cause(options),
        "long": "a block too short to split takes a day whose hours are shorter",
    }
    for why, cause in causes.items():
        days = [(on, excess) for on, (kind, excess) in sorted(stream.over.items()) if kind == why]
        if days:
            said.extend(
                _days_said(
                    "over-hours",
                    f"{len(days)} day{'s run' if len(days) > 1 else ' runs'} over your hours because {cause}",
                    [
                        (
                            f"{day_date(on, year=True)} +{duration(excess)}",
                            f"{day_date(on, year=True)} runs {duration(excess)} over your hours because {cause}",
                        )
                        for on, excess in days
                    ],
                )
            )
    said.extend(_moves_said(stream, "busy", "busy time", "around busy time"))
    if stream.now is not None:
        it_is = clock(stream.now.astimezone(stream.zone))
        said.extend(
            _moves_said(stream, "past", f"the hours already past today (it is {it_is})", "after the hours already past")
        )
    said.extend(
        _moves_said(
            stream, "window", f"--day-end {options.day_end:%H:%M}", f"to end before --day-end {options.day_end:%H:%M}"
        )
    )
    short = sorted(stream.short_days & {p.on for p in placed})
    if short:
        window = f"{options.day_start:%H:%M}–{options.day_end:%H:%M}"
        limits = [
            limit
            for limit, holds in (
                ("outside busy time", bool(stream.busy) or bool(options.work_hours)),
                ("after the hours already past today", stream.passed is not None and stream.passed[0] in short),
            )
            if holds
        ]
        outside = f" {' and '.join(limits)}" if limits else ""
        said.extend(
            _days_said(
                "day-window",
                (
                    f"{len(short)} day{'s' if len(short) > 1 else ''} had less free time between {window}{outside} "
                    "than your hours; what did not fit went on the next day"
                ),
                [(day_date(on), f"{day_date(on, year=True)} had less free time than your hours") for on in short],
            )
        )
    if stream.crowded:
        count, window = len(stream.crowded), f"{options.day_start:%H:%M}–{options.day_end:%H:%M}"
        limits = [
            limit
            for limit, holds in (
                ("outside busy time", bool(stream.busy) or bool(options.work_hours)),
                (
                    "after the hours already past today",
                    stream.passed is not None and stream.passed[0] in stream.crowded_days,
                ),
            )
            if holds
        ]
        outside = f", {' and '.join(limits)}," if limits else ""
        said.append(
            Notice(
                "day-window",
                f"{count} block{'s' if count > 1 else ''} found no gap long enough on "
                f"{'their' if count > 1 else 'its'} day between {window}{outside} "
                "and went on later",
            )
        )
    for move in stream.moves:
        if move.reason == "dst":
            said.append(
                Notice(
                    "dst",
                    f"{_moved(stream, move)}: clocks go back that night, and calendars read "
                    "the repeated hour differently",
                )
            )
    said.extend(Notice("dst", text) for text in dict.fromkeys(stream.dst))
    return said


def _days_said(kind: str, summary: str, days: list[tuple[str, str]]) -> list[Notice]:
    """A summary naming at most four days (each day: how it is listed, and its own line); the
    others for --verbose."""
    listed = ", ".join(short for short, _ in days[:DAYS_LISTED])
    more = f" and {len(days) - DAYS_LISTED} more (--verbose lists each)" if len(days) > DAYS_LISTED else ""
    return [
        Notice(kind, f"{summary}: {listed}{more}"),
        *(Notice(kind, line, detail=True) for _, line in days[DAYS_LISTED:]),
    ]


def _splits(placed: list[Placed], options: Options) -> list[Notice]:
    parts: dict[str, list[Placed]] = {}
    for p in placed:
        if p.minutes is not None:
            parts.setdefault(p.piece.id, []).append(p)
    split = {identifier: own for identifier, own in parts.items() if len(own) > 1}
    if not split:
        return []
    days = sorted({p.on for own in split.values() for p in own[:-1]})
    return _days_said(
        "split",
        (
            f"{len(split)} block{'s' if len(split) > 1 else ''} did not fit what was left of a day and "
            f"{'were' if len(split) > 1 else 'was'} split in parts of at least {options.min_part} min "
            "(--min-part), the rest first on the next day"
        ),
        [
            (day_date(on), f"{day_date(on, year=True)}: a block is split, the rest goes first on the next day")
            for on in days
        ],
    )


def _deferrals(stream: Stream, placed: list[Placed]) -> list[Notice]:
    """Fixed blocks that waited for a day with room while later blocks came first: one line."""
    position = {p.id: n for n, p in enumerate(stream.queue.pieces)}
    days = []
    for deferral in stream.deferrals:
        if deferral.on == deferral.wanted:
            continue
        piece = deferral.piece
        mine = position.get(piece.id, 0)
        first = sum(
            1
            for p in placed
            if position.get(p.piece.id, 0) > mine
            and p.on < deferral.on
            and p.minutes is not None
            and p.part == p.piece.first_part
        )
        if not first and not deferral.roomiest:
            continue  # nothing came before it: it simply went to the next day with room
        activity = piece.day.blocks[piece.index].activity
        how = (
            "the roomiest day of the week after, over your hours"
            if deferral.roomiest
            else f"the first day with {duration(piece.minutes)} free"
        )
        days.append(
            (
                f"{activity} {duration(piece.minutes)} {day_date(deferral.on)}",
                f"{activity} ({duration(piece.minutes)}, fixed) on {day_date(deferral.on, year=True)}, {how}; "
                f"{first} later block{'s' if first != 1 else ''} came first",
            )
        )
    if not days:
        return []
    if len(days) == 1:
        return [Notice("fixed", days[0][1])]
    return _days_said(
        "fixed",
        f"{len(days)} fixed blocks (mocks) waited for the first day with room for them while later blocks came first",
        days,
    )


def _minimum_cause(options: Options) -> str:
    """Why blocks cannot shrink further: --min-block, or a --granularity that rounds it up."""
    g, shortest = options.granularity, options.min_block
    if g > shortest:
        return (
            f"blocks stop at their shortest, {math.ceil(shortest / g) * g} min (--granularity {g} rounds "
            f"every block to {g} min steps)"
        )
    return f"blocks stop at their {shortest} min minimum (--min-block)"


def _moved(stream: Stream, move: Move) -> str:
    block = move.piece.day.blocks[move.piece.index]
    return (
        f"{day_date(move.on)}: {block.activity} ({move.piece.id}) moved from "
        f"{clock(move.before.astimezone(stream.zone))} to {clock(move.after.astimezone(stream.zone))}"
    )


def _moves_said(stream: Stream, reason: str, cause: str, around: str) -> list[Notice]:
    """One line for the moves of one cause (how many, the typical shift); each move for --verbose."""
    moves = [m for m in stream.moves if m.reason == reason]
    if not moves:
        return []
    middle = int(statistics.median((m.after - m.before).total_seconds() // 60 for m in moves))
    typical = f" (typically {duration(abs(middle))} {'later' if middle > 0 else 'earlier'})" if middle else ""
    summary = Notice(
        reason,
        f"{cause} moved {len(moves)} block{'s' if len(moves) != 1 else ''} within their "
        f"day{typical}; --verbose lists each",
    )
    return [summary, *(Notice(reason, f"{_moved(stream, m)} {around}", detail=True) for m in moves)]


def date_runs(days: list[date]) -> str:
    """Consecutive dates as ranges: ``Thu 24 Dec – Sun 27 Dec, Fri 1 Jan``."""
    runs: list[list[date]] = []
    for day in days:
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(day_date(r[0]) if len(r) == 1 else f"{day_date(r[0])} – {day_date(r[-1])}" for r in runs)


def shortfall(weeks: list[Week], sessions: list[Session], options: Options) -> list[Notice]:
    """One line when the hours hold much less of the plan than it asks for."""
    placed = {block_of(s.block_id) for s in sessions}
    written = sum(
        block.minutes or 0
        for week in weeks
        for day in week.days
        for i, block in enumerate(day.blocks)
        if block_id(week, day, i) in placed
    )
    scheduled = sum(s.minutes or 0 for s in sessions)
    if not written or scheduled >= written / 2:
        return []
    if options.scale is not None:
        given = f"at {options.scale:g} × the plan's time"
    elif options.weekday_hours == options.weekend_hours:
        given = f"at {hours(options.weekday_hours)} a day"
    else:
        given = (
            f"at {hours(options.weekday_hours) or 'the plan’s time'} on weekdays and "
            f"{hours(options.weekend_hours) or 'the plan’s time'} on weekend days"
        )
    fixed = any(block.fixed for week in weeks for day in week.days for block in day.blocks)
    return [
        Notice(
            "shortfall",
            (
                f"{given} this schedule holds {round(scheduled / 60)} h of the plan's {round(written / 60)} h"
                f"{'; fixed-length blocks (mocks) keep their length' if fixed else ''}; --fit stretch keeps every "
                "block's length and takes more weeks instead"
            ),
        )
    ]

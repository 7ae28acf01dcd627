"""Resuming from a ticked checklist: which blocks are done, and from when to go on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from prepctl.errors import BadInputError
from prepctl.model import Plan, block_id
from prepctl.progress import check_ticks_belong, read_ticks
from prepctl.revision import read_previous
from prepctl.schedule import Options


def resume_options(plan: Plan, options: Options, checklist: Path, missed: str) -> Options:
    """Options that schedule what the checklist leaves undone.

    ``shift``: what is left starts at ``options.start``, in plan order. ``drop``: the
    earlier schedule keeps its dates, and unfinished items dated before
    ``options.start`` are dropped, so missed work never stacks up.
    """
    ticks = read_ticks(checklist)
    known = {block_id(w, d, i) for w in plan.weeks for d in w.days for i in range(len(d.blocks))}
    check_ticks_belong(ticks, known, plan.id)
    done = ticks.done | options.completed
    if missed == "shift":
        return replace(options, completed=frozenset(done), resumed=True)
    previous = read_previous(checklist.with_suffix(".json"))
    if previous is None:
        raise BadInputError(
            f"--missed drop: needs the earlier schedule {checklist.with_suffix('.json')} "
            "(written by `prepctl schedule` beside the checklist) to keep its dates")
    pinned = {(int(s["week"]), str(s["day"]), date.fromisoformat(s["date"]))
              for s in previous.sessions.values()}
    return replace(options, drop_before=options.start, completed=frozenset(done),
                   excluded=previous.dropped - done, pinned=tuple(sorted(pinned)), resumed=True)

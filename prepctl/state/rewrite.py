"""The next checklist of a schedule, written where the person keeps it with everything of theirs
in it: every tick carried over by id (from each copy found, merged and reported), and every
line they wrote kept under its day. The old file is kept as a backup when it held such lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from prepctl.model.record import Record
from prepctl.settings import clock
from prepctl.state.active import active, server_ticks
from prepctl.state.checklist import (
    Ticks,
    carry_own_lines,
    carry_ticks,
    digest,
    fingerprints,
    parse_ticks,
    read_text,
)


@dataclass(frozen=True)
class NewChecklist:
    """What the next checklist is, where it goes and what it kept of the person's."""

    path: Path  # where the person keeps it (the output folder unless they moved it)
    text: str
    digest: str  # of the whole text, ticks aside: equal next time means the person changed only ticks
    lines: frozenset[str]  # fingerprints of the lines prepctl wrote, to tell the person's lines apart next time
    carried: int = 0  # ticks in the new checklist that were ticks in a copy before
    own_lines: int = 0  # lines the person wrote, kept
    own_at_end: int = 0  # of them, those whose day is gone, kept at the end
    backup: Path | None = None
    backup_bytes: bytes = b""
    lost: tuple[str, ...] = ()  # ticked tasks whose hidden id was lost, one note each
    sources: tuple[Path, ...] = ()  # the copies ticks were read from
    merged: tuple[str, ...] = ()  # one line per copy that had ticks the live copy lacked


def place_of_checklist(default: Path, earlier: Record | None, resume: Ticks | None) -> Path:
    """Where the checklist goes: the one resumed from, else where prepctl last saw the schedule's
    checklist (a notes vault), else ``default`` in the output folder."""
    if resume is not None:
        return resume.path
    place = active(earlier).checklist if earlier is not None else None
    if place is None or not place.parent.is_dir():
        return default
    return place


def next_checklist(
    plan_id: str,
    rendered: str,
    place: Path,
    default: Path,
    earlier: Record | None,
    resume: Ticks | None,
    expected: Mapping[str, str],
) -> NewChecklist:
    """``rendered`` with every earlier tick and line of the person carried over.

    Ticks come from every copy of this schedule's checklist prepctl knows of (``place``, where
    it last wrote it, the one resumed from, ``default``) and from a task app after a sync;
    ``expected`` (id -> task words) finds ticked tasks that lost their hidden id.
    """
    candidates = [place, earlier.checklist if earlier else None, resume.path if resume else None]
    if earlier is None or earlier.checklist is None:
        candidates.append(default)
    sources = list(dict.fromkeys(p.resolve() for p in candidates if p is not None and p.is_file()))
    found: dict[Path, Ticks] = {}
    texts: dict[Path, str] = {}
    for path in sources:
        text = read_text(path)
        ticks = parse_ticks(path, text)
        if ticks.plan_id in (None, plan_id):  # another plan's checklist under this name: backed up, not read
            found[path], texts[path] = ticks, text
    if resume is not None:
        found.setdefault(resume.path.resolve(), resume)
    live = place.resolve()
    ticked: set[str] = set(found[live].ticked) if live in found else set()
    merged = []
    for path, ticks in found.items():
        extra = sorted(ticks.ticked - ticked)
        if extra and path != live:
            shown = ", ".join(extra[:4]) + (" …" if len(extra) > 4 else "")
            merged.append(
                f"{path} had {len(extra)} tick{'s' if len(extra) != 1 else ''} the copy at {place} "
                f"lacked ({shown}); merged"
            )
        ticked |= ticks.ticked
    if earlier is not None:  # completed in a task app: ticked in the new checklist too
        ticked |= server_ticks(earlier)
    lost = [note for ticks in found.values() for note in ticks.lost_notes(expected)]
    text, _ = carry_ticks(rendered, ticked)
    existing = texts.get(live)
    own = at_end = 0
    if existing is not None and earlier is not None and earlier.checklist_lines is not None:
        text, own, at_end = carry_own_lines(existing, earlier.checklist_lines, text)
    whole = digest(text)
    backup, backup_bytes = None, b""
    # another plan's checklist under this name, or one with lines prepctl did not write, is kept
    # as it was, byte for byte (its line endings too), before the new one replaces it
    foreign = live in sources and live not in texts
    if foreign or (
        existing is not None and digest(existing) not in {earlier.checklist_digest if earlier else None, whole}
    ):
        backup = place.with_name(f"{place.stem}.backup-{clock.now():%Y%m%d-%H%M%S}.md")
        backup_bytes = place.read_bytes()
    carried = len(parse_ticks(place, text).ticked & ticked)
    return NewChecklist(
        place,
        text,
        whole,
        fingerprints(rendered),
        carried,
        own,
        at_end,
        backup,
        backup_bytes,
        tuple(dict.fromkeys(lost)),
        tuple(found),
        tuple(merged),
    )

"""Where a value stands in a plan file: its field path and its line and column."""

from __future__ import annotations

from typing import NamedTuple

FieldPath = tuple[str | int, ...]


class Position(NamedTuple):
    """A line and column, from 1; one per value of a plan file (a tuple: quick to make by the thousand)."""

    line: int
    column: int


def dotted(path: FieldPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text

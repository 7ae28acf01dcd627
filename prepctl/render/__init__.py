"""Renderers: Schedule (+ Plan for context) -> bytes, one module per format.

Renderers compute no dates; they only present the schedule. Each is imported
when its format is asked for, so light commands never load icalendar or WeasyPrint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from prepctl.model.plan import Plan
from prepctl.model.schedule import Schedule

FORMATS: dict[str, str] = {
    "ics": "prepctl.render.ics",
    "md": "prepctl.render.markdown",
    "html": "prepctl.render.html",
    "pdf": "prepctl.render.pdf",
    "json": "prepctl.render.json",
}


@dataclass(frozen=True)
class RenderContext:
    """What renderers need beyond the schedule: the stamp, the person's templates, and
    where the schedule's record and plan are (named in the checklist and the JSON)."""

    stamp: datetime
    templates: Path | None = None
    paper: str = "a4"
    record: Path | None = None
    plan_source: str | None = None
    locale: str = "en"  # weekday and month names on the sheets and in the checklist
    descriptions: dict[str, str] | None = None  # event descriptions by UID, rendered once for the digest


def render(fmt: str, schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    module = importlib.import_module(FORMATS[fmt])
    data: bytes = module.render(schedule, plan, context)
    return data

"""The weekly sheets as HTML (also the input of the PDF)."""

from __future__ import annotations

from prepctl.model.plan import Plan
from prepctl.model.schedule import Schedule
from prepctl.render import RenderContext
from prepctl.render.templating import environment
from prepctl.render.templating import render as render_template
from prepctl.render.view import build_view
from prepctl.render.words import translator

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def render_text(
    schedule: Schedule, plan: Plan, context: RenderContext, long_weeks: frozenset[int] = frozenset(), pdf: bool = False
) -> str:
    """The sheets; ``long_weeks`` are weeks too long for one printed page, which flow on to
    the next pages under a repeated header instead of filling one page with note lines.
    For the PDF (``pdf``) the page leaves out what only a browser uses: the tick boxes one can
    click and their script (on paper each block gets a box glyph), which keeps WeasyPrint's memory down."""
    env = environment(context.templates, html=True, locale=context.locale)
    return render_template(
        env,
        "weekly.html.j2",
        plan=plan,
        view=build_view(schedule, plan, translator(context.locale)),
        schedule=schedule,
        options=schedule.options,
        paper=PAPER_SIZES[context.paper],
        long_weeks=long_weeks,
        pdf=pdf,
    )


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    return render_text(schedule, plan, context).encode()

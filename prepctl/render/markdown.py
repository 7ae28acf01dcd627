"""The Markdown checklist: GitHub/Obsidian task lists with hidden block ids."""

from __future__ import annotations

import re

from prepctl.model.plan import Plan
from prepctl.model.schedule import Schedule
from prepctl.render import RenderContext
from prepctl.render.templating import environment
from prepctl.render.templating import render as render_template
from prepctl.render.view import build_view
from prepctl.render.words import translator
from prepctl.state.checklist import header

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def inline(text: str) -> str:
    """Plan text as literal Markdown on one line: nothing in it becomes markup or HTML."""
    text = text.replace("\n", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render(schedule: Schedule, plan: Plan, context: RenderContext) -> bytes:
    env = environment(context.templates, locale=context.locale)
    env.filters["md"] = inline
    marker = header(plan.id, context.record) if context.record else f"<!-- prepctl-plan: {plan.id} -->"
    text = render_template(
        env,
        "checklist.md.j2",
        plan=plan,
        view=build_view(schedule, plan, translator(context.locale)),
        schedule=schedule,
        options=schedule.options,
        header=marker,
    )
    return text.encode()

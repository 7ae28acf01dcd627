"""Jinja environments over the bundled templates, with a person's folder in front.

Templates are strict (an undefined name is an error naming the template and line)
and plan text is only ever data passed in, never a template itself. Every template, the
bundled ones and a person's ``--templates`` folder alike, runs in Jinja's sandbox: no
Python internals (``__class__``, ``__globals__``), no changing the data it is given.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from prepctl.errors import TemplateError
from prepctl.model.display import clock, day_date, duration, hours
from prepctl.plan.resources import templates_dir
from prepctl.render.words import translator

# The render budget of one template: what a template may cost before it is stopped, with one line
# naming the bound. A person's template is code prepctl runs; these keep it from taking the machine.
RENDER_SECONDS = 60
RENDER_STEPS = 1_000_000  # loop steps over range() in one render (about a fifth of a second)
OUTPUT_BYTES = 32 * 1024 * 1024  # text one render may produce (a 520-week checklist is under 3 MB)
POWER_LIMIT = 10_000  # the largest exponent of **


class _Budget:
    """The time and loop steps one render has used (renders run one at a time)."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.steps = 0

    def start(self) -> None:
        self.started, self.steps = time.monotonic(), 0

    def step(self) -> None:
        self.steps += 1
        if self.steps > RENDER_STEPS:
            raise jinja2.exceptions.SecurityError(f"more than {RENDER_STEPS:,} loop steps (the render budget)")
        if self.steps % 1024 == 0:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() - self.started > RENDER_SECONDS:
            raise jinja2.exceptions.SecurityError(f"ran longer than {RENDER_SECONDS} s (the render budget)")


_BUDGET = _Budget()


def _budgeted_range(*args: int) -> Iterator[int]:
    """``range`` for templates: the sandbox's bound on its length, and a step of the budget each."""
    for number in jinja2.sandbox.safe_range(*args):
        _BUDGET.step()
        yield number


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, answering at once for a field of prepctl's own frozen data,
    and with bounds on what arithmetic a template can ask for.

    For such a field the sandbox's own checks give the same answer, safe (no underscore, not
    a function, frame or mutable container), and cost half of rendering 2,000 event texts:
    type tests against every mutable ABC on each attribute read.
    """

    intercepted_binops = frozenset({"**", "*"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return attr in _data_fields().get(type(obj), ()) or super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if (
            operator == "**"
            and isinstance(right, int)
            and (
                abs(right) > POWER_LIMIT
                or (isinstance(left, int) and left.bit_length() * abs(right) > 8 * OUTPUT_BYTES)
            )
        ):
            raise jinja2.exceptions.SecurityError(f"an exponent above {POWER_LIMIT:,} (the render budget)")
        if operator == "*" and isinstance(left, int | float) and isinstance(right, str | list | tuple):
            left, right = right, left
        if (
            operator == "*"
            and isinstance(left, str | list | tuple)
            and isinstance(right, int)
            and len(left) * right > OUTPUT_BYTES
        ):
            raise jinja2.exceptions.SecurityError(f"a value larger than {OUTPUT_BYTES // 2**20} MB (the render budget)")
        return super().call_binop(context, operator, left, right)


class _Loader(jinja2.FileSystemLoader):
    """Templates from the template folders only: a link that leads out of them is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = os.path.realpath(filename)
        if not any(real.startswith(os.path.realpath(folder) + os.sep) for folder in self.searchpath):
            raise TemplateError(f"{filename}: leads outside the template folders (a link); templates stay in them")
        return source, filename, uptodate


@cache
def _data_fields() -> dict[type, frozenset[str]]:
    """The fields of each frozen dataclass templates are given: the plan, the schedule, the view."""
    from prepctl.model import plan, schedule
    from prepctl.render import view

    kinds = [
        value
        for module in (plan, schedule, view)
        for value in vars(module).values()
        if isinstance(value, type) and is_dataclass(value) and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
    ]
    return {kind: frozenset(f.name for f in fields(kind) if not f.name.startswith("_")) for kind in kinds}


def environment(user_dir: Path | None = None, *, html: bool = False, locale: str = "en") -> jinja2.Environment:
    """The template environment; ``user_dir`` templates replace bundled ones of the same name."""
    folders = [templates_dir()]
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError(f"--templates: {user_dir} is not a folder")
        folders.insert(0, user_dir)
    env = _Sandbox(
        loader=_Loader([str(f) for f in folders]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a run: no stat() per render
        trim_blocks=True,
        lstrip_blocks=True,
        optimized=False,  # no folding of constants while compiling: '"x" * 10**9' would run outside the budget
    )
    env.globals.pop("lipsum", None)  # lipsum(n=10**7) has no bound
    env.globals["range"] = _budgeted_range
    env.filters["clock"] = clock
    env.filters["duration"] = duration
    env.filters["day_date"] = lambda value, year=False: day_date(value, year, locale)
    env.globals["locale"] = locale
    words = translator(locale)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        words, lambda one, many, n: words(one if n == 1 else many), newstyle=True
    )
    env.globals["_"] = _translating(words)
    env.filters["hours"] = hours
    return env


def _translating(words: Callable[[str], str]) -> Callable[..., str]:
    """``_("Week %(number)s", number=3)`` as the i18n extension's new-style gettext gives it
    (escaped in HTML, always %-formatted), called directly: its alias goes through three
    sandboxed calls, a third of rendering an event text."""

    @jinja2.pass_eval_context
    def translated(eval_ctx: jinja2.nodes.EvalContext, text: str, **variables: Any) -> str:
        found = Markup(words(text)) if eval_ctx.autoescape else words(text)
        return found % variables

    return translated


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render ``name``; any template mistake becomes one line naming template and line."""
    return compiled(env, name)(**context)


def compiled(env: jinja2.Environment, name: str) -> Callable[..., str]:
    """``name`` compiled once, as a function that renders it with mistakes reported as above."""
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(f"template {name!r} not found") from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{error.filename or error.name}:{error.lineno}: template syntax error: {error.message}"
        ) from None

    def render_compiled(**context: Any) -> str:
        _BUDGET.start()
        try:
            parts, size = [], 0
            for part in template.generate(**context):
                size += len(part)
                if size > OUTPUT_BYTES:
                    raise jinja2.exceptions.SecurityError(
                        f"output larger than {OUTPUT_BYTES // 2**20} MB (the render budget)"
                    )
                _BUDGET.check_time()
                parts.append(part)
            return "".join(parts)
        except TemplateError:
            raise
        except jinja2.TemplateError as error:  # includes the sandbox's SecurityError
            raise TemplateError(f"{_where(name, error)}: template error: {error.message}") from None
        except Exception as error:  # a template can also divide by zero or call a method wrongly
            raise TemplateError(f"{_where(name, error)}: template error: {type(error).__name__}: {error}") from None

    return render_compiled


def _where(name: str, error: BaseException) -> str:
    """The template file and line of a render-time error, from its traceback."""
    tb = error.__traceback__
    location = name
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or filename.endswith(".css"):
            lineno = tb.tb_frame.f_globals.get("__jinja_template__")
            line = lineno.get_corresponding_lineno(tb.tb_lineno) if lineno else tb.tb_lineno
            location = f"{filename}:{line}"
        tb = tb.tb_next
    return location

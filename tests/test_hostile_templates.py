"""A person's templates (``--templates``) run in Jinja's sandbox: they can shape every output
but cannot reach Python internals, the file system or the data they are given, and every
mistake in them is one line naming the template and line, exit status 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT

BASE = ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "ics"]

CASES = [
    ("{{ session.__class__.__mro__ }}", "access to attribute '__class__' of 'Session' object is unsafe"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "access to attribute '__init__'"),
    ("{{ lipsum.__globals__['os'].system('id') }}", "'lipsum' is undefined"),  # not even there any more
    ("{{ cycler.__init__.__globals__['os'].system('id') }}", "access to attribute '__init__'"),
    ("{{ plan.weeks.append(1) }}", "access to attribute 'append' of 'list' object is unsafe"),
    ("{{ plan.meta.update(x=1) }}", "access to attribute 'update' of 'dict' object is unsafe"),
    ("{{ session.__dataclass_fields__ }}", "access to attribute '__dataclass_fields__' of 'Session' object is unsafe"),
    ("{% include '/etc/passwd' %}", "'/etc/passwd' not found"),
    ("{% include '../../../../etc/passwd' %}", "../../../../etc/passwd"),
    ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
    ("{{ session.start.strftime(5) }}", "TypeError: strftime() argument 1 must be str, not int"),
    ("{{ no_such_name }}", "'no_such_name' is undefined"),
    ("{% for x in %}", "template syntax error"),
]


@pytest.mark.parametrize(("body", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_a_template_that_reaches_for_more_is_one_line_and_exit_2(
    runner, tmp_path: Path, body: str, expected: str
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "event.txt.j2").write_text(body + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, [*BASE, "--templates", str(templates), "--out", str(out)])
    assert result.exit_code == EXIT_BAD_INPUT, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"prepctl: {templates / 'event.txt.j2'}:1: template ")
    assert expected in lines[0], lines[0]
    assert "uid=" not in result.output and "root:" not in result.output
    assert not out.exists(), "nothing written"


def test_prepctls_own_data_is_as_safe_to_read_as_jinjas_sandbox_says() -> None:
    """The sandbox answers at once for the fields of prepctl's frozen data (plan, schedule,
    view); Jinja's own checks must give every one of them the same answer."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from prepctl.render.templating import _data_fields

    kinds = _data_fields()
    assert {"Plan", "Week", "Day", "Block", "Session", "Schedule", "Options", "View", "WeekView", "DayView"} <= {
        kind.__name__ for kind in kinds
    }
    jinja = ImmutableSandboxedEnvironment()
    for kind, names in kinds.items():
        instance = object.__new__(kind)
        unsafe = [name for name in names if not jinja.is_safe_attribute(instance, name, None)]
        assert not unsafe, f"{kind.__name__}: {unsafe}"


@pytest.mark.parametrize("html", [False, True])
@pytest.mark.parametrize("locale", ["en", "de"])
def test_translated_words_in_a_template_are_what_jinjas_i18n_gives(html: bool, locale: str) -> None:
    """``_()`` is called directly, not through the i18n extension's alias: the same text,
    escaped in HTML where the variables are not, and ``%%`` read as ``%`` either way."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from prepctl.render.templating import environment
    from prepctl.render.words import translator

    source = '{{ _("Week %(number)s", number="<3>") }} {{ _("Focus:") }} {{ _("100%% <sure>") }}'
    words = translator(locale)
    jinja = ImmutableSandboxedEnvironment(
        extensions=["jinja2.ext.i18n"], autoescape=html, undefined=jinja2.StrictUndefined
    )
    jinja.install_gettext_callables(
        words,
        lambda one, many, n: words(one if n == 1 else many),  # type: ignore[attr-defined]
        newstyle=True,
    )
    ours = environment(html=html, locale=locale).from_string(source).render()
    assert ours == jinja.from_string(source).render()
    assert ("&lt;3&gt;" in ours) == html and "100% " in ours
    assert locale == "en" or "Woche" in ours


def test_plan_text_in_a_users_html_template_stays_text(runner, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "weekly.html.j2").write_text(
        "<html><body>{% for s in view.schedule.sessions %}<p>{{ s.details }}</p>{% endfor %}</body></html>\n",
        encoding="utf-8",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "version: 1\nid: tiny\ntitle: Tiny\nfocus_areas: {core: {title: Core, share: 1.0}}\n"
        "weeks:\n  - week: 1\n    title: One\n    days:\n      - day: mon\n        title: Start\n        blocks:\n"
        '          - {slot: morning, minutes: 30, activity: Read, focus: core, details: "<script>alert(1)</script>"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "schedule",
            str(plan),
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--format",
            "html",
            "--templates",
            str(templates),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    html = (out / "tiny.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html

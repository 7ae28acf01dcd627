"""Every command explains itself: help with an example, a line in the README, completion; and every command
in the docs (README.md, docs/*.md) runs as written."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import typer

from prepctl.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text()
COMMANDS = [c.name for c in typer.main.get_command(app).commands.values()]  # type: ignore[attr-defined]


def test_the_commands_are_the_ones_documented():
    assert sorted(COMMANDS) == sorted(
        ["plans", "show", "validate", "schedule", "progress", "today", "schema", "new", "stats", "config", "sync"]
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example_and_a_readme_mention(runner, command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout or command == "config"
    assert f"prepctl {command}" in README


def test_version(runner):
    from prepctl import __version__

    result = runner.invoke(app, ["--version"])
    assert result.stdout == f"prepctl {__version__}\n"


def test_shell_completion_offers_bundled_plans_and_time_zones():
    exe = shutil.which("prepctl")
    assert exe
    env = {**os.environ, "_PREPCTL_COMPLETE": "complete_bash"}
    zones = subprocess.run(
        [exe],
        env={**env, "COMP_WORDS": "prepctl schedule --tz Europe/Ber", "COMP_CWORD": "3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Europe/Berlin" in zones.stdout.split()
    plans = subprocess.run(
        [exe],
        env={**env, "COMP_WORDS": "prepctl show ml", "COMP_CWORD": "2"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert plans.stdout.split() == ["mlops-8-week"]


# --- Every command in the docs is run ---------------------------------------------------------

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(?P<language>[\w-]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)


def fenced(page: Path, language: str) -> list[str]:
    """The bodies of a page's fenced blocks in ``language``, in page order."""
    return [
        match["body"] for match in FENCE.finditer(page.read_text(encoding="utf-8")) if match["language"] == language
    ]


def doc_commands(page: Path) -> list[list[str]]:
    """Each ``prepctl ...`` line of the page's sh blocks, without ``prepctl`` and the comment at its end.
    Other lines (``python3 -m venv ...``, ``export ...``) are the reader's to run, not prepctl's."""
    commands = []
    for body in fenced(page, "sh"):
        for line in body.replace("\\\n", " ").splitlines():
            if line.startswith("prepctl "):
                commands.append(shlex.split(line, comments=True)[1:])
    return commands


RUN = [page for page in PAGES if doc_commands(page)]


def test_the_docs_run_every_command():
    """Every command of the CLI is in a line of the docs that test_every_command_in_the_docs_runs runs."""
    run = {args[0] for page in RUN for args in doc_commands(page)}
    assert sorted(set(COMMANDS) - run) == []
    assert {"README.md", "use.md", "life.md", "calendars.md", "plans.md"} <= {page.name for page in RUN}


@pytest.mark.slow
@pytest.mark.parametrize("page", RUN, ids=[page.name for page in RUN])
def test_every_command_in_the_docs_runs(runner, monkeypatch, tmp_path, page):
    """The page's commands, in its order, in a folder of their own (the autouse fixture gives each test its
    own working folder, config file and data folder; the clock reads Fri 4 Dec 2026, 09:00 in Berlin).
    The lines of `prepctl sync` run against a local Radicale server: the page's `config set caldav.*`
    lines are run as written, and the environment, which wins over the config file, points them at it."""
    commands = doc_commands(page)
    with contextlib.ExitStack() as stack:
        if any(args[0] == "sync" for args in commands):
            from radicale_server import USERS, radicale

            url = stack.enter_context(radicale(tmp_path / "radicale"))
            monkeypatch.setenv("PREPCTL_CALDAV_URL", url)
            monkeypatch.setenv("PREPCTL_CALDAV_USERNAME", "ana")
            monkeypatch.setenv("PREPCTL_CALDAV_PASSWORD", USERS["ana"])
        for args in commands:
            result = runner.invoke(app, args)
            assert result.exit_code == 0, (
                f"{page.relative_to(ROOT)}: `prepctl {shlex.join(args)}` exited {result.exit_code}\n"
                f"{result.output}{result.exception!r}"
            )


def test_the_plan_in_the_docs_validates(runner, tmp_path):
    examples = fenced(ROOT / "docs" / "plans.md", "yaml")
    assert examples
    for number, text in enumerate(examples):
        path = tmp_path / f"example{number}.yaml"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, f"docs/plans.md, YAML example {number + 1}:\n{result.output}"


def test_the_python_in_the_docs_runs(capsys):
    examples = fenced(ROOT / "docs" / "library.md", "python")
    assert examples
    for number, code in enumerate(examples):
        exec(compile(code, f"docs/library.md, example {number + 1}", "exec"), {})
    printed = capsys.readouterr().out
    assert "2026-12-07 07:00:00+01:00" in printed and "out/mlops-8-week.ics" in printed


LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize(
    "page",
    [ROOT / "README.md", ROOT / "benchmarks" / "README.md", *PAGES[1:]],
    ids=lambda page: str(page.relative_to(ROOT)),
)
def test_relative_links_lead_to_files_of_the_checkout(page):
    """`mkdocs build --strict` checks the links between the pages; this also checks the README's, the
    benchmark log's and the pages' links to files outside docs/."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for match in LINK.finditer(text):
        target = match["target"]
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.relative_to(ROOT)}: link to {target}, which is not there"

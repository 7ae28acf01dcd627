"""Every command explains itself: help with an example, a line in the README, completion."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import typer

from prepctl.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text()
COMMANDS = [c.name for c in typer.main.get_command(app).commands.values()]  # type: ignore[attr-defined]


def test_the_commands_are_the_ones_documented():
    assert sorted(COMMANDS) == sorted(["plans", "show", "validate", "schedule", "progress", "today",
                                       "schema", "new", "stats", "config", "sync"])


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
    zones = subprocess.run([exe], env={**env, "COMP_WORDS": "prepctl schedule --tz Europe/Ber", "COMP_CWORD": "3"},
                           capture_output=True, text=True, timeout=60)
    assert "Europe/Berlin" in zones.stdout.split()
    plans = subprocess.run([exe], env={**env, "COMP_WORDS": "prepctl show ml", "COMP_CWORD": "2"},
                           capture_output=True, text=True, timeout=60)
    assert plans.stdout.split() == ["mlops-8-week"]

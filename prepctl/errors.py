"""The user-facing errors: each carries the exit status the CLI turns it into."""

from __future__ import annotations

EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 1


class PrepctlError(Exception):
    """Base of every error prepctl reports to a person as one line."""

    exit_code = EXIT_UNEXPECTED


class BadInputError(PrepctlError, ValueError):
    """Something the person typed or gave us is wrong; they can fix it."""

    exit_code = EXIT_BAD_INPUT


class PlanError(BadInputError):
    """A plan file has one or more problems, each already located."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class OutputError(BadInputError):
    """An output file or folder cannot be written."""


class SettingError(BadInputError):
    """A setting has a value that cannot work.

    The core names the setting (``weekday_hours``); the command line says where the
    person gave it (``--hours``, ``PREPCTL_WEEKDAY_HOURS`` or a config file line).
    """

    def __init__(self, setting: str, problem: str) -> None:
        self.setting = setting
        self.problem = problem
        super().__init__(f"{setting}: {problem}")


class Terminated(KeyboardInterrupt):
    """SIGTERM while output files are staged, raised like Ctrl-C so they are removed."""

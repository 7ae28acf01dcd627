"""Every error prepctl reports, each with the exit status the command line turns it into.

0 success; 1 unexpected (a bug); 2 bad input; 3 a calendar server or the network failed;
4 sync conflicts left for the person; 130 interrupted; 143 terminated.
"""

from __future__ import annotations

EXIT_UNEXPECTED = 1
EXIT_BAD_INPUT = 2
EXIT_SERVER = 3
EXIT_CONFLICT = 4
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143


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


class RecordError(BadInputError):
    """A record, the index or the sync state cannot be read: one line naming the file."""


class TemplateError(BadInputError):
    """A template cannot be found, parsed or rendered."""


class PdfUnavailableError(PrepctlError):
    """WeasyPrint or its system libraries (Pango) are missing."""

    exit_code = EXIT_BAD_INPUT


class ServerError(PrepctlError):
    """The server or the network failed: one line, exit status 3."""

    exit_code = EXIT_SERVER


class ConflictError(PrepctlError):
    """Objects changed on the server since the last sync were left as they are: exit status 4."""

    exit_code = EXIT_CONFLICT


class Interrupted(PrepctlError):
    """Ctrl-C or SIGTERM during a sync: what was written is recorded, the next sync goes on."""

    exit_code = EXIT_INTERRUPTED

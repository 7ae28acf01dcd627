"""The link to a CalDAV server: where it is, who you are, the password, the calendar.

prepctl never keeps the password. It comes from ``PREPCTL_CALDAV_PASSWORD``, from what
``caldav.password_command`` prints (run without a shell, as vdirsyncer's ``password.fetch``),
or from the OS keyring when the ``keyring`` package is installed. Certificates are always
verified. Every failure of the server or the network is one line naming the server, never
a traceback and never the password.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from prepctl.errors import BadInputError, PrepctlError, ServerError

PASSWORD_VARIABLE = "PREPCTL_CALDAV_PASSWORD"
KEYRING_SERVICE = "prepctl"
PASSWORD_COMMAND_SECONDS = 60


@dataclass(frozen=True)
class Account:
    """What is needed to talk to the server; ``password_from`` says where the password came from."""

    url: str
    username: str
    password: str
    password_from: str
    timeout: float

    def __repr__(self) -> str:  # a password never reaches a log, a traceback or the screen
        return f"Account(url={self.url!r}, username={self.username!r}, password_from={self.password_from!r})"


def account_from_settings(settings: Any, timeout: float) -> Account:
    """The account of the ``caldav.*`` settings (config file, or ``PREPCTL_CALDAV_*``)."""
    return account(settings["caldav.url"], settings["caldav.username"], settings["caldav.password_command"], timeout)


def account(url: str | None, username: str | None, password_command: str | None, timeout: float) -> Account:
    """The account from the settings; a missing piece is said with the command that sets it."""
    if not url:
        raise BadInputError(
            "caldav.url: no CalDAV server set; `prepctl config set caldav.url "
            "https://caldav.example.com/` (or PREPCTL_CALDAV_URL)"
        )
    from prepctl.settings.inputs import check_url

    check_url(url, "caldav.url")
    if not username:
        raise BadInputError(
            "caldav.username: no user name set; `prepctl config set caldav.username NAME` (or PREPCTL_CALDAV_USERNAME)"
        )
    password, source = _password(url, username, password_command)
    return Account(url, username, password, source, timeout)


def _password(url: str, username: str, command: str | None) -> tuple[str, str]:
    if os.environ.get(PASSWORD_VARIABLE):
        return os.environ[PASSWORD_VARIABLE], PASSWORD_VARIABLE
    if command:
        return _run_password_command(command), "caldav.password_command"
    found = _keyring_password(url, username)
    if found:
        return found, "the OS keyring"
    raise BadInputError(
        f"no password for {username}: set {PASSWORD_VARIABLE}, or caldav.password_command "
        "(a command that prints it, e.g. `pass show caldav`), or keep it in the OS keyring "
        f"(service {KEYRING_SERVICE!r}, user '{username}@{urlsplit(url).hostname}')"
    )


def _keyring_password(url: str, username: str) -> str | None:
    """The password in the OS keyring, when the optional ``keyring`` package is installed."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        found: str | None = keyring.get_password(KEYRING_SERVICE, f"{username}@{urlsplit(url).hostname}")
    except KeyringError:
        return None
    return found


def _run_password_command(command: str) -> str:
    """The first line the command prints, within PASSWORD_COMMAND_SECONDS: the command's own
    exit ends the wait, and whatever it started that still holds its output is stopped."""
    where = "caldav.password_command"
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise BadInputError(f"{where}: cannot read the command ({error})") from None
    if not words:
        raise BadInputError(f"{where}: the command is empty; give a command that prints the password")
    try:
        process = subprocess.Popen(
            words,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
    except OSError as error:
        raise BadInputError(f"{where}: cannot run {words[0]!r}: {error.strerror}") from None
    try:
        status = process.wait(timeout=PASSWORD_COMMAND_SECONDS)
    except subprocess.TimeoutExpired:
        status = None
    finally:
        _stop_group(process)
    if status is None:
        raise BadInputError(f"{where}: gave no password within {PASSWORD_COMMAND_SECONDS} s")
    output = process.stdout.read() if process.stdout else ""
    password = output.splitlines()[0] if output.strip() else ""
    if status != 0 or not password:
        raise BadInputError(
            f"{where}: ended with status {status} and no password (its output is not shown: it may hold the password)"
        )
    return password


def _stop_group(process: subprocess.Popen[str]) -> None:
    """Stop the command and anything it started (which could keep its output open for ever)."""
    import signal

    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def client(account: Account) -> Any:
    """A caldav client for the account (no request is made yet)."""
    import caldav

    make: Any = caldav.DAVClient
    return make(
        url=account.url,
        username=account.username,
        password=account.password,
        timeout=account.timeout,
        ssl_verify_cert=True,
    )


class _TooLong(Exception):
    """The server kept a step going past its total deadline (answering, but a byte at a time)."""


_deadline_set = False  # a step inside a step keeps the outer deadline


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """A total deadline for one step with the server, beside the idle timeout of each read (Unix,
    main thread; elsewhere the idle timeout alone)."""
    import signal
    import threading

    global _deadline_set
    if _deadline_set or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def too_long(number: int, frame: Any) -> None:
        raise _TooLong

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _deadline_set = True
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _deadline_set = False


@contextmanager
def talking_to(account: Account, doing: str) -> Iterator[None]:
    """Turn what the server or the network says into one ServerError line; a step with the
    server has twice ``--timeout`` in all, however slowly the answer trickles in."""
    try:
        with _deadline(2 * account.timeout):
            yield
    except PrepctlError:
        raise
    except Exception as error:
        message = explain(error, account, doing)
        if message is None:
            raise  # not the server's or the network's doing: a bug, reported as one
        raise ServerError(message) from None


def explain(error: Exception, account: Account, doing: str) -> str | None:
    """One line for a failed request: what went wrong, at which server, and what to do
    (None for an error that is neither the server's nor the network's)."""
    from caldav.lib import error as dav

    server = account.url
    names = {cls.__name__ for cls in type(error).__mro__}
    status = getattr(error, "status", None)
    if "SSLError" in names:
        return f"{server}: the server's certificate is not trusted ({_reason(error)}); prepctl always checks it"
    if isinstance(error, _TooLong):
        return (
            f"{server}: the server took more than {2 * account.timeout:g} s in all while {doing} (twice "
            "--timeout); try again later"
        )
    if names & {"Timeout", "ReadTimeout", "ConnectTimeout", "TimeoutError"}:
        return f"{server}: no answer within {account.timeout:g} s while {doing}; try again later"
    if isinstance(error, dav.AuthorizationError) or status in (401, 403):
        if status == 403 or "403" in str(error):
            return (
                f"{server}: user {account.username} is not allowed to do this (403 Forbidden) while {doing}; "
                "check the calendar's sharing"
            )
        return (
            f"{server}: the server refused the user name or password of {account.username} (401); an iCloud "
            "account needs an app-specific password"
        )
    if isinstance(error, dav.NotFoundError) or status == 404:
        return f"{server}: not found while {doing} (404); check caldav.url"
    if isinstance(error, dav.RateLimitError):
        return f"{server}: the server asks to slow down (rate limit) while {doing}; try again in a few minutes"
    if isinstance(error, dav.DAVError):
        return f"{server}: the server failed while {doing}: {_reason(error)}"
    if isinstance(error, OSError):
        return f"{server}: cannot reach the server while {doing}: {_reason(error)}"
    if names & {"XMLSyntaxError", "ParseError", "XMLSchemaError"} or _from_reading_an_answer(error):
        return f"{server}: the server's answer cannot be read while {doing} ({_reason(error)}); not a CalDAV server?"
    return None


def _from_reading_an_answer(error: Exception) -> bool:
    """A ValueError (or its kin) raised while a library read what the server sent: broken XML or
    iCalendar data, a date that is none. The server's doing, not prepctl's."""
    if not isinstance(error, ValueError | TypeError | KeyError | IndexError | AttributeError):
        return False
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = frame.tb_frame.f_code.co_filename if frame is not None else ""
    return any(f"{os.sep}{library}{os.sep}" in where for library in ("caldav", "icalendar", "lxml", "dateutil"))


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:160]

"""Writing output files as one set: all the new files, or the old ones, never a mix.

Every file is first written in full to a temporary name beside its target. Only when all
of them are on disk are they renamed into place, with Ctrl-C and SIGTERM held back for
those few renames; if one rename fails, the files already replaced get their old content
back. SIGTERM while files are staged removes the temporary files as Ctrl-C does; either
waits until the file being staged is noted, so that none is left behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from prepctl.errors import OutputError, Terminated

_HELD = {signal.SIGINT, signal.SIGTERM}


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into ``folder`` (created if needed); return the paths written."""
    return write_sets({folder: files})


def write_sets(sets: dict[Path, dict[str, bytes]]) -> list[Path]:
    """Write files into several folders as one set: every file is staged (written in full beside
    its target) before any is replaced, so a folder that cannot be written, or a full disk,
    changes nothing; return the paths written."""
    for files in sets.values():
        for name in files:
            if Path(name).name != name or name.startswith("."):
                raise OutputError(f"{name}: an output name must be a plain file name")
    for folder in sets:
        _make_folder(folder)
    pairs = [(folder / name, data) for folder, files in sets.items() for name, data in files.items()]
    targets = [target for target, _ in pairs]
    for target in targets:
        _check_target(target)
    folder = next(iter(sets), Path("."))
    staged: list[tuple[Path, Path]] = []
    try:
        with _terminate_as_interrupt():
            for target, data in pairs:
                with _signals_held():  # a stop between making a temporary file and noting it would leave it behind
                    try:
                        staged.append((_stage(target, data), target))
                    except OSError as error:  # named by the file meant, not the temporary one
                        raise OutputError(
                            f"{target}: cannot write: {error.strerror or error} (nothing was replaced)"
                        ) from None
            try:
                with _signals_held():
                    _replace_all(staged)
            except Terminated:  # it arrived during the renames, which were let finish
                raise Terminated(
                    "terminated right after writing the new files; run the command again to see what it wrote"
                ) from None
    except OSError as error:
        raise OutputError(f"{error.filename or folder}: cannot write: {error.strerror or error}") from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return targets


def _check_target(target: Path) -> None:
    """Only a regular file (or nothing) may be replaced: a folder or a device in its place is
    found before any file changes."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a link" if stat.S_ISLNK(mode) else "not a regular file"
        raise OutputError(f"{target}: cannot write: {kind} is in its place (nothing was written)")


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file into place; if one fails, put back what was replaced."""
    backups: list[tuple[Path, Path | None]] = []  # (target, its old content as a hard link, or None: new)
    try:
        for temporary, target in staged:
            backups.append((target, _keep_old(target)))
            os.replace(temporary, target)
    except OSError:
        for target, old in reversed(backups):
            with contextlib.suppress(OSError):
                if old is None:
                    os.unlink(target)
                else:
                    os.replace(old, target)
        raise
    finally:
        for _, old in backups:
            if old is not None:
                with contextlib.suppress(OSError):
                    os.unlink(old)


def _keep_old(target: Path) -> Path | None:
    """A second name for ``target``'s current content, to put back; None when it is new."""
    if not target.exists():
        return None
    backup = target.with_name(f".{target.name}.{os.getpid()}.old")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(backup)
    try:
        os.link(target, backup)
    except OSError:  # a file system without hard links: a copy does the same here
        shutil.copyfile(target, backup)
    return backup


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the renames are done (then take effect)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(number: int, frame: FrameType | None) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: cannot create the output folder: a file is in its place") from None
    except OSError as error:
        raise OutputError(f"{folder}: cannot create the output folder: {error.strerror}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder}: cannot create the output folder: a file is in its place")


def _file_mode(target: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _stage(target: Path, data: bytes) -> Path:
    """``data`` in a complete temporary file beside ``target``."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), _file_mode(target))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return temporary

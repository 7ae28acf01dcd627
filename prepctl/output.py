"""Writing output files atomically: complete new files or the old ones, never half.

Every file is first written in full to a temporary name beside its target; only
when all of them are on disk are they renamed into place. A failure or Ctrl-C
before that leaves every earlier output untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from prepctl.errors import OutputError


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into ``folder`` (created if needed); return the paths written."""
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise OutputError(f"{name}: an output name must be a plain file name")
    _make_folder(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            target = folder / name
            staged.append((_stage(target, data), target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        raise OutputError(f"{error.filename or folder}: cannot write: {error.strerror or error}") from None
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return [target for _, target in staged]


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

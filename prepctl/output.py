"""Writing output files atomically: a complete new file or the old one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from prepctl.errors import OutputError


def write_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file into ``folder`` (created if needed) by temp file + rename."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder}: cannot create the output folder: a file is in its place") from None
    except OSError as error:
        raise OutputError(f"{folder}: cannot create the output folder: {error.strerror}") from None
    written = []
    for name, data in files.items():
        target = folder / name
        if Path(name).name != name:
            raise OutputError(f"{name}: output names must not contain a folder")
        written.append(_write_atomic(target, data))
    return written


def _file_mode(target: Path) -> int:
    """Keep an existing file's mode; new files get the usual 0666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomic(target: Path, data: bytes) -> Path:
    handle, temporary = None, None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            handle = None
            os.fchmod(stream.fileno(), _file_mode(target))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return target

"""What prepctl keeps between runs to start fast: valid plans (here) and compiled templates.

An unchanged plan skips YAML and pydantic: one JSON file per plan file, named by a hash of
its path, holds the hash of the text it was read from and the validated plan as plain data.
An edited plan no longer matches its entry and is read again. Templates go to Jinja's own
bytecode cache (``prepctl.templating``), which checks each template's source. Whatever cannot
be read or written is simply not used, so the cache never stops a run. ``PREPCTL_CACHE_DIR``
moves it; the default is the user cache folder, for example ``~/.cache/prepctl``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from prepctl import __version__, model


def cache_dir() -> Path:
    override = os.environ.get("PREPCTL_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("prepctl"))


def read_plan(path: Path, text: str) -> dict[str, Any] | None:
    """The plan data cached for ``path`` if it was read from exactly ``text``."""
    try:
        entry = json.loads(_entry(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("text") != _digest(text):
        return None
    plan = entry.get("plan")
    return plan if isinstance(plan, dict) else None


def write_plan(path: Path, text: str, plan: dict[str, Any]) -> None:
    """Remember ``plan`` as read from ``text``; a cache that cannot be written is skipped."""
    entry = _entry(path)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"text": _digest(text), "plan": plan}, handle)
        os.replace(temporary, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _entry(path: Path) -> Path:
    name = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:32]
    return cache_dir() / "plans" / f"{name}.json"


def _digest(text: str) -> str:
    """Changes when the plan text, prepctl or its plan model changes."""
    digest = hashlib.sha256(_model_digest())
    digest.update(text.encode())
    return digest.hexdigest()


@cache
def _model_digest() -> bytes:
    """prepctl's version and the model's source, read once per run."""
    return hashlib.sha256(f"{__version__}\0".encode() + Path(model.__file__).read_bytes()).digest()

"""Where the bundled plans and templates live, installed or in a checkout.

In a wheel they sit inside the package (``prepctl/plans``, ``prepctl/templates``);
in a source checkout or an editable install they stay at the repository root.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _resource_dir(name: str) -> Path:
    packaged = Path(str(files("prepctl"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def plans_dir() -> Path:
    return _resource_dir("plans")


def templates_dir() -> Path:
    return _resource_dir("templates")


def schema_file() -> Path:
    return _resource_dir("schema") / "plan.schema.json"


def bundled_plan_ids() -> list[str]:
    return sorted(p.stem for p in plans_dir().glob("*.yaml"))

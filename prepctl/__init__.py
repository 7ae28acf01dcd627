"""prepctl: turn a week-by-week study plan into a personal schedule.

Library use follows the same one-way flow as the command line::

    from datetime import date
    import prepctl

    plan = prepctl.load_plan("mlops-8-week")
    schedule = prepctl.build_schedule(plan, prepctl.Options(start=date(2026, 12, 7), tz="Europe/Berlin"))

and the outputs come from ``prepctl.render.render(fmt, schedule, plan, RenderContext(...))``.
The whole ``schedule`` job (settings, resume, busy time, SEQUENCE, files, the record) is
``prepctl.run_schedule(prepctl.ScheduleRequest(...))``, which returns what it did.

The names are imported on first use, so ``import prepctl`` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "load_plan": "prepctl.plan.load",
    "build_schedule": "prepctl.schedule",
    "Options": "prepctl.model.schedule",
    "Schedule": "prepctl.model.schedule",
    "run_schedule": "prepctl.workflow",
    "ScheduleRequest": "prepctl.workflow",
}
__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'prepctl' has no attribute {name!r}")

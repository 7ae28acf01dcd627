"""What the libraries alone take for the work prepctl gives them, as floors for benchmarks/run.py.

    python benchmarks/floors.py ical SCHEDULE.json      # icalendar: build and serialize the same events
    python benchmarks/floors.py jinja SCHEDULE.json     # Jinja: render a checklist of the same sessions
    python benchmarks/floors.py plan PLAN.yaml          # PyYAML and pydantic: read and check the same plan

Each prints the seconds the work took in this process, imports excluded (the import floor is
measured on its own). The events carry what prepctl's carry (times in the zone, summary,
description, category, colour, sequence), written the way the libraries' own documentation
writes them, so the floor is what a straightforward use of each library costs.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo


def ical(sessions: list[dict], tz: str) -> float:
    from icalendar import Calendar, Event

    zone = ZoneInfo(tz)
    started = time.perf_counter()
    calendar = Calendar()
    calendar.add("prodid", "-//floor//EN")
    calendar.add("version", "2.0")
    stamp = datetime(2026, 12, 1, tzinfo=UTC)
    for session in sessions:
        event = Event()
        event.add("uid", session["uid"])
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.fromisoformat(session["start"]).astimezone(zone))
        event.add("dtend", datetime.fromisoformat(session["end"]).astimezone(zone))
        event.add("summary", f"{session['activity']} · {session['details']}"[:60])
        event.add(
            "description",
            f"{session['activity']}: {session['details']}\n\nWeek {session['week']}, "
            f"{session['day']}: {session['day_title']}\nFocus: {session['focus']}",
        )
        event.add("categories", [session["focus"]])
        event.add("color", "steelblue")
        event.add("sequence", session["sequence"])
        calendar.add_component(event)
    calendar.to_ical()
    return time.perf_counter() - started


CHECKLIST = """\
# Plan
{% for week, days in weeks %}

## Week {{ week }}
{% for day, sessions in days %}

### {{ day }}

{% for s in sessions %}
- [ ] {{ s.start[11:16] }}–{{ s.end[11:16] }} **{{ s.activity }}** — {{ s.details }} <!-- {{ s.id }} -->
{% endfor %}
{% endfor %}
{% endfor %}
"""


def jinja(sessions: list[dict]) -> float:
    from itertools import groupby

    import jinja2

    started = time.perf_counter()
    template = jinja2.Environment(trim_blocks=True, lstrip_blocks=True).from_string(CHECKLIST)
    weeks = [
        (week, [(day, list(s)) for day, s in groupby(items, key=lambda s: s["date"])])
        for week, items in groupby(sessions, key=lambda s: s["week"])
    ]
    template.render(weeks=weeks)
    return time.perf_counter() - started


def plan(path: Path) -> float:
    """Not one of the issue's floors: the library work of reading the plan, reported beside them."""
    from dataclasses import dataclass
    from typing import Annotated

    import yaml
    from pydantic import Field, TypeAdapter

    from prepctl.model.plan import Plan

    @dataclass
    class Warm:
        text: Annotated[str, Field(strict=True, max_length=3)] = ""

    # pydantic imports its schema builder and dataclass support on first use: the import floor has them
    TypeAdapter(Warm).validate_python({"text": "a"})
    started = time.perf_counter()
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    TypeAdapter(Plan).validate_python(data)
    return time.perf_counter() - started


def main() -> None:
    which, path = sys.argv[1], Path(sys.argv[2])
    if which == "plan":
        print(f"{plan(path):.6f}")
        return
    document = json.loads(path.read_text(encoding="utf-8"))
    sessions = [s for s in document["sessions"] if s["start"]]
    seconds = ical(sessions, document["options"]["tz"]) if which == "ical" else jinja(sessions)
    print(f"{seconds:.6f}")


if __name__ == "__main__":
    main()

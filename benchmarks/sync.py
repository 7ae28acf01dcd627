"""``prepctl sync`` against a local Radicale server: the bundled plan (196 items) and a 52-week
plan, a first sync and a sync with nothing to change, with the HTTP requests each makes.

    python benchmarks/sync.py

Each case runs the installed ``prepctl`` in a fresh process (a first run, as people meet it);
the request count is the one ``prepctl sync`` prints, and prepctl's own CPU time is given
apart from the wall time, most of which is the server's (Radicale stores each object as a
file and does more work per write the more objects a calendar holds). POSIX only.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from radicale_server import radicale  # noqa: E402
from run import write_plan  # noqa: E402

PREPCTL = [sys.executable, "-m", "prepctl"]


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, prepctl's own CPU seconds (the server's are not in them), and what it printed."""
    began, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([*PREPCTL, *args], env=env, capture_output=True, text=True, check=False)
    seconds, after = time.perf_counter() - began, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"prepctl {' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return seconds, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime, done.stdout


def requests(output: str) -> int:
    found = re.search(r"\((\d+) requests?", output)
    if found is None:
        raise SystemExit(f"no request count in:\n{output}")
    return int(found[1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        with radicale(work / "radicale") as url:
            env = {
                **os.environ,
                "PREPCTL_CONFIG": str(work / "config.yaml"),
                "PREPCTL_DATA_DIR": str(work / "data"),
                "PREPCTL_CALDAV_URL": url,
                "PREPCTL_CALDAV_USERNAME": "ana",
                "PREPCTL_CALDAV_PASSWORD": "secret",
            }
            cases = {
                "bundled plan (196 items)": ["mlops-8-week", "--tz", "Europe/Berlin"],
                "52 weeks (2,184 items)": [str(write_plan(work, 52)), "--tz", "UTC"],
            }
            print("| plan | sync | seconds | prepctl CPU seconds | HTTP requests |")
            print("| --- | --- | --- | --- | --- |")
            for number, (label, plan) in enumerate(cases.items()):
                out = work / f"out-{number}"
                run(["schedule", *plan, "--start", "2027-01-04", "--format", "ics,md,json", "--out", str(out)], env)
                calendar = f"bench-{number}"
                for kind, extra in (("first", ["--create"]), ("nothing to change", [])):
                    seconds, cpu, output = run(["sync", "--out", str(out), "--calendar", calendar, *extra], env)
                    print(f"| {label} | {kind} | {seconds:.2f} | {cpu:.2f} | {requests(output)} |")


if __name__ == "__main__":
    main()

"""Reproducible performance figures for prepctl, each against a floor measured in the same run.

    python benchmarks/run.py            # every case, prints a table, exits 1 if a target is missed
    python benchmarks/run.py --quick    # fewer repetitions

Each case runs a real ``python -m prepctl`` process several times and takes the
median wall time; peak memory is the child's maximum resident set size. Ratios to
a floor measured in the same run cancel most of the machine's noise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PY = sys.executable
PREPCTL = [PY, "-m", "prepctl"]
SCHEDULE = ["schedule", "--start", "2026-12-07", "--tz", "Europe/Berlin", "--weekday-hours", "2",
            "--weekend-hours", "4"]


@dataclass
class Run:
    seconds: float
    peak_mb: float


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"benchmark command failed ({process.returncode}): {' '.join(command)}\n{error}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def measure(command: list[str], cwd: Path, repeat: int) -> Run:
    run_once(command, cwd)  # warm the file cache and byte-code
    runs = [run_once(command, cwd) for _ in range(repeat)]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def measure_cold(command: list[str], cwd: Path, repeat: int) -> Run:
    """Each run a first run: no record in its output folder, no index of schedules."""
    runs = []
    for n in range(repeat):
        first = cwd / f"first-{n}-{time.monotonic_ns()}"
        first.mkdir()
        env = {**os.environ, "PREPCTL_DATA_DIR": str(first / "data")}
        runs.append(run_once([*command, "--out", str(first / "out")], cwd, env))
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def paired(floor: list[str], case: list[str], cwd: Path, repeat: int) -> tuple[Run, Run, float]:
    """Floor and case run alternately; the ratio is the median of the per-pair ratios,
    so drift in the machine's speed during the run hits both sides alike."""
    run_once(floor, cwd)
    run_once(case, cwd)
    pairs = [(run_once(floor, cwd), run_once(case, cwd)) for _ in range(repeat)]
    floor_run = Run(statistics.median(f.seconds for f, _ in pairs), max(f.peak_mb for f, _ in pairs))
    case_run = Run(statistics.median(c.seconds for _, c in pairs), max(c.peak_mb for _, c in pairs))
    return floor_run, case_run, statistics.median(c.seconds / f.seconds for f, c in pairs)


def write_plan(folder: Path, weeks: int) -> Path:
    """A generated plan: ``weeks`` weeks of 7 days with 6 timed blocks each."""
    slots = ["morning", "lunch", "afternoon", "evening", "night", "late"]
    areas = ["coding", "design"]
    lines = ["version: 1", f"id: bench-{weeks}", f"title: Benchmark plan, {weeks} weeks",
             "focus_areas:", "  coding: {title: Coding, share: 0.5}", "  design: {title: Design, share: 0.5}",
             'slots: {morning: "07:00", lunch: "12:00", afternoon: "14:00", evening: "18:00", '
             'night: "20:00", late: "21:30"}', "weeks:"]
    for week in range(1, weeks + 1):
        lines += [f"  - week: {week}", f"    title: Week {week}", f"    goal: Goal of week {week}", "    days:"]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            lines += [f"      - day: {day}", f"        title: {day.capitalize()} of week {week}", "        blocks:"]
            for n, slot in enumerate(slots):
                lines.append(f"          - {{slot: {slot}, minutes: {20 + 5 * n}, activity: Study, "
                             f"focus: {areas[n % 2]}, details: Topic {week}.{day}.{n} with a few words}}")
    path = folder / f"bench-{weeks}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Row:
    case: str
    value: str
    target: str
    ok: bool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 5 if args.quick else 11
    # An installed package comes byte-compiled (pip compiles it); a checkout may not be,
    # and PYTHONDONTWRITEBYTECODE would make every run compile it again.
    import compileall

    import prepctl

    compileall.compile_dir(Path(prepctl.__file__).parent, quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        out = str(work / "out")
        os.environ["PREPCTL_DATA_DIR"] = str(work / "data")  # the index of schedules, not the user's
        # A schedule to read back for `today`.
        run_once([*PREPCTL, *SCHEDULE, "--format", "json,md", "--out", out], work)

        for name, command in (("prepctl --version", ["--version"]), ("prepctl --help", ["--help"]),
                              ("prepctl today", ["today", "--out", out])):
            # a fifth of a second each: twice the runs cost little and steady the median
            floor_typer, result, ratio = paired([PY, "-c", "import typer"], [*PREPCTL, *command], work,
                                                2 * repeat - 1)
            rows.append(Row(f"{name}: {result.seconds * 1000:.0f} ms",
                            f"{ratio:.2f} x import typer ({floor_typer.seconds * 1000:.0f} ms)",
                            "<= 1.5 x", ratio <= 1.5))

        floor_libs, result, ratio = paired([PY, "-c", "import typer, icalendar, jinja2, yaml, pydantic"],
                                           [*PREPCTL, *SCHEDULE, "--format", "ics,md,json", "--out", out],
                                           work, repeat)
        rows.append(Row(f"schedule ics,md,json: {result.seconds * 1000:.0f} ms",
                        f"{ratio:.2f} x library imports ({floor_libs.seconds * 1000:.0f} ms)",
                        "<= 2 x", ratio <= 2))
        cold = measure_cold([*PREPCTL, *SCHEDULE, "--format", "ics,md,json"], work, repeat)
        rows.append(Row(f"  same, first run: {cold.seconds * 1000:.0f} ms",
                        f"{cold.seconds / floor_libs.seconds:.2f} x library imports", "reported", True))

        html = work / "sheet.html"
        run_once([*PREPCTL, *SCHEDULE, "--format", "html", "--out", str(work)], work)
        (work / "mlops-8-week.html").rename(html)
        floor_pdf, result, ratio = paired(
            [PY, "-c", f"import weasyprint; weasyprint.HTML({str(html)!r}).write_pdf({str(work / 'alone.pdf')!r})"],
            [*PREPCTL, *SCHEDULE, "--format", "pdf", "--out", out], work, max(3, repeat // 2))
        rows.append(Row(f"schedule pdf: {result.seconds:.2f} s",
                        f"{ratio:.2f} x WeasyPrint alone ({floor_pdf.seconds:.2f} s)", "<= 1.3 x", ratio <= 1.3))

        big = {weeks: write_plan(work, weeks) for weeks in (26, 52, 104)}
        text_runs = {weeks: measure([*PREPCTL, "schedule", str(path), "--start", "2027-01-04", "--tz", "UTC",
                                     "--format", "ics,md,json", "--out", out], work, repeat - 2)
                     for weeks, path in big.items() if weeks != 26}
        r52, r104 = text_runs[52], text_runs[104]
        rows.append(Row(f"52 weeks (2,184 sessions) ics,md,json: {r52.seconds:.2f} s",
                        f"{r52.seconds:.2f} s", "<= 1.5 s", r52.seconds <= 1.5))
        cold = measure_cold([*PREPCTL, "schedule", str(big[52]), "--start", "2027-01-04", "--tz", "UTC",
                             "--format", "ics,md,json"], work, max(3, repeat // 2))
        rows.append(Row(f"  same, first run: {cold.seconds:.2f} s", f"{cold.seconds:.2f} s", "reported", True))
        growth = r104.seconds / r52.seconds
        rows.append(Row(f"104 weeks ics,md,json: {r104.seconds:.2f} s", f"{growth:.2f} x the 52-week time",
                        "<= 2.2 x", growth <= 2.2))
        rows.append(Row("52/104 weeks ics,md,json peak memory", f"{r52.peak_mb:.0f} / {r104.peak_mb:.0f} MB",
                        "< 150 MB", r52.peak_mb < 150))
        pdf_runs = {weeks: measure([*PREPCTL, "schedule", str(big[weeks]), "--start", "2027-01-04", "--tz", "UTC",
                                    "--format", "pdf", "--out", out], work, 3) for weeks in (26, 52)}
        growth = pdf_runs[52].seconds / pdf_runs[26].seconds
        rows.append(Row(f"26 -> 52 weeks pdf: {pdf_runs[26].seconds:.1f} s -> {pdf_runs[52].seconds:.1f} s",
                        f"{growth:.2f} x for 2 x the weeks", "linear (<= 2.2 x)", growth <= 2.2))
        rows.append(Row("52 weeks pdf peak memory", f"{pdf_runs[52].peak_mb:.0f} MB", "< 400 MB",
                        pdf_runs[52].peak_mb < 400))

    width = max(len(r.case) for r in rows)
    print(f"{'case':<{width}}  {'measured':<44} {'target':<18} ok")
    for row in rows:
        print(f"{row.case:<{width}}  {row.value:<44} {row.target:<18} {'yes' if row.ok else 'NO'}")
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {repeat} runs "
          f"({2 * repeat - 1} for start-up, {repeat - 2} for long plans, fewer for PDF)")
    return 0 if all(row.ok for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Performance as people meet it: every case on a first run, each against floors measured in the same run.

    python benchmarks/run.py            # every case; prints the table; exits 1 if a target is missed
    python benchmarks/run.py --quick    # fewer repetitions

Each case runs a real ``python -m prepctl`` process. A *first run* has an empty output folder,
no record and no index of schedules (a new ``PREPCTL_DATA_DIR``); a *repeated* run writes over
the previous one (its record and checklist are read back). "1 core" pins the process with
``taskset -c 0``; "free" lets it use both cores. Each ratio is the median of per-pair ratios,
case and floor run alternately, so drift in the machine's speed hits both alike.

A floor is what the libraries alone cost: importing exactly the modules of third-party packages
the measured run imports (found from that run's own ``-X importtime``, not listed by hand), and for
the 52-week plan also icalendar building and serializing the same events and Jinja rendering a
checklist of the same sessions (``benchmarks/floors.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
PREPCTL = [PY, "-m", "prepctl"]
ONE_CORE = ["taskset", "-c", "0"] if shutil.which("taskset") else []
HOURS = ["--start", "2026-12-07", "--tz", "Europe/Berlin", "--weekday-hours", "2", "--weekend-hours", "4"]
TEXT = ["--format", "ics,md,json"]


@dataclass
class Run:
    seconds: float
    peak_mb: float


def run_once(command: list[str], cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if (code == 0) != ok:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"benchmark command exited {code}: {' '.join(command)}\n{error}")
    return Run(elapsed, usage.ru_maxrss / 1024)


class Case:
    """A prepctl command run as a first run (fresh folders each time) or repeated (same folders)."""

    runs = itertools.count()  # one fresh folder for every first run of every case

    def __init__(self, work: Path, args: list[str], first: bool, pin: bool = False) -> None:
        self.work, self.args, self.first, self.pin = work, args, first, pin

    def command(self) -> tuple[list[str], dict[str, str]]:
        folder = self.work / (f"first-{next(Case.runs)}" if self.first else f"repeated-{id(self)}")
        env = {**os.environ, "PREPCTL_DATA_DIR": str(folder / "data")}
        return [*(ONE_CORE if self.pin else []), *PREPCTL, *self.args, "--out", str(folder / "out")], env

    def __call__(self) -> Run:
        command, env = self.command()
        return run_once(command, self.work, env)


def paired(floor: Callable[[], float], case: Callable[[], Run], repeat: int) -> tuple[float, Run, float]:
    """(median floor seconds, median case run, median of the per-pair ratios)."""
    floor()
    case()
    pairs = [(floor(), case()) for _ in range(repeat)]
    runs = [c for _, c in pairs]
    median = Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))
    return statistics.median(f for f, _ in pairs), median, statistics.median(c.seconds / f for f, c in pairs)


def imported_modules(command: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The modules of third-party packages ``command`` imports, in its order, read from its own
    ``-X importtime``. Modules, not only top-level packages: ``import pydantic`` loads a lazy
    shell, while validating a plan loads pydantic's schema builder, and that is library cost."""
    traced = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    names = [
        line.rsplit("|", 1)[-1].strip()
        for line in traced.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    third_party: dict[str, bool] = {}
    found: dict[str, None] = {}
    for name in names:
        top = name.split(".")[0]
        if top not in third_party:
            spec = importlib.util.find_spec(top) if top.isidentifier() and top != "prepctl" else None
            origin = (spec.origin or "") if spec else ""
            third_party[top] = "site-packages" in origin or "dist-packages" in origin
        if third_party[top]:
            found[name] = None
    return list(found)


def packages_of(modules: list[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules})


def import_floor(modules: list[str], cwd: Path, pin: bool = False) -> Callable[[], float]:
    """Importing ``modules`` in a fresh interpreter; one a library imports only when it can
    (a Windows module, an optional speed-up) is tried as the library tries it."""
    script = (
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    try:\n        importlib.import_module(name)\n    except ImportError:\n        pass\n"
    )
    command = [*(ONE_CORE if pin else []), PY, "-c", script]
    return lambda: run_once(command, cwd).seconds


def write_plan(folder: Path, weeks: int, per_day: int = 6) -> Path:
    """A generated plan: ``weeks`` weeks of 7 days with ``per_day`` (at most 8) timed blocks each."""
    slots = ["morning", "lunch", "afternoon", "evening", "night", "late", "dawn", "noon"][:per_day]
    areas = ["coding", "design"]
    lines = [
        "version: 1",
        f"id: bench-{weeks}",
        f"title: Benchmark plan, {weeks} weeks",
        "focus_areas:",
        "  coding: {title: Coding, share: 0.5}",
        "  design: {title: Design, share: 0.5}",
        'slots: {morning: "07:00", lunch: "12:00", afternoon: "14:00", evening: "18:00", '
        'night: "20:00", late: "21:30", dawn: "06:00", noon: "11:00"}',
        "weeks:",
    ]
    for week in range(1, weeks + 1):
        lines += [f"  - week: {week}", f"    title: Week {week}", f"    goal: Goal of week {week}", "    days:"]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            lines += [f"      - day: {day}", f"        title: {day.capitalize()} of week {week}", "        blocks:"]
            for n, slot in enumerate(slots):
                lines.append(
                    f"          - {{slot: {slot}, minutes: {20 + 5 * n}, activity: Study, "
                    f"focus: {areas[n % 2]}, details: Topic {week}.{day}.{n} with a few words}}"
                )
    path = folder / f"bench-{weeks}x{per_day}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class Row:
    case: str
    value: str
    target: str
    ok: bool | None  # None: reported, no target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeat = 5 if args.quick else 11
    # An installed package comes byte-compiled (pip compiles it); a checkout may not be.
    import compileall

    import prepctl

    compileall.compile_dir(Path(prepctl.__file__).parent, quiet=1)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        state = work / "state"
        env = {**os.environ, "PREPCTL_DATA_DIR": str(state / "data"), "XDG_CONFIG_HOME": str(state / "config")}
        os.environ.update(env)  # every case below: the index and config file are the benchmark's own
        run_once([*PREPCTL, "config", "set", "tz", "Europe/Berlin"], work)  # `today` reads a config file
        run_once([*PREPCTL, "schedule", *HOURS, "--format", "json,md", "--out", str(state / "out")], work)
        typer_floor = import_floor(["typer"], work)
        for name, command in (
            ("prepctl --version", ["--version"]),
            ("prepctl --help", ["--help"]),
            ("prepctl today (config file present)", ["today"]),
        ):
            floor, result, ratio = paired(typer_floor, lambda c=command: run_once([*PREPCTL, *c], work), 2 * repeat - 1)
            rows.append(
                Row(
                    f"{name}: {result.seconds * 1000:.0f} ms",
                    f"{ratio:.2f} x import typer ({floor * 1000:.0f} ms)",
                    "<= 1.5 x",
                    ratio <= 1.5,
                )
            )
        progress = [*PREPCTL, "progress", str(state / "out" / "mlops-8-week.md")]
        floor, result, ratio = paired(
            import_floor(["typer", "rich"], work), lambda: run_once(progress, work), 2 * repeat - 1
        )
        rows.append(
            Row(
                f"prepctl progress: {result.seconds * 1000:.0f} ms",
                f"{ratio:.2f} x import typer, rich ({floor * 1000:.0f} ms)",
                "<= 1.5 x",
                ratio <= 1.5,
            )
        )

        bundled = ["schedule", *HOURS, *TEXT]
        for first in (True, False):
            for pin in (False, True):
                case = Case(work / f"bundled-{first}-{pin}", bundled, first, pin)
                case.work.mkdir()
                command, case_env = case.command()
                modules = imported_modules(command[len(ONE_CORE) if pin else 0 :], case.work, case_env)
                packages = packages_of(modules)
                floor, result, ratio = paired(import_floor(modules, work, pin), case, repeat)
                label = f"{'first run' if first else 'repeated'}, {'1 core' if pin else 'free'}"
                rows.append(
                    Row(
                        f"schedule ics,md,json, bundled plan, {label}: {result.seconds * 1000:.0f} ms",
                        f"{ratio:.2f} x importing its {len(modules)} modules of {len(packages)} packages "
                        f"({floor * 1000:.0f} ms)",
                        "<= 2 x" if first else "reported",
                        ratio <= 2 if first else None,
                    )
                )
        print("imports of schedule:", ", ".join(packages), file=sys.stderr)

        plans = {weeks: write_plan(work, weeks) for weeks in (26, 52, 104)}
        long_args = {
            weeks: ["schedule", str(path), "--start", "2027-01-04", "--tz", "UTC", *TEXT]
            for weeks, path in plans.items()
        }
        export = work / "export-52"
        run_once([*PREPCTL, *long_args[52], "--out", str(export)], work)
        exported = export / "bench-52.json"
        for first in (True, False):
            case = Case(work / f"long-{first}", long_args[52], first, pin=True)
            case.work.mkdir()
            command, case_env = case.command()
            imports = import_floor(imported_modules(command[len(ONE_CORE) :], case.work, case_env), work, pin=True)

            reading: list[float] = []

            def libraries(imports: Callable[[], float] = imports, reading: list[float] = reading) -> float:
                def alone(which: str, path: Path) -> float:
                    return float(
                        subprocess.run(
                            [*ONE_CORE, PY, str(HERE / "floors.py"), which, str(path)],
                            capture_output=True,
                            text=True,
                            check=True,
                        ).stdout
                    )

                reading.append(alone("plan", plans[52]))  # reported beside the target, not in its floor
                return imports() + alone("ical", exported) + alone("jinja", exported)

            floor, result, ratio = paired(libraries, case, max(3, repeat - 4))
            label = f"52 weeks (2,184 sessions) ics,md,json, {'first run' if first else 'repeated'}, 1 core"
            rows.append(
                Row(
                    f"{label}: {result.seconds:.2f} s, {result.peak_mb:.0f} MB",
                    f"{ratio:.2f} x imports + icalendar + Jinja alone ({floor:.2f} s)",
                    "<= 1.5 x" if first else "reported",
                    ratio <= 1.5 if first else None,
                )
            )
            if first:
                with_reading = floor + statistics.median(reading)
                rows.append(
                    Row(
                        "52 weeks, first run, 1 core, against more floors",
                        f"{result.seconds / with_reading:.2f} x those + PyYAML, pydantic reading the plan "
                        f"({with_reading:.2f} s)",
                        "reported",
                        None,
                    )
                )
        runs = {
            weeks: statistics.median(Case(work, long_args[weeks], True)().seconds for _ in range(3))
            for weeks in (52, 104)
        }
        rows.append(
            Row(
                f"104 weeks ics,md,json, first run, free: {runs[104]:.2f} s",
                f"{runs[104] / runs[52]:.2f} x the 52-week time",
                "linear (<= 2.2 x)",
                runs[104] / runs[52] <= 2.2,
            )
        )

        busy_calendar = HERE / "busy_calendar.py"
        if busy_calendar.exists():
            sys.path.insert(0, str(HERE))
            from busy_calendar import write_busy_calendar

            calendar = write_busy_calendar(work)
            plain, busy = Case(work, long_args[52], True), Case(work, [*long_args[52], "--busy", str(calendar)], True)
            floor, result, ratio = paired(lambda: plain().seconds, busy, max(3, repeat - 4))
            rows.append(
                Row(
                    f"52 weeks with a 10,000-event busy calendar, first run: {result.seconds:.2f} s",
                    f"{ratio:.2f} x without --busy ({floor:.2f} s)",
                    "<= 2 x",
                    ratio <= 2,
                )
            )

        html = work / "sheet.html"
        run_once([*PREPCTL, "schedule", *HOURS, "--format", "html", "--out", str(work / "html")], work)
        shutil.move(work / "html" / "mlops-8-week.html", html)
        alone = [PY, "-c", f"import weasyprint; weasyprint.HTML({str(html)!r}).write_pdf({str(work / 'a.pdf')!r})"]
        floor, result, ratio = paired(
            lambda: run_once(alone, work).seconds,
            Case(work, ["schedule", *HOURS, "--format", "pdf"], True),
            max(3, repeat // 2),
        )
        rows.append(
            Row(
                f"schedule pdf, bundled plan, first run: {result.seconds:.2f} s",
                f"{ratio:.2f} x WeasyPrint alone on the same HTML ({floor:.2f} s)",
                "<= 1.3 x",
                ratio <= 1.3,
            )
        )
        pdf = {weeks: Case(work, [*long_args[weeks][:-1], "pdf"], True)() for weeks in (26, 52)}
        growth = pdf[52].seconds / pdf[26].seconds
        rows.append(
            Row(
                f"pdf 26 -> 52 weeks, first run: {pdf[26].seconds:.1f} s -> {pdf[52].seconds:.1f} s",
                f"{growth:.2f} x for 2 x the weeks",
                "linear (<= 2.2 x)",
                growth <= 2.2,
            )
        )
        rows.append(Row("pdf 52 weeks, peak memory", f"{pdf[52].peak_mb:.0f} MB", "< 300 MB", pdf[52].peak_mb < 300))
        huge = write_plan(work, 500, per_day=8)  # 28,000 blocks; plans stop at 520 weeks
        refused_started = time.perf_counter()
        refused = run_once(
            [
                *PREPCTL,
                "schedule",
                str(huge),
                "--start",
                "2027-01-04",
                "--tz",
                "UTC",
                "--format",
                "pdf",
                "--out",
                str(work / "huge"),
            ],
            work,
            ok=False,
        )
        refused_seconds = time.perf_counter() - refused_started
        rows.append(
            Row(
                "pdf of 500 weeks (28,000 blocks)",
                f"refused in {refused_seconds:.1f} s, {refused.peak_mb:.0f} MB, limit named",
                "refused first",
                not (work / "huge").exists(),
            )
        )
        text = Case(work, ["schedule", str(huge), "--start", "2027-01-04", "--tz", "UTC", *TEXT], True)()
        per_session = text.seconds / runs[52] / (28_000 / 2_184)
        rows.append(
            Row(
                f"500 weeks (28,000 blocks) ics,md,json, first run: {text.seconds:.1f} s, {text.peak_mb:.0f} MB",
                f"{per_session:.2f} x the 52-week time per session",
                "linear (<= 1.3 x)",
                per_session <= 1.3,
            )
        )

    width = max(len(r.case) for r in rows)
    print(f"| {'case':<{width}} | {'measured':<58} | {'target':<18} | met |")
    print(f"| {'-' * width} | {'-' * 58} | {'-' * 18} | --- |")
    for row in rows:
        met = "reported" if row.ok is None else ("yes" if row.ok else "NO")
        print(f"| {row.case:<{width}} | {row.value:<58} | {row.target:<18} | {met} |")
    print(
        f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}; median of {repeat} pairs "
        f"({2 * repeat - 1} for start-up, fewer for long plans and PDF)"
    )
    return 0 if all(row.ok is not False for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

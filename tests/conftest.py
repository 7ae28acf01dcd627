"""Shared fixtures: the bundled plan, a CLI runner, golden files (--update-golden)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"


# Files whose tests start servers, browsers, builds or processes: `pytest -m "not slow"` leaves
# them out for a loop of under a minute while editing; CI runs everything.
SLOW_FILES = {
    "test_sync_caldav.py",
    "test_hostile_round3.py",
    "test_files_atomic.py",
    "test_hostile_fuzz_readers.py",
    "test_render_html_browser.py",
    "test_packaging.py",
    "test_render_zone_sweep.py",
    "test_cli_startup.py",
}


# and tests that render PDF pages with WeasyPrint (seconds each) or run the installed command
SLOW_NAMES = (
    "fits_on_one_page",
    "flows_on_under_its_title",
    "pdf_of_hostile",
    "more than 10,000 busy events",
    "through_the_installed_command",
)


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis profiles: "ci", every example the tests ask for (the full run); "dev", a tenth
    of them, for the `-m "not slow"` editing loop. HYPOTHESIS_PROFILE picks one by name."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", max_examples=100)
    settings.register_profile("dev", max_examples=10)
    editing = "not slow" in (config.option.markexpr or "")
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("dev" if editing else "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_FILES or any(name in item.name for name in SLOW_NAMES):
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files from the current output (review the diff!)."
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/NAME, or rewrite it with --update-golden."""
    update = request.config.getoption("--update-golden")

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.write_text(actual, encoding="utf-8", newline="")
            return
        assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{name} differs from the golden file (pytest --update-golden to accept)"

    return check


@pytest.fixture(scope="session", autouse=True)
def fixed_clock():
    """In this process the command line reads Fri 4 Dec 2026, 09:00 in Berlin, unless a test
    sets its own (``clock``): a schedule that starts today keeps that day's hours already past
    free, so on the day a test's --start names, its output would depend on the hour it ran."""
    from datetime import datetime

    from tests.helpers import BERLIN, freeze_clock

    with pytest.MonkeyPatch.context() as patch:
        freeze_clock(patch, datetime(2026, 12, 4, 9, 0, tzinfo=BERLIN))
        yield


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """Set the moment prepctl sees as now for this test (``today``, ``--by``, behind)."""
    from tests.helpers import freeze_clock

    return lambda moment: freeze_clock(monkeypatch, moment)


@pytest.fixture(scope="session")
def bundled_plan():
    from prepctl.plan.load import load_plan

    return load_plan("mlops-8-week")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def no_personal_settings(monkeypatch, tmp_path_factory):
    """Tests never read the developer's own config file, record index, PREPCTL_* variables or
    schedules: each runs in a folder of its own, so the `out/` of the checkout (the README's
    first command writes one) is not the schedule a test continues."""
    import os

    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    for variable in [v for v in os.environ if v.startswith("PREPCTL_")]:
        monkeypatch.delenv(variable)
    monkeypatch.setenv("PREPCTL_CONFIG", str(tmp_path_factory.mktemp("config") / "config.yaml"))
    monkeypatch.setenv("PREPCTL_DATA_DIR", str(tmp_path_factory.mktemp("data")))

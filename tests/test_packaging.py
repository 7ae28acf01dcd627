"""The wheel and sdist carry what an installed prepctl needs, and the wheel works on its own."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--wheel", "--sdist", "--outdir", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


def test_the_wheel_holds_plans_templates_and_schema(dist):
    wheel = next(dist.glob("prepctl-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "prepctl/plans/mlops-8-week.yaml",
        "prepctl/templates/checklist.md.j2",
        "prepctl/templates/weekly.html.j2",
        "prepctl/templates/print.css",
        "prepctl/templates/event.txt.j2",
        "prepctl/schema/plan.schema.json",
        "prepctl/cli/__init__.py",
    ):
        assert needed in names
    assert not any(name.startswith("tests/") for name in names)


def test_the_sdist_holds_sources_tests_and_changelog(dist):
    sdist = next(dist.glob("prepctl-*.tar.gz"))
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in (
        "plans/mlops-8-week.yaml",
        "templates/weekly.html.j2",
        "tests/test_cli.py",
        "tests/golden/mlops-8-week.ics",
        "CHANGELOG.md",
        "README.md",
        "pyproject.toml",
    ):
        assert needed in names


def test_the_installed_wheel_runs_from_any_folder(dist, tmp_path):
    wheel = next(dist.glob("prepctl-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    scripts = venv / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    # prepctl's dependencies come from the site folders of the interpreter running the tests: a
    # venv's, or the system's (Debian's are dist-packages) and the user's. Not from `venv
    # --system-site-packages`, which reaches the base interpreter's folders, not a running venv's.
    # addsitedir reads their .pth files too; the .pth comes after the new venv's own site-packages.
    theirs = site.getsitepackages() + ([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])
    own = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    (own / "zz-test-dependencies.pth").write_text("".join(f"import site; site.addsitedir({p!r})\n" for p in theirs))
    # --ignore-installed: the environment running the tests may hold prepctl itself; without it
    # pip calls the wheel "already satisfied" and puts no prepctl script in the venv.
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    done = subprocess.run(
        [str(scripts / "prepctl"), "schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "ics,md,json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (elsewhere / "out" / "mlops-8-week.ics").exists()
    where = subprocess.run(
        [str(python), "-c", "import prepctl; print(prepctl.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    ).stdout
    assert str(venv) in where  # the wheel's copy, not the checkout

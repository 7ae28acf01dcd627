"""The plan cache makes an unchanged plan fast to read and never changes what is read."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import asdict

import pytest

from prepctl.cli import app
from prepctl.errors import PlanError
from prepctl.model import plan_from_data
from prepctl.plan import load_plan
from tests.conftest import MINIMAL_PLAN, write_plan

READ_TWICE = """
import sys
from prepctl.plan import load_plan
first = load_plan(sys.argv[1])
print(first.title, len(first.weeks), 'pydantic' in sys.modules, 'yaml' in sys.modules)
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache of this test's own, and a way to reach its one entry."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PREPCTL_CACHE_DIR", str(folder))

    def entry():
        (found,) = (folder / "plans").glob("*.json")
        return found

    return entry


def test_the_cached_plan_equals_the_validated_one(bundled_plan):
    assert plan_from_data(asdict(bundled_plan)) == bundled_plan


def test_an_unchanged_plan_is_read_again_without_yaml_or_pydantic(tmp_path):
    env = {**os.environ, "PREPCTL_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", READ_TWICE, "mlops-8-week"], env=env, capture_output=True,
                           text=True, check=True, timeout=60).stdout.strip() for _ in range(2)]
    assert runs == ["MLOps Engineer: 8-Week Prep Path 8 True True", "MLOps Engineer: 8-Week Prep Path 8 False False"]


def test_an_edited_plan_is_read_and_checked_again(tmp_path, cache):
    path = write_plan(tmp_path, MINIMAL_PLAN)
    assert load_plan(path).title == "Tiny plan"
    path.write_text(MINIMAL_PLAN.replace("title: Tiny plan", "title: Renamed"), encoding="utf-8")
    assert load_plan(path).title == "Renamed"
    path.write_text(MINIMAL_PLAN.replace("share: 1.0", "share: 2.0"), encoding="utf-8")
    with pytest.raises(PlanError, match=r"plan.yaml:5:\d+: focus_areas.coding.share: expected .*1"):
        load_plan(path)


@pytest.mark.parametrize("damage", ["{not json", '{"text": "x", "plan": {}}', "[]", ""])
def test_a_damaged_cache_entry_is_ignored(tmp_path, cache, damage):
    path = write_plan(tmp_path, MINIMAL_PLAN)
    expected = load_plan(path)
    cache().write_text(damage, encoding="utf-8")
    assert load_plan(path) == expected


def test_an_entry_of_another_shape_is_ignored(tmp_path, cache):
    """The right text digest but a plan this model cannot rebuild."""
    path = write_plan(tmp_path, MINIMAL_PLAN)
    expected = load_plan(path)
    entry = cache()
    entry.write_text(entry.read_text(encoding="utf-8").replace('"weeks"', '"semaines"'), encoding="utf-8")
    assert load_plan(path) == expected


def test_a_cache_that_cannot_be_written_does_not_stop_a_run(runner, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("PREPCTL_CACHE_DIR", str(blocker))
    result = runner.invoke(app, ["schedule", str(write_plan(tmp_path, MINIMAL_PLAN)), "--start", "2026-12-07",
                                 "--tz", "UTC", "--format", "ics,md", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Tiny plan" in (tmp_path / "out" / "tiny.md").read_text()

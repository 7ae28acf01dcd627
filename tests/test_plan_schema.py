"""The JSON Schema editors use and the loader agree, because one model makes both."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT, PlanError
from prepctl.plan.load import load_plan
from prepctl.plan.resources import bundled_plan_ids, plans_dir
from prepctl.plan.schema import plan_json_schema
from tests.helpers import MINIMAL_PLAN, write_plan

ROOT = Path(__file__).parent.parent
VALIDATOR = jsonschema.Draft202012Validator(plan_json_schema())


def test_the_shipped_schema_file_is_the_generated_one(runner):
    shipped = json.loads((ROOT / "schema" / "plan.schema.json").read_text())
    assert shipped == plan_json_schema(), "regenerate: prepctl schema > schema/plan.schema.json"
    result = runner.invoke(app, ["schema"])
    assert json.loads(result.stdout)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("plan_id", bundled_plan_ids())
def test_bundled_plans_validate_against_the_schema(plan_id):
    path = plans_dir() / f"{plan_id}.yaml"
    assert path.read_text().startswith("# yaml-language-server: $schema=../schema/plan.schema.json")
    VALIDATOR.validate(yaml.safe_load(path.read_text()))


CASES = {
    "valid": (MINIMAL_PLAN, True),
    "negative minutes": (MINIMAL_PLAN.replace("minutes: 60", "minutes: -5"), False),
    "zero minutes": (MINIMAL_PLAN.replace("minutes: 60", "minutes: 0"), False),
    "fractional minutes": (MINIMAL_PLAN.replace("minutes: 60", "minutes: 1.5"), False),
    "minutes over a day": (MINIMAL_PLAN.replace("minutes: 60", "minutes: 1441"), False),
    "minutes as text": (MINIMAL_PLAN.replace("minutes: 60", 'minutes: "60"'), False),
    "unknown key": (MINIMAL_PLAN.replace("title: One", "title: One\n    colour: blue"), False),
    "missing title": (MINIMAL_PLAN.replace("title: Tiny plan\n", ""), False),
    "day name": (MINIMAL_PLAN.replace("day: mon", "day: monday"), False),
    "share over 1": (MINIMAL_PLAN.replace("share: 1.0", "share: 2"), False),
    "clock 25:00": (MINIMAL_PLAN.replace('"19:00"', '"25:00"'), False),
    "no days": (MINIMAL_PLAN.split("    days:")[0] + "    days: []\n", False),
    "version 2": (MINIMAL_PLAN.replace("version: 1", "version: 2"), False),
    "bad id": (MINIMAL_PLAN.replace("id: tiny", "id: Tiny Plan"), False),
    "untimed item": (MINIMAL_PLAN + "          - {activity: Rest, focus: coding}\n", True),
    "callout": (MINIMAL_PLAN + "        callouts:\n          - {kind: tip, title: T, items: [a]}\n", True),
    "callout kind": (MINIMAL_PLAN + "        callouts:\n          - {kind: hint, title: T}\n", False),
}
# Not in the corpus: references between fields (a block's slot or focus must be defined in
# the plan, ids unique); a JSON Schema cannot say those, so only the loader checks them.


@pytest.mark.parametrize("name", list(CASES))
def test_schema_and_loader_agree(tmp_path, name):
    text, valid = CASES[name]
    schema_ok = VALIDATOR.is_valid(yaml.safe_load(text))
    try:
        load_plan(write_plan(tmp_path, text))
        loader_ok = True
    except PlanError:
        loader_ok = False
    assert (schema_ok, loader_ok) == (valid, valid)


def test_new_writes_a_starter_that_validates_schedules_and_renders(runner, tmp_path):
    path = tmp_path / "my plan.yaml"
    result = runner.invoke(app, ["new", str(path), "--weeks", "3"])
    assert result.exit_code == 0, result.output
    VALIDATOR.validate(yaml.safe_load(path.read_text()))
    plan = load_plan(path)
    assert plan.id == "my-plan" and len(plan.weeks) == 3
    assert path.read_text().splitlines()[0].startswith("# yaml-language-server: $schema=file://")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "schedule",
            str(path),
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--format",
            "ics,md,html,json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "my-plan.html",
        "my-plan.ics",
        "my-plan.json",
        "my-plan.md",
        "my-plan.record.json",
    ]


def test_new_never_overwrites(runner, tmp_path):
    path = write_plan(tmp_path, "keep me\n", "mine.yaml")
    result = runner.invoke(app, ["new", str(path)])
    assert result.exit_code == EXIT_BAD_INPUT and "already exists" in result.stderr
    assert path.read_text() == "keep me\n"

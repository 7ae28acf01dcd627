"""Plan files: every problem reported as FILE:LINE:COL: field.path: message."""

from __future__ import annotations

import pytest

from prepctl.errors import EXIT_BAD_INPUT, PlanError
from prepctl.plan.load import load_plan, plan_as_data
from tests.helpers import MINIMAL_PLAN, write_plan


def problems_of(tmp_path, text: str) -> list[str]:
    path = write_plan(tmp_path, text)
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    assert caught.value.exit_code == EXIT_BAD_INPUT
    return [p.replace(f"{path}:", "") for p in caught.value.problems]


def test_the_minimal_plan_loads_and_gets_positional_ids(tmp_path):
    plan = load_plan(write_plan(tmp_path, MINIMAL_PLAN))
    data = plan_as_data(plan)
    assert [b["id"] for b in data["weeks"][0]["days"][0]["blocks"]] == ["w1-mon-1", "w1-mon-2"]


def test_negative_minutes_names_line_column_field_and_value(tmp_path):
    text = MINIMAL_PLAN.replace("minutes: 60", "minutes: -5")
    assert problems_of(tmp_path, text) == [
        "14:38: weeks[0].days[0].blocks[0].minutes: expected a positive whole number of minutes (at most 1440), got -5"
    ]


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    text = (
        MINIMAL_PLAN.replace("minutes: 60", "minutes: 0")
        .replace("minutes: 30", "minutes: 1.5")
        .replace("title: One", "title: One\n    colour: blue")
    )
    problems = problems_of(tmp_path, text)
    assert len(problems) == 3
    assert any("weeks[0].colour: unknown field 'colour'" in p for p in problems)
    assert any("blocks[0].minutes" in p and "got 0" in p for p in problems)
    assert any("blocks[1].minutes" in p and "got 1.5" in p for p in problems)


def test_a_typo_in_a_key_suggests_the_right_one(tmp_path):
    text = MINIMAL_PLAN.replace('details: "A chapter"', 'detials: "A chapter"')
    assert problems_of(tmp_path, text) == [
        "15:67: weeks[0].days[0].blocks[1].detials: unknown field 'detials' (did you mean 'details'?)"
    ]


def test_unknown_slot_and_focus_area_are_named_with_the_known_ones(tmp_path):
    text = MINIMAL_PLAN.replace("slot: evening", "slot: evning").replace(
        'details: "A chapter", focus: coding', 'details: "A chapter", focus: codin'
    )
    problems = problems_of(tmp_path, text)
    assert (
        "weeks[0].days[0].blocks[1].slot: unknown slot 'evning'; expected one of: morning, evening (did you mean 'evening'?)"
        in problems[0]
    )
    assert "blocks[1].focus: unknown focus area 'codin'" in problems[1]


def test_a_day_listed_twice_and_a_duplicate_week_are_errors(tmp_path):
    week = MINIMAL_PLAN.split("weeks:\n")[1]
    day = week.split("    days:\n")[1]
    text = MINIMAL_PLAN + day + week
    problems = problems_of(tmp_path, text)
    assert "16:14: weeks[0].days[1].day: mon appears twice in week 1" in problems
    assert any(p.endswith("weeks[1].week: week 1 appears twice in the plan") for p in problems)


def test_yaml_syntax_error_shows_line_and_column(tmp_path):
    problems = problems_of(tmp_path, "version: 1\nid: [unclosed\n")
    assert len(problems) == 1 and problems[0].startswith("3:1: YAML syntax error")


def test_unquoted_clock_times_are_clock_times_not_base_60_numbers(tmp_path):
    plan = load_plan(write_plan(tmp_path, MINIMAL_PLAN.replace('"07:00"', "07:00")))
    assert plan.slots["morning"] == "07:00"


def test_python_object_tags_are_refused(tmp_path):
    text = MINIMAL_PLAN.replace("title: Tiny plan", "title: !!python/object/apply:os.system ['true']")
    problems = problems_of(tmp_path, text)
    assert "title: unsupported YAML tag" in problems[0]


def test_empty_file_says_what_a_plan_needs(tmp_path):
    assert problems_of(tmp_path, "") == [
        "1:1: the plan file is empty; expected a mapping with version, id, title, focus_areas and weeks"
    ]

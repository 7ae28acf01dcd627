"""pydantic's side of the plan model: validating plan data and the JSON Schema.

Kept apart from ``prepctl.model`` so that only reading a new or changed plan file,
or printing the schema, pays for importing pydantic.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter

from prepctl.model.plan import Plan

SCHEMA_ID = "https://prepctl.invalid/schema/plan.schema.json"


@cache
def _adapter() -> TypeAdapter[Plan]:
    return TypeAdapter(Plan)


def validate(data: Any) -> Plan:
    """The plan that ``data`` describes; raises ``pydantic.ValidationError`` listing every problem."""
    return _adapter().validate_python(data)


def plan_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a plan file, from the model the loader uses."""
    schema = _adapter().json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "prepctl plan, version 1",
        **{k: v for k, v in schema.items() if k != "title"},
    }

"""Fuzzing the readers of files prepctl wrote earlier: the record (and its JSON export) and the
checklist. Whatever someone made of them, prepctl ends with exit 0 or with one line and exit
status 2; never a traceback, never "unexpected error" (exit 1), never a hang."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from prepctl.cli import app
from tests.helpers import PLAN_ID, examples

FUZZ = settings(
    max_examples=examples(60),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "out"
    result = CliRunner().invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            "--hours",
            "2",
            "--format",
            "md,json",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def _commands(folder: Path) -> list[list[str]]:
    checklist = str(folder / f"{PLAN_ID}.md")
    return [
        ["progress", checklist],
        ["today", "--out", str(folder), "--date", "2026-12-08"],
        ["schedule", "--out", str(folder), "--start", "2026-12-07", "--tz", "Europe/Berlin", "--dry-run"],
        ["schedule", "--resume", checklist, "--missed", "drop", "--start", "2026-12-20", "--dry-run"],
    ]


def test_the_files_as_written_are_read_by_every_command(written: Path) -> None:
    """So a refusal below is the mutation's doing, not a command that never worked."""
    for args in _commands(written):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (args, result.output)


def _paths(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*here, index))
    return found


def _mutated(document: Any, path: tuple[Any, ...], replacement: Any, delete: bool) -> Any:
    if not path:
        return replacement
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return document


def _assert_clean(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {result.output[-600:]}"
    assert "Traceback" not in result.output and "unexpected error" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, lines


@FUZZ
@given(data=st.data(), replacement=json_values, delete=st.booleans())
def test_a_record_edited_any_way_is_read_or_refused_in_one_line(
    written: Path, tmp_path_factory, data, replacement, delete
) -> None:
    folder = tmp_path_factory.mktemp("case") / "out"
    shutil.copytree(written, folder)
    record_file = folder / f"{PLAN_ID}.record.json"
    document = json.loads(record_file.read_text(encoding="utf-8"))
    path = data.draw(st.sampled_from(_paths(document)))
    record_file.write_text(json.dumps(_mutated(document, path, replacement, delete)), encoding="utf-8")
    runner = CliRunner()
    for args in _commands(folder):
        _assert_clean(runner.invoke(app, args))


lines = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "- [x] 07:00 **Coding** <!-- w1-mon-1 -->",
            "```",
            "<!--",
            "-->",
            "- [X] <!-- w99-mon-1 -->",
            "<!-- prepctl-plan: mlops-8-week record: file:///etc/passwd -->",
            "- [x] <!-- q:999999 -->",
            "- [x] **Study** — lost its id",
            "\u2028",
            "\x00",
            "- [x] <!-- w1-mon-1 --> <!-- w1-mon-2 -->",
        ]
    ),
)


@FUZZ
@given(extra=st.lists(st.tuples(st.integers(0, 400), lines), max_size=12))
def test_a_checklist_edited_any_way_is_read_or_refused_in_one_line(written: Path, tmp_path_factory, extra) -> None:
    folder = tmp_path_factory.mktemp("case") / "out"
    shutil.copytree(written, folder)
    checklist = folder / f"{PLAN_ID}.md"
    text = checklist.read_text(encoding="utf-8").splitlines()
    for at, line in extra:
        text.insert(min(at, len(text)), line)
    checklist.write_text("\n".join(text), encoding="utf-8", errors="surrogatepass")
    runner = CliRunner()
    for args in (
        ["progress", str(checklist)],
        ["schedule", "--resume", str(checklist), "--start", "2026-12-20", "--dry-run"],
    ):
        _assert_clean(runner.invoke(app, args))

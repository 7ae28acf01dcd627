"""A checklist is read as GitHub and Obsidian show it: a tick counts only on a task a reader
sees as a task, and no character inside a line ends it."""

from __future__ import annotations

from pathlib import Path

import pytest

from prepctl.state.checklist import carry_ticks, parse_ticks

TASK = "- [x] 07:00–07:40 **Coding** — 2 LeetCode <!-- w1-mon-1 -->"


@pytest.mark.parametrize(
    ("context", "counted"),
    [
        ([TASK], True),
        (["  " + TASK], True),  # a nested list item
        (["- [X] 07:00 **Coding** <!-- w1-mon-1 -->"], True),
        (["```", TASK, "```"], False),
        (["~~~", TASK, "~~~"], False),
        (["```text", TASK], False),  # a fence never closed runs to the end
        (["<!--", TASK, "-->"], False),
        (["<!-- note", TASK, "still a comment -->"], False),
        (["", "A paragraph.", "", "    " + TASK], False),  # indented four spaces after text: a code block
        (["", "A paragraph.", "", "\t" + TASK], False),
        (["    " + TASK], True),  # right under a list item: nested in it (GitHub, Obsidian)
        (["- [ ] a task of the person's", "\t" + TASK], True),  # nested with a tab, Obsidian's way
        (["- [ ] a task of the person's", "    " + TASK], True),  # or with four spaces
        (["- a list item", "  - [ ] sub-item", "\t\t" + TASK], True),  # two levels down
        (["> " + TASK], False),
        ([TASK + "\r"], True),
    ],
)
def test_a_tick_counts_only_where_a_markdown_reader_shows_a_task(context: list[str], counted: bool) -> None:
    ticks = parse_ticks(Path("plan.md"), "\n".join(["# Plan", "- [ ] earlier <!-- w1-mon-2 -->", *context]))
    assert ("w1-mon-1" in ticks.done) is counted
    assert "w1-mon-2" in ticks.ids


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"])
def test_a_line_separator_inside_a_task_does_not_cut_its_tick_off(separator: str) -> None:
    text = f"# Plan\n- [x] **Co{separator}ding** — a{separator}b <!-- w1-mon-1 -->\n- [ ] next <!-- w1-mon-2 -->\n"
    ticks = parse_ticks(Path("plan.md"), text)
    assert ticks.done == {"w1-mon-1"} and not ticks.lost
    carried, count = carry_ticks(text.replace("- [x]", "- [ ]"), {"w1-mon-1"})
    assert count == 1 and carried == text


def test_carrying_ticks_keeps_crlf_line_endings() -> None:
    text = "# Plan\r\n- [ ] a <!-- w1-mon-1 -->\r\n```\r\n- [ ] b <!-- w1-mon-2 -->\r\n```\r\n"
    carried, count = carry_ticks(text, {"w1-mon-1", "w1-mon-2"})
    assert count == 1, "the task in the code block is not one"
    assert carried == text.replace("- [ ] a", "- [x] a", 1)

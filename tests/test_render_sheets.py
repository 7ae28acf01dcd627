"""The Markdown checklist and the printable sheets, as a person reads and prints them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.tasklists import tasklists_plugin

from prepctl.cli import app
from prepctl.errors import EXIT_BAD_INPUT
from prepctl.plan.load import load_plan
from prepctl.render import RenderContext, render
from prepctl.schedule import Options, build_schedule
from tests.helpers import MINIMAL_PLAN, write_plan

STAMP = datetime(2026, 12, 1, tzinfo=UTC)
HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", '<img src="file:///etc/passwd">']


def schedule_for(plan, **options):
    defaults = {"start": date(2026, 12, 7), "tz": "Europe/Berlin"}
    return build_schedule(plan, Options(**{**defaults, **options}))


def tasks(markdown: str) -> list[str]:
    """The text of every GFM task item, as GitHub's parser sees them."""
    parser = MarkdownIt("gfm-like").use(tasklists_plugin)
    tokens = parser.parse(markdown)
    found = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open" and "task-list-item" in (token.attrGet("class") or ""):
            found.append(tokens[i + 2].content)
    return found


def test_golden_markdown_for_the_readme_options(bundled_plan, golden):
    sched = schedule_for(bundled_plan, weekday_hours=2, weekend_hours=4)
    golden("mlops-8-week.md", render("md", sched, bundled_plan, RenderContext(STAMP)).decode())


def test_checklist_has_one_task_per_session_question_skill_and_milestone(bundled_plan):
    sched = schedule_for(bundled_plan, weekday_hours=2, weekend_hours=4)
    markdown = render("md", sched, bundled_plan, RenderContext(STAMP)).decode()
    items = tasks(markdown)
    questions = bundled_plan.appendix.scenario_questions.items
    topics = [t for area in bundled_plan.focus_areas.values() for t in area.topics]
    milestones = [w for w in bundled_plan.weeks if w.milestone]
    assert len(items) == len(sched.sessions) + len(questions) + len(topics) + len(milestones) == 196 + 10 + 18 + 8
    assert "- [ ] **Week 1 Milestone Checkpoint** <!-- m:1 -->" in markdown
    assert "- [ ] Python: scripting, automation, data processing <!-- t:coding:1 -->" in markdown
    ids = re.findall(r"<!-- (w\d+-[a-z]{3}-\d+) -->", markdown)
    assert sorted(ids) == sorted(s.block_id for s in sched.sessions)
    assert len(set(ids)) == len(ids)
    assert "07:00–07:40 **Coding** — 2 LeetCode easy/medium (arrays, strings) <!-- w1-mon-1 -->" in markdown
    assert "- [ ] **Rest** — Recharge completely <!-- w8-fri-2 -->" in markdown
    assert "> [!TIP]\n> **Docker Knowledge is Non-Negotiable**" in markdown


def hostile_plan(tmp_path):
    text = MINIMAL_PLAN.replace('details: "2 LeetCode"', "details: " + json.dumps(" ".join(HOSTILE)))
    text = text.replace("title: Start", "title: '<b>bold</b> {{ 7*7 }}'")
    return load_plan(write_plan(tmp_path, text))


def test_hostile_plan_text_is_rendered_literally_in_markdown_and_html(tmp_path):
    plan = hostile_plan(tmp_path)
    sched = schedule_for(plan)
    markdown = render("md", sched, plan, RenderContext(STAMP)).decode()
    html_of_markdown = MarkdownIt("gfm-like").use(tasklists_plugin).render(markdown)
    assert "<script>" not in html_of_markdown and "<img" not in html_of_markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_of_markdown
    assert "{{ 7*7 }}" in html_of_markdown and "49" not in markdown
    html = render("html", sched, plan, RenderContext(STAMP)).decode()
    assert "<script>alert" not in html and '<img src="file' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "{{ 7*7 }}" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_pdf_of_hostile_text_holds_no_bytes_of_local_files(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    plan = hostile_plan(tmp_path)
    pdf = render("pdf", schedule_for(plan), plan, RenderContext(STAMP))
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(_buffer(pdf)).pages)
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text
    assert b"root:x:0:0" not in pdf


def test_a_user_template_that_loads_a_local_file_gets_nothing(tmp_path, bundled_plan):
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "weekly.html.j2").write_text(
        '<html><body><p>mine</p><img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd"></body></html>'
    )
    plan = load_plan(write_plan(tmp_path, MINIMAL_PLAN))
    pdf = render("pdf", schedule_for(plan), plan, RenderContext(STAMP, templates=folder))
    assert b"root:x:0:0" not in pdf and pdf.startswith(b"%PDF")


def _buffer(data: bytes):
    import io

    return io.BytesIO(data)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("hours", [1, None, 6])
def test_every_week_fits_on_one_page(bundled_plan, paper, hours):
    import pypdf

    sched = schedule_for(bundled_plan, weekday_hours=hours, weekend_hours=hours)
    pdf = pypdf.PdfReader(_buffer(render("pdf", sched, bundled_plan, RenderContext(STAMP, paper=paper))))
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == 1 + 1 + 8 + 1  # cover, the plan's introduction, one page per week, appendix
    assert sum(page.count("☐") for page in pages) == len(sched.sessions), "a box to tick by every block"
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "a4" else (612, 792))
    for week, page in zip(bundled_plan.weeks, pages[2:10], strict=True):
        flat = " ".join(page.split())
        assert " ".join(week.title.split()) in flat
        for day in week.days:
            for block in day.blocks:
                assert block.activity in flat, (week.week, day.day, block.activity)


def dense_plan(tmp_path):
    """A custom plan whose weeks cannot fit a page: eight long blocks and two callouts a day."""
    import yaml

    details = (
        "Work through the graph traversal chapter, then write notes on breadth-first and "
        "depth-first search with three worked examples each"
    )
    callouts = [
        {"kind": "tip", "title": "Pace yourself", "body": "Stand up and look away every hour."},
        {"kind": "warning", "title": "Keep the review", "body": "The evening review makes it stick."},
    ]
    slots = ["morning", "morning", "lunch", "afternoon", "evening", "evening", "night", "night"]
    weeks = [
        {
            "week": w,
            "title": f"Dense week {w}",
            "goal": "A lot of ground every day.",
            "milestone": {"title": f"Week {w} checkpoint", "items": ["Explain BFS and DFS"]},
            "days": [
                {
                    "day": d,
                    "title": f"Dense {d} {w}",
                    "callouts": callouts,
                    "blocks": [
                        {
                            "slot": slot,
                            "minutes": 25,
                            "activity": f"Step {i + 1}",
                            "focus": "coding",
                            "details": details,
                        }
                        for i, slot in enumerate(slots)
                    ],
                }
                for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            ],
        }
        for w in (1, 2)
    ]
    plan = {
        "version": 1,
        "id": "dense",
        "title": "Dense",
        "focus_areas": {"coding": {"title": "Coding", "share": 1.0}},
        "slots": {"morning": "06:30", "lunch": "12:00", "afternoon": "14:00", "evening": "18:00", "night": "21:00"},
        "weeks": weeks,
    }
    return load_plan(write_plan(tmp_path, yaml.safe_dump(plan, sort_keys=False)))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("hours", [1, None, 6])
def test_a_week_longer_than_a_page_flows_on_under_its_title_and_loses_nothing(tmp_path, paper, hours):
    import pypdf

    plan = dense_plan(tmp_path)
    sched = schedule_for(plan, weekday_hours=hours, weekend_hours=hours)
    pdf = pypdf.PdfReader(_buffer(render("pdf", sched, plan, RenderContext(STAMP, paper=paper))))
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    for week in (1, 2):
        own = [i for i, text in enumerate(pages) if f"Dense week {week}" in text]
        assert len(own) >= 2, "a dense week takes more than one page"
        running = f"Week {week} · Dense week {week} (continued)"
        assert running not in pages[own[0]] and all(running in pages[i] for i in own[1:])
        text = " ".join(pages[i] for i in own)
        for day in plan.weeks[week - 1].days:
            assert text.count(f"{day.title}") == 1, "every day once, none cut in two"
        for session in (s for s in sched.sessions if s.week == week):
            assert f"{session.start:%H:%M}–{session.end:%H:%M} {session.activity}" in text
        assert text.count("Pace yourself") == text.count("Keep the review") == 7
        assert f"Week {week} checkpoint" in pages[own[-1]]
    bottom_margin = 12 / 25.4 * 72
    lows: list[tuple[float, str]] = []
    for page in pdf.pages:  # no text but the page number in the bottom margin, where it would run off the sheet
        lows.clear()
        page.extract_text(visitor_text=lambda text, cm, tm, *_: lows.append((tm[5] * cm[3] + cm[5], text)))
        assert all(
            y > bottom_margin - 2 or not text.strip() or re.fullmatch(r"\d+ / \d+\s*", text) for y, text in lows
        ), sorted(lows)[:3]


def schedule_with_checklist_template(runner, tmp_path, text: str):
    """Run schedule (md only) with a user folder whose checklist.md.j2 is ``text``."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "checklist.md.j2").write_text(text)
    result = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--format",
            "md",
            "--templates",
            str(folder),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    return folder, result


def test_user_templates_replace_the_bundled_checklist(runner, tmp_path):
    _, result = schedule_with_checklist_template(
        runner, tmp_path, "# {{ plan.title }}: {{ schedule.sessions | length }} to do\n"
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "mlops-8-week.md").read_text() == "# MLOps Engineer: 8-Week Prep Path: 196 to do\n"


def test_an_edited_user_template_is_used_at_once(runner, tmp_path):
    """Compiled templates are cached between runs; an edit must never be hidden by that."""
    folder, result = schedule_with_checklist_template(runner, tmp_path, "first {{ plan.id }}\n")
    assert result.exit_code == 0, result.output
    (folder / "checklist.md.j2").write_text("second {{ plan.id }}\n")
    result = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--format",
            "md",
            "--templates",
            str(folder),
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "mlops-8-week.md").read_text() == "second mlops-8-week\n"


def test_a_user_template_with_a_typo_names_template_and_line(runner, tmp_path):
    folder, result = schedule_with_checklist_template(runner, tmp_path, "# {{ plan.title }}\n{{ plan.titel }}\n")
    assert result.exit_code == EXIT_BAD_INPUT
    assert f"{folder / 'checklist.md.j2'}:2: template error:" in result.stderr
    assert "titel" in result.stderr
    assert not (tmp_path / "out").exists()


STRANGE = [
    "x" * 400,
    "שלום עולם — مرحبا بالعالم",
    "🚀📈 emoji",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT",
    "line one\nline two",
    "bell\u0007 and tab\t",
]


def test_strange_plan_text_renders_in_every_format(tmp_path):
    import io

    import icalendar
    import pypdf

    details = json.dumps(" | ".join(STRANGE), ensure_ascii=False)
    plan = load_plan(write_plan(tmp_path, MINIMAL_PLAN.replace('"2 LeetCode"', details)))
    sched = schedule_for(plan)
    context = RenderContext(STAMP)
    ics = icalendar.Calendar.from_ical(render("ics", sched, plan, context))
    events = ics.walk("VEVENT")
    assert len(events) == len(sched.sessions) == 2
    assert "\ufffd" in str(events[0]["DESCRIPTION"]) and "\x07" not in str(events[0]["DESCRIPTION"])
    assert "END:VEVENT" in str(events[0]["DESCRIPTION"])  # kept as text, not structure
    assert str(events[0]["SUMMARY"]) == "Coding · " + "x" * 50 + "…", "a very long word is cut inside"
    markdown = render("md", sched, plan, context).decode()
    assert len(tasks(markdown)) == 2 and "שלום עולם" in markdown
    pdf = pypdf.PdfReader(io.BytesIO(render("pdf", sched, plan, context)))
    assert len(pdf.pages) == 1 + 1, "cover and the week; no introduction, no empty appendix"


def test_without_weasyprint_the_default_run_writes_the_rest_and_says_why(runner, tmp_path, monkeypatch):
    import prepctl.render.pdf as pdf

    def missing():
        raise pdf.PdfUnavailableError("PDF output needs WeasyPrint and the Pango libraries (no Pango)")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    out = tmp_path / "out"
    result = runner.invoke(app, ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"mlops-8-week.{suffix}" for suffix in ("html", "ics", "json", "md", "record.json")
    ]
    assert "no PDF: PDF output needs WeasyPrint and the Pango libraries" in result.stderr
    asked = runner.invoke(
        app, ["schedule", "--start", "2026-12-07", "--tz", "UTC", "--format", "pdf", "--out", str(tmp_path / "other")]
    )
    assert asked.exit_code == EXIT_BAD_INPUT and "needs WeasyPrint" in asked.stderr
    assert not (tmp_path / "other").exists()


def test_the_html_has_a_real_checkbox_per_session_for_screens_and_keeps_the_print_boxes(bundled_plan):
    sched = schedule_for(bundled_plan, weekday_hours=2, weekend_hours=4)
    html = render("html", sched, bundled_plan, RenderContext(STAMP)).decode()
    boxes = re.findall(r'<input class="tick" type="checkbox" data-id="([a-z0-9-]+)"', html)
    assert sorted(boxes) == sorted(s.block_id for s in sched.sessions)
    assert '<meta name="viewport"' in html and "localStorage" in html and "@media screen" in html
    assert html.count('<span class="checkbox"></span>') >= len(sched.sessions), "print keeps its drawn boxes"


def test_weekday_and_month_names_in_the_persons_language(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            "--locale",
            "de",
            "--format",
            "md,html",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    checklist = (out / "mlops-8-week.md").read_text(encoding="utf-8")
    assert "### Mo. 7 Dez. — Python and Scripting" in checklist
    assert '<html lang="de">' in (out / "mlops-8-week.html").read_text(encoding="utf-8")
    unknown = runner.invoke(
        app,
        [
            "schedule",
            "--start",
            "2026-12-07",
            "--tz",
            "UTC",
            "--locale",
            "xx",
            "--format",
            "md",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert unknown.exit_code == 2
    assert unknown.stderr.strip() == "prepctl: --locale: unknown language 'xx'; for example de, fr, es, pt_br"
    assert not (tmp_path / "x").exists()


GERMAN_PLAN = """\
version: 1
id: mein-plan
title: Mein Plan
focus_areas:
  coding: {title: Programmieren, share: 1.0, topics: [Graphen]}
slots: {morgens: "07:00"}
weeks:
  - week: 1
    title: Grundlagen
    days:
      - day: mon
        title: Aufwärmen
        blocks:
          - {slot: morgens, minutes: 45, activity: Programmieren, focus: coding, details: 2 LeetCode leicht}
          - {activity: Pause, focus: coding}
        callouts:
          - {kind: tip, title: Klein anfangen}
      - day: wed
        title: Üben
        blocks:
          - {slot: morgens, minutes: 45, activity: Programmieren, focus: coding}
    milestone: {title: Meilenstein, items: [Zwei Aufgaben ohne Hilfe]}
"""


def test_a_german_plan_reads_german_on_the_sheets_in_the_checklist_and_the_calendar(runner, tmp_path):
    plan = write_plan(tmp_path, GERMAN_PLAN)
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "schedule",
            str(plan),
            "--start",
            "2026-12-07",
            "--tz",
            "Europe/Berlin",
            "--locale",
            "de",
            "--skip",
            "2026-12-08",
            "--format",
            "md,html,ics",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    checklist = (out / "mein-plan.md").read_text(encoding="utf-8")
    for line in (
        "## Themen, die du abdecken solltest",
        "## Woche 1 — Grundlagen (Mo. 7 Dez. – Mi. 9 Dez.)",
        "### Di. 8 Dez. — Ausgelassen",
        "Hake eine Aufgabe mit `[x]` ab.",
    ):
        assert line in checklist
    assert "Appendix" not in checklist and "Anhang" not in checklist, "a plan without an appendix gets none"
    html = " ".join((out / "mein-plan.html").read_text(encoding="utf-8").split())
    for words in (
        "Woche 1 ·",
        "Notizen",
        "jederzeit",
        "Zeitzone",
        "Zeit je Schwerpunkt",
        ">TIPP</span>",
        "1 h 30 min in dieser Woche",
    ):
        assert words in html
    for english in ("Notes", "any time", "Time zone", "this week", "Skipped"):
        assert f">{english}<" not in html and f" {english} " not in html
    import icalendar

    events = icalendar.Calendar.from_ical((out / "mein-plan.ics").read_bytes()).walk("VEVENT")
    first = str(events[0]["DESCRIPTION"])
    assert "Woche 1, Mon: Aufwärmen" in first and "TIPP: Klein anfangen" in first


def test_every_word_of_the_bundled_templates_has_a_translation_with_the_same_placeholders():
    from prepctl.plan.resources import templates_dir
    from prepctl.render.words import CATALOGS

    marked = {
        m
        for path in templates_dir().glob("*.j2")
        for m in re.findall(r"""_\((?:"([^"]+)"|'([^']+)')""", path.read_text(encoding="utf-8"))
    }
    words = {a or b for a, b in marked} | {"Skipped", "No study planned", "tip", "note", "warning", "danger"}
    assert len(words) > 40
    for language, catalog in CATALOGS.items():
        assert sorted(words - catalog.keys()) == [], language
        for english, translated in catalog.items():
            assert sorted(re.findall(r"%\((\w+)\)s", english)) == sorted(re.findall(r"%\((\w+)\)s", translated)), (
                language,
                english,
            )


def test_golden_html_for_the_readme_options(bundled_plan, golden):
    sched = schedule_for(bundled_plan, weekday_hours=2, weekend_hours=4)
    golden("mlops-8-week.html", render("html", sched, bundled_plan, RenderContext(STAMP)).decode())

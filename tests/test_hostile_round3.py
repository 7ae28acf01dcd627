"""Hostile input, round three: each defect the review found, as a regression test through the
installed command, in a subprocess. What must hold: one clear line, a status other than 1
(or it works), in bounded time, with the person's files intact."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import EPOCH, PLAN_ID, SETUP, examples

BASIC = [*SETUP, "--format", "md,json"]


def prepctl(folder: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120):  # type: ignore[no-untyped-def]
    exe = shutil.which("prepctl")
    assert exe, "prepctl is not installed on PATH (pip install .)"
    return subprocess.run(
        [exe, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **EPOCH, **(env or {})},
    )


def one_clean_line(done: subprocess.CompletedProcess[str], status: int = 2) -> str:
    assert done.returncode == status, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def test_a_zone_that_is_a_folder_of_the_tz_database_is_one_line(tmp_path):
    said = one_clean_line(prepctl(tmp_path, "schedule", *BASIC, "--tz", "Europe"))
    assert "--tz: unknown time zone 'Europe'" in said
    assert "tz: unknown time zone 'Europe'" in one_clean_line(prepctl(tmp_path, "config", "set", "tz", "Europe"))
    assert "PREPCTL_TZ: unknown time zone" in one_clean_line(
        prepctl(tmp_path, "schedule", *BASIC[:2], "--format", "json", env={"PREPCTL_TZ": "Europe"})
    )


@pytest.mark.parametrize("value", ["", "..", "__pycache__", "xx-YY"])
def test_a_language_prepctl_cannot_write_and_read_back_is_refused_where_it_is_given(tmp_path, value):
    assert "unknown language" in one_clean_line(prepctl(tmp_path, "schedule", *BASIC, "--locale", value))
    assert "PREPCTL_LOCALE: unknown language" in one_clean_line(
        prepctl(tmp_path, "schedule", *BASIC, env={"PREPCTL_LOCALE": value})
    )
    assert "config set locale: unknown language" in one_clean_line(prepctl(tmp_path, "config", "set", "locale", value))


def test_a_language_in_another_spelling_is_kept_in_its_normal_form_and_read_back(tmp_path):
    done = prepctl(tmp_path, "schedule", *BASIC, "--locale", "pt-BR")
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "out" / f"{PLAN_ID}.record.json").read_text())["locale"] == "pt_br"
    for command in (["progress"], ["today"], ["schedule", "--slot", "evening=20:00"]):
        assert prepctl(tmp_path, *command).returncode == 0, command


@pytest.mark.parametrize("url", ["https://[::1", "https://ana:hunter2@caldav.example.com/"])
def test_a_caldav_address_that_is_broken_or_holds_a_password_is_refused_by_config_set(tmp_path, url):
    said = one_clean_line(prepctl(tmp_path, "config", "set", "caldav.url", url))
    assert said.startswith("prepctl: config set caldav.url: ") and "hunter2" not in said


def _account(tmp_path: Path, command: str) -> dict[str, str]:
    for key, value in (
        ("caldav.url", "http://127.0.0.1:9/"),
        ("caldav.username", "ana"),
        ("caldav.password_command", command),
    ):
        assert prepctl(tmp_path, "config", "set", key, value).returncode == 0
    return {"PREPCTL_CALDAV_PASSWORD": ""}


def test_a_password_command_of_spaces_is_one_line(tmp_path):
    env = _account(tmp_path, "   ")
    assert "caldav.password_command: the command is empty" in one_clean_line(
        prepctl(tmp_path, "sync", "--check", env=env)
    )


def test_a_password_command_whose_child_keeps_its_output_open_does_not_hold_prepctl(tmp_path):
    env = _account(tmp_path, "sh -c 'echo secret; sleep 60 &'")
    began = time.monotonic()
    done = prepctl(tmp_path, "sync", "--check", "--timeout", "5", env=env)
    assert time.monotonic() - began < 20, "the child that holds the pipe is not waited for"
    assert done.returncode == 3 and "Traceback" not in done.stderr, done.stderr  # then the server is not there


def test_a_config_value_nested_thousands_deep_is_one_line(tmp_path):
    config = Path(os.environ["PREPCTL_CONFIG"])
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("tz: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in one_clean_line(prepctl(tmp_path, "schedule", *BASIC))


def test_a_tick_nested_with_a_tab_counts_and_survives_a_reschedule(tmp_path):
    assert prepctl(tmp_path, "schedule", *BASIC).returncode == 0
    checklist = tmp_path / "out" / f"{PLAN_ID}.md"
    text = checklist.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.endswith("<!-- w1-mon-2 -->"))
    checklist.write_text(text.replace(line, "\t" + line.replace("- [ ]", "- [x]")), encoding="utf-8")
    progress = json.loads(prepctl(tmp_path, "progress", "--json").stdout)
    assert progress["total"]["done_items"] == 1
    assert prepctl(tmp_path, "schedule", "--slot", "evening=20:00").returncode == 0
    assert "- [x] " in next(
        line for line in checklist.read_text(encoding="utf-8").splitlines() if line.endswith("<!-- w1-mon-2 -->")
    )


def test_the_checklist_of_another_plan_under_the_same_name_is_backed_up_byte_for_byte(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    theirs = b"# Another plan\r\n<!-- prepctl-plan: other-plan -->\r\n- [x] mine <!-- w1-mon-1 -->\r\n"
    (out / f"{PLAN_ID}.md").write_bytes(theirs)
    done = prepctl(tmp_path, "schedule", *BASIC)
    assert done.returncode == 0, done.stderr
    [backup] = out.glob(f"{PLAN_ID}.backup-*.md")
    assert backup.read_bytes() == theirs, "kept as it was, line endings and all"


def test_a_sequence_at_the_top_of_its_range_stays_readable(tmp_path):
    assert prepctl(tmp_path, "schedule", *BASIC).returncode == 0
    record = tmp_path / "out" / f"{PLAN_ID}.record.json"
    data = json.loads(record.read_text())
    for session in data["sessions"]:
        session["sequence"] = 2**31 - 1
    record.write_text(json.dumps(data))
    for _ in range(2):
        done = prepctl(tmp_path, "schedule", "--slot", "evening=21:00")
        assert done.returncode == 0, done.stderr
    assert max(s["sequence"] for s in json.loads(record.read_text())["sessions"]) == 2**31 - 1


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("id", "../other-calendar/x", "expected a block id"),
        ("token", "abc\x1b[2Jdef", "expected a sync token"),
    ],
)
def test_a_planted_sync_state_is_refused_before_any_request(tmp_path, field, value, said):
    assert prepctl(tmp_path, "schedule", *BASIC).returncode == 0
    record = json.loads((tmp_path / "out" / f"{PLAN_ID}.record.json").read_text())
    session = {**record["sessions"][0]}
    if field == "id":
        session["id"], session["uid"] = value, f"{value}.{PLAN_ID}@prepctl"
    state = {
        "prepctl_sync": 1,
        "plan": PLAN_ID,
        "calendars": [
            {
                "name": "prep",
                "url": "http://127.0.0.1:9/ana/prep/",
                "server": "http://127.0.0.1:9/",
                "user": "ana",
                "token": value if field == "token" else None,
                "items": [
                    {
                        "uid": session["uid"],
                        "kind": "event",
                        "session": session,
                        "etag": "",
                        "done": False,
                        "server_done": False,
                        "edited": False,
                    }
                ],
            }
        ],
    }
    (tmp_path / "out" / f"{PLAN_ID}.sync.json").write_text(json.dumps(state))
    env = _account(tmp_path, "echo secret")
    assert said in one_clean_line(prepctl(tmp_path, "sync", "--calendar", "prep", env=env))


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "loop steps (the render budget)",
        ),
        ("{{ 'x' * 10**9 }}", "a value larger than 32 MB (the render budget)"),
        ("{{ (7 ** 1000000)|string }}", "an exponent above 10,000 (the render budget)"),
        ("{{ lipsum(n=10**7) }}", "'lipsum' is undefined"),
        ("{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}", "output larger than 32 MB (the render budget)"),
    ],
)
def test_a_template_that_would_take_the_machine_stops_at_its_budget(tmp_path, body, said):
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "event.txt.j2").write_text(body + "\n")
    began = time.monotonic()
    done = prepctl(tmp_path, "schedule", *SETUP, "--format", "ics", "--templates", str(templates))
    assert said in one_clean_line(done) and time.monotonic() - began < 30
    assert not (tmp_path / "out").exists(), "no partial file"


def test_a_template_that_links_out_of_its_folder_is_refused(tmp_path):
    (tmp_path / "secret.txt").write_text("not for the checklist")
    templates = tmp_path / "mine"
    templates.mkdir()
    (templates / "checklist.md.j2").symlink_to(tmp_path / "secret.txt")
    said = one_clean_line(prepctl(tmp_path, "schedule", *SETUP, "--format", "md", "--templates", str(templates)))
    assert "leads outside the template folders" in said


def test_when_the_index_cannot_be_written_no_output_is_replaced(tmp_path):
    assert prepctl(tmp_path, "schedule", *BASIC).returncode == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    done = prepctl(tmp_path, "schedule", "--slot", "evening=21:00", env={"PREPCTL_DATA_DIR": str(blocked)})
    assert str(blocked) in one_clean_line(done)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before, "the old set, whole"


def test_four_plans_scheduled_at_once_all_stay_in_the_index(tmp_path):
    from tests.helpers import MINIMAL_PLAN

    plans = []
    for n in range(4):
        plan = tmp_path / f"p{n}.yaml"
        plan.write_text(MINIMAL_PLAN.replace("id: tiny", f"id: tiny-{n}"))
        plans.append(plan)
    exe = shutil.which("prepctl")
    assert exe
    env = {**os.environ, **EPOCH}
    runs = [
        subprocess.Popen(
            [exe, "schedule", str(plan), *SETUP, "--format", "json", "--alone", "--out", str(tmp_path / plan.stem)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for plan in plans
    ]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    index = json.loads((Path(os.environ["PREPCTL_DATA_DIR"]) / "index.json").read_text())
    assert sorted(index["plans"]) == ["tiny-0", "tiny-1", "tiny-2", "tiny-3"]


# ---------------------------------------------------------------- point 2: validated once, where a value enters

_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["pt-BR", "de", "EN", "..", "Europe", "UTC", "Etc/GMT+5", "20:00", "24:00", "7:5", "mon-fri 09:00-17:30", ""]
    ),
)


def _mostly(*valid: str) -> st.SearchStrategy[str]:
    """A value a person would type, three times in four; anything else otherwise."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.sampled_from(valid), _TEXT)


@settings(
    max_examples=examples(60),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    tz=_mostly("Europe/Berlin", "UTC", "Asia/Kolkata"),
    locale=_mostly("de", "pt-BR", "EN", "fr"),
    evening=_mostly("20:00", "19:30"),
    day_start=_mostly("06:00", "05:30"),
    work=_mostly("mon-fri 09:00-17:30", "weekdays 08:00-16:00"),
    where=st.sampled_from(["given", "env"]),
)
def test_any_value_a_run_accepts_writes_a_record_every_command_reads_back(
    tmp_path_factory, monkeypatch, tz, locale, evening, day_start, work, where
):
    from prepctl.errors import PrepctlError
    from prepctl.settings import Given
    from prepctl.state.active import active_schedules
    from prepctl.state.record import read_record
    from prepctl.workflow import ScheduleRequest, run_schedule

    out = tmp_path_factory.mktemp("out")
    values = {"tz": tz, "locale": locale, "slots.evening": evening, "day_start": day_start, "work_hours": [work]}
    given = {"out": Given(str(out), "--out"), "start": Given("2026-12-07", "--start")}
    with monkeypatch.context() as patch:
        for key, value in values.items():
            if where == "given":
                given[key] = Given(value, f"--{key}")
            else:
                patch.setenv("PREPCTL_" + key.upper().replace(".", "_"), value if isinstance(value, str) else value[0])
        try:
            outcome = run_schedule(ScheduleRequest(given=given, formats=("json", "md")))
        except PrepctlError:
            return  # refused where it entered: nothing written
        except (UnicodeEncodeError, ValueError) as error:
            if isinstance(error, PrepctlError):
                raise
            return  # a lone surrogate or a NUL cannot even be an environment value
    assert outcome.record is not None
    read_record(outcome.record)  # the reader accepts what the writer wrote
    assert (
        active_schedules(out)
        and run_schedule(ScheduleRequest(given={"out": Given(str(out), "--out")}, formats=("json",))).record
    )


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>
<d:multistatus xmlns:d="DAV:"><d:response><d:href>&lol6;</d:href></d:response></d:multistatus>"""


@pytest.mark.parametrize("body", [LAUGHS, b"<d:multistatus xmlns:d='DAV:'>&#0;&#xD800;</d:multistatus>", b"\x00\xff<"])
def test_a_server_answer_that_is_not_xml_prepctl_reads_is_one_line_and_exit_3(tmp_path, body):
    from tests.radicale_server import answering_server

    with answering_server(207, body) as url:
        for key, value in (("caldav.url", url), ("caldav.username", "ana")):
            assert prepctl(tmp_path, "config", "set", key, value).returncode == 0
        done = prepctl(tmp_path, "sync", "--check", "--timeout", "5", env={"PREPCTL_CALDAV_PASSWORD": "pw"})
    said = one_clean_line(done, status=3)
    assert url in said


def test_a_server_that_answers_a_byte_at_a_time_is_stopped_at_twice_the_timeout(tmp_path):
    from tests.radicale_server import dripping_server

    with dripping_server() as url:
        for key, value in (("caldav.url", url), ("caldav.username", "ana")):
            assert prepctl(tmp_path, "config", "set", key, value).returncode == 0
        began = time.monotonic()
        done = prepctl(tmp_path, "sync", "--check", "--timeout", "2", env={"PREPCTL_CALDAV_PASSWORD": "pw"})
        took = time.monotonic() - began
    assert "took more than 4 s in all" in one_clean_line(done, status=3)
    assert took < 15, took


def test_an_inline_image_too_large_for_the_sheets_is_one_line(tmp_path):
    import base64

    templates = tmp_path / "mine"
    templates.mkdir()
    bundled = Path(__file__).parent.parent / "templates" / "weekly.html.j2"
    image = base64.b64encode(b"\x89PNG" + b"\0" * (5 * 1024 * 1024)).decode()
    page = bundled.read_text(encoding="utf-8") + f'<img src="data:image/png;base64,{image}">\n'
    (templates / "weekly.html.j2").write_text(page, encoding="utf-8")
    said = one_clean_line(prepctl(tmp_path, "schedule", *SETUP, "--format", "pdf", "--templates", str(templates)))
    assert "images in sheets are at most 4 MB" in said
    assert not (tmp_path / "out").exists()

"""The HTML sheets in a real browser (headless Chromium from tests/js), at a phone's and a desktop's width."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from prepctl.render import RenderContext, render
from prepctl.schedule import Options, build_schedule

JS = Path(__file__).parent / "js"

pytestmark = pytest.mark.skipif(
    platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"),
    reason="the Chromium that npm ci brings (@sparticuz/chromium) is built for Linux x86-64",
)


def test_the_sheets_read_well_on_a_phone_and_a_desktop_and_keep_their_ticks(bundled_plan, tmp_path):
    schedule = build_schedule(
        bundled_plan, Options(start=date(2026, 12, 7), tz="Europe/Berlin", weekday_hours=2, weekend_hours=4)
    )
    page = tmp_path / "sheets.html"
    page.write_bytes(render("html", schedule, bundled_plan, RenderContext(datetime(2026, 12, 1, tzinfo=UTC))))
    node = shutil.which("node")
    assert node, "the tests need Node.js (see the README's test command)"
    done = subprocess.run(
        [node, str(JS / "screen_html.mjs"), str(page), str(tmp_path)], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout)
    print(f"screenshots: {tmp_path / 'phone.png'} {tmp_path / 'desktop.png'}")
    for width in ("phone", "desktop"):
        view = seen[width]
        assert view["scrollWidth"] <= view["viewport"], f"{width}: the page scrolls sideways"
        assert view["textPx"] >= 15, f"{width}: reading text of {view['textPx']} px is too small"
        assert view["bodyLeft"] >= 8 and view["bodyRight"] >= 8, f"{width}: text touches the screen's edge"
        assert view["boxes"] == len(schedule.sessions)
        assert view["tickKept"], f"{width}: a ticked box was forgotten on reload"
    desktop, phone = seen["desktop"], seen["phone"]
    assert abs(desktop["bodyLeft"] - desktop["bodyRight"]) <= 2 and desktop["bodyLeft"] > 100, "a centred column"
    assert desktop["chartLabelPx"] >= 11, "the focus chart's labels are readable on a desktop"
    assert phone["chartLabelPx"] is None and phone["focusListShown"], "on a phone the chart becomes a list"

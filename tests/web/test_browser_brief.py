"""Briefings, downloads, permanent links, cite controls and the screenshots command, in Chromium.

Skipped, with the reason, when /usr/bin/chromium or Playwright for Python is missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from browser_support import *  # noqa: F403 - the shared browser fixtures
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS
ROOT = Path(__file__).resolve().parents[2]


def test_the_briefing_button_opens_a_dossier_for_the_period(watch, shots):
    page = watch.page
    watch.open("/entities/kazakhstan")
    form = page.locator("form.briefing-button")
    form.locator("input[name=from]").fill("2024")
    form.locator("input[name=to]").fill("2025-06")
    form.locator("button").click()
    page.wait_for_url("**/entities/kazakhstan/briefing?from=2024&to=2025-06")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Kazakhstan"
    for section in ("Profile", "Timeline", "Key figures", "Notable quotes", "Relations", "Sources"):
        assert page.locator("h2", has_text=section).count() == 1
    assert page.locator("#figures svg circle").count() > 0, "the figures are charted"
    citations = page.locator("ol.sources li")
    assert citations.count() > 0
    first_cite = page.locator("#timeline .cites a").first
    target = first_cite.get_attribute("href")
    assert page.locator(target).count() == 1, "a citation number leads to its source"
    assert page.locator("#print-briefing").is_visible()
    watch.shoot(shots, "brief-01-briefing")
    watch.assert_clean()


def test_the_timeline_downloads_what_it_shows(watch):
    page = watch.page
    watch.open("/timeline?entity=kazakhstan&from=2024")
    shown = page.locator("li.event").count()
    with page.expect_download() as got:
        page.locator("a.export-csv").click()
    rows = list(csv.DictReader(io.StringIO(open(got.value.path(), encoding="utf-8").read())))
    assert got.value.suggested_filename == "silkgraph-timeline.csv"
    assert 0 < shown <= len(rows)
    assert all(r["date"] >= "2024" for r in rows)
    with page.expect_download() as got:
        page.locator("a.export-json").click()
    data = json.loads(open(got.value.path(), encoding="utf-8").read())
    assert data["total"] == len(rows) and [e["id"] for e in data["events"]] == [r["id"] for r in rows]
    watch.assert_clean()


def test_a_permanent_link_reproduces_the_filtered_view(watch, shots):
    page = watch.page
    watch.open("/search?q=summit&type=country")
    link = page.locator("a.permalink").get_attribute("href")
    assert parse_qs(urlsplit(link).query) == {"q": ["summit"], "type": ["country"]}
    first = page.locator(".doc-hits li").all_inner_texts()
    watch.open(link)
    assert page.locator(".doc-hits li").all_inner_texts() == first
    watch.shoot(shots, "brief-02-search-permalink")
    watch.assert_clean()


def test_the_cite_control_gives_citation_text(watch, shots):
    page = watch.page
    watch.open("/timeline?entity=kazakhstan")
    control = page.locator("details.cite").first
    text = control.locator("input.cite-text")
    assert not text.is_visible()
    control.locator("summary").click()
    assert text.is_visible()
    value = text.input_value()
    event_link = page.locator("li.event .event-label").first.get_attribute("href")
    assert value.endswith(f"(Silkgraph event {event_link.rsplit('/', 1)[1]})")
    selected = page.evaluate(
        "() => { const i = document.activeElement; return i.value.slice(i.selectionStart, i.selectionEnd); }"
    )
    assert selected == value, "opening the control selects the text, ready to copy"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=watch.base)
    control.locator("button.cite-copy").click()
    page.wait_for_function("() => document.querySelector('details.cite button.cite-copy').textContent === 'Copied'")
    assert page.evaluate("() => navigator.clipboard.readText()") == value
    watch.shoot(shots, "brief-03-cite")
    watch.assert_clean()


def test_the_screenshots_command_shows_every_page(web_db, tmp_path):
    from html import escape

    from silkgraph.web.app import create_app
    from silkgraph.web.screenshots import examples, page_routes, plan

    outdir = tmp_path / "shots"
    # As a user runs it: its own process (this one drives Chromium for the other tests already).
    command = [sys.executable, "-m", "silkgraph.web.screenshots", str(outdir), "--db", str(web_db)]
    done = subprocess.run(
        command, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True
    )
    assert done.returncode == 0, "every page answers 200 without a script error:\n" + done.stdout + done.stderr
    index = (outdir / "index.html").read_text(encoding="utf-8")
    pictures = sorted(p.name for p in outdir.glob("*.png"))
    app = create_app(str(web_db))
    routes, planned = page_routes(app), plan(app, examples(app))
    assert {"/", "/search", "/entities/{id}", "/entities/{id}/briefing", "/timeline", "/network", "/figures"} <= set(
        routes
    )
    assert len(planned) >= len(routes), "a row for every route, and the views with filters"
    for shot in planned:
        assert escape(shot.path or shot.name) in index
    assert len(pictures) == sum(1 for shot in planned if shot.path)
    for name in pictures:
        assert (outdir / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f'src="{name}"' in index
    app.state.silk.close()

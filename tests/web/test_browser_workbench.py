"""The workbench's corrections of entities, event addresses and login in a real browser: merge and
split an entity from its page by a name, export and revert from the audit log, follow an event's
old address to the event it joined, and be held off after too many wrong tokens."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

from browser_support import *  # noqa: F403 - the shared browser fixtures
from browser_support import BROWSER_MARKS, Watch

pytestmark = BROWSER_MARKS

TOKEN = "test-token-4f1c"  # the token the live server is started with (tests/web/conftest.py)


def call(base: str, path: str, body: dict | None = None, method: str = "GET") -> dict:
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def revert_all_active(base: str, before: int) -> None:
    """Take back every correction made after the first `before`: the store is shared."""
    for c in call(base, "/api/corrections?limit=1000")["corrections"]:
        if c["id"] > before and c["active"]:
            call(base, f"/api/corrections/{c['id']}/revert", method="POST")


def last_correction(base: str) -> int:
    found = call(base, "/api/corrections?limit=1000")["corrections"]
    return max((c["id"] for c in found), default=0)


def log_in(watch: Watch, back: str) -> None:
    page = watch.page
    watch.open(f"/login?next={quote(back)}")
    page.fill("input[name=name]", "Dana Analyst")
    page.fill("input[name=token]", TOKEN)
    page.click(".login-form button[type=submit]")
    page.wait_for_url(lambda url: url.endswith(back))


def test_an_entity_split_and_merged_by_name_then_exported_and_reverted_from_the_audit_log(watch, shots, live_server):
    page = watch.page
    before = last_correction(live_server)
    entity = call(live_server, "/api/entities/uzbekistan")
    article = entity["documents"][0]["id"]
    try:
        log_in(watch, "/entities/uzbekistan")
        page.click("details#correct summary")
        split = page.locator("form[data-action='entity-split']")
        split.locator(f"input[name=documents][value='{article}']").check()
        split.locator("input[name=into]").fill("Kasachstan")  # a name, in another language
        split.locator("input[name=note]").fill("the article means the neighbour")
        watch.shoot(shots, "workbench-01-entity-split-form")
        with page.expect_navigation():
            split.locator("button[type=submit]").click()
        made = call(live_server, "/api/entities/uzbekistan")["corrections"][0]
        assert made["action"] == "split" and made["value"] == {"into": "kazakhstan", "documents": [article]}

        watch.open("/corrections")
        row = page.locator("table.corrections-log tbody tr").first
        assert "1 article mean kazakhstan" in row.inner_text() and "Dana Analyst" in row.inner_text()
        with page.expect_download() as got:
            page.click("a[href='/corrections/export?format=json']")
        exported = json.loads(open(got.value.path(), encoding="utf-8").read())
        assert any(c["id"] == made["id"] and c["action"] == "split" for c in exported)
        # A download ends the navigation that started it: the browser reports that request as failed.
        watch.errors = [e for e in watch.errors if not e.endswith("/corrections/export?format=json")]
        watch.shoot(shots, "workbench-02-audit-log-split")
        with page.expect_navigation():
            row.locator("button", has_text="Revert").click()
        assert "reverted by Dana Analyst" in page.locator(f"tr[data-correction='{made['id']}']").inner_text()

        watch.open("/entities/uzbekistan")
        page.click("details#correct summary")
        merge = page.locator("form[data-action='entity-merge']")
        assert merge.locator("input[name=into]").get_attribute("list") == "entity-others"
        assert page.locator("datalist#entity-others option").count() > 0  # its related entities, suggested
        merge.locator("input[name=into]").fill("Kasachstan")
        with page.expect_navigation():
            merge.locator("button[type=submit]").click()
        assert "merged Uzbekistan into" in page.locator(".notice").first.inner_text()
        watch.shoot(shots, "workbench-03-entity-merged")
    finally:
        revert_all_active(live_server, before)
    assert not call(live_server, "/api/entities/uzbekistan").get("merged_into")
    watch.assert_clean()


def test_an_old_event_address_leads_to_the_event_it_joined(watch, shots, live_server):
    page = watch.page
    events = call(live_server, "/api/timeline?limit=1000")["events"]
    a, b = next(
        (x, y)
        for i, x in enumerate(events)
        for y in events[i + 1 :]
        if {p["id"] for p in x["participants"]} & {p["id"] for p in y["participants"]}
    )
    before = last_correction(live_server)
    try:
        made = call(
            live_server,
            "/api/corrections",
            {"kind": "event", "id": a["id"], "action": "merge", "value": {"with": b["id"]}},
            method="POST",
        )
        [merged] = made["events"]
        gone = a["id"] if merged != a["id"] else b["id"]
        watch.open(f"/events/{quote(gone, safe='')}")
        assert page.url.endswith(f"/events/{quote(merged, safe='')}")
        assert page.locator("h1").count() == 1
        watch.shoot(shots, "workbench-04-old-event-address")
    finally:
        revert_all_active(live_server, before)
    watch.open(f"/events/{quote(gone, safe='')}")
    assert page.url.endswith(f"/events/{quote(gone, safe='')}")
    watch.assert_clean()


def test_too_many_wrong_tokens_hold_the_browser_off_for_a_while(browser, web_db, kb, shots):
    # A server of its own: the lock would hold off the other tests' logins on the shared one.
    from silkgraph.web.app import create_app
    from silkgraph.web.screenshots import running

    with running(create_app(str(web_db), kb=kb, token=TOKEN)) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            for attempt in range(6):
                page.goto(base + "/login")
                page.fill("input[name=name]", "Eve")
                page.fill("input[name=token]", TOKEN if attempt == 5 else f"guess-{attempt}")
                response = page.expect_navigation
                with response() as nav:
                    page.click(".login-form button[type=submit]")
                status = nav.value.status if nav.value else None
                if attempt < 5:
                    assert status == 403 and "Wrong token" in page.inner_text("main")
            assert status == 429
            assert "Too many wrong tokens" in page.inner_text("main")
            assert not [c for c in context.cookies() if c["name"] == "silkgraph_session"]
            page.screenshot(path=str(shots / "workbench-05-login-locked.png"), full_page=True)
        finally:
            context.close()

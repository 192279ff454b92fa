"""Corrections in a real browser: log in, reject a participant from the event page, see it gone
from the event, the entity page and the network, then revert it from the audit log."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

from browser_support import *  # noqa: F403 - the shared browser fixtures
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS

TOKEN = "test-token-4f1c"  # the token the live server is started with (tests/web/conftest.py)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        return json.loads(answer.read())


def lone_pair(base: str) -> tuple[str, str, str]:
    """An event, one participant that stays and one named with it by no other event, both actors in the network."""
    events = api(base, "/api/timeline?limit=1000")["events"]
    together: dict[tuple[str, str], int] = {}
    for ev in events:
        ids = sorted(p["id"] for p in ev["participants"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                together[(a, b)] = together.get((a, b), 0) + 1
    edges = {
        tuple(sorted((e["source"], e["target"]))) for e in api(base, "/api/network?kind=event&limit=1000")["edges"]
    }
    for ev in events:
        ids = sorted(p["id"] for p in ev["participants"])
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if together[(a, b)] == 1 and (a, b) in edges:
                    return ev["id"], a, b
    raise AssertionError("no pair of participants named together by one event only")


def linked(base: str, a: str, b: str) -> bool:
    edges = api(base, "/api/network?kind=event&limit=1000")["edges"]
    return any({e["source"], e["target"]} == {a, b} for e in edges)


def test_a_participant_rejected_in_the_browser_is_gone_until_reverted(watch, shots, live_server):
    page = watch.page
    event_id, kept, dropped = lone_pair(live_server)
    event_path = f"/events/{quote(event_id, safe='')}"

    watch.open(event_path)
    assert page.locator(".correct-login a", has_text="Log in").count() == 1
    page.locator(".correct-login a").click()
    page.wait_for_url(lambda url: "/login?next=" in url)
    watch.shoot(shots, "corr-01-login")
    page.fill("input[name=name]", "Dana Analyst")
    page.fill("input[name=token]", TOKEN)
    page.click(".login-form button[type=submit]")
    page.wait_for_url(lambda url: url.endswith(event_path))

    page.click("details#correct summary")
    row = page.locator(f"li[data-participant='{dropped}']")
    row.locator("input[name=note]").fill("named as the host's guest only")
    watch.shoot(shots, "corr-02-event-correct-panel")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    assert page.url.endswith(event_path)
    assert page.locator(".corrections-box").count() == 1
    assert "named as the host's guest only" in page.locator(".corrections-box").inner_text()
    assert page.locator(f"li[data-participant='{dropped}']").count() == 0
    watch.shoot(shots, "corr-03-event-corrected")
    correction = None
    try:
        watch.open(f"/entities/{quote(dropped, safe='')}")
        assert page.locator(f"a.event-label[href='{event_path}']").count() == 0
        assert not linked(live_server, kept, dropped)

        watch.open("/corrections")
        first = page.locator("table.corrections-log tbody tr").first
        correction = first.get_attribute("data-correction")
        assert "Dana Analyst" in first.inner_text() and "participant" in first.inner_text()
        watch.shoot(shots, "corr-04-audit-log")
        with page.expect_navigation():
            first.locator("button", has_text="Revert").click()
        assert page.url.endswith("/corrections")
        assert "reverted by Dana Analyst" in page.locator(f"tr[data-correction='{correction}']").inner_text()
        correction = None
        watch.shoot(shots, "corr-05-audit-log-reverted")
    finally:
        if correction is not None:  # leave the shared store as it was for the other browser tests
            request = urllib.request.Request(
                f"{live_server}/api/corrections/{correction}/revert",
                method="POST",
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
            urllib.request.urlopen(request, timeout=60).close()

    watch.open(event_path)
    assert page.locator(f".entity-link[href='/entities/{quote(dropped, safe='')}']").count() == 1
    assert linked(live_server, kept, dropped)
    watch.open(f"/entities/{quote(dropped, safe='')}")
    assert page.locator(f"a.event-label[href='{event_path}']").count() == 1
    watch.assert_clean()

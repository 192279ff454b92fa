"""The workbench's login slows down token guessing, and an event's old address leads to the
event it joined."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlencode

import pytest

from silkgraph.web.throttle import LoginThrottle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_locked_after_too_many_failures_and_free_again_later():
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window=60, lock=120, clock=clock)
    for _ in range(2):
        throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 0
    throttle.failed("10.0.0.1")
    assert throttle.wait("10.0.0.1") == 120
    assert throttle.wait("10.0.0.2") == 0  # another client is not held up
    clock.now += 100
    assert throttle.wait("10.0.0.1") == 20
    clock.now += 21
    assert throttle.wait("10.0.0.1") == 0


def test_failures_spread_beyond_the_window_do_not_lock_and_a_success_clears_them():
    clock = Clock()
    throttle = LoginThrottle(max_failures=3, window=60, lock=120, clock=clock)
    for _ in range(5):
        throttle.failed("a")
        clock.now += 61
    assert throttle.wait("a") == 0
    throttle.failed("a")
    throttle.failed("a")
    throttle.succeeded("a")
    throttle.failed("a")
    assert throttle.wait("a") == 0


@pytest.fixture
def fresh(app_client, web_db, token):
    """A new application (so a throttle of its own) over the shared store."""
    with app_client(web_db, token=token) as c:
        yield c


def test_the_login_form_locks_a_guessing_client_even_for_the_right_token(fresh, token):
    for _ in range(5):
        answer = fresh.post("/login", data={"name": "Eve", "token": "guess"}, follow_redirects=False)
        assert answer.status_code == 403
    locked = fresh.post("/login", data={"name": "Eve", "token": token}, follow_redirects=False)
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 60
    assert "Too many wrong tokens" in locked.text and "set-cookie" not in locked.headers


def test_a_right_token_before_the_limit_clears_the_count(fresh, token):
    for _ in range(4):
        fresh.post("/login", data={"name": "Dana", "token": "typo"}, follow_redirects=False)
    assert fresh.post("/login", data={"name": "Dana", "token": token}, follow_redirects=False).status_code == 303
    for _ in range(4):
        fresh.post("/login", data={"name": "Dana", "token": "typo"}, follow_redirects=False)
    assert fresh.post("/login", data={"name": "Dana", "token": token}, follow_redirects=False).status_code == 303


def test_the_write_api_locks_a_client_guessing_the_bearer_token(fresh, auth):
    body = {"kind": "entity", "id": "no-such-entity", "action": "reject"}
    for _ in range(5):
        assert fresh.post("/api/corrections", json=body, headers={"Authorization": "Bearer guess"}).status_code == 403
    answer = fresh.post("/api/corrections", json=body, headers=auth)
    assert answer.status_code == 429 and "retry-after" in answer.headers
    assert fresh.get("/api/corrections", headers=auth).status_code == 429


@pytest.fixture
def writable(tmp_path, app_client, web_db, token):
    db = tmp_path / "copy.db"
    shutil.copy(web_db, db)
    with app_client(db, token=token) as c:
        yield c


def two_events_with_a_shared_participant(c) -> tuple[str, str]:
    events = c.get("/api/timeline", params={"limit": 500}).json()["events"]
    for i, a in enumerate(events):
        for b in events[i + 1 :]:
            if {p["id"] for p in a["participants"]} & {p["id"] for p in b["participants"]}:
                return a["id"], b["id"]
    raise AssertionError("no two events share a participant")


def test_an_event_merged_into_another_keeps_its_address(writable, auth):
    kept, joined = two_events_with_a_shared_participant(writable)
    made = writable.post(
        "/api/corrections",
        json={"kind": "event", "id": kept, "action": "merge", "value": {"with": joined}},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    [merged] = made.json()["events"]
    gone = joined if merged != joined else kept
    page = writable.get(f"/events/{gone}", follow_redirects=False)
    assert page.status_code == 307 and page.headers["location"] == f"/events/{merged}"
    assert writable.get(f"/events/{gone}").status_code == 200
    api = writable.get(f"/api/events/{gone}", follow_redirects=False)
    assert api.status_code == 307 and api.headers["location"] == f"/api/events/{merged}"
    assert writable.get(f"/api/events/{gone}").json()["id"] == merged
    writable.post(f"/api/corrections/{made.json()['id']}/revert", headers=auth)
    assert writable.get(f"/events/{gone}", follow_redirects=False).status_code == 200  # its own page again


def test_an_address_naming_no_event_is_still_not_found(writable):
    assert writable.get("/events/ev-no-such-article-3", follow_redirects=False).status_code == 404
    assert writable.get("/api/events/ev-no-such-article-3", follow_redirects=False).status_code == 404


def csrf_after_login(c, token: str) -> str:
    assert c.post("/login", data={"name": "Dana", "token": token}, follow_redirects=False).status_code == 303
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', c.get("/corrections").text)
    assert found
    return found.group(1)


def test_an_entity_is_merged_from_its_page_by_a_name(writable, token):
    csrf = csrf_after_login(writable, token)
    page = writable.get("/entities/uzbekistan").text
    assert 'data-action="entity-merge"' in page and 'list="entity-others"' in page
    answer = writable.post(
        "/corrections",
        data={
            "csrf": csrf,
            "kind": "entity",
            "item": "uzbekistan",
            "action": "merge",
            "into": "Kasachstan",
            "next": "/entities/uzbekistan",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    [made] = writable.get("/api/entities/uzbekistan").json()["corrections"]
    assert made["value"] == {"into": "kazakhstan"}
    unknown = writable.post(
        "/corrections",
        data={"csrf": csrf, "kind": "entity", "item": "china", "action": "merge", "into": "Atlantis"},
        follow_redirects=False,
    )
    assert unknown.status_code == 422 and "Atlantis" in unknown.text


def test_an_entity_is_split_from_its_page_for_the_articles_ticked(writable, token):
    csrf = csrf_after_login(writable, token)
    entity = writable.get("/api/entities/kazakhstan").json()
    ticked = [d["id"] for d in entity["documents"][:2]]
    page = writable.get("/entities/kazakhstan").text
    assert 'data-action="entity-split"' in page and all(f'value="{d}"' in page for d in ticked)
    form = [
        ("csrf", csrf),
        ("kind", "entity"),
        ("item", "kazakhstan"),
        ("action", "split"),
        ("into", "China"),
        ("next", "/entities/kazakhstan"),
    ] + [("documents", d) for d in ticked]
    answer = writable.post(
        "/corrections",
        content=urlencode(form),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    log = writable.get("/corrections").text
    assert "2 articles mean china" in log
    after = writable.get("/api/entities/kazakhstan").json()
    [made] = [c for c in after["corrections"] if c["action"] == "split"]
    assert made["value"] == {"into": "china", "documents": sorted(ticked)}
    assert {d: e["id"] for d, e in after["split_off"].items()} == {d: "china" for d in ticked}
    assert writable.get("/entities/kazakhstan").text.count('class="badge split-off"') == 2
    nothing_ticked = writable.post(
        "/corrections",
        data={"csrf": csrf, "kind": "entity", "item": "kazakhstan", "action": "split", "into": "China"},
        follow_redirects=False,
    )
    assert nothing_ticked.status_code == 422


# Two sources of one meeting, written for this test: the second joins the first one's event.
TWO_REPORTS = [
    (
        "treffen-taschkent",
        "de",
        "Am 14. März 2025 trafen sich Kasachstans Präsident Kassym-Schomart Tokajew und Usbekistans "
        "Präsident Schawkat Mirsijojew in Taschkent. Sie sprachen über Wasser und Handel.",
    ),
    (
        "meeting-tashkent",
        "en",
        "Kazakh President Kassym-Jomart Tokayev and Uzbek President Shavkat Mirziyoyev met in Tashkent "
        "on March 14, 2025, to discuss water and trade.",
    ),
]


@pytest.fixture
def two_reports(tmp_path, app_client, pipeline, token):
    from silkgraph.model import Document
    from silkgraph.store import open_store

    db = tmp_path / "two.db"
    with open_store(db) as store:
        for doc_id, language, text in TWO_REPORTS:
            store.add(pipeline.analyze(Document(id=doc_id, text=text, published="2025-03-15", language=language)))
    with app_client(db, token=token) as c:
        yield c


def test_why_a_report_joined_an_event_names_entities_by_their_names(two_reports):
    [ev] = [e for e in two_reports.get("/api/timeline").json()["events"] if len(e["participants"]) >= 2]
    full = two_reports.get(f"/api/events/{ev['id']}").json()
    [joined] = [s["reason"] for s in full["sources"] if s["reason"]]
    assert joined["participants"] and joined["place"]
    page = two_reports.get(f"/events/{ev['id']}").text
    reason = page[page.index("Joined this event:") :]
    reason = reason[: reason.index("</div>")]
    assert "place Tashkent" in reason
    for entity_id in joined["participants"]:
        assert full["reason_names"][entity_id] in reason
        assert entity_id not in reason.lower().replace(full["reason_names"][entity_id].lower(), "")

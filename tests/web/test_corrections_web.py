"""Corrections through the API and the workbench's forms: token-gated, a login that sets a
safe session cookie, CSRF-checked posts, the audit log, exports, and reverting."""

from __future__ import annotations

import csv
import io
import re

import pytest

from silkgraph import graph
from silkgraph.ingest import read_inputs
from silkgraph.ingestion import Ingestion
from silkgraph.web.correcting import COOKIE


@pytest.fixture
def client(tmp_path, app_client, filled_store, token):
    db = tmp_path / "corrections.db"
    filled_store(db)
    with app_client(db, token=token) as c:
        yield c


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def log_in(c, name: str = "Dana", token: str | None = None) -> str:
    """Log in through the form; returns a CSRF value of the session."""
    answer = c.post(
        "/login",
        data={"name": name, "token": token or c.app.state.silk.token, "next": "/corrections"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return csrf_of(c.get("/corrections").text)


def two_participant_event(c) -> dict:
    events = c.get("/api/timeline", params={"limit": 500}).json()["events"]
    return next(e for e in events if len(e["participants"]) >= 2)


def test_the_login_sets_an_httponly_strict_cookie_and_not_the_token(client, token):
    answer = client.post(
        "/login", data={"name": "Dana", "token": token, "next": "/corrections"}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/corrections"
    cookie = answer.headers["set-cookie"]
    assert (
        cookie.startswith(COOKIE + "=")
        and "HttpOnly" in cookie
        and "SameSite=strict" in cookie.replace("Strict", "strict")
    )
    assert token not in cookie
    assert "Dana" in client.get("/corrections").text


@pytest.mark.parametrize("form", [{"name": "Dana", "token": "wrong"}, {"name": " ", "token": "TOKEN"}])
def test_a_wrong_token_or_no_name_logs_nobody_in(client, token, form):
    form = {k: v.replace("TOKEN", token) for k, v in form.items()}
    answer = client.post("/login", data=form, follow_redirects=False)
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    assert client.get("/corrections", follow_redirects=False).status_code == 303


def test_after_a_login_the_next_page_stays_on_this_site(client, token):
    answer = client.post(
        "/login", data={"name": "D", "token": token, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/"


def test_a_forged_cookie_is_nobody(client):
    client.cookies.set(COOKIE, "RGFuYQ.9999999999.0000")
    assert client.get("/corrections", follow_redirects=False).status_code == 303


def test_a_participant_rejected_in_the_ui_leaves_the_event_and_entity_and_stays_so(client, pipeline, paths):
    csrf = log_in(client)
    ev = two_participant_event(client)
    other = ev["participants"][-1]["id"]
    page = client.get(f"/events/{ev['id']}").text
    assert 'data-action="participant-reject"' in page
    answer = client.post(
        "/corrections",
        data={
            "csrf": csrf,
            "kind": "participant",
            "item": ev["id"],
            "action": "reject",
            "entity": other,
            "note": "only named as host",
            "next": f"/events/{ev['id']}",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    after = client.get(f"/api/events/{ev['id']}").json()
    assert other not in [p["id"] for p in after["participants"]]
    assert after["corrections"][0]["author"] == "Dana" and after["corrections"][0]["note"] == "only named as host"
    assert ev["id"] not in {e["id"] for e in client.get(f"/api/entities/{other}").json()["events"]}
    page = client.get(f"/events/{ev['id']}").text
    assert "Corrected by analysts" in page and "only named as host" in page

    store = client.app.state.silk.store
    graph.rebuild(store)  # `silkgraph rebuild-graph`
    outcomes = list(Ingestion(store, pipeline=pipeline).run(read_inputs([str(paths.samples)])))  # a re-ingest
    assert outcomes and all(o.status == "duplicate" for o in outcomes)
    again = client.get(f"/api/events/{ev['id']}").json()
    assert other not in [p["id"] for p in again["participants"]]
    assert ev["id"] not in {e["id"] for e in client.get(f"/api/entities/{other}").json()["events"]}

    log = client.get("/corrections").text
    correction_id = after["corrections"][0]["id"]
    assert f'data-correction="{correction_id}"' in log and "Dana" in log
    reverted = client.post(
        f"/corrections/{correction_id}/revert", data={"csrf": csrf, "next": "/corrections"}, follow_redirects=False
    )
    assert reverted.status_code == 303
    assert other in [p["id"] for p in client.get(f"/api/events/{ev['id']}").json()["participants"]]
    assert "reverted by Dana" in client.get("/corrections").text


def test_form_posts_need_a_session_the_csrf_field_and_this_origin(client):
    ev = two_participant_event(client)
    form = {"kind": "event", "item": ev["id"], "action": "reject", "next": "/"}
    assert client.post("/corrections", data=form, follow_redirects=False).status_code == 403  # nobody logged in
    csrf = log_in(client)
    assert client.post("/corrections", data=form, follow_redirects=False).status_code == 403  # no CSRF field
    assert client.post("/corrections", data={**form, "csrf": "0" * 64}, follow_redirects=False).status_code == 403
    foreign = client.post(
        "/corrections", data={**form, "csrf": csrf}, headers={"origin": "https://evil.example"}, follow_redirects=False
    )
    assert foreign.status_code == 403
    assert (
        client.get("/api/corrections", headers={"Authorization": f"Bearer {client.app.state.silk.token}"}).json()[
            "total"
        ]
        == 0
    )


def test_a_logout_ends_the_session(client):
    csrf = log_in(client)
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/corrections", follow_redirects=False).status_code == 303


def test_without_a_token_on_the_server_nobody_logs_in(tmp_path, app_client, filled_store):
    db = tmp_path / "off.db"
    filled_store(db)
    with app_client(db) as c:
        assert "disabled" in c.get("/login").text
        assert c.post("/login", data={"name": "x", "token": "y"}).status_code == 403


def test_pages_show_the_forms_only_to_a_logged_in_analyst(client):
    ev = two_participant_event(client)
    doc_id = client.get(f"/api/events/{ev['id']}").json()["sources"][0]["doc_id"]
    for path in (f"/events/{ev['id']}", f"/entities/{ev['participants'][0]['id']}", f"/documents/{doc_id}"):
        assert 'action="/corrections"' not in client.get(path).text and "Log in" in client.get(path).text
    log_in(client)
    assert 'data-action="event-merge"' in client.get(f"/events/{ev['id']}").text
    assert 'data-action="entity-merge"' in client.get(f"/entities/{ev['participants'][0]['id']}").text
    assert 'data-action="mention-reject"' in client.get(f"/documents/{doc_id}").text


def test_a_fact_corrected_in_the_ui_shows_its_new_value(client):
    csrf = log_in(client)
    with client.app.state.silk.store.read() as db:
        fact_id = db.execute("SELECT id FROM graph_facts ORDER BY id LIMIT 1").fetchone()[0]
    answer = client.post(
        "/corrections",
        data={
            "csrf": csrf,
            "kind": "fact",
            "item": fact_id,
            "action": "correct",
            "value": "1234,5",
            "next": f"/facts/{fact_id}",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert client.get(f"/api/facts/{fact_id}").json()["value"] == 1234.5
    bad = client.post(
        "/corrections",
        data={"csrf": csrf, "kind": "fact", "item": fact_id, "action": "correct", "value": "lots"},
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "number" in bad.text


def test_the_api_records_exports_and_reverts(client, auth):
    ev = two_participant_event(client)
    made = client.post(
        "/api/corrections",
        headers=auth,
        json={"kind": "event", "id": ev["id"], "action": "correct", "value": {"date": "2021-03-04"}, "author": "Ana"},
    )
    assert made.status_code == 201, made.text
    assert client.get(f"/api/events/{ev['id']}").json()["date"] == "2021-03-04"
    bad = client.post(
        "/api/corrections",
        headers=auth,
        json={"kind": "event", "id": ev["id"], "action": "correct", "value": {"date": "2021-02-30"}},
    )
    assert bad.status_code == 422 and "date" in bad.json()["error"]
    exported = client.get("/api/corrections/export", params={"format": "csv"}, headers=auth)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["kind"], r["author"]) for r in rows] == [("event", "Ana")]
    assert client.get("/api/corrections/export").status_code == 401
    reverted = client.post(f"/api/corrections/{made.json()['id']}/revert", headers=auth)
    assert reverted.status_code == 200 and reverted.json()["active"] is False
    assert client.get(f"/api/events/{ev['id']}").json()["date"] == ev["date"]
    assert client.post(f"/api/corrections/{made.json()['id']}/revert", headers=auth).status_code == 409
    assert client.post("/api/corrections/999/revert", headers=auth).status_code == 404
    assert client.post(f"/api/corrections/{made.json()['id']}/revert").status_code == 401


def test_the_audit_log_is_paginated_newest_first(client):
    from silkgraph import corrections

    store = client.app.state.silk.store
    with store.read() as db:
        doc_id, start, end = db.execute('SELECT doc_id, start, "end" FROM quotes ORDER BY doc_id, ord').fetchone()
    for n in range(30):  # quote corrections leave the graph alone: quick to make
        corrections.record(store, "quote", f"{doc_id}:{start}-{end}", "reject", note=f"note {n}", author="Dana")
    log_in(client)
    first = client.get("/corrections").text
    assert first.count("data-correction=") == 25 and 'data-correction="30"' in first and "older →" in first
    second = client.get("/corrections", params={"page": 2}).text
    assert second.count("data-correction=") == 5 and 'data-correction="1"' in second and "← newer" in second


def test_after_rejecting_an_event_from_its_page_the_analyst_lands_on_the_audit_log(client):
    csrf = log_in(client)
    ev = two_participant_event(client)
    answer = client.post(
        "/corrections",
        data={"csrf": csrf, "kind": "event", "item": ev["id"], "action": "reject", "next": f"/events/{ev['id']}"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/corrections"
    assert client.get(f"/events/{ev['id']}").status_code == 404

"""Corrections of quotes and mentions name items that exist: DOCUMENT_ID:START-END of a stored span."""

import pytest


@pytest.fixture
def posted(tmp_path, app_client, hostile, token, auth):
    with app_client(tmp_path / "spans.db", token=token) as c:
        made = c.post("/api/documents", json={**hostile, "id": "posted"}, headers=auth)
        assert made.status_code == 201, made.text
        yield c, c.get("/api/documents/posted").json()["annotations"]


def _span(annotations, kind):
    first = next(a for a in annotations if a["kind"] == kind)
    return f"posted:{first['start']}-{first['end']}"


@pytest.mark.parametrize("kind,annotation", [("quote", "quote"), ("mention", "entity")])
def test_correction_of_a_stored_span_is_recorded(posted, auth, kind, annotation):
    c, annotations = posted
    item = _span(annotations, annotation)
    made = c.post("/api/corrections", headers=auth, json={"kind": kind, "id": item, "action": "reject"})
    assert made.status_code == 201, made.text
    assert made.json()["item"] == item


@pytest.mark.parametrize("kind", ["quote", "mention"])
@pytest.mark.parametrize(
    "item,status", [("posted:0-1", 404), ("nowhere:10-20", 404), ("posted", 422), ("posted:5", 422)]
)
def test_correction_of_an_unknown_span_is_refused(posted, auth, kind, item, status):
    c, _ = posted
    refused = c.post("/api/corrections", headers=auth, json={"kind": kind, "id": item, "action": "reject"})
    assert refused.status_code == status, refused.text
    assert c.get("/api/corrections", headers=auth).json()["total"] == 0

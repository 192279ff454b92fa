"""The figures page and API at scale: subjects however given, series and points a page at a time."""

from __future__ import annotations

import re


def subjects_with_figures(client) -> list[str]:
    """The subjects of the best-sourced series of the store."""
    figures = client.get("/api/figures").json()["figures"]
    assert figures, "the web store has figures"
    return figures[0]["pair"]


def test_subjects_repeated_or_comma_separated_are_the_same_page(client):
    pair = subjects_with_figures(client)
    joined = client.get("/figures", params={"subjects": ",".join(pair)})
    repeated = client.get("/figures", params=[("subjects", s) for s in pair])
    assert joined.status_code == repeated.status_code == 200
    cards = re.compile(r'<section class="figure-card" id="figure-\d+">')
    assert len(cards.findall(joined.text)) == len(cards.findall(repeated.text)) > 0
    # the repeated form asks for the pair, not for its last subject alone
    alone = client.get("/figures", params={"subjects": pair[-1]})
    assert len(cards.findall(alone.text)) >= len(cards.findall(repeated.text))
    assert "series of these subjects" in repeated.text


def test_bad_subjects_are_refused_with_a_reason(client):
    answer = client.get("/figures", params=[("subjects", "china"), ("subjects", "drop table;")])
    assert answer.status_code == 422 and "subjects" in answer.text


def test_a_page_of_series_says_how_many_there_are_and_links_to_more(client):
    subject = subjects_with_figures(client)[0]
    everything = client.get("/api/figures", params={"subjects": subject, "limit": 1000}).json()
    assert everything["total"] == len(everything["figures"])
    if everything["total"] < 2:
        return
    page = client.get("/figures", params={"subjects": subject, "series": 1})
    assert f"1 of {everything['total']} series" in page.text
    more = re.search(r'class="show-more" href="([^"]+)"', page.text)
    assert more and "series=2" in more.group(1).replace("&amp;", "&")


def test_api_series_keep_their_latest_points_and_say_how_many_they_have(client):
    whole = client.get("/api/figures", params={"limit": 1000, "points": 100_000}).json()["figures"]
    latest = client.get("/api/figures", params={"limit": 1000, "points": 1}).json()["figures"]
    assert [s["pair"] for s in latest] == [s["pair"] for s in whole]
    for short, full in zip(latest, whole):
        assert short["series"] == full["series"][-1:]
        assert short["point_count"] == full["point_count"] == len(full["series"])
    paged = client.get("/api/figures", params={"limit": 1, "offset": 1, "points": 100_000}).json()
    assert paged["total"] == len(whole) and paged["figures"] == whole[1:2]

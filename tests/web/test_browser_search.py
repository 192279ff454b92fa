"""Search in a real browser: a person's articles and the card that counts them, a term found
in the other languages, the filter form (language, type, dates, sort), removable filters, KB
entities without articles folded away, readable titles, and bad dates answered plainly."""

from __future__ import annotations

import re

from browser_support import *  # noqa: F403 - the shared browser fixtures
from browser_support import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def _total(page) -> int:
    return int(page.locator(".result-summary").get_attribute("data-total-documents"))


def test_a_person_search_counts_alike_on_the_card_and_the_list(watch, shots):
    page = watch.page
    watch.open("/search?q=Tokajew")
    card = page.locator(".entity-hits a.entity-articles").first
    count = int(re.match(r"(\d+)", card.inner_text()).group(1))
    assert count == _total(page) == page.locator(".doc-hits > li").count()
    assert "Kassym-Jomart Tokayev" in page.locator(".result-summary").inner_text()
    watch.shoot(shots, "search-01-person")
    card.click()  # the card's count links to the same list, as an entity filter
    page.wait_for_url("**/search?entity=kassym-jomart-tokayev*")
    assert _total(page) == count
    assert page.locator(".chips a.chip", has_text="entity: Kassym-Jomart Tokayev").count() == 1
    watch.assert_clean()


def test_a_term_is_searched_in_the_other_languages_and_the_form_filters(watch, shots):
    page = watch.page
    watch.open("/search")
    page.fill(".search-form input[name=q]", "summit")
    page.press(".search-form input[name=q]", "Enter")
    page.wait_for_url("**/search?q=summit*")
    assert "Gipfel" in page.locator(".translations").inner_text()
    everything = _total(page)
    assert everything > 0
    first = page.locator(".doc-hits > li").first
    assert first.locator(".badge-translated").count() == 0  # the words as typed come first
    watch.shoot(shots, "search-02-summit")
    page.select_option(".search-form select[name=language]", "de")
    page.select_option(".search-form select[name=sort]", "date")
    page.click(".search-form button[type=submit]")
    page.wait_for_url("**language=de*")
    german = _total(page)
    assert 0 < german < everything
    badges = page.locator(".doc-hits .badge-lang").all_inner_texts()
    assert badges and set(badges) == {"de"}
    spans = page.locator(".doc-hits > li > span.muted[data-date]")
    dates = [d for d in (spans.nth(i).get_attribute("data-date") for i in range(spans.count())) if d]
    assert dates == sorted(dates, reverse=True)
    watch.shoot(shots, "search-03-summit-german-by-date")
    page.locator(".chips a.chip", has_text="language: German").click()  # remove the filter
    page.wait_for_load_state("networkidle")
    assert _total(page) == everything
    watch.assert_clean()


def test_entities_without_articles_are_folded_and_titles_are_readable(watch, shots):
    page = watch.page
    watch.open("/search?q=railway")
    folded = page.locator("details.kb-only")
    assert folded.count() == 1 and not folded.evaluate("d => d.open")
    assert "no articles" not in page.locator(".results > ul.entity-hits").inner_text()
    folded.locator("summary").click()
    assert "no articles" in folded.inner_text()
    watch.shoot(shots, "search-04-railway-entities")
    watch.open("/search?kind=documents&from=2000")
    titles = page.locator(".doc-hits a.hit-title").all_inner_texts()
    assert titles and all(t.strip() and not re.fullmatch(r"[a-z0-9-]+", t) for t in titles)
    watch.assert_clean()


def test_an_impossible_date_gets_a_plain_answer(watch):
    page = watch.page
    response = page.goto(watch.base + "/search?q=Gipfel&from=2024-02-30")
    assert response is not None and response.status == 422
    text = page.locator("body").inner_text()
    assert "not a date" in text and "[0-9]" not in text


def test_the_timeline_filters_by_a_typed_name(watch, shots):
    page = watch.page
    watch.open("/timeline")
    page.fill("form.filters input[name=entity]", "Tokajew")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/timeline?entity=Tokajew*")
    page.wait_for_load_state("networkidle")
    assert "Kassym-Jomart Tokayev" in page.locator("h1").inner_text()
    assert page.locator("ul.events li.event").count() > 0
    watch.shoot(shots, "search-05-timeline-by-name")
    watch.assert_clean()

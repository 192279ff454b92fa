"""HTML pages: main text and metadata out of the site chrome."""

from pathlib import Path

import pytest

from silkgraph.errors import InputError
from silkgraph.ingest import Skipped, read_inputs
from silkgraph.ingest.html import read_html

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"


def read(path: Path):
    return list(read_inputs([str(path)]))


def test_news_page_english():
    (doc,) = read(DATA / "good" / "caspian-corridor.html")
    assert doc.id == "caspian-corridor"
    assert doc.title == "Caspian corridor freight doubles as Kazakhstan and Azerbaijan expand ports"
    assert doc.url == "https://www.steppe-observer.example/2025/02/caspian-corridor-freight"
    assert doc.published == "2025-02-18"  # published, not modified
    assert doc.language == "en"
    assert doc.text.startswith("Freight shipped across the Caspian Sea")
    assert doc.text.endswith("a single digital freight document.")
    assert "\n\n" in doc.text
    for chrome in (
        "Politics",
        "Newsletter",
        "cookies",
        "Advertisement",
        "Read more",
        "Share on",
        "Related articles",
        "Uzbekistan opens new rail link",
        "Great article",
        "ferries are the real problem",
        "Leave a reply",
        "email address",
        "All rights reserved",
        "Back to top",
        "dataLayer",
        "font-family",
        "Dana Sarsenova",
    ):
        assert chrome not in doc.text, chrome
    assert doc.title not in doc.text  # the <h1> is the title, not the first paragraph


def test_news_page_german_with_json_ld_date_only():
    (doc,) = read(DATA / "good" / "duschanbe-wasser.htm")
    assert doc.title == "Tadschikistan und Usbekistan einigen sich auf Wasserabkommen"
    assert doc.published == "2024-10-07"
    assert doc.url == "https://zentralasien-rundschau.example/politik/tadschikistan-usbekistan-wasser"
    assert doc.language == "de"
    assert doc.text.startswith("Nach jahrzehntelangem Streit")
    for chrome in (
        "Startseite",
        "Politik\n",
        "Anzeige",
        "Lesen Sie auch",
        "Kommentare",
        "Endlich!",
        "Impressum",
        "Alle Rechte",
    ):
        assert chrome not in doc.text, chrome


def test_malformed_html_gives_what_trafilatura_finds():
    (doc,) = read(DATA / "good" / "broken-markup.html")
    assert doc.title == "Kirgisistan und Kasachstan öffnen neuen Grenzübergang"
    assert doc.text.startswith("Kirgisistan und Kasachstan haben an der gemeinsamen Grenze")
    assert doc.published is None


def test_page_without_article_is_skipped():
    path = DATA / "bad" / "menu-only.html"
    assert read(path) == [Skipped(str(path), "no article text found in HTML")]


def test_read_html_from_string_and_markup_free_dates():
    html = (
        "<html><head><title>Kurz</title></head><body><p>© 2019 Verlag</p>"
        "<p>Kasachstan und Kirgisistan haben am Montag in Bischkek ein Abkommen über Grenzübergänge unterzeichnet.</p></body></html>"
    )
    doc = read_html(html, doc_id="x")
    assert (
        doc.text
        == "Kasachstan und Kirgisistan haben am Montag in Bischkek ein Abkommen über Grenzübergänge unterzeichnet."
    )
    assert doc.published is None  # no date from the copyright line or the clock


def test_read_html_garbage_raises_input_error():
    with pytest.raises(InputError):
        read_html("<<<>>> \x01 <div", doc_id="x", source="x.html")


def test_html_sniffed_without_extension(tmp_path):
    page = (DATA / "good" / "caspian-corridor.html").read_bytes()
    (tmp_path / "page").write_bytes(page)
    (tmp_path / "page.xml").write_bytes(page)
    docs = list(read_inputs([str(tmp_path / "page"), str(tmp_path / "page.xml")]))
    assert [d.title for d in docs] == ["Caspian corridor freight doubles as Kazakhstan and Azerbaijan expand ports"] * 2


BODY = "<p>Kasachstan und Kirgisistan haben am Montag in Bischkek ein Abkommen über Grenzübergänge unterzeichnet und weitere Gespräche vereinbart.</p>"


@pytest.mark.parametrize(
    "head, article_extra, expected",
    [
        ('<meta property="article:published_time" content="2025-02-18T23:30:00-05:00">', "", "2025-02-18"),
        ('<meta name="date" content="2023-05-01">', "", "2023-05-01"),
        ('<meta itemprop="datePublished" content="2023-06-01">', "", "2023-06-01"),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2022-02-02T10:00:00Z"}]}</script>',
            "",
            "2022-02-02",
        ),
        ('<script type="application/ld+json">{broken json</script>', "", None),
        ("", "<time datetime='2021-07-07'>7. Juli</time>", "2021-07-07"),
        # a date only in the URL or in a note in the text is no publication date
        (
            '<link rel="canonical" href="https://x.example/2025/02/caspian">',
            "<p>Zuletzt geändert 2024-03-03. © 2022</p>",
            None,
        ),
    ],
)
def test_publication_date_from_markup_only(head, article_extra, expected):
    html = f"<html><head><title>T</title>{head}</head><body><article>{article_extra}{BODY}</article></body></html>"
    assert read_html(html, doc_id="x").published == expected

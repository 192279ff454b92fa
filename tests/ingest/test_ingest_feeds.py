"""RSS and Atom feeds saved as files."""

from pathlib import Path

from silkgraph.ingest import Skipped, read_inputs
from silkgraph.ingest.feed import html_fragment_to_text, item_id, read_feed

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
GOOD = DATA / "good"


def test_rss_items():
    docs = list(read_inputs([str(GOOD / "zentralasien-news.rss")]))
    assert [d.id for d in docs] == ["so-2025-0141", "usbekistan-eu-rohstoffe", "zentralasien-news-3"]
    pharma, eu, water = docs
    assert pharma.title == "Kyrgyzstan and India agree to boost pharmaceutical trade"
    assert pharma.url == pharma.source == "https://www.steppe-observer.example/2025/01/kyrgyzstan-india-pharma"
    assert pharma.published == "2025-01-14"  # local date of 23:30 -0500, not the UTC date
    assert pharma.language == "en"
    assert pharma.text.startswith("Kyrgyzstan and India signed a memorandum")  # content:encoded, not the summary
    assert "\n\n" in pharma.text and "Read more" not in pharma.text and "<p>" not in pharma.text
    assert (eu.published, eu.language) == ("2025-02-03", "de")
    assert eu.text.startswith("Usbekistan und die Europäische Union") and "&lt;" not in eu.text
    assert (water.published, water.language) == ("2025-03-19", "ru")


def test_atom_entries():
    docs = list(read_inputs([str(GOOD / "diplomatie.atom")]))
    assert [d.id for d in docs] == ["turkmenistan-transitforum", "kasachstan-japan-uran"]
    forum, uran = docs
    assert forum.published == "2025-04-09"  # <published> before <updated>
    assert forum.title == "Turkmenistan lädt zum Forum über Transitverkehr"
    assert uran.published == "2025-03-28"
    assert uran.text.startswith("Kasachstan und Japan haben in Tokio")
    assert all(d.language == "de" for d in docs)


def test_feed_with_xml_extension_is_sniffed():
    docs = list(read_inputs([str(GOOD / "digest.xml")]))
    assert [d.id for d in docs] == ["mongolia-kazakhstan-rail", "dushanbe-water-conference"]
    assert [d.published for d in docs] == ["2025-06-06", "2025-06-07"]


def test_feed_without_items_is_skipped():
    path = DATA / "bad" / "leer.rss"
    assert list(read_inputs([str(path)])) == [Skipped(str(path), "feed has no items")]


def test_not_a_feed_is_skipped(tmp_path):
    path = tmp_path / "notes.rss"
    path.write_text("just some words, no XML at all", encoding="utf-8")
    (skipped,) = read_inputs([str(path)])
    assert isinstance(skipped, Skipped) and skipped.source == str(path)


def test_item_without_text_is_skipped_and_others_read():
    rss = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><title>Leer</title><link>https://x.example/a</link></item>"
        "<item><title>Voll</title><link>https://x.example/b</link>"
        "<description>Kasachstan und Usbekistan eröffnen eine neue Zugverbindung zwischen Almaty und Taschkent.</description></item>"
        "</channel></rss>"
    )
    items = list(read_feed(rss, stem="f", source="f.rss"))
    assert [type(i).__name__ for i in items] == ["InputError", "Document"]
    assert items[0].reason == "item 1: no text"
    assert items[1].id == "b"


def test_duplicate_item_ids_fall_back_to_position():
    rss = (
        '<rss version="2.0"><channel><title>t</title>'
        + "".join(
            f"<item><guid isPermaLink='false'>same</guid><description>Der Text Nummer {n} über den Handel in Zentralasien.</description></item>"
            for n in (1, 2)
        )
        + "</channel></rss>"
    )
    assert [d.id for d in read_feed(rss, stem="f", source="f.rss")] == ["same", "f-2"]


def test_item_id_rules():
    assert item_id({"id": "abc 123"}, "s", 1) == "abc-123"
    assert item_id({"id": "https://x.example/news/kz-cn.html"}, "s", 1) == "kz-cn"
    assert item_id({"id": "urn:uuid:1", "link": "https://x.example/a/b/"}, "s", 1) == "b"
    assert item_id({"link": "https://x.example/"}, "s", 4) == "s-4"
    assert item_id({}, "s", 2) == "s-2"


def test_html_fragment_to_text():
    text = html_fragment_to_text("<p>Eins <b>zwei</b></p><script>alert(1)</script><ul><li>drei</li></ul>vier<br>fünf")
    assert "alert" not in text
    assert [p.strip() for p in text.split("\n\n") if p.strip()] == ["Eins zwei", "drei", "vier\nfünf"]

"""Plain text, Markdown with front matter, scraped text: read_text and clean_text."""

from pathlib import Path

import pytest

from silkgraph.errors import InputError
from silkgraph.ingest import clean_text, read_inputs, read_text
from silkgraph.ingest.furniture import load_patterns, normalise_whitespace

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
GOOD = DATA / "good"

FURNITURE = (
    "Kurze Werbeeinblendung",
    "Schreibe einen Kommentar",
    "Ähnliche Artikel",
    "Zurück zum Anfang",
    "Quelle",
    "Lesen Sie auch",
    "Foto:",
    "E-Mail-Adresse",
    "Anzeige",
    "Teilen",
    "Advertisement",
    "newsletter",
    "Related articles",
)


def read(name: str):
    (doc,) = read_inputs([str(GOOD / name)])
    return doc


def test_scraped_text_with_glued_date_and_furniture():
    doc = read("bischkek-bahn.txt")
    assert doc.id == "bischkek-bahn"
    assert doc.published == "2025-03"
    assert doc.language == "de"
    assert doc.title is None
    assert doc.text.startswith("In Bischkek haben die Verkehrsminister")
    assert doc.text.endswith("neue Arbeitsplätze in den Bergregionen schaffe.")
    for marker in FURNITURE + ("ber.", "steppen-kurier", "Gaslieferungen"):
        assert marker not in doc.text, marker
    # the quote in the middle survives, the ad line before it does not
    assert "„Diese Strecke verbindet unsere Region" in doc.text


def test_scraped_text_with_date_line_kicker_and_repeated_title():
    doc = read("taschkent-gipfel.txt")
    assert doc.published == "2025-03-12"
    assert doc.title == "Usbekistan und Südkorea wollen Handel verdoppeln"
    assert doc.text.startswith("Der usbekische Präsident hat bei einem Besuch in Seoul")
    assert "Wirtschaft\n" not in doc.text and doc.title not in doc.text
    assert not doc.text.endswith("(dpa)")
    for marker in FURNITURE:
        assert marker not in doc.text, marker


def test_markdown_with_front_matter():
    doc = read("astana-energy.md")
    assert doc.title == "Kazakhstan and the EU agree on green hydrogen road map"
    assert doc.published == "2024-09-18"  # YAML reads it as a date object
    assert doc.url == "https://www.steppe-observer.example/2024/09/kazakhstan-eu-hydrogen"
    assert doc.language == "en"
    assert doc.text.startswith("Kazakhstan and the European Union on Wednesday adopted")
    assert doc.text.endswith("the country's largest trading partner.")
    assert "#" not in doc.text and "---" not in doc.text
    for marker in FURNITURE + ("Reuters", "Uzbekistan opens"):
        assert marker not in doc.text, marker


def test_russian_text():
    doc = read("moskau-ru.txt")
    assert (doc.published, doc.language) == ("2025-02-05", "ru")
    assert "Читайте также" not in doc.text and "Источник" not in doc.text
    assert doc.text.endswith("весной этого года.")


def test_file_without_extension_is_text():
    doc = read("ohne-endung")
    assert doc.id == "ohne-endung" and doc.language == "de" and doc.published is None
    assert doc.text.startswith("Turkmenistan und Aserbaidschan")


def test_cp1252_file_is_read(caplog):
    doc = read("legacy-cp1252.txt")
    assert doc.published == "2025-01-15"
    assert "Erklärung über die Zusammenarbeit" in doc.text
    assert "„Wir sehen großes Potenzial für beide Seiten“" in doc.text
    assert "Windows-1252" in caplog.text


def test_read_text_front_matter_variants():
    text = "---\ntitle: Ein Titel\ndate: 2025-05\nlang: de-DE\nlink: https://example.org/a\n---\nDie Außenminister trafen sich in Almaty zu Gesprächen über Handel."
    doc = read_text(text, doc_id="x", source="x.md")
    assert (doc.title, doc.published, doc.language, doc.url) == ("Ein Titel", "2025-05", "de", "https://example.org/a")
    assert doc.text == "Die Außenminister trafen sich in Almaty zu Gesprächen über Handel."


def test_read_text_broken_front_matter_keeps_body():
    text = "---\ntitle: [unclosed\n---\nDie Außenminister trafen sich in Almaty zu Gesprächen über Handel."
    doc = read_text(text, doc_id="x")
    assert doc.text == "Die Außenminister trafen sich in Almaty zu Gesprächen über Handel."
    assert doc.title is None


def test_read_text_arguments_win_over_text():
    doc = read_text(
        "15.01.2025\n\nDer Text des Artikels über Usbekistan.", doc_id="a", published="2024", language="de", title="T"
    )
    assert (doc.published, doc.language, doc.title) == ("2024", "de", "T")
    assert doc.text == "Der Text des Artikels über Usbekistan."


def test_read_text_unclear_title_stays_in_body():
    text = "Kasachstan und China vertiefen Beziehungen\n\nKasachstan und China haben am Montag in Astana ein neues Abkommen über den Ausbau des Güterverkehrs unterzeichnet."
    doc = read_text(text, doc_id="a")
    assert doc.title is None
    assert doc.text == text


def test_read_text_empty_raises_input_error():
    with pytest.raises(InputError, match="empty"):
        read_text("  \n\n ", doc_id="a", source="a.txt")
    with pytest.raises(InputError, match="furniture"):
        read_text("Ähnliche Artikel\n\nSchreibe einen Kommentar\n\nKurze Werbeeinblendung", doc_id="a")


# --- clean_text -----------------------------------------------------------


def test_whole_line_patterns_never_cut_sentences():
    text = (
        "Die Zeitung veröffentlichte eine Anzeige über den Gipfel.\n\n"
        "Quelle der Zahlen ist das Statistikamt in Astana.\n\n"
        "Er schrieb einen Kommentar zur Lage in Zentralasien.\n\n"
        "Related talks on water will follow in May, officials said."
    )
    assert clean_text(text) == text


def test_cut_marker_removes_the_tail():
    text = "Erster Absatz über Kasachstan.\n\nZweiter Absatz.\n\nÄhnliche Artikel\n\nEin anderer Artikel\n\nNoch einer"
    assert clean_text(text) == "Erster Absatz über Kasachstan.\n\nZweiter Absatz."
    english = "First paragraph on Kazakhstan.\n\nLeave a reply\n\nName\n\nComment"
    assert clean_text(english) == "First paragraph on Kazakhstan."


def test_cut_marker_on_the_first_line_does_not_empty_the_text():
    assert clean_text("Kommentare\n\nDer Kommentar der Redaktion zur Lage.") == "Der Kommentar der Redaktion zur Lage."


@pytest.mark.parametrize(
    "line",
    [
        "Kurze Werbeeinblendung",
        'Schaltfläche "Zurück zum Anfang"',
        "Zurück zum Anfang",
        "Anzeige",
        "Werbung",
        "Quelle: In einem Artikel von www.example.at zu sehen.",
        "Quelle/Referenz",
        "ots.at",
        "www.example.com/news/1",
        "Lesen Sie auch: Usbekistan baut Flughafen",
        "Lesen Sie auch",
        "Foto: Präsident in Astana",
        "Bild: dpa",
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "Newsletter abonnieren",
        "© 2025 Zentralasien-Rundschau",
        "Alle Rechte vorbehalten.",
        "Diese Website verwendet Cookies, um Ihnen das beste Erlebnis zu bieten.",
        "Teilen",
        "Facebook | Twitter | WhatsApp",
        "Advertisement",
        "Read more: Kazakhstan's new capital",
        "Read more",
        "Related: Tajik water talks",
        "Sign up for our newsletter",
        "Sign up for our weekly newsletter to get the news.",
        "We use cookies to improve your experience.",
        "Back to top",
        "Share this article",
        "Photo: Reuters",
        "All rights reserved.",
        "Copyright 2025 Steppe Observer",
        "Читайте также: новости",
        "Реклама",
    ],
)
def test_furniture_lines_are_dropped(line):
    text = f"Erster Absatz über Kasachstan und China.\n\n{line}\n\nLetzter Absatz über Handel und Verkehr."
    assert clean_text(text) == "Erster Absatz über Kasachstan und China.\n\nLetzter Absatz über Handel und Verkehr."


@pytest.mark.parametrize(
    "credit", ["aro.", "DAZ", "(dpa)", "Reuters", "dpa/AFP", "(dpa, AFP)", "Text: aro", "Von Anna Berg", "Astana Times"]
)
def test_trailing_credit_is_dropped(credit):
    assert clean_text(f"Der Gipfel endete am Abend.\n\n{credit}") == "Der Gipfel endete am Abend."


@pytest.mark.parametrize(
    "last", ["Das ist neu.", "Was nun?", "„Wir sind bereit.“", "Kasachstan investiert weiter in die Region."]
)
def test_short_sentences_at_the_end_stay(last):
    assert clean_text(f"Der Gipfel endete am Abend.\n\n{last}") == f"Der Gipfel endete am Abend.\n\n{last}"


def test_only_the_last_line_can_be_a_credit():
    assert clean_text("DAZ\n\nDer Gipfel endete am Abend.") == "DAZ\n\nDer Gipfel endete am Abend."
    assert clean_text("DAZ") == "DAZ"  # never empties a text


def test_whitespace_normalisation():
    raw = "\ufeffErster\u00a0Absatz  mit\tLücken.\r\n\r\n\r\n\r\nZweiter Ab\u00adsatz\u200b.  \n"
    assert clean_text(raw) == "Erster Absatz mit Lücken.\n\nZweiter Absatz."
    assert normalise_whitespace("a\u0308") == "ä"  # NFC: decomposed umlauts are composed


def test_language_restricts_pattern_groups():
    text = "Erster Absatz.\n\nРеклама\n\nLetzter Absatz."
    assert clean_text(text, language="de") == text
    assert clean_text(text, language="ru") == "Erster Absatz.\n\nLetzter Absatz."


def test_patterns_are_data():
    patterns = load_patterns()
    assert patterns.drop["de"] and patterns.cut["de"] and patterns.cut["en"] and patterns.credit
    assert patterns.credit_max_tokens == 3

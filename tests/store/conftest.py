"""Invented but realistic analyses for the store tests."""

from __future__ import annotations

import pytest

from silkgraph.model import Analysis, Document, Entity, Event, Fact, Mention, Quote, Span
from silkgraph.store import open_store

TEXT = (
    "In Astana haben die Außenminister Kasachstans und Chinas am Dienstag über neue "
    "Transportkorridore verhandelt. Der Handel zwischen China und Kasachstan erreichte 2024 "
    "über 43,8 Milliarden US-Dollar. Die Türkiye beobachtet das Treffen aufmerksam. "
    "„Wir schaffen alle Voraussetzungen für einen stabilen Güterverkehr“, sagte Murat Nurtleu. "
    "Beide Seiten planen ein Gipfeltreffen im Juni in Xi'an."
)


def span_of(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def mention(text: str, part: str, nth: int = 0) -> Mention:
    start, end = span_of(text, part, nth)
    return Mention(start, end, part)


def make_analysis(doc_id: str = "astana-2025", text: str = TEXT, **doc_fields) -> Analysis:
    """An analysis of `text`; entities whose words are missing from it get no mentions."""
    fields = {"title": "Kasachstan und China verhandeln über Korridore", "url": "https://example.org/a/1",
              "published": "2025-01-14", "language": "de", "source": "samples/astana.md"}
    fields.update(doc_fields)
    document = Document(id=doc_id, text=text, **fields)

    def mentions(*parts: str) -> list[Mention]:
        return [mention(text, p) for p in parts if p in text]

    sentence = span_of(text, "Der Handel") if "Der Handel" in text else (0, min(len(text), 10))
    quote = "Wir schaffen alle Voraussetzungen für einen stabilen Güterverkehr"
    quote_span = span_of(text, quote) if quote in text else (0, 0)
    return Analysis(
        document=document,
        entities=[
            Entity("kazakhstan", "Kazakhstan", "country", "Q232", mentions("Kasachstans", "Kasachstan ")),
            Entity("china", "China", "country", "Q148", mentions("Chinas", "China ")),
            Entity("astana", "Astana", "place", "Q1520", mentions("Astana")),
            Entity("murat-nurtleu", "Murat Nurtleu", "person", None, mentions("Murat Nurtleu")),
            Entity("transport-corridors", "transport corridors", "other"),  # no mentions at all
        ],
        events=[
            Event("meeting", "2025-01-14", ["kazakhstan", "china"], Span(0, 103), place="astana",
                  label="Kazakh–Chinese foreign ministers' talks on transport corridors"),
            Event("summit", "2025-06", ["china", "kazakhstan", "china"], Span(0, len(text)),
                  place=None, label=None, modality="planned"),
        ],
        facts=[
            Fact("trade_volume", 43_800_000_000, "USD", "2024", ["china", "kazakhstan"], Span(*sentence),
                 qualifier="over", label="China–Kazakhstan trade"),
            Fact("trade_growth", 12.5, "%", None, [], Span(*sentence), modality="estimate"),
        ],
        quotes=[Quote("murat-nurtleu", quote, *quote_span), Quote(None, "Gipfeltreffen", 0, 0)],
    )


def other_text(n: int) -> str:
    return f"Bericht Nummer {n}: Usbekistan und Tadschikistan vereinbaren Projekt {n} am Fluss Syrdarja."


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "silkgraph.db"


@pytest.fixture
def store(db_path):
    with open_store(db_path) as s:
        yield s


# Helpers are handed out as fixtures: test modules importing `conftest`
# directly would clash with other test directories' conftest modules.
@pytest.fixture(name="make_analysis")
def make_analysis_fixture():
    return make_analysis


@pytest.fixture(name="other_text")
def other_text_fixture():
    return other_text


@pytest.fixture(name="text")
def text_fixture():
    return TEXT

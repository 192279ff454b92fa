"""Language detection and declared-language normalisation."""

import pytest

from silkgraph.ingest import detect_language
from silkgraph.ingest.language import normalise_language


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Kasachstan und China haben am Dienstag ein Abkommen über den Bau einer neuen Bahnstrecke unterzeichnet.",
            "de",
        ),
        ("Kazakhstan and China signed an agreement on Tuesday to build a new railway line across the border.", "en"),
        ("Казахстан и Китай во вторник подписали соглашение о строительстве новой железной дороги.", "ru"),
    ],
)
def test_detects_de_en_ru(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "Astana", "Xi Jinping Tokajew", "12345 67890 !!! ---"])
def test_none_when_unsure(text):
    assert detect_language(text) is None


def test_long_text_uses_the_lead():
    text = "Die Regierung in Astana kündigte neue Investitionen in die Landwirtschaft an. " * 200
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("de", "de"),
        ("de-DE", "de"),
        ("en_US", "en"),
        ("RU", "ru"),
        ("German", "de"),
        ("rus", "ru"),
        ("", None),
        (None, None),
        (42, None),
        ("xx-yy-zz-1", "xx"),
    ],
)
def test_normalise_language(value, expected):
    assert normalise_language(value) == expected

"""Tokens and sentences (silkgraph.stages.tokens)."""

from __future__ import annotations

from silkgraph.stages.tokens import fold_token, split_sentences, tokenize


def sentences_of(text: str) -> list[str]:
    tokens = tokenize(text)
    return [text[s.start : s.end] for s in split_sentences(text, tokens)]


def test_tokens_keep_offsets_and_folded_forms():
    text = "Außenminister Müller–Schmidt sagte: „Ja.“"
    tokens = tokenize(text)
    assert len(tokens) == len(tokens.texts) == len(tokens.folds)
    for start, end, surface in zip(tokens.starts, tokens.ends, tokens.texts):
        assert text[start:end] == surface
    assert tokens.folds[0] == "aussenminister"
    assert fold_token("Müller–Schmidt") == fold_token("Müller-Schmidt")  # any dash folds to the hyphen
    assert tokens.index_at(0) == 0 and tokens.index_at(len(text)) == len(tokens)


def test_sentences_end_at_stops_before_a_capital():
    assert sentences_of("Der Zug fuhr ab. Er kam pünktlich an! Wer hätte das gedacht?") == [
        "Der Zug fuhr ab.",
        "Er kam pünktlich an!",
        "Wer hätte das gedacht?",
    ]


def test_abbreviations_ordinals_initials_and_decimals_do_not_end_a_sentence():
    text = "Am 15. März sprach Präs. Tokajew mit J. Smith über 3.5 Mrd. Dollar. Danach reiste er ab."
    assert sentences_of(text) == [
        "Am 15. März sprach Präs. Tokajew mit J. Smith über 3.5 Mrd. Dollar.",
        "Danach reiste er ab.",
    ]


def test_a_closing_quote_belongs_to_the_sentence_it_ends():
    text = "Er sagte: „Wir kommen wieder.“ Dann ging er."
    assert sentences_of(text) == ["Er sagte: „Wir kommen wieder.“", "Dann ging er."]


def test_a_blank_line_or_a_heading_line_ends_a_sentence():
    assert sentences_of("Gipfel in Astana\nDie Präsidenten trafen sich.\n\nneuer Absatz ohne Punkt") == [
        "Gipfel in Astana",
        "Die Präsidenten trafen sich.",
        "neuer Absatz ohne Punkt",
    ]


def test_empty_text_has_no_sentences():
    assert tokenize("").starts == [] and sentences_of("   ") == []

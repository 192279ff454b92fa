"""Language of a text (ISO 639-1), or None when the evidence is thin."""

from __future__ import annotations

import functools
import re

SAMPLE_CHARS = 2000  # the lead of an article says enough; longer samples only cost time
MIN_LETTERS = 20  # below this any guess is noise
# How far apart the two best candidates must be; lingua returns no language
# otherwise, which is what we want for short or mixed snippets.
MIN_RELATIVE_DISTANCE = 0.1

_LETTER = re.compile(r"[^\W\d_]")

# Declared languages as they appear in metadata: names and ISO 639-2 codes.
_NAMES = {
    "german": "de",
    "deutsch": "de",
    "deu": "de",
    "ger": "de",
    "english": "en",
    "englisch": "en",
    "eng": "en",
    "russian": "ru",
    "russisch": "ru",
    "rus": "ru",
    "русский": "ru",
    "french": "fr",
    "fra": "fr",
    "fre": "fr",
    "kazakh": "kk",
    "kaz": "kk",
    "chinese": "zh",
    "zho": "zh",
    "chi": "zh",
}


@functools.cache
def _detector():
    # Built once and only when first needed: loading the models is the
    # expensive part. Languages beyond de/en/ru give other texts somewhere
    # to go instead of being forced into one of the three.
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.GERMAN,
        Language.ENGLISH,
        Language.RUSSIAN,
        Language.FRENCH,
        Language.KAZAKH,
        Language.CHINESE,
    ]
    return (
        LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(MIN_RELATIVE_DISTANCE).build()
    )


def detect_language(text: str) -> str | None:
    """'de', 'en', 'ru' (or another ISO 639-1 code) for the text's language, None when unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None


def normalise_language(value: object) -> str | None:
    """A declared language ("de", "de-DE", "en_US", "German", "rus") as ISO 639-1, or None."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text in _NAMES:
        return _NAMES[text]
    m = re.fullmatch(r"([a-z]{2})(?:[-_][a-z0-9]+)*", text)
    return m.group(1) if m else None

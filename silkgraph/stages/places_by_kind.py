"""Places outside the knowledge base, named after the word for their kind.

"село Кок-Сай", "месторождение Джеруй", "порт Кетик", "im Hafen Kurik", "die Lagerstätte
Yoshlik", "the Kok-Say deposit": the kind word (patterns/places.yaml) makes the capitalised
name next to it a place, whatever the name is. Russian and German put the name after the
word and leave it in the nominative ("в селе Кок-Сай"); English puts it before ("the Kok-Say
deposit") or after "port of". The place gets an id made from its name in Latin letters, and
rivers, lakes and passes their English kind ("Talas River", "Lake Son-Kul", "Torugart Pass").
Names the lexicon knew are left to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from silkgraph.doc import Doc, EntityMention
from silkgraph.patterns import load_pattern_file
from silkgraph.stages.morphology import Morphology, is_cyrillic, latin_name

MAX_NAME_WORDS = 3  # "Кок-Сай" is one word with its hyphen; names of places are short


@dataclass(frozen=True)
class _Kinds:
    before: dict[str, str]  # kind word (lemma, or German form) -> English pattern, name after the word
    after: dict[str, str]  # English kind word -> pattern, name before the word ("the X deposit")
    of: frozenset[str]  # English words followed by "of" and the name ("port of X")
    function_words: frozenset[str]  # capitalised at a sentence's start, never part of a name ("The")


@lru_cache(maxsize=4)
def _kinds(language: str) -> _Kinds:
    data = load_pattern_file("places.yaml").get(language) or {}
    return _Kinds(
        {w.lower(): p for w, p in (data.get("before") or {}).items()},
        {w.lower(): p for w, p in (data.get("after") or {}).items()},
        frozenset(w.lower() for w in data.get("of") or ()),
        frozenset(w.lower() for w in data.get("function_words") or ()),
    )


def add_places(doc: Doc, covered: list[bool], morphology: Morphology, new_id) -> None:
    """Mentions for the places named after (or, in English, before) a word for their kind."""
    kinds = _kinds(doc.language)
    if not (kinds.before or kinds.after or kinds.of):
        return
    texts = doc.tokens.texts
    for i, word in enumerate(texts):
        pattern = _kind_before(word, kinds, morphology)
        if pattern is not None:
            start = i + 2 if word.lower() in kinds.of and i + 1 < len(texts) and texts[i + 1] == "of" else i + 1
            span = _name_from(doc, start, covered, 1, kinds.function_words)
        elif word.lower() in kinds.after and word.islower() and i > 0 and texts[i - 1][:1].isupper():
            pattern = kinds.after[word.lower()]
            span = _name_from(doc, i - 1, covered, -1, kinds.function_words)
            if span is not None and not _inside_sentence(doc, span[0]):
                span = None  # "Gas field works began": the capital is the sentence's, no name's
        else:
            continue
        if span is not None:
            _add(doc, covered, span, pattern, new_id)


def _kind_before(word: str, kinds: _Kinds, morphology: Morphology) -> str | None:
    """The English pattern of a kind word that stands before the name, in any of its cases."""
    lower = word.lower()
    if lower in kinds.of:
        return "{}"
    if lower in kinds.before:
        return kinds.before[lower]
    if is_cyrillic(word):
        for lemma in morphology.lemmas(word):
            if lemma in kinds.before:
                return kinds.before[lemma]
    return None


def _name_from(doc: Doc, k: int, covered: list[bool], step: int, function_words=frozenset()) -> tuple[int, int] | None:
    """Token range of the capitalised name that starts at k (step 1) or ends at k (step -1), its
    hyphenated parts included ("Кок-Сай"); Russian takes one word after the kind, the next
    capitalised one being something else ("село Кок-Сай Таласского района"). None when a
    recognised name or nothing capitalised stands there."""
    texts = doc.tokens.texts
    limit = 1 if doc.language == "ru" and step == 1 else MAX_NAME_WORDS
    ends = []
    words = 0
    while (
        words < limit
        and 0 <= k < len(texts)
        and not covered[k]
        and _name_word(texts[k])
        and texts[k].lower() not in function_words
    ):
        ends.append(k)
        words += 1
        k += step
        while 0 <= k + step < len(texts) and texts[k] == "-" and _name_word(texts[k + step]) and not covered[k + step]:
            ends.append(k + step)  # "Кок-Сай": the hyphen and the next part
            k += 2 * step
    if not ends:
        return None
    return min(ends), max(ends) + 1


def _inside_sentence(doc: Doc, k: int) -> bool:
    """Whether token k follows a word in lower case or a comma, not a sentence's or line's start."""
    if k == 0:
        return False
    before = doc.tokens.texts[k - 1]
    gap = doc.text[doc.tokens.ends[k - 1] : doc.tokens.starts[k]]
    return "\n" not in gap and (before.islower() or before == ",")


def _name_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper() and word.replace("-", "").isalpha()


def _add(doc: Doc, covered: list[bool], span: tuple[int, int], pattern: str, new_id) -> None:
    tokens = doc.tokens
    start, end = tokens.starts[span[0]], tokens.ends[span[1] - 1]
    written = doc.text[start:end]
    name = pattern.format(latin_name(written) if is_cyrillic(written) else written)
    entity_id = new_id(name)
    if not entity_id:
        return
    if entity_id not in doc.kb:
        doc.new_entities.setdefault(entity_id, (name, "place"))
    doc.mentions.append(EntityMention(start, end, entity_id, "cue", span[0], span[1]))
    for k in range(*span):
        covered[k] = True

"""Government ministries named by portfolio and state, in Russian, German and English.

"Министерством энергетики Республики Узбекистан", "Минэнерго Узбекистана",
"das usbekische Energieministerium" and "Uzbekistan's Ministry of Energy"
all name one body: the Ministry of Energy of Uzbekistan. The portfolio words
are data (patterns/ministries.yaml); the state is a country mention that the
lexicon found next to them, after the portfolio ("... Узбекистана", "... of
Uzbekistan") or before it ("usbekische ...", "Uzbekistan's ..."). Without a
state nothing is recognised: "глав МИД" (the foreign ministers) names no one
ministry.
"""

from __future__ import annotations

from dataclasses import dataclass

from silkgraph.doc import EntityMention
from silkgraph.kb import fold
from silkgraph.patterns import load_pattern_file
from silkgraph.stages.morphology import Morphology, is_cyrillic
from silkgraph.stages.tokens import tokenize

GENITIVE_ENDINGS = ("", "s", "es")  # "Energieministerium", "Energieministeriums"
POSSESSIVE = ("'", "’")


@dataclass(frozen=True, slots=True)
class Portfolio:
    id: str
    name: str


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(tokenize(text).folds)


class MinistryFinder:
    """Finds ministry names with their state among a document's tokens and country mentions."""

    def __init__(self, morphology: Morphology):
        data = load_pattern_file("ministries.yaml")
        self.morphology = morphology
        self.ru_words = frozenset(w.lower() for w in data["ministry_words"]["ru"])
        # what every case of those words begins with ("министерств-"): the analyser sees no other word
        self.ru_stems = tuple(fold(w)[:-1] for w in self.ru_words)
        self.de_word = fold(data["ministry_words"]["de"][0])
        self.en_word = fold(data["ministry_words"]["en"][0])
        self.connectors = frozenset(data["state_connectors"])
        self.after_ru: list[tuple[tuple[str, ...], Portfolio]] = []
        self.after_de: list[tuple[tuple[str, ...], Portfolio]] = []
        self.after_en: list[tuple[tuple[str, ...], Portfolio]] = []
        self.phrases: list[tuple[tuple[str, ...], Portfolio]] = []  # whole names: "Минэнерго", "Energy Ministry"
        for raw in data["portfolios"]:
            portfolio = Portfolio(raw["id"], raw["name"])
            self.after_ru += [(_phrase(p), portfolio) for p in raw.get("ru", ())]
            self.after_de += [(_phrase(p), portfolio) for p in raw.get("de_of", ())]
            self.after_en += [(_phrase(p), portfolio) for p in raw.get("en_of", ())]
            self.phrases += [(_phrase(p), portfolio) for p in (*raw.get("ru_short", ()), *raw.get("en", ()))]
            for compound in raw.get("de", ()):
                self.phrases += [((fold(compound) + ending,), portfolio) for ending in GENITIVE_ENDINGS]
        for table in (self.after_ru, self.after_de, self.after_en, self.phrases):
            table.sort(key=lambda item: -len(item[0]))  # longest first
        # Whole names by their first word: one dictionary probe per token, not a scan of the table.
        self.by_first: dict[str, list[tuple[tuple[str, ...], Portfolio]]] = {}
        for phrase, portfolio in self.phrases:
            self.by_first.setdefault(phrase[0], []).append((phrase, portfolio))

    def find(self, doc, covered: list[bool]) -> list[tuple[int, int, str]]:
        """(first token, last token, entity id) of each ministry found; registers ids the KB lacks."""
        tokens = doc.tokens
        countries = [m for m in doc.mentions if m.via != "inner" and doc.entity_type(m.entity) == "country"]
        by_first = {m.first: m for m in countries}
        by_last = {m.last: m for m in countries}
        found = []
        i = 0
        while i < len(tokens):
            head = None if covered[i] else self._head(tokens, i)
            if head is None:
                i += 1
                continue
            end, portfolio = head
            state, first, last = self._state(tokens, i, end, by_first, by_last)
            if state is None or any(covered[k] for k in range(i, end)):
                i += 1
                continue
            found.append((first, last, self._register(doc, portfolio, state)))
            i = last
        return found

    def _head(self, tokens, i: int) -> tuple[int, Portfolio] | None:
        """End token and portfolio of a ministry name starting at token i."""
        folds, texts = tokens.folds, tokens.texts
        for phrase, portfolio in self.by_first.get(folds[i], ()):
            if tuple(folds[i : i + len(phrase)]) == phrase and (len(phrase) > 1 or texts[i][:1].isupper()):
                return i + len(phrase), portfolio
        if texts[i][:1].isupper() and is_cyrillic(texts[i]):  # "Минздраве": a short name declines too
            for lemma in self.morphology.lemmas(texts[i]):
                for phrase, portfolio in self.by_first.get(fold(lemma), ()):
                    if len(phrase) == 1:
                        return i + 1, portfolio
        if folds[i].startswith(self.ru_stems) and is_cyrillic(texts[i]):
            if self.ru_words.intersection(self.morphology.lemmas(texts[i])):
                return self._after(folds, i + 1, self.after_ru)
            return None
        if folds[i] in (self.de_word, self.de_word + "s"):
            return self._after(folds, i + 1, self.after_de)
        if folds[i] == self.en_word and i + 1 < len(folds) and folds[i + 1] == "of":
            return self._after(folds, i + 2, self.after_en)
        return None

    @staticmethod
    def _after(folds, j: int, table) -> tuple[int, Portfolio] | None:
        for phrase, portfolio in table:
            if tuple(folds[j : j + len(phrase)]) == phrase:
                return j + len(phrase), portfolio
        return None

    def _state(self, tokens, start: int, end: int, by_first, by_last) -> tuple[str | None, int, int]:
        """The state named after the ministry ("of Uzbekistan") or before it ("Uzbekistan's")."""
        k = end
        while k < len(tokens) and k - end < 2 and tokens.folds[k] in self.connectors:
            k += 1
        if k in by_first:
            return by_first[k].entity, start, by_first[k].last
        before = by_last.get(start)
        if before is None and start >= 2 and tokens.texts[start - 2] in POSSESSIVE and tokens.folds[start - 1] == "s":
            before = by_last.get(start - 2)
        if before is not None:
            return before.entity, before.first, end
        return None, start, end

    @staticmethod
    def _register(doc, portfolio: Portfolio, state: str) -> str:
        entity_id = f"ministry-of-{portfolio.id}-{state}"
        if entity_id not in doc.kb:
            state_name = doc.kb[state].name if state in doc.kb else state
            name = f"Ministry of {portfolio.name} ({state_name})"  # as Wikipedia titles them
            doc.new_entities.setdefault(entity_id, (name, "organization"))
        return entity_id


def add_ministries(doc, covered: list[bool], finder: MinistryFinder) -> None:
    """Mentions for the ministries of `doc`; the states inside them stay mentioned too."""
    tokens = doc.tokens
    for first, last, entity_id in finder.find(doc, covered):
        start, end = tokens.starts[first], tokens.ends[last - 1]
        doc.mentions.append(EntityMention(start, end, entity_id, "cue", first, last))
        for k in range(first, last):
            covered[k] = True

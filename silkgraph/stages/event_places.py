"""Where and when an article's events happen, as its words of place say: the city of a place
phrase ("in Almaty", "nach Astana", "in Kasachstans Hauptstadt", "the Kazakh capital"), of a
relative clause after the event ("the summit, held in Xi'an"), and of the dateline the text opens
with ("ASTANA –", "AKTAU, Kazakhstan, March 11 –"), with the day that dateline gives.
"""

from __future__ import annotations

from silkgraph.doc import Doc
from silkgraph.stages.context import clause_bounds, timexes_in


def place_phrase(doc: Doc, sentence, data, start: int | None = None, end: int | None = None) -> str | None:
    """The city of the first place phrase between `start` and `end` (default: the sentence):
    'in Almaty', 'nach Astana', 'in Kasachstans Hauptstadt'."""
    prepositions = frozenset(data["place_prepositions"])
    start = sentence.start if start is None else start
    end = sentence.end if end is None else end
    for m in doc.mentions_in(start, end):
        etype = doc.entity_type(m.entity)
        before = _word_before_phrase(doc, sentence, m.first, frozenset(data["place_nouns"]), prepositions)
        if etype == "place" and before in prepositions:
            entity = doc.kb.get(m.entity)
            city = entity.properties.get("city") if entity else None
            return city if city in doc.kb else m.entity
        if etype == "country":
            capital = _capital_phrase(doc, m, sentence, data)
            if capital and before in prepositions:
                return capital
    return None


def place_in_relative_clause(doc: Doc, sentence, data, clause_end: int) -> str | None:
    """'the upcoming SCO summit, which China will host in Tianjin': a relative clause right after
    the trigger's clause describes the same event."""
    k = doc.tokens.index_at(clause_end)
    while k < sentence.last_token and doc.tokens.texts[k] in (",", "–", "—"):
        k += 1
    if k >= sentence.last_token or doc.tokens.folds[k] not in data["relative_words"]:
        return None
    lo, hi = clause_bounds(doc, sentence, k)
    return place_phrase(doc, sentence, data, lo, hi)


def host_city(doc: Doc, sentence, data) -> str | None:
    """The city the sentence names as host: right before or after a word of hosting ("Tokyo
    hosted", "hosted by Tokyo", "Gastgeber war Tokio", "Ташкент принял"), one word between at most."""
    hosting = frozenset(data["host_words"])
    folds = doc.tokens.folds
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) != "place" or doc.kb.country_of(m.entity) is None:
            continue
        near = folds[max(sentence.first_token, m.first - 3) : m.first] + folds[m.last : m.last + 2]
        if hosting & set(near):
            return m.entity
    return None


def _word_before_phrase(doc: Doc, sentence, first: int, nouns: frozenset, prepositions: frozenset) -> str:
    """The word that governs a place's phrase: 'in der kirgisischen Stadt X' gives 'in'.

    Up to three articles, adjectives or place nouns ("Stadt", "capital") may stand between.
    """
    tokens = doc.tokens
    k = first - 1
    for _ in range(3):
        if k <= sentence.first_token or tokens.folds[k] in prepositions:
            break
        if not (tokens.folds[k] in nouns or tokens.texts[k].islower()):
            break
        k -= 1
    return tokens.folds[k] if k >= sentence.first_token else ""


def _capital_phrase(doc: Doc, mention, sentence, data) -> str | None:
    """'Kasachstans Hauptstadt' / 'Hauptstadt Kasachstans' / 'the Kazakh capital' → the capital's id."""
    folds = doc.tokens.folds
    near = folds[max(sentence.first_token, mention.first - 2) : mention.first] + folds[mention.last : mention.last + 2]
    if set(data["capital_words"]) & set(near):
        entity = doc.kb.get(mention.entity)
        return entity.capital if entity and entity.capital in doc.kb else None
    return None


def lead_place(doc: Doc, data) -> str | None:
    """Where the article is set: its dateline ("ASTANA –", "TASHKENT, Uzbekistan, October 20 –",
    "Paris."), else the first place phrase of its opening sentences."""
    dateline = _dateline_place(doc)
    if dateline:
        return dateline
    for sentence in doc.sentences[:3]:
        place = place_phrase(doc, sentence, data)
        if place:
            return place
    return None


DATELINE_MARKS = frozenset(".,–—-:/(")  # "ASTANA –", "Astana (dpa) –", "Paris/Astana."


DATELINE_DASHES = frozenset("–—-")
DATELINE_TOKENS = 12  # "TASHKENT, Uzbekistan, October 20 (Reuters) –": a dateline is short


def _dateline(doc: Doc):
    """The mention of the city a text opens with, set off by a dash, comma, colon or full stop."""
    if not doc.sentences:
        return None
    first = doc.sentences[0]
    mentions = doc.mentions_in(first.start, first.end)
    if not mentions or mentions[0].first != first.first_token or doc.entity_type(mentions[0].entity) != "place":
        return None
    after = mentions[0].last
    if after >= len(doc.tokens.texts) or doc.tokens.texts[after] not in DATELINE_MARKS:
        return None
    return mentions[0]


def dateline_date(doc: Doc) -> str | None:
    """The day a dateline gives ("AKTAU, Kazakhstan, March 11 –", "Dushanbe, 8 October 2025 –"):
    the day of the news it reports, which an undated current event and "today" take."""
    place = _dateline(doc)
    if place is None:
        return None
    first = doc.sentences[0]
    end = min(first.last_token, place.last + DATELINE_TOKENS)
    dash = next((i for i in range(place.last, end) if doc.tokens.texts[i] in DATELINE_DASHES), None)
    if dash is None:
        return None
    days = [t.value for t in timexes_in(doc, doc.tokens.starts[place.last], doc.tokens.starts[dash])]
    return days[-1] if days and len(days[-1] or "") == 10 else None


def _dateline_place(doc: Doc) -> str | None:
    """The city of the text's dateline, if it has one."""
    mention = _dateline(doc)
    if mention is None:
        return None
    entity = doc.kb.get(mention.entity)
    city = entity.properties.get("city") if entity else None
    return city if city in doc.kb else mention.entity

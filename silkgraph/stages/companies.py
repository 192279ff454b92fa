"""Companies named by their legal form and a name in guillemets, in Russian text.

Russian writes a company's legal form before its name, the name in guillemets: ТОО «Курык
Порт Инвест», ОАО «Барки Точик», АО «НК «КазМунайГаз»». The legal forms are data
(patterns/persons.yaml, `legal_forms_ru`). The name inside the marks, in Latin letters, is the
company's display name and makes its id, so the same company named in two articles is one
entity. A later mention of the name alone in guillemets, in any case ("глава «Кыргызалтына»"),
is the same company. A name the knowledge base knows is left to the lexicon.
"""

from __future__ import annotations

from silkgraph.doc import Doc, EntityMention
from silkgraph.kb import fold
from silkgraph.stages.morphology import is_cyrillic, latin_name

MAX_NAME_TOKENS = 10  # a company's name in guillemets is short; a longer quotation is speech
MAX_FORMS = 2  # "АО НК «…»": a legal form and a kind of company
MAX_ENDING = 3  # letters a Russian case ending adds to a name's last word ("Кыргызалтын-ом")
OPEN, CLOSE = "«", "»"


def add_companies(doc: Doc, covered: list[bool], legal_forms: frozenset[str], new_id) -> None:
    """Mentions for every company named after its legal form, and for its later bare mentions."""
    tokens = doc.tokens
    texts = tokens.texts
    names: dict[tuple[str, ...], str] = {}  # folded words of a name -> entity id
    for i, word in enumerate(texts):
        if word not in legal_forms or (i > 0 and texts[i - 1] in legal_forms):
            continue
        j = i + 1
        while j < len(texts) and texts[j] in legal_forms and j - i < MAX_FORMS:
            j += 1
        span = _guillemets_at(texts, j)
        if span is None:
            continue
        first, last = span
        if _known_organisation(doc, first, last):
            continue  # a company the knowledge base knows
        words = [t for t in texts[first:last] if t not in (OPEN, CLOSE)]
        if not words:
            continue
        name = " ".join(words).replace(" - ", "-")
        display = latin_name(name) if is_cyrillic(name) else name
        entity_id = new_id(display)
        if not entity_id or entity_id in doc.kb:
            continue
        doc.new_entities.setdefault(entity_id, (display, "organization"))
        _mention(doc, covered, first, last, entity_id)
        names[tuple(fold(w) for w in words)] = entity_id
    if names:
        _bare_mentions(doc, covered, names)


def _guillemets_at(texts: list[str], k: int) -> tuple[int, int] | None:
    """Token range of the words inside guillemets opening at k (nested marks included)."""
    if k >= len(texts) or texts[k] != OPEN:
        return None
    depth, end = 0, k
    while end < len(texts) and end - k <= MAX_NAME_TOKENS:
        depth += {OPEN: 1, CLOSE: -1}.get(texts[end], 0)
        end += 1
        if depth == 0:
            inner = (k + 1, end - 1)
            return inner if inner[1] > inner[0] else None
    return None


def _bare_mentions(doc: Doc, covered: list[bool], names: dict[tuple[str, ...], str]) -> None:
    """«Кыргызалтына» after ОАО «Кыргызалтын»: the name alone in guillemets, in another case."""
    texts = doc.tokens.texts
    for k, word in enumerate(texts):
        span = _guillemets_at(texts, k) if word == OPEN else None
        if span is None or _known_organisation(doc, *span):
            continue
        words = tuple(fold(t) for t in texts[span[0] : span[1]] if t not in (OPEN, CLOSE))
        for name, entity_id in names.items():
            if _same_name(words, name):
                _mention(doc, covered, span[0], span[1], entity_id)
                break


def _same_name(words: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """The same words, the last one possibly with a case ending added or its own vowel replaced."""
    if len(words) != len(name) or words[:-1] != name[:-1]:
        return False
    seen, base = words[-1], name[-1]
    stem = base[:-1] if base[-1:] in "aeiouy" else base
    return seen.startswith(stem) and len(seen) - len(stem) <= MAX_ENDING


def _known_organisation(doc: Doc, first: int, last: int) -> bool:
    """Whether an organisation's mention covers the whole name in tokens [first, last); one
    covering a part ("Каспий" in «Каспий Логистик») gives way to the longer name."""
    return any(
        m.first <= first and last <= m.last and doc.entity_type(m.entity) == "organization" for m in doc.mentions
    )


def _mention(doc: Doc, covered: list[bool], first: int, last: int, entity_id: str) -> None:
    """The name's mention; what was read inside it gives way, except the states it names."""
    tokens = doc.tokens
    start, end = tokens.starts[first], tokens.ends[last - 1]
    doc.mentions = [
        m
        for m in doc.mentions
        if not (start <= m.start and m.end <= end) or doc.entity_type(m.entity) in ("country", "region")
    ]
    doc.mentions.append(EntityMention(start, end, entity_id, "cue", first, last))
    for k in range(first, last):
        covered[k] = True

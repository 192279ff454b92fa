"""Direct quotes and who said them.

A quote is text between quotation marks („…“, “…”, "…", »…«, «…», ‚…‘, ‘…’, '…' at a word's
start; straight and typographic double marks may be mixed) that is long enough to be speech and
is no title or name; a quotation mark never closed in its paragraph runs to the paragraph's end,
and Russian direct speech may open with a dash. A quotation split by its attribution between
dashes («…, — сказал Токаев. — …») is two quotes of that speaker. Its speaker is found, in this
order, from:

* an attribution after it: „…“, erklärte Wang. / "…," said Tokayev. / „…“, so Tokajew.
  / «…», — заявил глава МИД Мурат Нуртлеу. / "…," the minister added. When a verb of saying
  follows but names nobody known ("said a spokesman"), the quote has no speaker. A quote that
  ends its sentence ("…." or „…“.) takes no attribution from the sentence after it.
* the next sentence pointing back to it: „…“ Das sagte Scholz. / «…». Об этом заявил Токаев.
* an attribution before it, ending in a colon: Tokajew betonte: „…“ / Токаев подчеркнул: «…»,
  or in a headline or teaser the name alone: Tokajew: „…“
* a verb of saying earlier in its sentence, the quote being part of indirect speech:
  Kulubaev erklärte, der Schritt ziele darauf, „…“ / Tokayev said Russia had built "…"
  / Как заявил Антониу Кошта, «…» / По словам Ушакова, «…»
* the speaker of the quote just before, when the quote goes on with that person's words (it opens
  a sentence or follows a comma or colon, and nobody else is named in between);
* the speaker of the sentence before, when that sentence has a verb of saying and the quote
  opens the next one.

Pronouns ("er", "he", "он") and office words ("der Präsident", "the deputy prime minister",
"глава МИД") in an attribution stand for the person they name or that was named before: the
one acting for the state next to the office word ("the Chinese leader"), else the first person
of the nearest sentence naming one. Quotes without a speaker are not reported: an anonymous
quote cannot be checked against anyone. Words are data (patterns/quotes.yaml), one section per
language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from silkgraph.kb import fold
from silkgraph.model import Quote
from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc
from silkgraph.stages.context import person_state

WINDOW = 12  # tokens after the closing mark (or before the opening one) that may hold the attribution
LEAD_REACH = 40  # tokens before a quote in its sentence searched for a verb of saying
HEADLINE_NAME = 6  # tokens: at most a role and a name before the colon of "Tokajew: „…“"
NAME_WORDS = 12  # a quoted name after its type noun is at most this long
CONTINUATION_SENTENCES = 3  # a quote continues the last speaker's words within this many sentences
OFFICE_SENTENCES = 4  # "the minister" stands for a person introduced with that office this many sentences back
OFFICE_REACH = 8  # tokens between an office word and the name it introduces


@dataclass(frozen=True)
class _Words:
    regex: re.Pattern
    unclosed: re.Pattern
    dialogue: re.Pattern | None
    split: re.Pattern | None
    verbs: frozenset[str]
    pronouns: frozenset[str]
    roles: frozenset[str]
    indefinite: frozenset[str]
    pointers: frozenset[str]
    name_nouns: frozenset[str]
    min_words: int
    lead_marks: frozenset[str]
    deputies: tuple[str, ...]


@lru_cache(maxsize=8)
def _words(language: str) -> _Words:
    data = load_pattern_file("quotes.yaml")
    apostrophes = set(data["apostrophes"])
    alternatives, unclosed = [], []
    for opening, closings in data["marks"].items():
        hard = "".join(re.escape(c) for c in closings if c not in apostrophes)
        soft = [re.escape(c) for c in closings if c in apostrophes]
        inner = f"[^{hard}{''.join(soft)}{re.escape(opening)}\n]"
        if soft:  # an apostrophe inside a word ("Today’s") does not end the quote
            inner = f"(?:{inner}|(?:{'|'.join(soft)})(?=\\w))"
        else:
            unclosed.append(f"{re.escape(opening)}({inner}{{2,3000}})$")
        closing = "|".join([f"[{hard}]"] * bool(hard) + [f"(?:{s})(?!\\w)" for s in soft])
        # a mark that is also an apostrophe opens a quote only at the start of a word ("the states' trade")
        guard = r"(?<!\w)" if opening in apostrophes else ""
        alternatives.append(f"{guard}{re.escape(opening)}({inner}{{2,3000}}?)(?:{closing})")
    # a quotation mark opening a paragraph or a sentence that is never closed in its paragraph opens
    # a quote up to the paragraph's end (a quote running over several paragraphs, or cut by the editor)
    bullets = "".join(re.escape(c) for c in data["lead_marks"] if c not in ",:")
    unclosed_regex = re.compile(
        rf"(?:^[ \t]*(?:[{bullets}][ \t]*)?|(?<=[.!?:] ))(?:{'|'.join(unclosed)})", re.MULTILINE
    )
    languages = (
        [language] if language in data else [k for k, v in data.items() if isinstance(v, dict) and "speech_verbs" in v]
    )

    def words(key: str) -> frozenset[str]:
        return frozenset(fold(w) for lang in languages for w in data[lang].get(key) or [])

    dashes = "".join(re.escape(d) for lang in languages for d in data[lang].get("dialogue_dashes") or [])
    # "— Мы готовы, — сказал Токаев.": a paragraph opened by a dash, the speech up to the dash before
    # the attribution
    dialogue = (
        re.compile(rf"^[ \t]*[{dashes}][ \t]+(?P<q>[^\n]{{2,3000}}?)[,.!?…]?[ \t]+[{dashes}][ \t]+(?=\w)", re.MULTILINE)
        if dashes
        else None
    )
    # «…, — сказал Токаев. — …»: the attribution between dashes inside the quotation marks
    split = (
        re.compile(rf"[,.!?…]?[ \t]+[{dashes}][ \t]+(?P<attr>[^{dashes}«»„“”\n]{{2,120}}?)[.,][ \t]+[{dashes}][ \t]+")
        if dashes
        else None
    )
    return _Words(
        re.compile("|".join(alternatives)),
        unclosed_regex,
        dialogue,
        split,
        words("speech_verbs"),
        words("pronouns"),
        words("roles"),
        words("indefinite_articles"),
        words("pointers"),
        words("name_nouns"),
        int(data["min_words"]),
        frozenset(data["lead_marks"]),
        tuple(fold(w) for w in data["deputy_words"]),
    )


_CUT_MARK = re.compile(r"\s*(?:\[…\]|\[\.\.\.\]|\(…\)|\(\.\.\.\)|…|\.\.\.)\s*$")


def _candidates(text: str, words: _Words) -> list[tuple[int, int, int, int, bool]]:
    """(mark start, text start, text end, mark end, dialogue) of every quotation in the text, in text
    order; dialogue for direct speech opened by a dash instead of a quotation mark."""
    found = []
    for regex in (words.regex, words.unclosed):
        for m in regex.finditer(text):
            group = next(g for g in range(1, (m.lastindex or 1) + 1) if m.group(g) is not None)
            start, end = m.span(group)
            found.append((start - 1, start, end, m.end(), False))
    if words.dialogue is not None:
        for m in words.dialogue.finditer(text):
            found.append((m.start(), m.start("q"), m.end("q"), m.end("q"), True))
    found.sort()
    out: list[tuple[int, int, int, int, bool]] = []
    for item in found:
        if not out or item[0] >= out[-1][3]:
            out.append(item)
    return out


def extract_quotes(doc: Doc) -> None:
    words = _words(doc.language)
    tokens = doc.tokens
    for mark_start, start, end, mark_end, dialogue in _candidates(doc.text, words):
        inner = doc.text[start:end]
        stripped = _CUT_MARK.sub("", inner).rstrip(" ,")
        if len(stripped.split()) < words.min_words or _title(stripped) or _named(doc, mark_start, stripped, words):
            continue
        end = start + len(stripped)
        split = _split_at_attribution(doc, start, end, words)
        if split:
            doc.quotes.extend(split)
            continue
        before = tokens.index_at(mark_start) - 1
        after = tokens.index_at(mark_end)
        # a full stop closes the sentence unless a comma after the mark goes on with the attribution
        ended = (
            inner.rstrip().endswith(".")
            and not inner.rstrip().endswith("..")
            and not doc.text[mark_end : mark_end + 2].lstrip().startswith(",")
        )
        speaker = None if ended else _speaker_after(doc, after, words, start)
        if (
            speaker is None and not dialogue
        ):  # a dash opens speech only with a verb of saying after it  # "" when the attribution after the quote names nobody known: no guessing
            speaker = (
                _speaker_after_sentence(doc, mark_end, words)
                or _speaker_before(doc, before, words)
                or _speaker_in_lead(doc, before, words, start)
                or _continued_speaker(doc, mark_start, words)
                or _introduced_speaker(doc, mark_start, words)
            )
        if speaker:
            doc.quotes.append(Quote(speaker=speaker, text=doc.text[start:end], start=start, end=end))


def _split_at_attribution(doc: Doc, start: int, end: int, words: _Words) -> list[Quote]:
    """«Мы готовы, — сказал Токаев. — Дорога будет построена»: one quotation split by its attribution
    between dashes is two quotes of the speaker it names."""
    if words.split is None:
        return []
    m = words.split.search(doc.text, start, end)
    if m is None:
        return []
    first = doc.tokens.index_at(m.start("attr"))
    last = doc.tokens.index_at(m.end("attr") - 1) + 1
    if not any(doc.tokens.folds[k] in words.verbs for k in range(first, last)):
        return []
    speaker = _speaker_after(doc, first, words, start)
    if not speaker:
        return []
    pieces = [(start, m.start()), (m.end(), end)]
    return [Quote(speaker=speaker, text=doc.text[a:b], start=a, end=b) for a, b in pieces if b - a > 1]


def _title(text: str) -> bool:
    """'Route for International Peace and Prosperity': a name in title case, not speech. Speech has
    more words in lower case than capitalised ones, even in German."""
    found = re.findall(r"[^\W\d_][\w'’-]*", text)
    capitalised = sum(w[0].isupper() for w in found)
    return bool(found) and capitalised >= 0.6 * len(found) and not re.search(r"[.!?,;:]", text)


def _named(doc: Doc, mark_start: int, quoted: str, words: _Words) -> bool:
    """A quotation right after its type noun is a name: "das Projekt „…“", "the company “…”", "АО «…»";
    unless it reads as speech, a clause with a comma or longer than names run ("sehe in dem Abkommen
    „eine Brücke für junge Menschen, die …“"), or opens in lower case as names never do ("nannte das
    Projekt „die größte …“", "назвал проект «крупнейшим …»")."""
    if len(quoted.split()) > NAME_WORDS or ("," in quoted and len(quoted.split()) >= 6):
        return False
    if quoted[:1].islower():
        return False  # a name opens with a capital; "called the programme "a test of …"" is speech
    k = doc.tokens.index_at(mark_start) - 1
    return k >= 0 and doc.tokens.folds[k] in words.name_nouns and not doc.text[doc.tokens.ends[k] : mark_start].strip()


def _speaker_after(doc: Doc, i: int, words: _Words, quote_start: int) -> str | None:
    """'…“, erklärte Wang.' / '…," he said.' / '…“, so Tokajew.' / '…», — заявил X.'; "" when a verb of
    saying follows the quote but names no known person, None when no attribution follows."""
    tokens = doc.tokens
    limit = min(len(tokens), i + WINDOW)
    comma = i < len(tokens) and tokens.texts[i] == ","
    if i < len(tokens) and tokens.texts[i] == ".":
        return None  # the quote ended its sentence: what follows is a sentence of its own
    if comma:
        i += 1
    verb_seen = False
    for k in range(i, limit):
        gap = doc.text[tokens.ends[k - 1] : tokens.starts[k]] if k else ""
        # a quote ending in a comma goes on in its sentence, even after a line break
        if tokens.texts[k] in ".!?;" or (k > i and "\n" in gap) or (k == i and "\n" in gap and not comma):
            break
        folded = tokens.folds[k]
        if folded in words.verbs:
            verb_seen = True
            continue
        person = _person_at(doc, k)
        if person:
            return person if verb_seen or _verb_within(tokens, k + 1, limit, words.verbs) else None
        if folded in words.pronouns or folded in words.roles:
            if _indefinite(tokens, k, i, words):
                return ""  # "said a spokesman": somebody not named before
            if verb_seen or _verb_within(tokens, k + 1, limit, words.verbs):
                return _person_named_at_or_before(doc, k, limit, quote_start)
            if folded in words.pronouns:
                return None
    return "" if verb_seen else None


def _speaker_after_sentence(doc: Doc, mark_end: int, words: _Words) -> str | None:
    """'«…». Об этом заявил Токаев.' / '„…“ Das sagte Scholz am Montag.': the quote ends its sentence
    and the next one opens by pointing back to it with a verb of saying."""
    tokens = doc.tokens
    here = doc.sentence_of(max(0, mark_end - 1))
    if here + 1 >= len(doc.sentences) or doc.text[mark_end : doc.sentences[here].end].strip(" .!?\"'»«“”„"):
        return None
    following = doc.sentences[here + 1]
    head = range(following.first_token, min(following.last_token, following.first_token + 4))
    if not any(tokens.folds[k] in words.pointers for k in head):
        return None
    verb = next((k for k in head if tokens.folds[k] in words.verbs), None)
    if verb is None:
        return None
    for k in range(verb + 1, min(following.last_token, verb + WINDOW)):
        person = _person_at(doc, k)
        if person:
            return person
    return None


def _speaker_before(doc: Doc, i: int, words: _Words) -> str | None:
    """'Tokajew betonte: „…“' / 'Er erklärte: „…“': a colon before the quote, a verb and a speaker before it."""
    tokens = doc.tokens
    if i < 0 or tokens.texts[i] != ":":
        return None
    sentence = doc.sentences[doc.sentence_of(tokens.starts[i])]
    lo = max(0, i - WINDOW * 2, sentence.first_token)
    if not any(tokens.folds[k] in words.verbs for k in range(lo, i)):
        # a headline or teaser: "Tokajew: „…“", the name and the colon alone before the quote
        line_start = doc.text.rfind("\n", 0, tokens.starts[i]) + 1
        if i - max(lo, tokens.index_at(line_start)) <= HEADLINE_NAME:
            return _person_at(doc, i - 1) if i > 0 else None
        return None
    for k in range(i - 1, lo - 1, -1):
        person = _person_at(doc, k)
        if person:
            return person
    for k in range(lo, i):
        if tokens.folds[k] in words.pronouns or tokens.folds[k] in words.roles:
            return _person_with_office(doc, k, tokens.starts[k]) or _last_person_before(doc, tokens.starts[k])
    return None


def _speaker_in_lead(doc: Doc, i: int, words: _Words, quote_start: int) -> str | None:
    """Indirect speech that turns into a quote: the speaker next to the last verb of saying before the
    quote in its sentence ("Tokayev said Russia had built "…"", "Как заявил Антониу Кошта, «…»")."""
    tokens = doc.tokens
    if i < 0:
        return None
    sentence = doc.sentences[doc.sentence_of(quote_start)]
    if i < sentence.first_token:
        return None  # the quote opens its sentence
    lo = max(sentence.first_token, i - LEAD_REACH)
    quoted = _quoted_spans(doc, tokens.starts[lo])
    verb = next(
        (k for k in range(i, lo - 1, -1) if tokens.folds[k] in words.verbs and not _inside(tokens.starts[k], quoted)),
        None,
    )
    if verb is None:
        return None
    # the nearest person to the verb: before it ("Tokayev said"), else after it ("заявил … Кошта")
    for k in list(range(verb - 1, max(lo, verb - WINDOW) - 1, -1)) + list(range(verb + 1, min(i + 1, verb + WINDOW))):
        if _inside(tokens.starts[k], quoted):
            continue
        person = _person_at(doc, k)
        if person:
            return person
        if tokens.folds[k] in words.pronouns or tokens.folds[k] in words.roles:
            return _person_named_at_or_before(doc, k, min(i + 1, verb + WINDOW), quote_start)
    return None


def _continued_speaker(doc: Doc, mark_start: int, words: _Words) -> str | None:
    """A quote that opens a sentence, or follows a comma or colon, goes on with the words of the speaker
    of the quote just before when nobody else is named in between (outside quotes)."""
    if not doc.quotes:
        return None
    previous = doc.quotes[-1]
    if doc.sentence_of(mark_start) - doc.sentence_of(previous.end) > CONTINUATION_SENTENCES:
        return None
    sentence = doc.sentences[doc.sentence_of(mark_start)]
    lead = doc.text[max(sentence.start, previous.end + 1) : mark_start].strip()
    if lead and lead[-1] not in words.lead_marks and lead[-1] not in ".!?":
        return None
    quoted = _quoted_spans(doc, previous.start)
    for m in doc.mentions_in(previous.end, mark_start):
        if doc.entity_type(m.entity) == "person" and m.entity != previous.speaker and not _inside(m.start, quoted):
            return None
    return previous.speaker


def _introduced_speaker(doc: Doc, mark_start: int, words: _Words) -> str | None:
    """A quote that opens its sentence after a sentence with a verb of saying is the words of that
    sentence's speaker ("Dar also thanked the ministers. “My thanks go to …”")."""
    here = doc.sentence_of(mark_start)
    sentence = doc.sentences[here]
    if here == 0 or doc.text[sentence.start : mark_start].strip():
        return None
    previous = doc.sentences[here - 1]
    tokens = doc.tokens
    quoted = _quoted_spans(doc, previous.start)
    if not any(
        tokens.folds[k] in words.verbs and not _inside(tokens.starts[k], quoted)
        for k in range(previous.first_token, previous.last_token)
    ):
        return None
    return _last_person_before(doc, previous.end)


def _person_named_at_or_before(doc: Doc, k: int, limit: int, quote_start: int) -> str | None:
    """The person an office word or pronoun at token `k` stands for: a name right after it ("the
    minister Murat Nurtleu"), else the person named last before the quote."""
    for j in range(k + 1, min(limit, len(doc.tokens))):
        if doc.tokens.texts[j] in ".!?;":
            break
        person = _person_at(doc, j)
        if person:
            return person
    return (
        _person_of_state(doc, k, quote_start)
        or _person_with_office(doc, k, quote_start)
        or _last_person_before(doc, quote_start)
    )


def _person_with_office(doc: Doc, k: int, quote_start: int) -> str | None:
    """'The minister said' after "Uzbekistan's Minister of Economy, Jamshid Kuchkarov, and the EBRD
    director, Huseyin Ozhan": of the people named before the quote, the last one introduced with
    that office word ("Minister", "министра", "Außenminister"), unless as a deputy's superior
    ("заместитель министра") when the quote's office is not a deputy's, and the other way round. None
    when the office word is a pronoun or nobody was so introduced."""
    tokens = doc.tokens
    office = tokens.folds[k]
    words = _words(doc.language)
    if office not in words.roles or len(office) < 4:
        return None
    floor = doc.sentences[max(0, doc.sentence_of(quote_start) - OFFICE_SENTENCES)].start
    quoted = _quoted_spans(doc, floor)
    people = [
        m
        for m in doc.mentions_in(floor, min(quote_start, tokens.starts[k]))
        if doc.entity_type(m.entity) == "person" and not _inside(m.start, quoted)
    ]
    deputy = _deputy(tokens, k, words)
    found = None
    for previous, m in zip([None, *people], people):
        lo = max(previous.last if previous else 0, m.first - OFFICE_REACH)
        hi = min(len(tokens), m.last + 4)
        for j in [*range(lo, m.first), *range(m.last, hi)]:
            if j != k and _same_office(tokens.folds[j], office) and _deputy(tokens, j, words) == deputy:
                found = m.entity
    return found


def _deputy(tokens, k: int, words: _Words) -> bool:
    """Whether the office word at k is a deputy's: "deputy prime minister", "заместитель министра"."""
    return any(tokens.folds[j].startswith(words.deputies) for j in range(max(0, k - 2), k))


def _same_office(word: str, office: str) -> bool:
    """'ministra' and 'ministr', 'aussenminister' and 'minister': the same office word in another case
    or as the head of a compound."""
    return (
        word.startswith(office) and len(word) - len(office) <= 3 or (word.endswith(office) and len(word) > len(office))
    )


def _person_of_state(doc: Doc, k: int, quote_start: int) -> str | None:
    """'the Chinese leader', 'der kasachische Staatschef', 'глава МИД Казахстана': of the people named
    before the quote, the last one who acts for the state named next to the office word."""
    tokens = doc.tokens
    lo, hi = tokens.starts[max(0, k - 3)], tokens.ends[min(len(tokens) - 1, k + 3)]
    states = {m.entity for m in doc.mentions_in(lo, hi) if doc.entity_type(m.entity) == "country"}
    if not states:
        return None
    floor = doc.sentences[max(0, doc.sentence_of(quote_start) - 3)].start
    quoted = _quoted_spans(doc, floor)
    best = None
    for m in doc.mentions_in(floor, quote_start):
        if (
            doc.entity_type(m.entity) == "person"
            and not _inside(m.start, quoted)
            and person_state(doc, m.entity) in states
        ):
            best = m.entity
    return best


def _indefinite(tokens, k: int, floor: int, words: _Words) -> bool:
    """An indefinite article shortly before the office word: 'a spokesman', 'ein Sprecher'."""
    return any(tokens.folds[j] in words.indefinite for j in range(max(floor, k - 3), k))


def _verb_within(tokens, start: int, limit: int, verbs) -> bool:
    return any(tokens.folds[k] in verbs for k in range(start, min(limit, len(tokens))))


def _quoted_spans(doc: Doc, floor: int) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in doc.quotes if q.end > floor]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


def _person_at(doc: Doc, token_index: int) -> str | None:
    start, end = doc.tokens.starts[token_index], doc.tokens.ends[token_index]
    # mentions are at most a few words long: look at those starting shortly before the token
    for m in doc.mentions_in(max(0, start - 200), end + 200):
        if m.start <= start < m.end and doc.entity_type(m.entity) == "person":
            return m.entity
    return None


def _last_person_before(doc: Doc, offset: int) -> str | None:
    """The person a pronoun or office word before `offset` stands for: in the nearest of the last three
    sentences that names a person outside quotes, the first one named there, the subject more often
    than not ("Dar thanked Prime Minister Sharif. “…,” the deputy prime minister added")."""
    here = doc.sentence_of(offset)
    quoted = _quoted_spans(doc, doc.sentences[max(0, here - 3)].start)
    for k in range(here, max(-1, here - 4), -1):
        sentence = doc.sentences[k]
        for m in doc.mentions_in(sentence.start, min(sentence.end, offset)):
            if doc.entity_type(m.entity) == "person" and not _inside(m.start, quoted):
                return m.entity
    return None

"""From lexicon matches to linked entity mentions.

Beyond plain look-up, three things need the document as a whole:

* role phrases ("Kasachstans Außenminister", "US-Präsident", "President of
  Kazakhstan") resolve to whoever held that office at the publication date;
* people missing from the knowledge base are still found from the words that
  describe them ("Zoon Ahmed Khan, Forschungsstipendiat am ...", "Präsident
  Donald Trump") and get an id made from their name;
* later short forms ("Tokajew", "Wang", "Khan") resolve to the full name
  mentioned earlier in the same document.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from silkgraph.patterns import load_pattern_file
from silkgraph.doc import Doc, EntityMention
from silkgraph.stages.entities import HYPHEN, Lexicon, Match, match_entities
from silkgraph.stages.companies import add_companies
from silkgraph.stages.given_names import GivenNames, find_named_people
from silkgraph.stages.ministries import MinistryFinder, add_ministries
from silkgraph.stages.morphology import is_cyrillic
from silkgraph.stages.people_ru import find_people
from silkgraph.stages.places_by_kind import add_places

_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.]*$")
SURNAME_ENDINGS = ("a", "u", "ym", "om", "e")  # Russian case endings of a surname, folded
PORTFOLIO_WORDS = 8  # "Minister of Foreign Affairs and Trade …": words of the office before the name
STATE_REACH = 10  # tokens before a name searched for the state of the office it holds
SAME_PERSON_RATIO = 0.8  # spellings of one name this alike, with the office to confirm, are one person
WEAK_NOUN_ENDINGS = ("en", "n")  # German weak nouns outside the nominative: "Ökonomen", "Präsidenten"


class Recogniser:
    """The "entities" stage: lexicon matching plus linking."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        data = load_pattern_file("persons.yaml")
        self.person_nouns = frozenset(_fold_plain(w) for ws in data["person_nouns"].values() for w in ws)
        self.noun_lengths = sorted({len(w) for w in self.person_nouns}, reverse=True)
        self.noun_endings = tuple(_fold_plain(w) for w in data["common_noun_endings"])
        self.not_names = frozenset(w for ws in data["not_names"].values() for w in ws)
        self.articles = frozenset(w for ws in data["appositive_articles"].values() for w in ws)
        self.role_of = frozenset(data["role_of"])
        self.org_heads = frozenset(_fold_plain(w) for ws in data["organization_heads"].values() for w in ws)
        self.org_connectors = frozenset(data["organization_connectors"])
        self.org_descriptors = tuple(_fold_plain(w) for ws in data["organization_descriptors"].values() for w in ws)
        self.generic_words = frozenset(data["generic_name_words"])
        self.deputy_stems = tuple(_fold_plain(w) for w in data["deputy_words"])
        self.person_relatives = frozenset(w for ws in data["person_relatives"].values() for w in ws)
        self.ministries = MinistryFinder(lexicon.morphology)
        self.morphology = lexicon.morphology
        self.offices_ru = frozenset(data["person_nouns_ru"])
        self.places_ru = frozenset(data["place_nouns_ru"])
        self.legal_forms_ru = frozenset(data["legal_forms_ru"])
        self.plain_e_states = frozenset(data["plain_e_states"])
        self.given_names = GivenNames()

    def __call__(self, doc: Doc) -> None:
        doc.matches = match_entities(self.lexicon, doc.tokens)
        covered = [False] * len(doc.tokens)
        for m in doc.matches:
            for i in range(m.first, m.last):
                covered[i] = True
        mentions = []
        for group in _overlapping(doc.matches):
            mentions.extend(self._resolve(doc, group))
        doc.mentions = mentions
        self._people_from_cues(doc, covered)
        if doc.language == "ru":
            add_companies(doc, covered, self.legal_forms_ru, new_entity_id)
            for span in find_people(doc, covered, self.morphology, self.offices_ru, self.places_ru):
                self._add_person(doc, span, covered)
        elif doc.language in ("de", "en"):
            for span in find_named_people(doc, covered, self.not_names, self.given_names):
                self._add_person(doc, span, covered)
        add_places(doc, covered, self.morphology, new_entity_id)
        self._organisations_from_heads(doc, covered)
        add_ministries(doc, covered, self.ministries)
        self._roles(doc)
        self._short_forms(doc, covered)
        doc.mentions.sort(key=lambda m: (m.start, m.end))

    # -- plain matches -----------------------------------------------------

    def _resolve(self, doc: Doc, group: list[Match]) -> list[EntityMention]:
        """One mention per matched span; several readings of one span are decided here."""
        readings = [m for m in group if m.kind != "role"]
        if not readings:
            return []
        chosen = readings[0]
        if len(readings) > 1:
            chosen = self._disambiguate(doc, readings)
        return [
            EntityMention(
                chosen.start,
                chosen.end,
                chosen.target,
                chosen.kind if not chosen.inner else "inner",
                chosen.first,
                chosen.last,
            )
        ]

    def _disambiguate(self, doc: Doc, readings: list[Match]) -> Match:
        """Prefer a person in office at the publication date, then the reading named elsewhere in the text."""
        published = doc.document.published
        for m in readings:
            entity = doc.kb.get(m.target)
            if entity and entity.roles and published and any(r.covers(published) for r in entity.roles):
                return m
        elsewhere = {m.target for m in doc.matches if m.kind == "name"}
        counts = {m.target: sum(1 for x in doc.matches if x.target == m.target) for m in readings}
        unique = [m for m in readings if counts[m.target] > 1 and m.target in elsewhere]
        return unique[0] if unique else readings[0]

    # -- people from cue words --------------------------------------------

    def _people_from_cues(self, doc: Doc, covered: list[bool]) -> None:
        tokens = doc.tokens
        n = len(tokens)
        for i in range(n):
            if not self._is_person_noun(tokens.folds[i], tokens.texts[i]):
                continue
            # "Präsident Donald Trump": the name follows the noun directly
            span = self._name_at(doc, i + 1, covered)
            if span is None and i + 1 < n and tokens.texts[i + 1] == ",":
                # "Minister für öffentliche Sicherheit, Wang Xiaohong,": noun, complement, comma, name
                span = self._name_at(doc, i + 2, covered)
            if span is None:
                span = self._name_before(doc, i, covered)
            if span is None and doc.language == "en" and i + 1 < n and tokens.folds[i + 1] == "of":
                span = self._name_after_portfolio(doc, i + 2, covered)
            if span is not None:
                self._add_person(doc, span, covered)
        # "Begenj Abdullayev, who heads ...": a relative pronoun that only people take
        for i in range(1, n - 1):
            if tokens.texts[i] == "," and tokens.folds[i + 1] in self.person_relatives:
                span = self._name_ending_at(doc, i, covered)
                if span is not None:
                    self._add_person(doc, span, covered)
        # "..., Wang Xiaohong, traf": a complement of up to six words between the noun and the name
        for i in range(n):
            if tokens.texts[i] != "," or i + 1 >= n or covered[i + 1]:
                continue
            back = range(max(0, i - 6), i)
            if any(self._is_person_noun(tokens.folds[j], tokens.texts[j]) for j in back):
                span = self._name_at(doc, i + 1, covered)
                # "..., Wang Xiaohong, traf" / "the EBRD director for Central Asia, Huseyin Ozhan."
                if span and (span[1] == n or tokens.texts[span[1]] in (",", "(", ".", ";")):
                    self._add_person(doc, span, covered)

    def _name_after_portfolio(self, doc: Doc, k: int, covered: list[bool]) -> tuple[int, int] | None:
        """'Minister of Agriculture Aidarbek Saparov': after "of", the office's portfolio in ordinary
        capitalised words (or names already recognised), then a name of two or three words that are
        no ordinary English words."""
        tokens = doc.tokens
        end = k
        while (
            end < len(tokens)
            and end - k < PORTFOLIO_WORDS
            and (covered[end] or tokens.folds[end] in ("the", "and", "&") or self._namelike(tokens.texts[end]))
        ):
            if "\n" in doc.text[tokens.ends[end - 1] : tokens.starts[end]]:
                break
            end += 1
        start = end
        while start > k and not covered[start - 1] and self._namelike(tokens.texts[start - 1]):
            if self.given_names.is_ordinary_word(tokens.texts[start - 1], doc.language):
                break
            start -= 1
        if not 2 <= end - start <= 3 or start == k:
            return None  # no portfolio before the name, or no name after it
        return self._valid_name(doc, start, end)

    def _name_before(self, doc: Doc, noun: int, covered: list[bool]) -> tuple[int, int] | None:
        """'Zoon Ahmed Khan, Forschungsstipendiat' / 'Nurlanbek Shakiev, der Sprecher': name, comma, noun."""
        tokens = doc.tokens
        j = noun - 1
        if j >= 2 and tokens.folds[j] == HYPHEN and tokens.texts[j - 1][:1].isalpha():
            j -= 2  # the noun is the head of a compound: "Jozef Síkela, EU-Kommissar", "Liu Wei, vice-president"
        steps = 0
        while (
            j >= 0
            and steps < 3
            and tokens.texts[j] != ","
            and (tokens.texts[j] in self.articles or tokens.texts[j].islower())
        ):
            j -= 1
            steps += 1
        if j < 1 or tokens.texts[j] != ",":
            return None
        return self._name_ending_at(doc, j, covered)

    def _name_ending_at(self, doc: Doc, end: int, covered: list[bool]) -> tuple[int, int] | None:
        """The name of two to four capitalised words that ends just before token `end`, if any."""
        tokens = doc.tokens
        start = end
        while (
            start - 1 >= 0
            and end - (start - 1) <= 4
            and self._namelike(tokens.texts[start - 1])
            and not covered[start - 1]
        ):
            start -= 1
        if end - start < 2:
            return None
        return self._valid_name(doc, start, end)

    def _name_at(self, doc: Doc, i: int, covered: list[bool]) -> tuple[int, int] | None:
        tokens = doc.tokens
        end = i
        while (
            end < len(tokens)
            and end - i < 4
            and not covered[end]
            and self._namelike(tokens.texts[end])
            and (end == i or "\n" not in doc.text[tokens.ends[end - 1] : tokens.starts[end]])
        ):
            end += 1
        if end - i < 2:
            return None
        return self._valid_name(doc, i, end)

    def _valid_name(self, doc: Doc, start: int, end: int) -> tuple[int, int] | None:
        words = doc.tokens.texts[start:end]
        if any(w in self.not_names for w in words):
            return None
        if _fold_plain(words[-1]) in self.org_heads:
            return None  # "General Nuclear Power Group": a body named after "General", not a person
        # A name has at least one word that does not look like a German common noun
        # ("Zusammenarbeit", "Regierung"); names rarely end in these derivational suffixes.
        if all(_fold_plain(w).endswith(self.noun_endings) for w in words):
            return None
        return start, end

    def _namelike(self, token: str) -> bool:
        return (
            bool(_WORD.match(token))
            and token[0].isupper()
            and len(token) >= 2
            and token not in self.not_names
            and not token.isupper()
        )

    def _is_person_noun(self, folded: str, text: str) -> bool:
        """Whether a word is (or ends in) a noun for a person; German weak nouns count in their
        oblique cases too ("des Agrarökonomen", "dem Präsidenten")."""
        if not text[:1].isalpha():
            return False
        forms = [folded] + [
            folded[: -len(e)] for e in WEAK_NOUN_ENDINGS if folded.endswith(e) and len(folded) > len(e) + 3
        ]
        return any(f[-n:] in self.person_nouns for f in forms for n in self.noun_lengths if n <= len(f))

    def _add_person(self, doc: Doc, span: tuple[int, int], covered: list[bool]) -> None:
        tokens = doc.tokens
        start, end = tokens.starts[span[0]], tokens.ends[span[1] - 1]
        name = doc.text[start:end]
        if is_cyrillic(name):  # "Юрия Ушакова": the nominative, in Latin letters
            name = self.morphology.person_name(name.split(), self._state_before(doc, span[0]) in self.plain_e_states)
        entity_id = new_entity_id(name)
        if not entity_id:
            return
        if entity_id not in doc.kb:
            doc.new_entities.setdefault(entity_id, (name, "person"))
        doc.mentions.append(EntityMention(start, end, entity_id, "cue", span[0], span[1]))
        for k in range(span[0], span[1]):
            covered[k] = True

    @staticmethod
    def _state_before(doc: Doc, first: int) -> str | None:
        """The state named last in the few tokens before a name, itself or as an organisation's
        ("министр труда Кыргызстана Кудайберген Базарбаев", "глава «Кыргызалтына» …")."""
        near = sorted(
            (m for m in doc.mentions if first - STATE_REACH <= m.first and m.last <= first), key=lambda m: m.first
        )
        states = [doc.kb.country_of(m.entity) for m in near]
        return next((state for state in reversed(states) if state), None)

    # -- organisations from the word that ends their name -----------------

    def _organisations_from_heads(self, doc: Doc, covered: list[bool]) -> None:
        tokens = doc.tokens
        for i, folded in enumerate(tokens.folds):
            if folded not in self.org_heads or not tokens.texts[i][:1].isupper() or covered[i]:
                continue
            start = self._name_start(doc, i)
            if start is None:
                continue
            words = [t for t in tokens.texts[start:i] if t not in self.org_connectors and t != "-"]
            if not words or all(w in self.generic_words for w in words):
                continue
            if any(covered[k] and self._organisation_at(doc, k) for k in range(start, i)):
                continue  # "the CSTO Collective Security Council": a body of a known organisation
            begin, end = tokens.starts[start], tokens.ends[i]
            name = doc.text[begin:end]
            entity_id = _slug(name)
            if entity_id in doc.kb or not entity_id:
                continue
            doc.new_entities.setdefault(entity_id, (name, "organization"))
            # a longer name wins over what was read inside it, except the states it names
            doc.mentions = [
                m
                for m in doc.mentions
                if not (begin <= m.start and m.end <= end) or doc.entity_type(m.entity) in ("country", "region")
            ]
            doc.mentions.append(EntityMention(begin, end, entity_id, "cue", start, i + 1))
            for k in range(start, i + 1):
                covered[k] = True

    @staticmethod
    def _organisation_at(doc: Doc, token: int) -> bool:
        """Whether a knowledge-base organisation is mentioned at `token`."""
        return any(m.first <= token < m.last and doc.entity_type(m.entity) == "organization" for m in doc.mentions)

    def _name_start(self, doc: Doc, head: int) -> int | None:
        """First token of the capitalised name that ends with the head word, or None."""
        tokens = doc.tokens
        k = head
        while k - 1 >= 0 and head - (k - 1) <= 7:
            prev = tokens.texts[k - 1]
            gap = doc.text[tokens.ends[k - 1] : tokens.starts[k]]
            if "\n" in gap:
                break
            if prev == "-" and k - 2 >= 0 and tokens.texts[k - 2][:1].isupper():
                k -= 2  # "Tsinghua-Universität"
                continue
            if (
                prev in self.org_connectors
                and k - 2 >= 0
                and tokens.texts[k - 2][:1].isupper()
                and tokens.folds[k - 2] not in self.org_heads
            ):  # "X-Universität und Y University": two names
                k -= 1
                continue
            if prev[:1].isupper() and prev.isalpha() and prev not in self.not_names:
                if _fold_plain(prev).endswith(self.org_descriptors):
                    break  # "der Anlagenbauer Rheinberg Mining GmbH": the kind of firm, not its name
                k -= 1
                continue
            break
        while k < head and tokens.texts[k] in self.org_connectors:
            k += 1
        return k if k < head else None

    # -- role phrases -------------------------------------------------------

    def _roles(self, doc: Doc) -> None:
        published = doc.document.published
        tokens = doc.tokens
        by_first = {m.first: m for m in doc.mentions}
        by_last = {m.last: m for m in doc.mentions}
        for role in (m for m in doc.matches if m.kind == "role"):
            # An apposition names the holder already: "Präsident Xi Jinping", "Präsident Tokajew".
            nxt = by_first.get(role.last) or (
                by_first.get(role.last + 1) if role.last < len(tokens) and tokens.texts[role.last] == "," else None
            )
            if nxt and doc.entity_type(nxt.entity) == "person":
                continue
            if self._plural(doc, role):
                continue  # "die Staats- und Regierungschefs von ...": several people, no single holder
            if self._deputy(doc, role):
                continue
            named = self._named_after_state(doc, role, by_first)
            state, phrase_start = self._role_state(doc, role, by_first, by_last)
            if state is None or not published:
                continue
            holders = doc.kb.holders(role.target, state, published)
            if named is not None:
                if len(holders) == 1 and _another_spelling(doc, named.entity, holders[0]):
                    _relink(doc, named.entity, holders[0])
                continue
            if len(holders) == 1:
                doc.mentions.append(EntityMention(phrase_start, role.end, holders[0], "role", role.first, role.last))

    def _deputy(self, doc: Doc, role: Match) -> bool:
        """'заместитель министра', 'deputy minister', 'stellvertretender Minister': the office word
        names the deputy's superior, not the person spoken of."""
        tokens = doc.tokens
        k = role.first - 1
        if k >= 1 and tokens.folds[k] == HYPHEN:
            k -= 1  # "vice-president"
        return k >= 0 and tokens.folds[k].startswith(self.deputy_stems)

    def _named_after_state(self, doc: Doc, role: Match, by_first) -> EntityMention | None:
        """'министр финансов Таджикистана Фаиз Курбонзода', 'Minister of Energy of Uzbekistan Jurabek
        Mirzamahmudov': the mention of the person named right after the office and its state, who
        holds it (whoever the knowledge base has in that office)."""
        tokens = doc.tokens
        j = role.last
        while j < len(tokens) and tokens.folds[j] in self.role_of:
            j += 1
        state = by_first.get(j)
        if state is not None and doc.entity_type(state.entity) == "country":
            j = state.last
            if j < len(tokens) and tokens.texts[j] == ",":
                j += 1
            person = by_first.get(j)
            if person is not None and doc.entity_type(person.entity) == "person":
                return person
        return None

    def _plural(self, doc: Doc, role: Match) -> bool:
        """A role word in -s is a plural unless a singular genitive article or a state's genitive precedes it."""
        tokens = doc.tokens
        word = tokens.folds[role.last - 1]
        title = doc.kb.role_titles.get(role.target)
        lemmas = {t.casefold() for forms in title.words.values() for t in forms} if title else set()
        if not word.endswith("s") or word in {_fold_plain(x) for x in lemmas}:
            return False
        before = tokens.folds[role.first - 1] if role.first > 0 else ""
        return before not in ("des", "eines") and not tokens.texts[role.first - 1].endswith("s")

    def _role_state(self, doc: Doc, role: Match, by_first, by_last) -> tuple[str | None, int]:
        tokens = doc.tokens
        before = by_last.get(role.first)
        if before is None and role.first >= 1 and tokens.folds[role.first - 1] == HYPHEN:
            before = by_last.get(role.first - 1)  # "US-Präsident"
        if before and doc.entity_type(before.entity) == "country":
            return before.entity, before.start
        j = role.last
        while j < len(tokens) and tokens.folds[j] in self.role_of:
            j += 1
        # Russian puts the state in the genitive right after the office: "президент Казахстана".
        after = by_first.get(j) if j > role.last or doc.language == "ru" else None
        if after and doc.entity_type(after.entity) == "country":
            return after.entity, role.start
        return None, role.start

    # -- short forms -------------------------------------------------------

    def _short_forms(self, doc: Doc, covered: list[bool]) -> None:
        tokens = doc.tokens
        parts: dict[str, set[str]] = {}
        for m in doc.mentions:
            if doc.entity_type(m.entity) != "person" or m.via == "role":
                continue
            for k in range(m.first, m.last):
                if tokens.folds[k] != HYPHEN and tokens.texts[k][:1].isupper():
                    for part in self._word_forms(tokens.texts[k], tokens.folds[k]):
                        parts.setdefault(part, set()).add(m.entity)
        if not parts:
            return
        first_use = {}
        for m in doc.mentions:
            first_use.setdefault(m.entity, m.start)
        for i, folded in enumerate(tokens.folds):
            if covered[i] or not tokens.texts[i][:1].isupper():
                continue
            owners = parts.get(folded) or (parts.get(folded[:-1]) if folded.endswith("s") else None)
            if not owners and is_cyrillic(tokens.texts[i]):  # "Ушакова" after "Юрий Ушаков"
                owners = set().union(*(parts.get(f, set()) for f in self._word_forms(tokens.texts[i], folded)))
            if owners and len(owners) == 1:
                entity = next(iter(owners))
                if first_use.get(entity, 0) <= tokens.starts[i]:
                    doc.mentions.append(EntityMention(tokens.starts[i], tokens.ends[i], entity, "short", i, i + 1))
                    covered[i] = True

    def _word_forms(self, text: str, folded: str) -> tuple[str, ...]:
        """The folded word and, for a Cyrillic one, its folded dictionary forms as a name."""
        if not is_cyrillic(text):
            return (folded,)
        # Surnames in -ов, -ев, -ин decline as nouns do (Карина, Карину, Кариным), which the
        # dictionary does not always know of an unfamiliar name: the case ending is cut off too.
        stems = tuple(folded[: -len(e)] for e in SURNAME_ENDINGS if folded.endswith(e) and len(folded) > len(e) + 2)
        return (folded, *stems, *(_fold_plain(lemma) for lemma in self.morphology.lemmas(text)))


def _another_spelling(doc: Doc, named: str, holder: str) -> bool:
    """Whether a person found outside the knowledge base is its office holder spelled otherwise
    ("Файзиддин Кахорзода" for Faiziddin Qahhorzoda): names this alike are one person when the
    office says so."""
    if named in doc.kb or holder not in doc.kb:
        return False
    new_name = doc.new_entities.get(named, (named, ""))[0]
    ratio = SequenceMatcher(None, _fold_plain(new_name), _fold_plain(doc.kb[holder].name)).ratio()
    return ratio >= SAME_PERSON_RATIO


def _relink(doc: Doc, old: str, new: str) -> None:
    """Every mention of `old` becomes one of `new`; `old` is no new entity any more."""
    doc.mentions = [
        EntityMention(m.start, m.end, new, m.via, m.first, m.last) if m.entity == old else m for m in doc.mentions
    ]
    doc.new_entities.pop(old, None)


def _overlapping(matches: list[Match]) -> list[list[Match]]:
    """Matches grouped by identical span, in text order."""
    groups: dict[tuple[int, int, bool], list[Match]] = {}
    for m in matches:
        groups.setdefault((m.start, m.end, m.inner), []).append(m)
    return list(groups.values())


@lru_cache(maxsize=4096)
def _fold_plain(word: str) -> str:
    from silkgraph.kb import fold

    return fold(word)


def new_entity_id(name: str) -> str:
    """The id of an entity outside the knowledge base, made from its (Latin) name."""
    return _slug(name)


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")

"""Recognise knowledge-base entities in text, German inflection included.

The matcher works over folded tokens (case and accents removed, hyphens
skipped), so "Belt-and-Road-Initiative" finds "Belt and Road Initiative" and
"China–Kirgisistan–Usbekistan" finds "China Kirgisistan Usbekistan". German
inflection is handled on the last token of a candidate: names accept a
genitive ending (Kasachstans, Tokajews), adjectives their declension endings
(kasachische, chinesischen), demonyms their plural (Kasachen), role words
both (Präsidenten, Außenministers). Matching is greedy, longest first, left
to right; inside a matched compound ("China-Zentralasien-Gipfel") the states
and regions it names are recorded too, as inner mentions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from silkgraph.kb import KnowledgeBase
from silkgraph.stages.morphology import PREFIX_CHARS, Morphology, cyrillic_key, is_cyrillic, key
from silkgraph.stages.tokens import Tokens, fold_token, tokenize

# Endings that the last token of a candidate may carry, by kind of lexicon entry.
SUFFIXES = {
    # German genitive; Russian case endings of transliterated names ("Казахстана", "Токаеву")
    "name": ("s", "es", "ns", "a", "u", "e", "om", "ym", "oy"),
    "adjective": ("e", "en", "er", "es", "em"),
    "demonym": ("n", "en", "in", "innen", "s"),
    "role": ("s", "en", "n", "in", "innen", "es", "e"),
}
# Which entity type wins when one surface form names several entities.
TYPE_PRIORITY = {
    "country": 0,
    "person": 1,
    "organization": 2,
    "format": 3,
    "project": 4,
    "place": 5,
    "region": 6,
    "other": 7,
}
HYPHEN = "-"
RUSSIAN_SKIPPED = (HYPHEN, "«", "»")
# Names of these types may contain the states they join ("China-Zentralasien-Gipfel",
# "Bahnstrecke China–Kirgisistan–Usbekistan"); a currency ("US-Dollar") or a person does not.
COMPOUND_TYPES = ("format", "project", "organization")
# What a name of each of those types counts as named inside it: a summit or a railway between
# states and regions names them; an organisation names the states it belongs to ("Kazakhstan
# Temir Zholy"), but a region in its name is a brand ("Asia-Plus", "Central Asia Fund").
INNER_TYPES = {"format": ("country", "region"), "project": ("country", "region"), "organization": ("country",)}
TOKEN_CACHE_SIZE = 200_000  # text words whose match keys are kept


@dataclass(frozen=True, slots=True)
class LexEntry:
    target: str  # entity id, or role id for kind "role"
    kind: str  # name | adjective | demonym | role
    surface: tuple[str, ...]  # the form's tokens as written, for case checks
    priority: int
    russian: bool = False  # a Russian form (Cyrillic, or listed as Russian): what Cyrillic text may match


@dataclass(slots=True)
class Match:
    """One recognised mention: token range [first, last) and what it refers to."""

    first: int
    last: int
    start: int
    end: int
    target: str
    kind: str
    inner: bool = False  # found inside a longer match


class Lexicon:
    """Every name, adjective, demonym and role word of the knowledge base, keyed by folded tokens."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.entries: dict[tuple[str, ...], list[LexEntry]] = defaultdict(list)
        # The same entries under their inflected keys ("kasachstans", "kasachischen"), made once here
        # so that a look-up is two dictionary probes, not one per possible ending.
        self.inflected: dict[tuple[str, ...], list[LexEntry]] = defaultdict(list)
        self.max_len: dict[str, int] = {}
        self.spellings: list[LexEntry] = []
        self.morphology = Morphology()
        self._lemma_index: LemmaIndex | None = None
        for entity in kb.entities.values():
            prio = TYPE_PRIORITY.get(entity.type, 9)
            if not entity.cue:  # a cue town's bare name is an ordinary word or too small a place
                self._add(entity.name, entity.id, "name", prio)
            for kind, forms in (
                ("name", entity.aliases),
                ("adjective", entity.adjectives),
                ("demonym", entity.demonyms),
            ):
                for language, words in forms.items():
                    for word in words:
                        self._add(word, entity.id, kind, prio, language == "ru")
        for title in kb.role_titles.values():
            for language, words in title.words.items():
                for word in words:
                    self._add(word, title.role, "role", 10, language == "ru")

    def _add(self, form: str, target: str, kind: str, priority: int, russian: bool = False) -> None:
        toks = tokenize(form)
        surface = tuple(t for t, f in zip(toks.texts, toks.folds) if f != HYPHEN)  # every dash folds to "-"
        key = tuple(f for f in toks.folds if f != HYPHEN)
        if not key:
            return
        entry = LexEntry(target, kind, surface, priority, russian or is_cyrillic(form))
        # Every spelling is kept for the dictionary-form index: "Центральная Азия" folds like
        # "Tsentralnaya Aziya", but only the Cyrillic one can be put in its dictionary forms.
        self.spellings.append(entry)
        bucket = self.entries[key]
        if any(e.target == target and e.kind == kind for e in bucket):
            return
        bucket.append(entry)
        bucket.sort(key=lambda e: e.priority)
        self.max_len[key[0]] = max(self.max_len.get(key[0], 0), len(key))
        if len(key[-1]) >= 2:
            for ending in SUFFIXES[kind]:
                inflected = key[:-1] + (key[-1] + ending,)
                self.inflected[inflected].append(entry)
                self.inflected[inflected].sort(key=lambda e: e.priority)

    @property
    def lemma_index(self) -> "LemmaIndex":
        """Every entry by the dictionary forms of its words, for inflected Russian text (built on first use)."""
        if self._lemma_index is None:
            self._lemma_index = LemmaIndex(self)
        return self._lemma_index

    def lookup(self, key: tuple[str, ...], surface: list[str]) -> tuple[LexEntry, ...]:
        """Entries for the folded tokens `key` (the text's tokens `surface`), inflected last token included."""
        found = [e for e in self.entries.get(key, ()) if _case_ok(e, surface, inflected=False)]
        for e in self.inflected.get(key, ()):
            if e not in found and _case_ok(e, surface, inflected=True):
                found.append(e)
        return tuple(found)


class LemmaIndex:
    """Entries keyed by the dictionary forms of their words, for languages that inflect every word.

    Each word of an entry becomes the set of keys it may be matched under (as written and, in
    Cyrillic, each of its dictionary forms); a text word matches it when their key sets meet.
    """

    def __init__(self, lexicon: Lexicon):
        morphology = lexicon.morphology
        self.by_first: dict[str, list[tuple[tuple[frozenset[str], ...], LexEntry]]] = defaultdict(list)
        self.prefixes: set[str] = set()
        for entry in dict.fromkeys(lexicon.spellings):
            words = tuple(morphology.name_keys(w) for w in entry.surface)
            for keys in words:
                self.prefixes.update(k[:PREFIX_CHARS] for k in keys)
            for first in words[0]:
                self.by_first[first].append((words, entry))
        for bucket in self.by_first.values():
            bucket.sort(key=lambda item: (-len(item[0]), item[1].priority))
        self.morphology = morphology
        self._token_keys: dict[str, frozenset[str]] = {}

    def token_keys(self, text: str) -> frozenset[str]:
        """The keys of a text word; only words that start like some name word are analysed."""
        found = self._token_keys.get(text)
        if found is None:
            plain = key(text)
            if not is_cyrillic(text) or (
                plain[:PREFIX_CHARS] not in self.prefixes and cyrillic_key(text)[:PREFIX_CHARS] not in self.prefixes
            ):
                found = frozenset((plain,))
            else:
                found = self.morphology.keys(text)
            if len(self._token_keys) >= TOKEN_CACHE_SIZE:
                self._token_keys.clear()
            self._token_keys[text] = found
        return found


def _lemma_case_ok(entry: LexEntry, surface: list[str]) -> bool:
    """Acronyms must be written in capitals and in the same script ("RT" the broadcaster is not
    "РТ", the Republic of Tajikistan); every word a name capitalises must be capitalised in the
    text ("Asia-Plus" is not "Азии плюс"); adjectives may be written either way."""
    for written, seen in zip(entry.surface, surface):
        if len(written) >= 2 and written.isupper() and written.isalpha():
            if not seen.isupper() or (is_cyrillic(seen) != is_cyrillic(written) and entry.kind != "role"):
                return False  # role words name no one by themselves: "Glava MID" is "глава МИД"
        if entry.kind in ("name", "demonym") and written[:1].isupper() and not seen[:1].isupper():
            return False
    return True


def _case_ok(entry: LexEntry, surface: list[str], inflected: bool) -> bool:
    """Names must be capitalised as names are; acronyms must match letter case exactly."""
    if entry.kind == "adjective":
        return True
    for written, seen in zip(entry.surface, surface):
        if len(written) >= 2 and written.isupper() and written.isalpha():
            if inflected or seen != written:  # "US" is not "us"; "SCOs" is not matched by inflection
                return False
    if entry.kind in ("name", "demonym") and entry.surface[0][:1].isupper():
        return surface[0][:1].isupper() or surface[0][:1].isdigit()
    return True


def match_entities(lexicon: Lexicon, tokens: Tokens) -> list[Match]:
    """All lexicon matches of the text, longest first, with inner mentions of compounds."""
    # Positions of the tokens that take part in matching: hyphens are skipped.
    # Russian sets names in guillemets after the word for their kind ("саммит «Центральная Азия –
    # Китай»"), so there the guillemets are skipped like hyphens.
    cyrillic = any("\u0400" <= t[:1] <= "\u04ff" for t in tokens.texts[:400])  # a Russian text
    skipped = RUSSIAN_SKIPPED if cyrillic else (HYPHEN,)
    content = [i for i, f in enumerate(tokens.folds) if f not in skipped]
    scan = _Scan(lexicon, tokens, content, skipped, cyrillic)
    matches: list[Match] = []
    k = 0
    while k < len(content):
        hit = scan.longest_at(k, len(content))
        if hit is None:
            k += 1
            continue
        length, entries = hit
        matches.extend(scan.matches(k, length, entries))
        outer = lexicon.kb.get(entries[0].target)
        if length > 1 and entries[0].kind == "name" and outer and outer.type in COMPOUND_TYPES:
            matches.extend(scan.inner(k, length, INNER_TYPES[outer.type]))
        k += length
    return matches


class _Scan:
    """Longest-match look-ups over the content tokens of one text."""

    def __init__(self, lexicon: Lexicon, tokens: Tokens, content: list[int], skipped=(HYPHEN,), cyrillic=False):
        self.lexicon, self.tokens, self.content, self.skipped = lexicon, tokens, content, skipped
        self.cyrillic = cyrillic  # a Russian text: words are also matched by their dictionary forms
        self.folds = [tokens.folds[i] for i in content]
        self.texts = [tokens.texts[i] for i in content]
        self._keys: dict[int, frozenset[str]] = {}

    def keys_at(self, k: int) -> frozenset[str]:
        found = self._keys.get(k)
        if found is None:
            found = self._keys[k] = self.lexicon.lemma_index.token_keys(self.texts[k])
        return found

    def longest_at(self, k: int, limit: int) -> tuple[int, tuple[LexEntry, ...]] | None:
        """The longest entry starting at content position k and ending before `limit`."""
        # An inflected single token ("Kasachstans") is not a key itself, but its stems may be.
        longest = self.lexicon.max_len.get(self.folds[k], 0) or 1
        for length in range(min(longest, limit - k), 0, -1):
            if length > 1 and not _contiguous(self.tokens, self.content, k, length, self.skipped):
                continue
            entries = self.lexicon.lookup(tuple(self.folds[k : k + length]), self.texts[k : k + length])
            if entries:
                break
        else:
            length, entries = 0, ()
        if self.cyrillic and is_cyrillic(self.texts[k]):
            # Cyrillic words match Russian forms only, by their dictionary forms: "Поле" (a field)
            # folds like the English demonym "Pole", "Жены" like the company "Eni"
            length, entries = self.longest_by_lemma(k, limit) or (0, ())
            if length == 1 and self.lexicon.morphology.is_common_word(self.texts[k]):
                # "Того", "Дружба": an ordinary word, capitalised at the start of a sentence, names
                # no state or town; adjectives and office words are ordinary words by nature
                entries = tuple(e for e in entries if e.kind in ("adjective", "role"))
        return (length, entries) if entries else None

    def longest_by_lemma(self, k: int, limit: int) -> tuple[int, tuple[LexEntry, ...]] | None:
        """The longest entry at k whose words' dictionary forms meet the text words' (Russian)."""
        best_length, best = 0, []
        index = self.lexicon.lemma_index
        for first in self.keys_at(k):
            for words, entry in index.by_first.get(first, ()):
                if not entry.russian:
                    continue
                size = len(words)
                if size < best_length or k + size > limit:
                    continue
                if size > 1 and not _contiguous(self.tokens, self.content, k, size, self.skipped):
                    continue
                if all(words[j] & self.keys_at(k + j) for j in range(1, size)) and _lemma_case_ok(
                    entry, self.texts[k : k + size]
                ):
                    if size > best_length:
                        best_length, best = size, []
                    if entry not in best:
                        best.append(entry)
        if not best:
            return None
        return best_length, tuple(sorted(best, key=lambda e: e.priority))

    def matches(self, k: int, length: int, entries, inner: bool = False) -> list[Match]:
        first, last = self.content[k], self.content[k + length - 1] + 1
        start, end = self.tokens.starts[first], self.tokens.ends[last - 1]
        return [Match(first, last, start, end, e.target, e.kind, inner) for e in _best(entries)]

    def inner(self, k: int, length: int, types: tuple[str, ...] = ("country", "region")) -> list[Match]:
        """States and regions (`types`) named inside a longer name ("China-Zentralasien-Gipfel")."""
        out = []
        j, end = k, k + length
        while j < end:
            step = 1
            for limit in (min(end, j + length - 1), j + 1):  # the longest inner name, else one word
                hit = self.longest_at(j, limit)
                if hit is None:
                    continue
                size, entries = hit
                # Only states and regions named outright: "Eurasische Wirtschaftsunion" is not about
                # Eurasia, and "Windpark Zhanatas" names a wind farm, not the town.
                kept = tuple(
                    e
                    for e in entries
                    if e.kind == "name" and e.target in self.lexicon.kb and self.lexicon.kb[e.target].type in types
                )
                if kept:
                    out.extend(self.matches(j, size, kept, inner=True))
                    step = size
                    break
            j += step
        return out


def _best(entries: tuple[LexEntry, ...]) -> list[LexEntry]:
    """Of several readings, names before roles; among names, the best type (ties kept for linking)."""
    names = [e for e in entries if e.kind != "role"]
    if names:
        top = min(e.priority for e in names)
        return [e for e in names if e.priority == top]
    return list(entries[:1])


def _contiguous(tokens: Tokens, content: list[int], k: int, length: int, skipped=(HYPHEN,)) -> bool:
    """Whether content tokens k..k+length are one phrase: no sentence punctuation or line break between."""
    for j in range(k, k + length - 1):
        a, b = content[j], content[j + 1]
        if b - a > 2 or (b - a == 2 and tokens.folds[a + 1] not in skipped):
            return False
    return True


def fold_key(text: str) -> tuple[str, ...]:
    return tuple(f for f in (fold_token(t) for t in tokenize(text).texts) if f != HYPHEN)

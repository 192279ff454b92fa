"""Russian people outside the knowledge base, found from the office word before their name.

Russian puts the office, its complement and then the name: "министр торговли
и интеграции Арман Шаккалиев", "помощник президента России Юрий Ушаков". The
office words are data (patterns/persons.yaml, `person_nouns_ru`, dictionary
forms, so every case counts); the complement may hold lower-case words and
names already recognised (states, organisations); the name is two or three
capitalised words, one of them a given name, surname or patronymic as the
dictionary knows or guesses it, that no state's name follows
("председатель Халк Маслахаты Милли Генгеша Туркменистана" names a body).
"""

from __future__ import annotations

from silkgraph.stages.morphology import Morphology, chinese_name, is_cyrillic

PERSON_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})
MAX_COMPLEMENT = 9  # words of the office's complement: "министр труда, социального обеспечения и миграции …"
MAX_QUOTED_NAME = 10  # tokens of a company's name in guillemets
MAX_NAME_WORDS = 3  # given name, patronymic, surname  # words between the office and the name
CONNECTORS = frozenset(
    {"и", ",", "по", "в", "на", "-", "–"}
)  # inside a complement: "по вопросам", "торговли и интеграции"


def is_office(word: str, morphology: Morphology, offices: frozenset[str]) -> bool:
    """Whether a Cyrillic word is one of the office words in any of its cases."""
    return is_cyrillic(word) and not offices.isdisjoint(morphology.lemmas(word))


def find_people(
    doc, covered: list[bool], morphology: Morphology, offices: frozenset[str], places: frozenset[str]
) -> list[tuple[int, int]]:
    """Token spans of the names that follow an office word and its complement, or that precede
    it and a comma ("Ху Хэпин, министр культуры")."""
    tokens = doc.tokens
    texts = tokens.texts
    found = []
    for i, word in enumerate(texts):
        if not is_office(word, morphology, offices):
            continue
        k = i + 1
        units = 0  # words of the complement; a recognised name or a quoted one counts as one
        while k < len(texts) and units < MAX_COMPLEMENT:
            if "\n" in doc.text[tokens.ends[k - 1] : tokens.starts[k]]:
                break
            quoted = _quoted_name_end(texts, k)
            if quoted is not None:
                k = quoted  # "гендиректор ТОО «Курык Порт» Ерлан ...": the company's name is not his
            elif covered[k] and _given_name_read_as_place(doc, k, covered, morphology):
                break  # "экономист … Мадина Саидова": a woman's name, not Medina
            elif covered[k]:
                k = max([m.last for m in doc.mentions if m.first <= k < m.last], default=k + 1)
            elif texts[k] in CONNECTORS or (texts[k].islower() and is_cyrillic(texts[k])):
                if _place_named_after(texts, covered, k, morphology, places, i):
                    # "губернатор провинции Шэньси Чжао Ган", "жители села Кок-Сай": the place's name
                    k += 1
                    while k + 2 < len(texts) and texts[k + 1] == "-" and _capitalised(texts[k + 2]):
                        k += 2
                k += 1
            else:
                break
            units += 1
        span = _name_at(doc, k, covered, morphology)
        if span is None and i >= 3 and texts[i - 1] == ",":
            span = _name_before(doc, i - 1, covered, morphology)
        if span is not None:
            found.append(span)
            for j in range(*span):
                covered[j] = True
    return found


def _quoted_name_end(texts, k: int) -> int | None:
    """The token after a name in guillemets at k, with the legal form or acronym before it ("ТОО
    «Курык Порт Инвест»", "ОАО «Барки Точик»", "«Кыргызалтына»", nested "АО «НК «КТЖ»»"); None when
    no such name starts at k."""
    j = k
    while j < len(texts) and texts[j].isupper() and texts[j].isalpha() and j - k < 2:
        j += 1  # the legal form: "ТОО", "АО НК"
    if j >= len(texts) or texts[j] != "«":
        return None
    depth, end = 0, j
    while end < len(texts) and end - j <= MAX_QUOTED_NAME:
        depth += {"«": 1, "»": -1}.get(texts[end], 0)
        end += 1
        if depth == 0:
            return end
    return None


def _given_name_read_as_place(doc, k: int, covered: list[bool], morphology: Morphology) -> bool:
    """Whether token k, which the lexicon read as a place on its own ("Мадина" as Medina), is a given
    name before a surname ("Мадина Саидова"); if so the place's mention is dropped."""
    texts = doc.tokens.texts
    if k + 1 >= len(texts) or not _capitalised(texts[k + 1]):
        return False
    mention = _single_mention(doc, k)
    if mention is None or doc.entity_type(mention.entity) not in ("place", "other"):
        return False
    # the surname may have been read as a short form of a known person's ("Саидова" as Saidov's)
    surname = _single_mention(doc, k + 1) if covered[k + 1] else None
    if covered[k + 1] and (surname is None or doc.entity_type(surname.entity) != "person"):
        return False
    if not _has_grammeme(texts[k], morphology, "Name") or not _has_grammeme(texts[k + 1], morphology, "Surn"):
        return False
    for dropped in (mention, surname):
        if dropped is not None:
            doc.mentions.remove(dropped)
            covered[dropped.first] = False
    return True


def _single_mention(doc, k: int):
    """The mention of token k alone, if there is one."""
    return next((m for m in doc.mentions if m.first == k and m.last == k + 1), None)


def _has_grammeme(word: str, morphology: Morphology, grammeme: str) -> bool:
    return any(grammeme in p.tag.grammemes for p in morphology.analyser.parse(word)[:4])


def _place_named_after(texts, covered, k: int, morphology: Morphology, places: frozenset[str], office: int) -> bool:
    """Whether token k is a kind of place whose name follows it ("провинции Шэньси"); not when a
    name stands before it ("Мангистауской области") or it is part of a recognised name."""
    return (
        k + 1 < len(texts)
        and not covered[k]
        and (k - 1 == office or not _capitalised(texts[k - 1]))
        and _capitalised(texts[k + 1])
        and is_office(texts[k], morphology, places)
    )


def _name_before(doc, comma: int, covered: list[bool], morphology: Morphology) -> tuple[int, int] | None:
    """The name of two or three words that ends at the comma before an office word."""
    texts = doc.tokens.texts
    start = comma
    while start > 0 and comma - start < MAX_NAME_WORDS and not covered[start - 1] and _capitalised(texts[start - 1]):
        start -= 1
    if comma - start < 2 or (start > 0 and not covered[start - 1] and _capitalised(texts[start - 1])):
        return None
    return _name_at(doc, start, covered, morphology)


def _name_at(doc, start: int, covered: list[bool], morphology: Morphology) -> tuple[int, int] | None:
    """Two or three capitalised Cyrillic words from `start` (a hyphenated first name is one word)."""
    tokens = doc.tokens
    texts = tokens.texts
    words = []
    k = start
    while k < len(texts) and len(words) <= MAX_NAME_WORDS and not covered[k] and _capitalised(texts[k]):
        end = k + 1
        if (
            end + 1 < len(texts)
            and texts[end] == "-"
            and _capitalised(texts[end + 1])
            and tokens.starts[end] == tokens.ends[k]
        ):
            end += 2  # "Касым-Жомарт"
        if words and "\n" in doc.text[tokens.ends[k - 1] : tokens.starts[k]]:
            break
        words.append((k, end))
        k = end
    if not 2 <= len(words) <= MAX_NAME_WORDS:
        return None  # a longer run of capitalised words is the name of a body or a title
    names = [texts[a] for a, _ in words]
    if not any(_person_word(w, morphology) for w in names) and chinese_name(" ".join(names)) is None:
        return None
    end = words[-1][1]
    if (
        end < len(texts)
        and covered[end]
        and any(m.first == end and doc.entity_type(m.entity) == "country" for m in doc.mentions)
    ):
        return None  # "... Милли Генгеша Туркменистана": a body of the state, not a person
    return words[0][0], end


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper() and is_cyrillic(word) and word.isalpha()


def _person_word(word: str, morphology: Morphology) -> bool:
    """Whether one of the word's likelier readings is a given name, surname or patronymic."""
    return any(PERSON_GRAMMEMES & p.tag.grammemes for p in morphology.analyser.parse(word)[:4])

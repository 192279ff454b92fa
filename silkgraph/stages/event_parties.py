"""Who takes part in an event: the parties of the trigger's clause and of the names listed with
it, without the states named only as where (a capital, a group of states named as geography, a
route's name), the people and bodies who only report it, and national bodies that stand for their
state; and the groups of states ("the two countries", "beide Seiten") that name parties told before."""

from __future__ import annotations

from silkgraph.doc import Doc
from silkgraph.stages.context import clause_bounds, parties, person_state


_GROUPS: dict[int, list] = {}


def parties_counted(doc: Doc, participants: list[str]) -> int:
    """How many sides take part: states and organisations, people only where their side is unknown."""
    sides = {p for p in participants if doc.entity_type(p) != "person"}
    sides |= {p for p in participants if doc.entity_type(p) == "person" and person_state(doc, p) is None}
    return len(sides)


def names_party_group(doc: Doc, sentence, data) -> bool:
    """Whether the sentence names its parties as a group told before: a count or "both" before a
    noun of states or sides ("der drei Länder", "the two countries", "двух стран", "beider Regierungen")."""
    folds = doc.tokens.folds
    counts, nouns = frozenset(data["party_group_counts"]), frozenset(data["party_group_nouns"])
    return any(
        folds[i] in nouns and any(folds[j] in counts for j in range(max(sentence.first_token, i - 2), i))
        for i in range(sentence.first_token, sentence.last_token)
    )


def group_qualifies(doc: Doc, sentence, data) -> bool:
    """Whether the sentence names a group of states as whose others are ("experts of the two
    countries", "der beiden Länder", "двух стран"), not as the sides that act."""
    folds = doc.tokens.folds
    counts, links = frozenset(data["party_group_counts"]), frozenset(data["party_group_links"])
    for i in range(sentence.first_token, sentence.last_token):
        if folds[i] in counts and (
            folds[i] in links or any(folds[j] in links for j in range(max(sentence.first_token, i - 2), i))
        ):
            return True
    return False


def clause_parties(doc: Doc, sentence, lo: int, hi: int, place: str | None, data) -> list[str]:
    """The parties of the trigger's clause when it names two states, people standing for theirs
    ("als der usbekische Premierminister Afghanistan besuchte"), else those of the whole sentence.
    A state named only for its capital ("in der turkmenischen Hauptstadt") is where, not who."""
    exclude = ({place} if place else set()) | _named_as_capital(doc, sentence, data) | _geography(doc, sentence, data)
    start, end = _list_start(doc, sentence, lo), _list_end(doc, sentence, hi, data["list_joins"])
    clause = acting(doc, parties(doc, start, end, exclude=exclude))
    if sum(doc.entity_type(p) == "country" for p in clause) >= 2:
        return clause
    out: list[str] = []
    for start, end in _outside_brackets(doc, sentence, lo):
        out += [p for p in parties(doc, start, end, exclude=exclude) if p not in out]
    return acting(doc, out)


def _geography(doc: Doc, sentence, data) -> set[str]:
    """Groups of states the sentence names only as where something is ("ports in Central Asia",
    "Investitionen in Zentralasien", "проекты в Центральной Азии"): a place, not a party."""
    folds = doc.tokens.folds
    prepositions = frozenset(data["place_prepositions"])
    where, who = set(), set()
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) != "region":
            continue
        (where if m.first > sentence.first_token and folds[m.first - 1] in prepositions else who).add(m.entity)
    return where - who


def _named_as_capital(doc: Doc, sentence, data) -> set[str]:
    """States the sentence names only beside a word of capitals ("in der turkmenischen Hauptstadt",
    "the Kazakh capital", "в столице Узбекистана")."""
    folds = doc.tokens.folds
    capital = frozenset(data["capital_words"])
    beside, elsewhere = set(), set()
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) != "country":
            continue
        near = folds[max(sentence.first_token, m.first - 2) : m.first] + folds[m.last : m.last + 2]
        (beside if capital & set(near) else elsewhere).add(m.entity)
    return beside - elsewhere


def _list_end(doc: Doc, sentence, hi: int, joins) -> int:
    """Where a clause ends once the names listed after it are taken in: in "X welcomed A's
    president Y, B's president Z and C's president W at the palace" the commas separate names.
    An item holds names, capitalised words, titles right before a name and joining words; the
    list ends at the first item that holds anything else, after its last name."""
    tokens = doc.tokens
    named = {i: m for m in doc.mentions_in(sentence.start, sentence.end) for i in range(m.first, m.last)}
    joins = frozenset(joins)
    k = tokens.index_at(hi) if hi < sentence.end else sentence.last_token
    end = hi
    while k < sentence.last_token and tokens.texts[k] == ",":
        k += 1
        last_name = None
        while k < sentence.last_token and tokens.texts[k] != ",":
            text = tokens.texts[k]
            if k in named:
                last_name = named[k].last
                k = named[k].last
                continue
            fits = (
                text[:1].isupper()
                or tokens.folds[k] in joins
                or text in ("'s", "’s", "'", "’", "-")
                or (k + 1 in named and text.isalpha())  # a title right before a name ("президент Y")
            )
            if not fits:
                break
            k += 1
        if last_name is None:
            break
        end = max(end, tokens.ends[last_name - 1])
        if k < sentence.last_token and tokens.texts[k] != ",":
            break
    return end


def _outside_brackets(doc: Doc, sentence, keep: int) -> list[tuple[int, int]]:
    """The sentence's character ranges outside brackets that do not hold `keep`: an aside
    ("TRIPP (a route between Azerbaijan and Armenia)") names no party of the event."""
    texts, starts, ends = doc.tokens.texts, doc.tokens.starts, doc.tokens.ends
    named = {i for m in doc.mentions_in(sentence.start, sentence.end) for i in range(m.first, m.last)}
    ranges, begin, depth, opened = [], sentence.start, 0, 0
    for i in range(sentence.first_token, sentence.last_token):
        if texts[i] == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif texts[i] == ")" and depth:
            depth -= 1
            # a list of names in brackets ("the Central Asian countries (Uzbekistan, ...)") says who
            words = sum(texts[j][:1].isalpha() and j not in named for j in range(opened + 1, i))
            if depth == 0 and words > 2 and not starts[opened] <= keep < ends[i]:
                ranges.append((begin, starts[opened]))
                begin = ends[i]
    ranges.append((begin, sentence.end))
    return ranges


def reporting_sources(doc: Doc, sentence, lo: int, hi: int, data) -> set[str]:
    """People and bodies who only report the event: named in a clause of saying other than the
    trigger's ("По словам помощника президента Юрия Ушакова, визит пройдет в четверг", "..., said X",
    "..., the finance ministry said")."""
    cues = frozenset(data["reporting_cues"])
    folds = doc.tokens.folds
    out, acting = set(), set()
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) not in ("person", "organization"):
            continue
        c_lo, c_hi = clause_bounds(doc, sentence, m.first)
        if c_lo == lo and c_hi == hi:
            acting.add(m.entity)
            continue
        first, last = doc.tokens.index_at(c_lo), doc.tokens.index_at(c_hi - 1) + 1
        if any(folds[i] in cues for i in range(first, last)):
            out.add(m.entity)
        else:
            acting.add(m.entity)
    return out - acting


def format_parties(doc: Doc, sentence) -> list[str]:
    """Who meets in a format named in the sentence ("саммит «Центральная Азия – Китай»", "C5+1"):
    its partner and the group of states it is made of (Central Asia), as the knowledge base says."""
    out: list[str] = []
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) != "format":
            continue
        entity = doc.kb.get(m.entity)
        if entity is None:
            continue
        partner = entity.properties.get("partner")
        if partner in doc.kb:
            out.append(partner)
        out += [g.id for g in _groups(doc.kb) if set(g.members) <= set(entity.members)]
    return out


def _groups(kb) -> list:
    """The regions of the knowledge base that are groups of states (members, no coordinates)."""
    if id(kb) not in _GROUPS:
        _GROUPS[id(kb)] = [
            e for e in kb.entities.values() if e.type == "region" and len(e.members) >= 3 and e.coordinates is None
        ]
    return _GROUPS[id(kb)]


def projects_with_states(doc: Doc, sentence) -> list[str]:
    """The projects named in the sentence, each with its state when the text names that state."""
    out: list[str] = []
    named = {m.entity for m in doc.mentions}
    for m in doc.mentions_in(sentence.start, sentence.end):
        if doc.entity_type(m.entity) == "project" and m.entity not in out:
            out.append(m.entity)
            state = doc.kb.country_of(m.entity)
            if state and state in named and state not in out:
                out.append(state)
    return out


def only_in_routes(doc: Doc, sentence) -> set[str]:
    """States named in the sentence only inside a route's name, a chain of three or more names
    joined by dashes: "the China–Kyrgyzstan–Uzbekistan railway", "коридор Китай – Казахстан – Баку"."""
    mentions = doc.mentions_in(sentence.start, sentence.end)
    texts = doc.tokens.texts
    by_first = {m.first: m for m in mentions}
    chained: set[int] = set()
    i = 0
    while i < len(mentions):
        chain = [mentions[i]]
        while (
            chain[-1].last < sentence.last_token
            and texts[chain[-1].last] in ("-", "–", "—")
            and chain[-1].last + 1 in by_first
        ):
            chain.append(by_first[chain[-1].last + 1])
        if len(chain) >= 3:
            chained.update(id(m) for m in chain)
        i += len(chain)
    named_elsewhere = {m.entity for m in mentions if id(m) not in chained}
    return {m.entity for m in mentions if id(m) in chained} - named_elsewhere


def _list_start(doc: Doc, sentence, lo: int) -> int:
    """Where a clause begins once the names listed before it are taken in: in "Pakistan,
    Afghanistan and Uzbekistan signed" the commas separate names, not clauses."""
    tokens = doc.tokens
    k = tokens.index_at(lo)
    while k - 2 >= sentence.first_token and tokens.texts[k - 1] == ",":
        item = [m for m in doc.mentions_in(sentence.start, tokens.starts[k - 1]) if m.last == k - 1]
        if not item:
            break
        k = item[0].first
    return min(lo, tokens.starts[k])


def without_home_bodies(doc: Doc, participants: list[str], named: set[str]) -> list[str]:
    """At a summit or meeting a state speaks for its government, parliament and ministries: a
    national body is its state there ("die Energieministerien Kasachstans und Usbekistans")."""
    out = []
    for p in participants:
        state = _state_of_body(doc, p) if doc.entity_type(p) == "organization" else None
        if state and state in named:
            if state not in out and state not in participants:
                out.append(state)
            continue
        out.append(p)
    return out


def parent_of(doc: Doc, organization: str) -> str | None:
    """The organisation a body belongs to, as the knowledge base says (the Commission: the EU)."""
    entity = doc.kb.get(organization)
    return entity.properties.get("parent") if entity is not None else None


def _state_of_body(doc: Doc, organization: str) -> str | None:
    """The state a national body belongs to: the knowledge base's country, or the state named
    inside its name ("Министерство энергетики Узбекистана")."""
    entity = doc.kb.get(organization)
    if entity is not None:
        return entity.country
    for m in doc.mentions:
        if m.entity == organization:
            inner = [
                n.entity
                for n in doc.mentions_in(m.start, m.end)
                if n is not m and doc.entity_type(n.entity) == "country"
            ]
            if inner:
                return inner[0]
    return None


def acting(doc: Doc, candidates: list[str]) -> list[str]:
    """The parties that can take part in an event: a region only as a group of member states
    ("Central Asia" in "China–Central Asia"), never a continent, a sea, a river or a valley."""
    out = []
    for entity_id in candidates:
        if doc.entity_type(entity_id) == "region":
            entity = doc.kb.get(entity_id)
            if entity is None or not entity.members or entity.coordinates is not None:
                continue
        out.append(entity_id)
    return out

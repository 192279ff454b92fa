"""Clauses of a sentence as the facts stage reads them: where a figure's clause begins and ends,
which lines of a list it stands in, and which insertions (a source, an apposition) lie between a
figure and the word that says what it measures."""

from __future__ import annotations

from dataclasses import dataclass

from silkgraph.doc import Doc

CLAUSE_MARKS = frozenset(",;:–—()")  # marks that end a clause
DASHES = frozenset("-–—")


def clause_of(doc: Doc, sentence, token: int) -> tuple[int, int]:
    """Character range of the clause around `token`: up to the nearest comma, colon, semicolon, dash or
    bracket of its sentence. A comma inside a number ("1,5 Milliarden") ends nothing, and a bracketed
    insertion does not end the clause it stands in: in "Kazakhstan will invest 1.5 trillion tenge
    ($3 billion) in the railway" the clause of the tenge goes on after the bracket."""
    texts = doc.tokens.texts
    first, last = sentence.first_token, sentence.last_token

    def endsclause_of(k: int) -> bool:
        return texts[k] in CLAUSE_MARKS and not inside_number(doc, k) and not glued_dash(doc, k)

    lo = token
    while lo > first and not endsclause_of(lo - 1):
        lo -= 1
    if lo > first and texts[lo - 1] in DASHES:
        # "на Китай — 16 млрд", "Kyrgyzstan – 24%": a dash standing for the verb left out joins the
        # figure to the words before it, when those hold no figure of their own
        k = lo - 1
        while k > first and not endsclause_of(k - 1):
            k -= 1
        if not any(c.isdigit() for t in texts[k : lo - 1] for c in t):
            lo = k
    if lo > first and texts[lo - 1] == ")":  # "Kasachstan (das größte Land) investiert …"
        k = lo - 1
        while k > first and texts[k] != "(":
            k -= 1
        while k > first and not endsclause_of(k - 1):
            k -= 1
        lo = k
    hi = token
    while hi < last - 1 and not endsclause_of(hi + 1):
        hi += 1
    if hi < last - 1 and texts[hi + 1] == "(":
        k = hi + 1
        while k < last - 1 and texts[k] != ")":
            k += 1
        if k < last - 1 and texts[k + 1] not in CLAUSE_MARKS:
            hi = k + 1
            while hi < last - 1 and not endsclause_of(hi + 1):
                hi += 1
    return doc.tokens.starts[lo], doc.tokens.ends[hi]


def glued_dash(doc: Doc, k: int) -> bool:
    """A dash between two words without spaces joins them ("January–September", "China–Kazakhstan",
    "январь–октябрь"); a dash that ends a clause stands between spaces."""
    tokens = doc.tokens
    return (
        0 < k < len(tokens) - 1
        and tokens.texts[k] in DASHES
        and tokens.ends[k - 1] == tokens.starts[k]
        and tokens.ends[k] == tokens.starts[k + 1]
        and tokens.texts[k - 1][-1:].isalnum()
        and tokens.texts[k + 1][:1].isalnum()
    )


def inside_number(doc: Doc, k: int) -> bool:
    """A comma or stop between two digits with no space: the separator of "1,5" or "1.600"."""
    tokens = doc.tokens
    return (
        0 < k < len(tokens) - 1
        and tokens.texts[k] in ",."
        and tokens.texts[k - 1][-1:].isdigit()
        and tokens.texts[k + 1][:1].isdigit()
        and tokens.ends[k - 1] == tokens.starts[k]
        and tokens.ends[k] == tokens.starts[k + 1]
    )


@dataclass(frozen=True)
class Line:
    """One line of a sentence that runs over several (a list: "- Kyrgyzstan – 24% ($22.7 billion)")."""

    start: int
    end: int
    first_token: int
    last_token: int


def line_of(doc: Doc, sentence, offset: int):
    """The line of `sentence` that holds `offset`: items of a list are read one by one, each with its own
    parties and cue words, even where the sentence splitter joined them."""
    text = doc.text
    if "\n" not in text[sentence.start : sentence.end]:
        return sentence
    start = max(sentence.start, text.rfind("\n", sentence.start, offset) + 1)
    end = text.find("\n", offset, sentence.end)
    end = sentence.end if end < 0 else end
    first = doc.tokens.index_at(start)
    last = first
    while last < sentence.last_token and doc.tokens.starts[last] < end:
        last += 1
    return Line(start, end, first, last)


def asides(doc: Doc, sentence) -> list[tuple[int, int]]:
    """Token ranges of the clauses set off by commas on both sides that hold no figure: an apposition
    or an insertion ("Trade with the EU, Uzbekistan's third-largest partner, rose to €6.4bn") does not
    part a figure from its cue."""
    texts = doc.tokens.texts
    commas = [
        k for k in range(sentence.first_token, sentence.last_token) if texts[k] == "," and not inside_number(doc, k)
    ]
    figures = [doc.tokens.index_at(q.number_start) for q in doc.quantities if sentence.start <= q.start < sentence.end]
    return [(a, b + 1) for a, b in zip(commas, commas[1:]) if not any(a < f < b for f in figures)]


def source_insertions(doc: Doc, sentence, openers: list[str]) -> list[tuple[int, int]]:
    """Token ranges [a, b) of the clauses that name the source of a figure: ", according to customs
    data,", "по данным Росстата,", "laut Statistikamt": set off by commas or opening the sentence."""
    texts, folds = doc.tokens.texts, doc.tokens.folds
    first, last = sentence.first_token, sentence.last_token
    out = []
    k = first
    while k < last:
        if k == first or (texts[k - 1] == "," and not inside_number(doc, k - 1)):
            head = " ".join(folds[k : k + 3])
            if any(head == o or head.startswith(o + " ") for o in openers):
                end = k
                while (
                    end < last and not (texts[end] == "," and not inside_number(doc, end)) and texts[end] not in ".!?;"
                ):
                    end += 1
                if end < last and texts[end] == ",":
                    out.append((k, end + 1))
                    k = end + 1
                    continue
        k += 1
    return out

"""Russian names outside the knowledge base, found by a statistical recogniser (natasha).

An optional component (`pip install 'silkgraph[ru]'`): it runs after the
rule-based recogniser, on Russian documents only, and only over the
sentences that hold a capitalised Cyrillic word inside a sentence that no
mention covers, all such sentences of a document in one batch. The model
(slovnet NER over navec embeddings) ships inside the natasha package, so
nothing is fetched at run time.

People, organisations and places it finds get a stable id made from their
name in the nominative, in Latin letters ("yury-ushakov", made as the
rule-based recogniser makes its ids), and the Latin form as display name; the Cyrillic form is what the mentions carry. A
later mention of the surname alone ("Ушаков") is the same person.
"""

from __future__ import annotations

from silkgraph.doc import Doc, EntityMention
from silkgraph.stages.linking import new_entity_id
from silkgraph.stages.morphology import Morphology, is_cyrillic, latin_name

COMPONENT_NAME = "names-ru"
TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
MAX_SENTENCE_CHARS = 2000  # longer "sentences" are lists or tables: the model is not made for them


def available() -> bool:
    """Whether the statistical recogniser is installed (the `ru` extra)."""
    try:
        import natasha  # noqa: F401
    except ImportError:
        return False
    return True


class RussianNames:
    """Pipeline component: names that the knowledge base lacks in Russian documents."""

    requires = ("tokens", "sentences", "mentions")
    assigns = ("mentions", "new_entities")

    def __init__(self, morphology: Morphology | None = None, types: tuple[str, ...] = ("PER",)):
        self.morphology = morphology or Morphology()
        self.types = tuple(t for t in types if t in TYPES)
        self._tagger = None

    @property
    def tagger(self):
        """The natasha NER tagger, loaded on first use (about a second; then shared by every call)."""
        if self._tagger is None:
            from natasha import NewsEmbedding, NewsNERTagger

            self._tagger = NewsNERTagger(NewsEmbedding())
        return self._tagger

    def __call__(self, doc: Doc) -> None:
        if doc.language != "ru" or not doc.sentences:
            return
        sentences = self._unresolved_sentences(doc)
        if not sentences:
            return
        texts = [doc.text[s.start : s.end] for s in sentences]
        found = []
        for sentence, markup in zip(sentences, self.tagger.map(texts)):
            for span in markup.spans:
                if span.type in self.types:
                    found.append((sentence.start + span.start, sentence.start + span.stop, TYPES[span.type]))
        self._add(doc, found)
        doc.mentions.sort(key=lambda m: (m.start, m.end))

    def _unresolved_sentences(self, doc: Doc) -> list:
        """Sentences with a capitalised Cyrillic word, not the first of the sentence, outside every mention."""
        covered = [False] * len(doc.tokens)
        for m in doc.mentions:
            for i in range(m.first, m.last):
                covered[i] = True
        texts = doc.tokens.texts
        out = []
        for sentence in doc.sentences:
            if sentence.end - sentence.start > MAX_SENTENCE_CHARS:
                continue
            for i in range(sentence.first_token + 1, sentence.last_token):
                word = texts[i]
                if not covered[i] and word[:1].isupper() and len(word) > 1 and not word.isupper() and is_cyrillic(word):
                    out.append(sentence)
                    break
        return out

    def _add(self, doc: Doc, found: list[tuple[int, int, str]]) -> None:
        """Mentions for the spans that no mention overlaps; surnames alone join the full name."""
        taken = [(m.start, m.end) for m in doc.mentions]
        surnames: dict[str, str] = {}
        singles = []
        for start, end, etype in found:
            if any(s < end and start < e for s, e in taken):
                continue
            words = doc.text[start:end].split()
            if etype == "person" and len(words) < 2:
                singles.append((start, end))
                continue
            entity_id = self._register(doc, words, etype)
            if entity_id is None:
                continue
            self._mention(doc, start, end, entity_id)
            taken.append((start, end))
            if etype == "person":
                for lemma in self.morphology.lemmas(words[-1]) or (words[-1].lower(),):
                    surnames.setdefault(lemma, entity_id)
        for start, end in singles:
            word = doc.text[start:end]
            owners = {surnames[lemma] for lemma in self.morphology.lemmas(word) if lemma in surnames}
            if len(owners) == 1:
                self._mention(doc, start, end, owners.pop())

    def _register(self, doc: Doc, words: list[str], etype: str) -> str | None:
        name = self.morphology.person_name(words) if etype == "person" else latin_name(" ".join(words))
        entity_id = new_entity_id(name)
        if not entity_id:
            return None
        if entity_id not in doc.kb:
            doc.new_entities.setdefault(entity_id, (name, etype))
        return entity_id

    @staticmethod
    def _mention(doc: Doc, start: int, end: int, entity_id: str) -> None:
        first = doc.tokens.index_at(start)
        last = doc.tokens.index_at(end - 1) + 1
        doc.mentions.append(EntityMention(start, end, entity_id, "model", first, last))


def add_to(pipeline, morphology: Morphology | None = None) -> None:
    """Put the component into `pipeline` right after its "entities" component."""
    component = RussianNames(morphology or _morphology_of(pipeline))
    if hasattr(pipeline, "add"):  # a pipeline of named components
        pipeline.add(COMPONENT_NAME, component, after="entities")
        return
    names = [name for name, _ in pipeline.stages]
    position = names.index("entities") + 1 if "entities" in names else len(names)
    pipeline.stages.insert(position, (COMPONENT_NAME, component))


def _morphology_of(pipeline) -> Morphology | None:
    """The rule-based recogniser's analyser, so that both share one word cache."""
    stages = pipeline.components if hasattr(pipeline, "components") else pipeline.stages
    recogniser = dict(stages).get("entities")
    recogniser = getattr(recogniser, "function", recogniser)  # a plain function made a component
    lexicon = getattr(recogniser, "lexicon", None)
    return getattr(lexicon, "morphology", None)


def russian_pipeline(kb=None):
    """The built-in pipeline with the Russian statistical recogniser added (a pipeline factory)."""
    from silkgraph.pipeline import Pipeline

    pipeline = Pipeline(kb)
    add_to(pipeline)
    return pipeline

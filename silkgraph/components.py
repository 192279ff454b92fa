"""The built-in components and the default pipeline factory.

Every component names the `Doc` layers it reads (`requires`) and writes
(`assigns`); the order below is the one the pipeline checks:

===========  ==================================  ======================================
name         requires                            assigns
===========  ==================================  ======================================
tokens       (the text)                          tokens, sentences
entities     tokens, sentences                   matches, mentions, new_entities
dates        (text, language, published)         timexes
quantities   (text, language)                    quantities
quotes       tokens, sentences, mentions         quotes
events       tokens, sentences, mentions,        events
             timexes
facts        tokens, sentences, mentions,        facts
             timexes, quantities
===========  ==================================  ======================================

`default_pipeline` is what `silkgraph.pipeline.DEFAULT_FACTORY` names; a
factory of one's own usually starts from it and replaces or adds by name.
An optional recogniser (a model-based one for a language, say) replaces
"entities", or runs after it and adds mentions, keeping the recogniser's
duties written in silkgraph.pipeline.
"""

from __future__ import annotations

from silkgraph.doc import Doc
from silkgraph.kb import KnowledgeBase
from silkgraph.pipeline import Component, Pipeline, component
from silkgraph.stages import dates, events, facts, linking, quantities, quotes, tokens
from silkgraph.stages.entities import Lexicon

__all__ = ["default_components", "default_pipeline", "recogniser"]


def _tokens(doc: Doc) -> None:
    doc.tokens = tokens.tokenize(doc.text)
    doc.sentences = tokens.split_sentences(doc.text, doc.tokens)


def _dates(doc: Doc) -> None:
    doc.timexes = dates.find_timexes(doc.text, doc.language, doc.document.published)


def _quantities(doc: Doc) -> None:
    doc.quantities = quantities.find_quantities(doc.text, doc.language)


def recogniser(kb: KnowledgeBase) -> Component:
    """The rule-based "entities" component: lexicon matching over the KB, then linking."""
    return component(
        linking.Recogniser(Lexicon(kb)),
        requires=("tokens", "sentences"),
        assigns=("matches", "mentions", "new_entities"),
    )


def default_components(kb: KnowledgeBase) -> list[tuple[str, Component]]:
    """The offline, rule-based engine, in running order."""
    mentions = ("tokens", "sentences", "mentions")
    return [
        ("tokens", component(_tokens, assigns=("tokens", "sentences"))),
        ("entities", recogniser(kb)),
        ("dates", component(_dates, assigns=("timexes",))),
        ("quantities", component(_quantities, assigns=("quantities",))),
        ("quotes", component(quotes.extract_quotes, requires=mentions, assigns=("quotes",))),
        ("events", component(events.extract_events, requires=(*mentions, "timexes"), assigns=("events",))),
        (
            "facts",
            component(facts.extract_facts, requires=(*mentions, "timexes", "quantities", "events"), assigns=("facts",)),
        ),
    ]


def default_pipeline(kb: KnowledgeBase) -> Pipeline:
    """The built-in pipeline over `kb` (the factory named by DEFAULT_FACTORY)."""
    return Pipeline(kb, default_components(kb))

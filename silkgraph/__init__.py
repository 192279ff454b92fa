"""Silkgraph: a knowledge graph of Central Asia's foreign relations, built from news.

The public API:

    from silkgraph import Pipeline, KnowledgeBase, open_store, read_inputs

    pipeline = Pipeline()                      # loads the bundled knowledge base
    for item in read_inputs(["articles/"]):    # Documents, or Skipped with a reason
        analysis = pipeline.analyze(item)      # entities, events, facts, quotes

    from silkgraph import Ingestion, load_pipeline, open_ingest_store

    with open_ingest_store("news.db") as store:                # the graph merged on every write
        work = Ingestion(store, pipeline="mypkg.nlp:make_pipeline")   # or None: the built-in one
        for outcome in work.run(read_inputs(["articles/"])):   # stored | duplicate | skipped, with reasons
            print(outcome.source, outcome.status, outcome.reason or "")
"""

__version__ = "0.1.0"

__all__ = [
    "Ingestion",
    "KnowledgeBase",
    "Pipeline",
    "load_pipeline",
    "open_ingest_store",
    "open_store",
    "read_inputs",
    "__version__",
]


def __getattr__(name):
    # Lazy, so that `import silkgraph` stays cheap for the CLI's --help and --version.
    if name == "Pipeline":
        from silkgraph.pipeline import Pipeline

        return Pipeline
    if name == "KnowledgeBase":
        from silkgraph.kb import KnowledgeBase

        return KnowledgeBase
    if name == "open_store":
        from silkgraph.store import open_store

        return open_store
    if name == "load_pipeline":
        from silkgraph.pipeline import load_pipeline

        return load_pipeline
    if name in ("Ingestion", "open_ingest_store"):
        from silkgraph import ingestion

        return getattr(ingestion, name)
    if name == "read_inputs":
        from silkgraph.ingest import read_inputs

        return read_inputs
    raise AttributeError(name)

"""Silkgraph: a knowledge graph of Central Asia's foreign relations, built from news.

The public API:

    from silkgraph import Pipeline, KnowledgeBase, open_store, read_inputs

    pipeline = Pipeline()                      # loads the bundled knowledge base
    for item in read_inputs(["articles/"]):    # Documents, or Skipped with a reason
        analysis = pipeline.analyze(item)      # entities, events, facts, quotes
"""

__version__ = "0.1.0"

__all__ = ["Pipeline", "KnowledgeBase", "open_store", "read_inputs", "__version__"]


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
    if name == "read_inputs":
        from silkgraph.ingest import read_inputs
        return read_inputs
    raise AttributeError(name)

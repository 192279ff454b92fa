"""The project's own exceptions. Each carries a message fit to show a user."""


class SilkgraphError(Exception):
    """Base class: anything Silkgraph raises on purpose."""


class InputError(SilkgraphError):
    """An input cannot be read as an article (empty, binary, too large, malformed...).

    `source` names the file (and line, for JSON Lines) so that a batch can
    report it and go on.
    """

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class KnowledgeBaseError(SilkgraphError):
    """The knowledge base data files are inconsistent."""


class StoreError(SilkgraphError):
    """The store cannot be opened or written."""


class UsageError(SilkgraphError):
    """The user asked for something that cannot be done as asked."""

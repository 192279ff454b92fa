"""HTTP API and web workbench (FastAPI): `create_app(db, kb, token)` and `serve(...)`."""

from __future__ import annotations

__all__ = ["create_app", "serve"]


def __getattr__(name: str):
    # Imported on use, so that `import silkgraph.web` does not pull in FastAPI.
    if name == "create_app":
        from silkgraph.web.app import create_app

        return create_app
    if name == "serve":
        from silkgraph.web.serve import serve

        return serve
    raise AttributeError(name)

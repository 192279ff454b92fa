"""Run the web application with uvicorn (`silkgraph serve`)."""

from __future__ import annotations

import os

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "SILKGRAPH_TOKEN"


def serve(db: str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, token: str | None = None,
          log_level: str = "info", pipeline: str | None = None) -> None:
    """Serve the store at `db` on host:port until interrupted.

    The token for the write endpoints comes from `token` or, when that is
    None, from the SILKGRAPH_TOKEN environment variable (so that it need not
    appear on a command line, where other users can see it). `pipeline` names
    the factory (`module:callable`) of the pipeline that analyses posted articles.
    """
    import uvicorn

    from silkgraph.web.app import create_app

    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    app = create_app(db, token=token, pipeline=pipeline)
    # One worker: the store object is shared in-process; proxy headers are
    # not trusted because the default is to listen on loopback only.
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                date_header=True)

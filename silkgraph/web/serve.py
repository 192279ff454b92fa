"""Run the web application with uvicorn (`silkgraph serve`), in one process or several.

With `workers` > 1, uvicorn's process manager starts that many worker
processes on one listening socket (and restarts one that dies); each opens
the store itself, so that reads run on every core instead of queueing on one
Python process. SQLite in WAL mode and PostgreSQL both let the workers read
side by side; writes (POST with the token) are serialised by the store.
The workers learn the store, the token and the server's start from the
environment, which they inherit: none of it appears on a command line.
"""

from __future__ import annotations

import os
import time

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "SILKGRAPH_TOKEN"
DB_ENV = "SILKGRAPH_SERVE_DB"
PIPELINE_ENV = "SILKGRAPH_PIPELINE"  # as silkgraph.pipeline.PIPELINE_ENV
MAX_WORKERS = 64


def serve(
    db: str,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    token: str | None = None,
    log_level: str = "info",
    workers: int = 1,
    pipeline: str | None = None,
) -> None:
    """Serve the store at `db` on host:port until interrupted, with `workers` processes.

    The token for the write endpoints comes from `token` or, when that is
    None, from the SILKGRAPH_TOKEN environment variable (so that it need not
    appear on a command line, where other users can see it). `pipeline` names
    the factory (`module:callable`) of the pipeline that analyses posted articles.
    """
    import uvicorn

    from silkgraph.web.app import SERVER_STAMP_ENV, create_app

    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be 1..{MAX_WORKERS}")
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    os.environ[SERVER_STAMP_ENV] = f"{time.time():.0f}"
    # Proxy headers are not trusted because the default is to listen on loopback only.
    options = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "proxy_headers": False,
        "server_header": False,
        "date_header": True,
    }
    if workers == 1:
        uvicorn.run(create_app(db, token=token, response_cache=True, pipeline=pipeline), **options)
        return
    os.environ[DB_ENV] = db if "://" in db else os.path.abspath(db)
    if token is None:
        os.environ.pop(TOKEN_ENV, None)
    else:
        os.environ[TOKEN_ENV] = token
    if pipeline is not None:  # every worker builds the same pipeline (silkgraph.pipeline.load_pipeline reads it)
        os.environ[PIPELINE_ENV] = pipeline
    uvicorn.run("silkgraph.web.serve:app_from_environment", factory=True, workers=workers, **options)


def app_from_environment():
    """The application of one worker process, over the store named by SILKGRAPH_SERVE_DB."""
    from silkgraph.web.app import create_app

    return create_app(
        os.environ[DB_ENV],
        token=os.environ.get(TOKEN_ENV) or None,
        response_cache=True,
        pipeline=os.environ.get(PIPELINE_ENV) or None,
    )

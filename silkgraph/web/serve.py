"""Run the web application with uvicorn (`silkgraph serve`), in one process or several.

With `workers` > 1, uvicorn's process manager starts that many worker
processes on one listening socket (and restarts one that dies); each opens
the store itself, so that reads run on every core instead of queueing on one
Python process. SQLite in WAL mode and PostgreSQL both let the workers read
side by side; writes (POST with the token) are serialised by the store.
The workers learn the store, the token and the server's start from the
environment, which they inherit: none of it appears on a command line. They
share the answers that are slow to compute through a private directory
(silkgraph.web.shared_cache) that lives as long as the server.

Every connection is answered without Nagle's delay (silkgraph.web.http_protocol)
and, where uvloop is installed, on its event loop; see bench/RESULTS.md for
what each of these is worth.
"""

from __future__ import annotations

import os
import shutil
import time

from silkgraph.web.shared_cache import make_directory

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
TOKEN_ENV = "SILKGRAPH_TOKEN"
DB_ENV = "SILKGRAPH_SERVE_DB"
PIPELINE_ENV = "SILKGRAPH_PIPELINE"  # as silkgraph.pipeline.PIPELINE_ENV
SHARED_ENV = "SILKGRAPH_SERVE_SHARED"  # the directory of answers the workers share
MAX_WORKERS = 64
HTTP_PROTOCOL = "silkgraph.web.http_protocol:NoDelayProtocol"


M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)
MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's allocator use at most `arenas` memory arenas in this process.

    By default every thread that allocates may get an arena of its own (up to 8 per core),
    and the request threads of a worker, each building and freeing answers of megabytes,
    leave memory scattered over all of them that is seldom given back: in a 10-minute soak
    the server grew steadily (bench/RESULTS.md §11). False where the C library is not glibc.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(M_ARENA_MAX, arenas))
    except (OSError, AttributeError, TypeError):
        return False


def event_loop() -> str:
    """uvloop (libuv, written in C) where it is installed, else asyncio's own loop."""
    try:
        import uvloop  # noqa: F401
    except ImportError:
        return "asyncio"
    return "uvloop"


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
        "http": HTTP_PROTOCOL,
        "loop": event_loop(),
    }
    shared = make_directory()
    try:
        if workers == 1:
            limit_malloc_arenas()
            app = create_app(db, token=token, response_cache=True, pipeline=pipeline, shared_cache=shared, prepare=True)
            uvicorn.run(app, **options)
        else:
            _run_workers(db, token, workers, pipeline, shared, options)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def _run_workers(db: str, token: str | None, workers: int, pipeline: str | None, shared: str, options: dict) -> None:
    """uvicorn's process manager with `workers` processes, each building its app from the environment."""
    import uvicorn

    os.environ[DB_ENV] = db if "://" in db else os.path.abspath(db)
    if token is None:
        os.environ.pop(TOKEN_ENV, None)
    else:
        os.environ[TOKEN_ENV] = token
    if pipeline is not None:  # every worker builds the same pipeline (silkgraph.pipeline.load_pipeline reads it)
        os.environ[PIPELINE_ENV] = pipeline
    os.environ[SHARED_ENV] = shared
    uvicorn.run("silkgraph.web.serve:app_from_environment", factory=True, workers=workers, **options)


def app_from_environment():
    """The application of one worker process, over the store named by SILKGRAPH_SERVE_DB."""
    from silkgraph.web.app import create_app

    limit_malloc_arenas()
    return create_app(
        os.environ[DB_ENV],
        token=os.environ.get(TOKEN_ENV) or None,
        response_cache=True,
        pipeline=os.environ.get(PIPELINE_ENV) or None,
        shared_cache=os.environ.get(SHARED_ENV) or None,
        prepare=True,
    )

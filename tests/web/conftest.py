"""Fixtures of the web tests: a store filled with the samples (and the dev
corpus when ../shared is present) plus one hostile article, an in-process
client, and for browser tests a real server on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
DEV_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
TOKEN = "test-token-4f1c"

# Markup in every place an article can carry it: title, body, a quote, next to
# entities, events and figures, so that each highlighting path meets it.
HOSTILE = {
    "id": "hostile-article",
    "title": "<script>alert(1)</script>",
    "published": "2025-03-04",
    "language": "de",
    "text": (
        "Kasachstans Präsident Kassym-Schomart Tokajew traf am Dienstag in Astana den Präsidenten "
        "Usbekistans, Schawkat Mirsijojew. <img src=x onerror=alert(1)> Tokajew erklärte: "
        "„<script>alert(2)</script> Wir bauen <b onmouseover=alert(3)>Brücken</b> zwischen unseren Ländern.“ "
        "Das Handelsvolumen zwischen Kasachstan und Usbekistan erreichte 2024 rund 4 Milliarden US-Dollar "
        '<svg onload=alert(4)>. <a href="javascript:alert(5)">mehr</a>'
    ),
}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs Chromium (/usr/bin/chromium) and Playwright for Python")


def dev_corpus_files() -> list[Path]:
    return sorted(DEV_CORPUS.glob("*.txt")) if DEV_CORPUS.is_dir() else []


@pytest.fixture(scope="session")
def has_dev_corpus() -> bool:
    return bool(dev_corpus_files())


def fill_store(db_path: Path, pipeline, *, hostile: bool = True) -> list[str]:
    """Ingest the samples, the dev corpus (when present) and the hostile article; return the stored ids."""
    from silkgraph.ingest import read_inputs
    from silkgraph.ingest.records import record_to_document
    from silkgraph.model import Document
    from silkgraph.store import open_store

    paths = [str(SAMPLES), *map(str, dev_corpus_files())]
    stored = []
    with open_store(db_path) as store:
        for item in read_inputs(paths):
            if isinstance(item, Document):
                stored.append(store.add(pipeline.analyze(item)).doc_id)
        if hostile:
            doc = record_to_document(HOSTILE, default_id="hostile", source="test")
            stored.append(store.add(pipeline.analyze(doc)).doc_id)
    return stored


@pytest.fixture(scope="session")
def hostile() -> dict:
    return dict(HOSTILE)


@pytest.fixture(scope="session")
def token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def auth() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def filled_store(pipeline):
    """filled_store(path) -> ids: a fresh store at path with the samples, dev corpus and hostile article."""
    return lambda path: fill_store(path, pipeline)


@pytest.fixture
def app_client(kb):
    """app_client(db, token=None) -> an in-process client of a fresh app (use it as a context manager)."""
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    return lambda db, **kwargs: TestClient(create_app(str(db), kb=kb, **kwargs), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, pipeline) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    ids = fill_store(path, pipeline)
    assert "hostile-article" in ids
    return path


@pytest.fixture(scope="session")
def client(web_db, kb):
    """An in-process client of an app with writing enabled (token TOKEN)."""
    from fastapi.testclient import TestClient

    from silkgraph.web.app import create_app

    with TestClient(create_app(str(web_db), kb=kb, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_db):
    """`silkgraph.web.serve.serve` in a child process; yields its base URL."""
    port = free_port()
    code = (
        "import sys; from silkgraph.web.serve import serve; "
        "serve(sys.argv[1], port=int(sys.argv[2]), log_level='warning')"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SILKGRAPH_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(web_db), str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(base: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{output[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {base} did not come up in {timeout:.0f} s")

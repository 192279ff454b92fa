"""HTTP caching keyed by the store's generation: ETag, 304, a response cache, and serve --workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from silkgraph.store import open_store
from silkgraph.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(base: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode("utf-8", "replace")[-3000:]
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"server at {base} did not come up in {timeout:.0f} s")


ARTICLE = {"id": "neu", "text": "Der Präsident Turkmenistans empfing am Freitag in Aschgabat den Außenminister Irans."}


@pytest.fixture
def db(tmp_path, filled_store):
    path = tmp_path / "cache.db"
    filled_store(path)
    return path


def _client(db, kb, token, **kwargs):
    from fastapi.testclient import TestClient

    return TestClient(create_app(str(db), kb=kb, token=token, **kwargs), raise_server_exceptions=False)


def test_answers_carry_an_etag_and_304_until_the_store_changes(db, kb, token, auth):
    with _client(db, kb, token) as c:
        first = c.get("/api/stats")
        etag = first.headers["etag"]
        assert first.status_code == 200 and etag.startswith('W/"') and first.headers["cache-control"] == "no-cache"
        for path in ("/api/stats", "/api/timeline?limit=5", "/", "/entities/kazakhstan"):
            assert c.get(path).headers["etag"] == etag, path  # one generation, one tag
        again = c.get("/api/stats", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
        assert c.post("/api/documents", json=ARTICLE, headers=auth).status_code == 201
        changed = c.get("/api/stats", headers={"If-None-Match": etag})
        assert changed.status_code == 200 and changed.headers["etag"] != etag
        assert changed.json()["documents"] == first.json()["documents"] + 1


def test_write_by_another_process_changes_the_tag(db, kb, token, make_analysis_for_cache):
    with _client(db, kb, token) as c:
        etag = c.get("/api/stats").headers["etag"]
        with open_store(db) as other:  # another connection, as another process would have
            other.add(make_analysis_for_cache)
        assert c.get("/api/stats", headers={"If-None-Match": etag}).status_code == 200


def test_requests_with_credentials_and_errors_are_not_tagged(db, kb, token, auth):
    with _client(db, kb, token) as c:
        assert "etag" not in c.get("/api/corrections", headers=auth).headers
        missing = c.get("/api/entities/no-such-entity")
        assert missing.status_code == 404 and "etag" not in missing.headers


def test_response_cache_answers_without_running_the_route_until_a_write(db, kb, token, auth, monkeypatch):
    with _client(db, kb, token, response_cache=True) as c:
        query = c.app.state.silk.query
        calls = []
        real = query.timeline

        def counted(*args, **kwargs):
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(query, "timeline", counted)
        bodies = [c.get("/api/timeline?limit=3").json() for _ in range(3)]
        assert len(calls) == 1 and bodies[0] == bodies[1] == bodies[2]
        assert c.get("/api/timeline?limit=4").status_code == 200 and len(calls) == 2  # another query, another entry
        gzipped = c.get("/timeline", headers={"Accept-Encoding": "gzip"})
        plain = c.get("/timeline", headers={"Accept-Encoding": "identity"})
        assert gzipped.text == plain.text and plain.headers.get("content-encoding") is None
        assert c.post("/api/documents", json=ARTICLE, headers=auth).status_code == 201
        c.get("/api/timeline?limit=3")
        assert len(calls) == 5  # the two pages above, and the first query again after the write


@pytest.fixture
def make_analysis_for_cache(pipeline):
    from silkgraph.ingest.records import record_to_document

    return pipeline.analyze(record_to_document(ARTICLE, default_id="x", source="test"))


@pytest.mark.integration  # starts `silkgraph serve` with worker processes
def test_serve_with_workers_runs_that_many_processes(db):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "silkgraph.cli", "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc, timeout=120)
        import psutil

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the second worker may still be starting
            # uvicorn starts its workers with multiprocessing's spawn method
            workers = [p for p in psutil.Process(proc.pid).children() if "spawn_main" in " ".join(p.cmdline())]
            if len(workers) >= 2:
                break
            time.sleep(0.5)
        assert len(workers) >= 2
        for _ in range(10):
            with urllib.request.urlopen(base + "/api/stats", timeout=10) as response:
                assert response.status == 200 and response.headers["ETag"]
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert not [p for p in workers if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]

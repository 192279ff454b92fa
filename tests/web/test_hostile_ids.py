"""Every id ingest stores can be opened in the API and the pages, and search links reach it."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from silkgraph.ingest import read_inputs
from silkgraph.model import Document
from silkgraph.store import open_store

ROOT = Path(__file__).resolve().parents[2]

RAW_IDS = [
    "zeile\nzwei",
    "tab\there",
    "esc\x1b[2Jape",
    "nul\x00l",
    "x" * 100_000,
    "frage?und#raute%20",
    "ordner/../oben",
    "../..",
    " leer ",
    "umlaut-äöü",
    "halb\ud800",
]
TEXT = "Der Außenminister Kirgisistans traf in Bischkek seinen Amtskollegen aus Tadschikistan, Nummer {n}."


@pytest.fixture(scope="module")
def stored(tmp_path_factory, pipeline):
    folder = tmp_path_factory.mktemp("ids")
    source = folder / "ids.jsonl"
    source.write_text(
        "\n".join(
            json.dumps({"id": raw, "text": TEXT.format(n=n), "title": f"Bischkek {n}"}) for n, raw in enumerate(RAW_IDS)
        )
        + "\n",
        encoding="utf-8",
    )
    docs = [d for d in read_inputs([str(source)]) if isinstance(d, Document)]
    assert len(docs) == len(RAW_IDS)
    with open_store(folder / "ids.db") as store:
        ids = [store.add(pipeline.analyze(d)).doc_id for d in docs]
    # A real server: the in-process test client decodes a path twice ("%2520" arrives as " ").
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "silkgraph.cli", "serve", "--db", str(folder / "ids.db"), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        client = Client(f"http://127.0.0.1:{port}")
        client.wait_until_up(proc)
        yield client, ids
    finally:
        proc.terminate()
        proc.wait(60)


class Client:
    """GET over a real connection: status and text."""

    def __init__(self, base: str):
        self.base = base

    def get(self, path: str, params: dict | None = None) -> tuple[int, str]:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def wait_until_up(self, proc: subprocess.Popen, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode("utf-8", "replace")[-2000:]
            try:
                if self.get("/api/stats")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("server did not come up")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_every_stored_id_opens_in_the_api_and_the_pages(stored):
    client, ids = stored
    assert len(set(ids)) == len(RAW_IDS)
    for doc_id in ids:
        path = urllib.parse.quote(doc_id, safe="")
        status, body = client.get(f"/api/documents/{path}")
        assert status == 200 and json.loads(body)["id"] == doc_id, (doc_id, body[:200])
        assert client.get(f"/documents/{path}")[0] == 200, doc_id


def test_search_links_reach_every_document(stored):
    client, ids = stored
    page = client.get("/search", params={"q": "Bischkek", "limit": 50})[1]
    links = {html.unescape(h) for h in re.findall(r'class="hit-title" href="(/documents/[^"]+)"', page)}
    targets = {urllib.parse.unquote(link.removeprefix("/documents/")) for link in links}
    assert targets == set(ids), (targets - set(ids), set(ids) - targets)
    for link in links:
        assert client.get(link)[0] == 200, link

"""Request bodies are guarded before they are read: no token, no reading; a chunked body
(which has no Content-Length) is cut off at the size limit, not read to its end."""

import asyncio
import json

import pytest

from silkgraph.web.app import MAX_BODY_BYTES, create_app

CHUNK = 64 * 1024


class ChunkedBody:
    """An ASGI `receive` that plays a chunked upload of `total` bytes and counts what was taken."""

    def __init__(self, total: int):
        self.total = total
        self.taken = 0

    async def __call__(self):
        if self.taken >= self.total:
            await asyncio.sleep(3600)  # a client that keeps the connection open
        size = min(CHUNK, self.total - self.taken)
        self.taken += size
        return {"type": "http.request", "body": b"x" * size, "more_body": self.taken < self.total}


def _post(app, path: str, body: ChunkedBody, headers: list[tuple[bytes, bytes]]) -> tuple[int, dict]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"transfer-encoding", b"chunked"),
            (b"content-type", b"application/json"),
            *headers,
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, body, send), 30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    payload = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(payload)


@pytest.fixture
def app(tmp_path, kb, token):
    return create_app(str(tmp_path / "guard.db"), kb=kb, token=token)


@pytest.mark.parametrize("authorization", [None, b"Bearer wrong-token", b"Basic abc"])
def test_write_without_the_token_reads_no_body(app, authorization):
    body = ChunkedBody(300 * CHUNK)
    headers = [(b"authorization", authorization)] if authorization else []
    status, answer = _post(app, "/api/documents", body, headers)
    assert status in (401, 403) and ("token" in answer["error"] or "authentication" in answer["error"])
    assert body.taken == 0


def test_write_when_writing_is_off_reads_no_body(tmp_path, kb, auth):
    app = create_app(str(tmp_path / "off.db"), kb=kb)
    body = ChunkedBody(300 * CHUNK)
    status, answer = _post(app, "/api/corrections", body, [(b"authorization", auth["Authorization"].encode())])
    assert status == 403 and "disabled" in answer["error"] and body.taken == 0


def test_chunked_body_over_the_limit_is_cut_off_while_streaming(app, auth):
    body = ChunkedBody(300 * CHUNK)  # about 20 MB, ten times the limit, without a Content-Length
    status, answer = _post(app, "/api/documents", body, [(b"authorization", auth["Authorization"].encode())])
    assert status == 413 and "larger than" in answer["error"]
    assert body.taken <= MAX_BODY_BYTES + CHUNK


def test_chunked_body_within_the_limit_is_accepted(app, auth):
    text = "Der Außenminister Usbekistans besuchte am Montag Bischkek und sprach über Wasser. "
    record = json.dumps({"id": "gestreamt", "text": text}).encode()

    class OneChunk(ChunkedBody):
        async def __call__(self):
            self.taken = len(record)
            return {"type": "http.request", "body": record, "more_body": False}

    status, answer = _post(
        app, "/api/documents", OneChunk(len(record)), [(b"authorization", auth["Authorization"].encode())]
    )
    assert status == 201 and answer["id"] == "gestreamt"

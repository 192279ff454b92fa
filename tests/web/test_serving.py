"""Serving under load: the generation read only when the store's files changed, one computation per
answer for many waiting requests, answers shared between worker processes, and no Nagle delay."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from silkgraph.store import open_store
from silkgraph.web.caching import ResponseCache, StoreCaching
from silkgraph.web.generation import SETTLE_SECONDS, GenerationWatch
from silkgraph.web.http_protocol import disable_nagle
from silkgraph.web.shared_cache import SharedResponses

ARTICLE = {
    "id": "watched",
    "text": "Der Außenminister Kasachstans traf am Montag in Peking seinen chinesischen Amtskollegen.",
}


@pytest.fixture
def analysis(pipeline):
    from silkgraph.ingest.records import record_to_document

    return pipeline.analyze(record_to_document(ARTICLE, default_id="x", source="test"))


def test_generation_is_read_again_only_after_a_write_by_another_connection(tmp_path, analysis):
    path = tmp_path / "watched.db"
    with open_store(path) as reader, open_store(path) as writer:
        reads = []

        def counted():
            reads.append(1)
            return reader.generation()

        watch = GenerationWatch(counted, reader.files())
        assert watch.unchanged() is None  # nothing known yet
        time.sleep(SETTLE_SECONDS * 2)  # files changed just now are not trusted yet
        first = watch.read()
        assert [watch.unchanged() for _ in range(5)] == [first] * 5 and len(reads) == 1
        writer.add(analysis)
        assert watch.unchanged() is None  # the write changed the files: ask the store
        assert watch.read() == first + 1 and len(reads) == 2


def test_files_changed_within_the_settling_time_are_not_trusted(tmp_path, analysis):
    path = tmp_path / "fresh.db"
    with open_store(path) as store:
        store.add(analysis)  # the files change now
        watch = GenerationWatch(store.generation, store.files())
        watch.read()
        assert watch.unchanged() is None


def test_a_store_without_files_is_asked_every_time():
    calls = []
    watch = GenerationWatch(lambda: calls.append(1) or 7)
    assert watch.read() == 7 and watch.unchanged() is None and watch.read() == 7 and len(calls) == 2


def test_workers_share_answers_of_the_current_generation_only(tmp_path):
    one, other = SharedResponses(tmp_path), SharedResponses(tmp_path)
    entry = (200, [(b"content-type", b"text/html; charset=utf-8")], "Über <b>Kasachstan</b>".encode())
    key = ("/entities/kazakhstan", b"", True)
    one.put(4, key, entry)
    assert other.get(4, key) == entry
    assert other.get(4, ("/entities/kazakhstan", b"", False)) is None  # another encoding, another answer
    assert other.get(5, key) is None
    other.put(5, key, (200, [], b"new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["5"]  # the older generation is gone
    assert one.get(5, key) == (200, [], b"new")


def test_a_worker_shares_at_most_its_budget_per_generation(tmp_path):
    shared = SharedResponses(tmp_path, max_bytes=10)
    shared.put(1, ("a",), (200, [], b"123456"))
    shared.put(1, ("b",), (200, [], b"123456"))  # over the budget: kept to itself
    assert shared.get(1, ("a",)) is not None and shared.get(1, ("b",)) is None
    shared.put(2, ("b",), (200, [], b"123456"))  # a new generation, a new budget
    assert shared.get(2, ("b",)) is not None


def test_an_unreadable_shared_answer_is_a_miss(tmp_path):
    shared = SharedResponses(tmp_path)
    shared.put(1, ("a",), (200, [], b"body"))
    for name in (tmp_path / "1").iterdir():
        name.write_bytes(b"not json\nbody")
    assert shared.get(1, ("a",)) is None


def _request(path: str) -> dict:
    return {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}


async def _call(app, scope) -> tuple[int, bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


def test_concurrent_requests_for_one_answer_compute_it_once(tmp_path):
    runs = []

    async def slow_route(scope, receive, send):
        runs.append(scope["path"])
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    shared = SharedResponses(tmp_path)
    app = StoreCaching(slow_route, lambda: 3, "v", cache=ResponseCache(), shared=shared)

    async def many():
        return await asyncio.gather(*(_call(app, _request(p)) for p in ["/a"] * 6 + ["/b"] * 2))

    answers = asyncio.run(many())
    assert runs.count("/a") == 1 and runs.count("/b") == 1
    assert answers == [(200, b"/a")] * 6 + [(200, b"/b")] * 2
    # Another worker (its own memory cache, the same directory) finds the slow answer shared.
    second_worker = StoreCaching(slow_route, lambda: 3, "v", cache=ResponseCache(), shared=SharedResponses(tmp_path))
    assert asyncio.run(_call(second_worker, _request("/a"))) == (200, b"/a") and runs.count("/a") == 1


def test_answers_that_are_not_kept_are_computed_by_each_request():
    runs = []

    async def missing(scope, receive, send):
        runs.append(1)
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"no"})

    app = StoreCaching(missing, lambda: 3, "v", cache=ResponseCache())

    async def many():
        return await asyncio.gather(*(_call(app, _request("/gone")) for _ in range(3)))

    assert asyncio.run(many()) == [(404, b"no")] * 3 and len(runs) == 3


def test_an_answer_finished_after_a_write_does_not_replace_the_newer_ones():
    cache = ResponseCache()
    cache.put(5, ("k",), (200, [], b"new"))
    cache.put(4, ("k",), (200, [], b"old"))
    assert cache.get(5, ("k",)) == (200, [], b"new") and cache.get(4, ("k",)) is None


def test_connections_accepted_on_a_socket_bound_like_uvicorns_answer_without_nagle():
    """uvicorn binds the socket of several workers with protocol number 0, for which asyncio
    leaves Nagle's algorithm on; the server's protocol turns it off itself."""
    listening = socket.socket(family=socket.AF_INET)  # as uvicorn.Config.bind_socket does
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    seen: list[tuple[int, int]] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport):
            sock = transport.get_extra_info("socket")
            before = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            disable_nagle(transport)
            seen.append((before, sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            transport.close()

    async def accept_one():
        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        client = socket.create_connection(listening.getsockname(), timeout=5)
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.02)
        client.close()
        server.close()

    asyncio.run(accept_one())
    assert seen == [(0, 1)]


def _median_request_ms(protocol: str, requests: int = 30) -> float:
    """Median time of `requests` GETs over one keep-alive connection to uvicorn on asyncio's loop,
    serving from a socket bound as uvicorn binds it for several workers (protocol number 0)."""
    import http.client
    import statistics
    import threading

    import uvicorn

    async def two_writes(scope, receive, send):  # head and body leave separately, as every answer does
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"x" * 3000})

    listening = socket.socket(family=socket.AF_INET)
    listening.bind(("127.0.0.1", 0))
    config = uvicorn.Config(two_writes, http=protocol, loop="asyncio", lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        conn = http.client.HTTPConnection(*listening.getsockname(), timeout=10)
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            conn.request("GET", "/")
            conn.getresponse().read()
            times.append((time.perf_counter() - t) * 1000)
        conn.close()
        return statistics.median(times)
    finally:
        server.should_exit = True
        thread.join(10)
        listening.close()


def test_a_served_connection_does_not_wait_for_delayed_acknowledgements():
    """Without TCP_NODELAY the body waits for the client's delayed acknowledgement of the head
    (40 ms on Linux): the median request would take over 40 ms instead of about one."""
    from silkgraph.web.serve import HTTP_PROTOCOL

    assert _median_request_ms(HTTP_PROTOCOL) < 20


def test_an_answer_too_big_for_memory_is_computed_once_and_read_from_the_shared_directory(tmp_path):
    runs = []

    async def big_page(scope, receive, send):
        runs.append(1)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": b"<p>figure</p>" * 100_000})

    small_memory = ResponseCache(max_bytes=1000)  # the page (1.3 MB, two pieces from the file) does not fit
    app = StoreCaching(big_page, lambda: 2, "v", cache=small_memory, shared=SharedResponses(tmp_path))
    answers = [asyncio.run(_call(app, _request("/figures"))) for _ in range(3)]
    assert answers == [(200, b"<p>figure</p>" * 100_000)] * 3 and len(runs) == 1


def test_the_server_limits_the_allocators_arenas_where_the_c_library_is_glibc():
    import platform

    from silkgraph.web.serve import limit_malloc_arenas

    assert limit_malloc_arenas() is (platform.libc_ver()[0] == "glibc")

"""The HTTP protocol of `silkgraph serve`: uvicorn's, with Nagle's algorithm off on every connection.

A response leaves in two writes (the head, then the body). With Nagle's
algorithm on, the second waits until the client acknowledges the first, and
a client delays that acknowledgement by up to 40 ms: every request then costs
40 ms, whatever it computes. asyncio turns the algorithm off only for sockets
it made itself; the listening socket that uvicorn binds for several worker
processes is not one of them, which is why two workers once served a third of
one worker's rate (bench/RESULTS.md, sections 8 and 11). Setting TCP_NODELAY
here makes the server independent of the event loop and of who bound the socket.
"""

from __future__ import annotations

import socket

try:  # httptools parses in C; h11 (pure Python) is uvicorn's fallback
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - httptools is a dependency of Silkgraph
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]


def disable_nagle(transport) -> bool:
    """Turn Nagle's algorithm off on the TCP socket under `transport`; False where there is none."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the connection is already gone
        return False
    return True


class NoDelayProtocol(_Base):
    """uvicorn's HTTP/1.1 protocol, answering without waiting for the client's acknowledgements."""

    def connection_made(self, transport) -> None:  # type: ignore[override]
        disable_nagle(transport)
        super().connection_made(transport)

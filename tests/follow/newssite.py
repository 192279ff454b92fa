"""A local news site for the watcher's tests: feeds, sitemaps, article pages and bad cases.

`NewsSite` runs a threaded HTTP server on 127.0.0.1 (a free port) serving
whatever `routes` maps a path to, with ETag / Last-Modified handling, gzip
when asked, and the misbehaviours of real servers (errors, redirect loops,
huge and trickling bodies). The article texts are written for these tests.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    conditional: bool = True  # answer 304 to a matching If-None-Match / If-Modified-Since
    gzip: bool = False
    redirect: str | None = None  # Location of a 302
    trickle: float | None = None  # seconds between single bytes of the body
    huge: int | None = None  # stream this many bytes of filler instead of `body`
    slow_headers: float | None = None  # seconds between single bytes of the status line and headers
    headers: dict = field(default_factory=dict)


class NewsSite:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, int]] = []  # (method, path, status)
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str | None = None, status: int | None = None) -> int:
        with self.lock:
            return sum(
                1 for _, p, s in self.requests if (path is None or p == path) and (status is None or s == status)
            )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _log(self, handler, status: int) -> None:
        with self.lock:
            self.requests.append(("GET", handler.path, status))

    def _serve(self, handler) -> None:
        route = self.routes.get(handler.path)
        if route is None:
            route = (
                Route(b"<html><body>Not found</body></html>", status=404)
                if handler.path != "/robots.txt"
                else Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
            )
        try:
            self._answer(handler, route)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _answer(self, handler, route: Route) -> None:
        if route.slow_headers:
            self._log(handler, 200)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"x" * 200 + b"\r\n"
            for i in range(len(head)):
                handler.wfile.write(head[i : i + 1])
                handler.wfile.flush()
                time.sleep(route.slow_headers)
            return
        if route.redirect:
            self._log(handler, 302)
            handler.send_response(302)
            handler.send_header("Location", route.redirect)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        modified = formatdate(1_700_000_000 + len(route.body), usegmt=True)
        if (
            route.status == 200
            and route.conditional
            and (handler.headers.get("If-None-Match") == etag or handler.headers.get("If-Modified-Since") == modified)
        ):
            self._log(handler, 304)
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        self._log(handler, route.status)
        handler.send_response(route.status)
        handler.send_header("Content-Type", route.content_type)
        for name, value in route.headers.items():
            handler.send_header(name, value)
        if route.status == 200 and route.conditional:
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", modified)
        if route.huge:
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            chunk = b"<p>" + b"x" * 65_000 + b"</p>\n"
            sent = 0
            while sent < route.huge:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            handler.wfile.write(b"0\r\n\r\n")
            return
        body = route.body
        if route.gzip and "gzip" in (handler.headers.get("Accept-Encoding") or ""):
            body = gzip.compress(body)
            handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if route.trickle:
            for i in range(len(body)):
                handler.wfile.write(body[i : i + 1])
                handler.wfile.flush()
                time.sleep(route.trickle)
            return
        handler.wfile.write(body)


# -- content shaped like the real thing ---------------------------------------------


def article_page(title: str, paragraphs: list[str], published: str, lang: str = "en") -> bytes:
    """A news article page with navigation, a date in its metadata and a footer."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | Steppe Courier</title>
<meta property="article:published_time" content="{published}T09:30:00+05:00">
<meta property="og:title" content="{escape(title)}"></head>
<body><header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/economy">Economy</a></nav></header>
<main><article><h1>{escape(title)}</h1><div class="byline">By our correspondent</div>
{body}
</article></main>
<footer><p>© Steppe Courier. All rights reserved.</p></footer></body></html>""".encode()


def rss_feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 with items (link, title, RFC 822 date)."""
    entries = "\n".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
        f"<pubDate>{date}</pubDate><description>{escape(t)}</description></item>"
        for link, t, date in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>http://example.invalid/</link>
<description>News</description>
{entries}
</channel></rss>""".encode()


def atom_feed(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """Atom 1.0 with entries (link, title, ISO date)."""
    entries = "\n".join(
        f'<entry><title>{escape(t)}</title><link href="{escape(link)}"/><id>{escape(link)}</id>'
        f"<updated>{date}</updated></entry>"
        for link, t, date in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title><id>urn:test:feed</id>
<updated>2026-05-01T00:00:00Z</updated>
{entries}
</feed>""".encode()


def news_sitemap(items: list[tuple[str, str, str]]) -> bytes:
    """A Google News sitemap with urls (loc, title, ISO date)."""
    urls = "\n".join(
        f"<url><loc>{escape(loc)}</loc><news:news><news:publication>"
        f"<news:name>Steppe Courier</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{date}</news:publication_date><news:title>{escape(t)}</news:title>"
        f"</news:news></url>"
        for loc, t, date in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>""".encode()


def sitemap_index(locs: list[str]) -> bytes:
    inner = "\n".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{inner}</sitemapindex>""".encode()


def index_page(links: list[tuple[str, str]]) -> bytes:
    anchors = "\n".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for href, text in links)
    return f"""<!DOCTYPE html><html><body><nav><a href="/about">About us</a><a href="/contact">Contact</a></nav>
<ul class="news">{anchors}</ul></body></html>""".encode()


# Articles written for these tests: (slug, title, published, paragraphs).
ARTICLES = [
    (
        "astana-beijing-rail-deal",
        "Kazakhstan and China sign rail agreement",
        "2026-05-04",
        [
            (
                "Kazakhstan and China signed an agreement on a second railway crossing at Khorgos on Monday, the "
                "foreign ministry in Astana said."
            ),
            (
                "President Kassym-Jomart Tokayev and President Xi Jinping met in Astana to discuss transport links. "
                "Trade between Kazakhstan and China reached 44 billion US dollars last year, officials said."
            ),
            "The new line is expected to carry freight from 2028, according to the ministry of transport.",
        ],
    ),
    (
        "astana-beijing-rail-deal-reaction",
        "Rail agreement between Kazakhstan and China welcomed",
        "2026-05-05",
        [
            (
                "Kazakhstan and China signed an agreement on a second railway crossing at Khorgos on Monday, the "
                "foreign ministry in Astana confirmed on Tuesday."
            ),
            (
                "Business groups in Almaty welcomed the agreement, saying that freight volumes on the route had "
                "grown for three years in a row."
            ),
        ],
    ),
    (
        "tashkent-water-talks",
        "Uzbekistan and Tajikistan hold talks on water",
        "2026-05-06",
        [
            "Uzbekistan and Tajikistan held talks on water use in the Fergana Valley in Tashkent on Wednesday.",
            (
                "The foreign ministers of the two countries agreed to meet again in Dushanbe in the autumn, "
                "according to a statement published after the meeting."
            ),
        ],
    ),
]
NEW_ARTICLE = (
    "bishkek-ankara-visit",
    "Kyrgyz president visits Turkey",
    "2026-05-07",
    [
        (
            "The President of Kyrgyzstan, Sadyr Japarov, arrived in Ankara on Thursday for a two-day state visit to "
            "Turkey, his press office said."
        ),
        (
            "Japarov and President Recep Tayyip Erdogan are expected to discuss trade, which the two governments "
            "want to raise to 5 billion US dollars a year."
        ),
    ],
)


class Receiver:
    """A local webhook receiver: records every POST; answers `fail_first` of them with 500."""

    def __init__(self, fail_first: int = 0):
        self.posts: list[tuple[dict, bytes]] = []  # (headers, body)
        self.fail_first = fail_first
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    failing = receiver.fail_first > 0
                    receiver.fail_first -= failing
                    if not failing:
                        receiver.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(500 if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """A local SMTP server (aiosmtpd) keeping the messages it receives."""

    def __init__(self):
        import socket

        from aiosmtpd.controller import Controller

        self.messages: list = []
        mailbox = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                from email import message_from_bytes, policy

                mailbox.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 OK"

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(
            Handler(), hostname="127.0.0.1", port=self.port, ready_timeout=30
        )  # a busy CI machine
        self.controller.start()

    def close(self) -> None:
        self.controller.stop()


MORE_ARTICLES = [
    (
        "ashgabat-baku-gas",
        "Turkmenistan and Azerbaijan discuss gas exports",
        "2026-05-08",
        [
            (
                "Turkmenistan and Azerbaijan discussed gas exports across the Caspian Sea at talks in Ashgabat on "
                "Friday, the Turkmen foreign ministry said."
            ),
            "The two sides agreed to set up a working group on a pipeline under the sea, according to the statement.",
        ],
    ),
    (
        "moscow-astana-grain",
        "Russia and Kazakhstan agree on grain transit",
        "2026-05-09",
        [
            (
                "Russia and Kazakhstan agreed on the transit of grain to Central Asian markets at a meeting of their "
                "deputy prime ministers in Moscow on Saturday."
            ),
            "Kazakh exports of grain through Russian ports could reach two million tonnes a year, officials said.",
        ],
    ),
]

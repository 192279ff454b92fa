"""Files as they come: random HTML, JSON Lines, JSON and feeds, and pages built to hurt."""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import strategies as st

from fuzz_helpers import ODD, soup, targets
from silkgraph.ingest import Skipped, read_inputs
from silkgraph.model import Document

# feedparser warns about its own future defaults on every Atom entry without <published>.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser")

ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PROSE = "Kasachstan und China unterzeichneten am Montag in Astana ein Abkommen über eine neue Eisenbahnlinie."


def read_file(name: str, data: bytes, max_bytes: int = 5_000_000) -> list:
    """What read_inputs makes of one file, checked against the reader's promises."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(read_inputs([str(path)], max_bytes=max_bytes))
    assert items, "an input gave nothing at all"
    for item in items:
        if isinstance(item, Skipped):
            assert item.source.startswith(str(path)) and item.reason and "\n" not in item.reason, item
        else:
            assert isinstance(item, Document), item
            assert item.id and item.text and item.text == item.text.strip()
            assert item.published is None or ISO.match(item.published), item.published
    return items


# -- HTML ----------------------------------------------------------------------

TAGS = [
    "html",
    "head",
    "body",
    "div",
    "p",
    "article",
    "main",
    "nav",
    "section",
    "span",
    "a",
    "b",
    "h1",
    "h2",
    "ul",
    "li",
    "table",
    "tr",
    "td",
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "math",
    "template",
    "time",
    "title",
    "form",
    "x-custom",
    "p:p",
    "DIV",
    "header",
    "footer",
    "aside",
    "figure",
    "blockquote",
]
ATTRIBUTES = [
    'class="content"',
    'id="main"',
    'lang="ru"',
    'dir="rtl"',
    'datetime="2025-05-14"',
    "pubdate",
    'itemprop="datePublished"',
    'href="javascript:alert(1)"',
    'style="display:none"',
    'x="\u202e"',
    "=",
    '"',
    "onload=x()",
    'type="application/ld+json"',
]
META = st.builds(
    lambda key, value: f'<meta property="{key}" content="{escape(value, {chr(34): "&quot;"})}">',
    st.sampled_from(["article:published_time", "date", "og:published_time", "dc.date", "x"]),
    st.one_of(soup(4), st.sampled_from(["2025-05-14", "2025-13-01", "yesterday", "0000-00-00"])),
)
JSON_LD = st.builds(
    lambda value: f'<script type="application/ld+json">{json.dumps(value)}</script>',
    st.recursive(
        st.one_of(st.none(), st.text(max_size=10), st.integers(), st.just({"datePublished": "2024-02-29"})),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.sampled_from(["@graph", "datePublished", "dateCreated", "x"]), inner, max_size=3),
        ),
        max_leaves=12,
    ),
)
LEAF = st.one_of(
    soup(12),
    st.just(PROSE),
    st.sampled_from(ODD),
    st.sampled_from(
        [
            "&amp;",
            "&nbsp;",
            "&#0;",
            "&#x110000;",
            "&bogus;",
            "<!-- c -->",
            "<![CDATA[x]]>",
            "<br>",
            "</p>",
            "<p",
            "<?php ?>",
            "<!DOCTYPE html>",
            "\x00",
            "</html>",
        ]
    ),
    META,
    JSON_LD,
)


def _element(children: list[str], tag: str, attributes: list[str], closed: bool) -> str:
    opening = f"<{' '.join([tag, *attributes])}>"
    return opening + "".join(children) + (f"</{tag}>" if closed else "")


HTML = st.recursive(
    LEAF,
    lambda inner: st.builds(
        _element,
        st.lists(inner, max_size=5),
        st.sampled_from(TAGS),
        st.lists(st.sampled_from(ATTRIBUTES), max_size=3),
        st.booleans(),
    ),
    max_leaves=40,
).map(lambda body: "<html><body>" + body)


def check_html(page: str) -> None:
    read_file("page.html", page.encode("utf-8", "surrogatepass"))


# -- JSON Lines and JSON ------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), soup(10)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUES,
        "title": JSON_VALUES,
        "text": st.one_of(st.just(PROSE), soup(30), JSON_VALUES),
        "content": JSON_VALUES,
        "body": JSON_VALUES,
        "published": JSON_VALUES,
        "date": JSON_VALUES,
        "url": JSON_VALUES,
        "language": st.one_of(st.sampled_from(["de", "en", "xx", "German", "de-DE"]), JSON_VALUES),
    },
)
LINES = st.lists(
    st.one_of(
        RECORDS.map(lambda r: json.dumps(r).encode()),
        RECORDS.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=30),
        soup(10).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [b"", b"   ", b"\xef\xbb\xbf{}", b"{", b"[", b"\xff\xfe", b'{"text": "a\\ud800"}', b"[" * 5000]
        ),
    ),
    max_size=8,
)


def check_jsonl(lines: list[bytes]) -> None:
    items = read_file("batch.jsonl", b"\n".join(lines))
    for item in items:
        if isinstance(item, Skipped):
            assert re.fullmatch(r".*batch\.jsonl(:\d+)?", item.source), item.source


def check_json(value: object) -> None:
    read_file("records.json", json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


# -- feeds ---------------------------------------------------------------------------


def _feed(kind: str, doctype: str, items: list[tuple[str, str, str, str]]) -> str:
    if kind == "rss":
        body = "".join(
            f"<item><title>{t}</title><guid>{g}</guid><pubDate>{d}</pubDate><description>{x}</description></item>"
            for t, g, d, x in items
        )
        return f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>f</title>{body}</channel></rss>'
    body = "".join(
        f'<entry><title>{t}</title><id>{g}</id><updated>{d}</updated><content type="html">{x}</content></entry>'
        for t, g, d, x in items
    )
    return f'<?xml version="1.0"?>{doctype}<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>{body}</feed>'


FIELD = st.one_of(
    soup(10).map(escape),
    soup(10),
    st.just(escape(PROSE)),
    st.just(f"<![CDATA[<p>{PROSE}</p>]]>"),
    st.sampled_from(
        [
            "&lol;",
            "&xxe;",
            "&amp;amp;",
            "<p>",
            "]]>",
            "Thu, 12 Sep 2024 09:30:00 GMT",
            "2024-13-99T99:99:99Z",
            "http://example.org/a/b.html",
            "urn:uuid:1",
        ]
    ),
)
DOCTYPES = st.sampled_from(
    [
        "",
        '<!DOCTYPE rss [<!ENTITY lol "lol">]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE feed SYSTEM "http://127.0.0.1:9/x.dtd">',
    ]
)
FEEDS = st.builds(
    _feed, st.sampled_from(["rss", "atom"]), DOCTYPES, st.lists(st.tuples(FIELD, FIELD, FIELD, FIELD), max_size=4)
)


def check_feed(feed: str) -> None:
    for item in read_file("news.rss", feed.encode("utf-8", "surrogatepass")):
        assert "root:" not in getattr(item, "text", ""), "an external entity was read"


test_html, test_html_volume = targets("html", HTML, check_html, default=40)
test_jsonl, test_jsonl_volume = targets("jsonl", LINES, check_jsonl)
test_json, test_json_volume = targets("json", JSON_VALUES, check_json)
test_feed, test_feed_volume = targets("feed", FEEDS, check_feed)


# -- pages built to hurt -----------------------------------------------------------

P = f"<p>{PROSE}</p>"


def _laughs(levels: int) -> str:
    entities = '<!ENTITY a0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, levels)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>t</title>'
        f"<item><title>x</title><description>{escape(PROSE)} &a{levels - 1};</description></item></channel></rss>"
    )


HOSTILE = {
    "nested-divs.html": lambda: ("<html><body>" + "<div>" * 5000 + P + "</div>" * 5000).encode(),
    "nested-unclosed.html": lambda: ("<html><body>" + "<div><span>" * 5000 + P).encode(),
    "one-10mb-line.html": lambda: ("<html><body><p>" + "Kasachstan und China verhandeln. " * 320_000).encode(),
    "nul-bytes.html": lambda: ("<html><body>" + P.replace("China", "Ch\x00ina") * 3).encode(),
    "invalid-utf8.html": lambda: ("<html><body>" + P).encode() + b"\xff\xfe\xc3\x28" + P.encode(),
    "rtl-zero-width.html": lambda: (
        "<html><body><p>\u202eKasachstan\u200b und\u200d China\u2066 unterzeichneten "
        "\u061c am Montag in Astana ein Abkommen über eine neue Linie.\u202c</p>"
    ).encode(),
    "repeated-tags.html": lambda: ("<html><body>" + "<b><i></i></b>" * 50_000 + P).encode(),
    "repeated-paragraphs.html": lambda: ("<html><body>" + P * 20_000).encode(),
    "deep-json-ld.html": lambda: (
        '<html><head><script type="application/ld+json">' + "[" * 100_000 + "</script></head><body>" + P
    ).encode(),
    "billion-laughs.rss": lambda: _laughs(9).encode(),
    "deep-feed.rss": lambda: (
        '<?xml version="1.0"?><rss><channel><item><description>' + "<b>" * 20_000 + escape(PROSE)
    ).encode(),
    "deep.jsonl": lambda: b'{"text": ' + b"[" * 100_000 + b"\n" + json.dumps({"text": PROSE}).encode(),
    "long-line.jsonl": lambda: json.dumps({"text": PROSE * 60_000}).encode(),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file(name):
    data = HOSTILE[name]()
    started = time.monotonic()
    items = read_file(name, data, max_bytes=20_000_000)
    assert time.monotonic() - started < 60, "far too slow"
    assert all("root:" not in getattr(item, "text", "") for item in items)


@pytest.mark.slow
def test_repeated_tags_at_the_size_limit():
    # ~4 MB of empty inline elements: under the default 5 MB limit; trafilatura's
    # cleaning passes make this the slowest page found (about 25 s on 2 cores).
    started = time.monotonic()
    read_file("tags.html", ("<html><body>" + "<b><i></i></b>" * 300_000 + P).encode())
    print(f"300,000 repeated tags: {time.monotonic() - started:.1f} s")

"""The sources file: which feeds, sitemaps and index pages to follow, and how politely.

A YAML file with a list under `sources:`; each entry::

    - name: astana-times          # unique; letters, digits, - and _
      url: https://example.org/feed.xml
      kind: feed                  # feed (RSS/Atom) | sitemap (incl. news sitemaps) | index
      link_pattern: /news/\\d+     # index pages only: a regular expression links must match
      language: en                # hint, used when the text's language cannot be told
      interval: 900               # seconds between polls
      delay: 2.0                  # seconds between two requests to the same host
      user_agent: ...             # optional; a default naming Silkgraph otherwise
      headers: {Accept-Language: en}   # optional extra request headers, never cookies

The file is the user's: it is read and written whole, keeping entries in order.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from silkgraph.errors import UsageError

KINDS = ("feed", "sitemap", "index")
DEFAULT_INTERVAL = 900
DEFAULT_DELAY = 1.0
MIN_INTERVAL = 60
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
# Headers that would carry an identity or change what the client negotiates on its own.
_REFUSED_HEADERS = {
    "cookie",
    "authorization",
    "proxy-authorization",
    "host",
    "content-length",
    "accept-encoding",
    "connection",
    "transfer-encoding",
}


@dataclass
class Source:
    """One followed source."""

    name: str
    url: str
    kind: str = "feed"
    link_pattern: str | None = None
    language: str | None = None
    interval: int = DEFAULT_INTERVAL
    delay: float = DEFAULT_DELAY
    user_agent: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def to_yaml(self) -> dict:
        """The entry as written in the file: defaults and empty values left out."""
        defaults = Source(name="", url="")
        return {
            k: v
            for k, v in asdict(self).items()
            if k in ("name", "url") or (v not in (None, {}, "") and v != getattr(defaults, k))
        }


def validate(entry: dict, where: str = "source") -> Source:
    """A Source from a mapping of the file or the command line; UsageError saying what is wrong."""
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: expected a mapping with name and url")
    unknown = set(entry) - set(Source.__dataclass_fields__)
    if unknown:
        raise UsageError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    name, url = str(entry.get("name") or ""), str(entry.get("url") or "")
    if not _NAME.match(name):
        raise UsageError(f"{where}: name {name!r} must be 1-64 letters, digits, '-' or '_'")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{where} {name}: url must be an http:// or https:// URL, not {url!r}")
    kind = entry.get("kind") or "feed"
    if kind not in KINDS:
        raise UsageError(f"{where} {name}: kind must be one of {', '.join(KINDS)}")
    pattern = entry.get("link_pattern")
    if kind == "index":
        if not pattern:
            raise UsageError(f"{where} {name}: an index source needs a link_pattern")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(f"{where} {name}: link_pattern is not a regular expression: {exc}") from exc
    try:
        interval = int(entry.get("interval") or DEFAULT_INTERVAL)
        delay = float(entry.get("delay") if entry.get("delay") is not None else DEFAULT_DELAY)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"{where} {name}: interval and delay must be numbers") from exc
    if interval < MIN_INTERVAL or not 0 <= delay <= 600:
        raise UsageError(f"{where} {name}: interval must be at least {MIN_INTERVAL} s and delay 0-600 s")
    headers = entry.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise UsageError(f"{where} {name}: headers must map names to strings")
    refused = sorted(h for h in headers if str(h).lower() in _REFUSED_HEADERS)
    if refused:
        raise UsageError(f"{where} {name}: header(s) {', '.join(refused)} may not be set (no cookies or credentials)")
    language = entry.get("language")
    if language is not None and not re.fullmatch(r"[a-z]{2,3}", str(language)):
        raise UsageError(f"{where} {name}: language must be an ISO 639 code such as de, en, ru")
    return Source(
        name=name,
        url=url,
        kind=kind,
        link_pattern=pattern,
        language=language,
        interval=interval,
        delay=delay,
        user_agent=entry.get("user_agent") or None,
        headers={str(k): v for k, v in headers.items()},
    )


def load(path: str | Path) -> list[Source]:
    """The sources of a file; a missing file has none. UsageError on a malformed file."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"cannot read sources file {path}: {exc}") from exc
    entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UsageError(f"sources file {path}: expected a list under 'sources:'")
    sources = [validate(entry, f"{path}: source {i + 1}") for i, entry in enumerate(entries)]
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"sources file {path}: name(s) used twice: {', '.join(twice)}")
    return sources


def save(path: str | Path, sources: list[Source]) -> None:
    """Write the file whole, atomically: a crash leaves the old file or the new one."""
    path = Path(path)
    text = yaml.safe_dump({"sources": [s.to_yaml() for s in sources]}, sort_keys=False, allow_unicode=True)
    folder = path.parent if str(path.parent) else Path(".")
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as tmp:
        tmp.write(text)
    os.replace(tmp.name, path)


def add(path: str | Path, source: Source) -> None:
    sources = load(path)
    if any(s.name == source.name for s in sources):
        raise UsageError(f"a source named {source.name!r} exists already in {path}")
    save(path, [*sources, source])


def remove(path: str | Path, name: str) -> None:
    sources = load(path)
    kept = [s for s in sources if s.name != name]
    if len(kept) == len(sources):
        raise UsageError(f"no source named {name!r} in {path}")
    save(path, kept)

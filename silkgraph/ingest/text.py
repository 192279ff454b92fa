"""Plain text and Markdown (with or without YAML front matter), and the
finishing step every reader shares: furniture, lead lines, language."""

from __future__ import annotations

import datetime
import logging
import re

from silkgraph.errors import InputError
from silkgraph.ingest.furniture import clean_text, normalise_whitespace
from silkgraph.ingest.language import detect_language, normalise_language
from silkgraph.ingest.published import find_publication_date, looks_like_body, normalise_date
from silkgraph.ingest.sanitize import clean_id, fallback_id, one_line, valid_optional, valid_text
from silkgraph.model import Document

log = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
# A kicker ("Politik", "MedienWirtschaft", "Zentralasien/China"): one word.
_KICKER = re.compile(r"[^\W\d_][\w&/+-]{1,39}")
_TITLE_MAX_WORDS = 25
_TITLE_KEYS = ("title",)
_PUBLISHED_KEYS = ("published", "date", "pubdate", "published_at", "publication_date")
_URL_KEYS = ("url", "link", "canonical", "source_url")
_LANGUAGE_KEYS = ("language", "lang")


def _first(meta: dict, keys: tuple[str, ...]) -> object:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    for key in keys:
        if lowered.get(key) not in (None, ""):
            return lowered[key]
    return None


_META_MAX_CHARS = 2000  # a title or URL longer than this is not metadata


def _string(value: object) -> str | None:
    """A scalar metadata value as text. Lists and mappings are refused: YAML aliases can make a
    few hundred bytes of front matter stand for millions of nested items, and str() would
    expand them all."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, datetime.date)):
        return None
    text = str(value).strip()
    return text[:_META_MAX_CHARS] or None


def _document_id(value: object) -> str | None:
    """An id from front matter, under the one id policy (sanitize.clean_id)."""
    text = _string(value)
    return None if text is None else clean_id(text)


def split_front_matter(text: str, source: str) -> tuple[dict, str]:
    """(metadata, body). Text without a front matter block gives ({}, text)."""
    if not _FRONT_MATTER.match(text):
        return {}, text
    import frontmatter  # python-frontmatter parses YAML with the safe loader
    import yaml

    try:
        post = frontmatter.loads(text.lstrip("\ufeff").lstrip())
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        # A broken block is still metadata, not news: drop it, keep the body.
        log.warning("%s: front matter not readable (%s); ignoring it", source, str(exc).splitlines()[0])
        parts = re.split(r"^---[ \t]*$", text, maxsplit=2, flags=re.MULTILINE)
        return {}, parts[2] if len(parts) == 3 else text
    meta = post.metadata if isinstance(post.metadata, dict) else {}
    return meta, post.content


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", " ", s.casefold()).strip()

    return bool(norm(a)) and norm(a) == norm(b)


def _is_title_like(line: str) -> bool:
    return (
        0 < len(line.split()) <= _TITLE_MAX_WORDS and not looks_like_body(line) and not line.endswith((".", ":", ";"))
    )


def strip_lead(text: str, title: str | None) -> tuple[str, str | None]:
    """Remove kicker lines and the title from the top of `text`.

    Returns (text, title found). A known title is dropped where it opens the
    text. Otherwise a title is only taken when it is unmistakable: a short
    line without final punctuation that is repeated on the next line (the
    page heading and the article heading of a scraped page). A one-word
    paragraph at the top ("Politik", "MedienWirtschaft") is a section
    kicker: it carries no statement, so it goes. Anything less clear stays.
    """
    paragraphs = text.split("\n\n")
    found = None
    for _ in range(6):  # kicker, title, duplicate title, kicker: a bounded few
        if len(paragraphs) < 2:
            break
        first = paragraphs[0]
        if _KICKER.fullmatch(first):
            paragraphs = paragraphs[1:]
        elif title and _same(first, title):
            paragraphs = paragraphs[1:]
        elif not title and found is None and _is_title_like(first) and first == paragraphs[1] and len(paragraphs) > 2:
            found = first
            paragraphs = paragraphs[2:]
        else:
            break
    return "\n\n".join(paragraphs), found


def build_document(
    text: str,
    *,
    doc_id: str,
    source: str | None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
) -> Document:
    """Clean `text` and make the Document; metadata given here wins over what the text says.

    Every field passes the character policy of `silkgraph.ingest.sanitize`
    (valid code points; one id policy for every source). Raises InputError
    when no text is left.
    """
    source = valid_optional(source)
    where = source or doc_id
    body = clean_text(valid_text(text))
    found_date, body = find_publication_date(body)
    title = normalise_whitespace(one_line(title)) if title else None
    url = one_line(url) if url else None
    body, lead_title = strip_lead(body, title)
    body = normalise_whitespace(body)
    if not body:
        raise InputError(where, "no article text left after removing site furniture")
    return Document(
        id=clean_id(doc_id) or fallback_id(doc_id),
        text=body,
        title=title or lead_title,
        url=url or None,
        published=published or found_date,
        language=normalise_language(language) or detect_language(body),
        source=source,
    )


def read_text(
    text: str,
    *,
    doc_id: str,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    language: str | None = None,
    markdown: bool = False,
) -> Document:
    """A Document from plain text or Markdown, with or without YAML front matter, or scraped text.

    Front matter gives title, published (or date), url and language;
    arguments given here win over it. Markdown heading marks are removed so
    that the heading text reads as a line of its own.
    """
    where = source or doc_id
    if not text.strip():
        raise InputError(where, "empty file")
    meta, body = split_front_matter(text, where)
    if meta:
        markdown = True
    if markdown:
        body = _MD_HEADING.sub(r"\1", body)
    return build_document(
        body,
        doc_id=_document_id(_first(meta, ("id",))) or doc_id,
        source=source,
        title=title or _string(_first(meta, _TITLE_KEYS)),
        url=url or _string(_first(meta, _URL_KEYS)),
        published=published or normalise_date(_first(meta, _PUBLISHED_KEYS)),
        language=language or _string(_first(meta, _LANGUAGE_KEYS)),
    )

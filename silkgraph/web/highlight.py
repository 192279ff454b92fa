"""The article as HTML with every annotation highlighted and linked.

The text is untrusted. It is cut at every annotation boundary and each
piece is escaped on its own; the only markup in the result is what this
module writes, with escaped attribute values. Annotations may nest (a
mention inside a quote inside an event's evidence sentence) or cross, so
instead of building a tree the text is split into flat segments, each
carrying the set of annotations that cover it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

SPAN_KINDS = ("event", "fact", "quote")  # sentence-sized: shown as background
ROUTES = {"entity": "/entities/", "event": "/events/", "fact": "/facts/"}


@dataclass(frozen=True, slots=True)
class Ann:
    start: int
    end: int
    kind: str
    ref: str | None
    label: str
    contested: bool
    link: str | None


def href(kind: str, ref: object) -> str | None:
    base = ROUTES.get(kind)
    if base is None or ref is None or ref == "":
        return None
    return base + quote(str(ref), safe="")


def _annotations(raw: list[dict], length: int) -> list[Ann]:
    out = []
    for a in raw or []:
        try:
            start, end = int(a["start"]), int(a["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if not 0 <= start < end <= length:
            continue  # a span outside the text cannot be shown truthfully
        if a.get("rejected"):
            continue  # an analyst's correction says it is not what was extracted
        kind = str(a.get("kind") or "")
        ref = a.get("ref")
        # A quote's ref is its speaker: the link goes to who said it.
        link = href("entity" if kind == "quote" else kind, ref)
        out.append(
            Ann(
                start,
                end,
                kind,
                None if ref is None else str(ref),
                str(a.get("label") or kind),
                bool(a.get("contested")),
                link,
            )
        )
    return out


def _attr(value: object) -> str:
    return str(escape(str(value)))


def _marker(ann: Ann) -> str:
    """A small badge after a sentence-sized annotation, linking to its item."""
    text = "contested" if ann.contested else ann.kind
    classes = f"marker marker-{ann.kind}" + (" marker-contested" if ann.contested else "")
    title = f"{ann.kind}: {ann.label}"
    if ann.link:
        return f'<a class="{classes}" href="{_attr(ann.link)}" title="{_attr(title)}">{escape(text)}</a>'
    return f'<span class="{classes}" title="{_attr(title)}">{escape(text)}</span>'


def highlight(text: str, annotations: list[dict], focus: tuple[int, int] | None = None) -> Markup:
    """HTML for `text` with `annotations` ({start, end, kind, ref, label, contested?}).

    `focus` (start, end) marks a span to bring to the reader's attention (an
    event's evidence when arriving from the timeline); the first piece of it
    carries id="focus" so that a link can scroll there.
    """
    text = text or ""
    anns = _annotations(annotations, len(text))
    cuts = {0, len(text)}
    for a in anns:
        cuts.update((a.start, a.end))
    if focus:
        f_start, f_end = max(0, focus[0]), min(len(text), focus[1])
        if f_start < f_end:
            cuts.update((f_start, f_end))
        else:
            focus = None
    bounds = sorted(cuts)
    starts: dict[int, list[Ann]] = {}
    ends: dict[int, list[Ann]] = {}
    for a in anns:
        starts.setdefault(a.start, []).append(a)
        ends.setdefault(a.end, []).append(a)

    out: list[str] = []
    active: list[Ann] = []
    anchored: set[str] = set()
    focus_anchored = False
    for lo, hi in zip(bounds, bounds[1:]):
        for a in ends.get(lo, ()):
            active.remove(a)
        # Badges for annotations that ended here, after the text they mark.
        out.extend(_marker(a) for a in ends.get(lo, ()) if a.kind in SPAN_KINDS)
        for a in starts.get(lo, ()):
            active.append(a)
            anchor = f"{a.kind}-{a.ref}" if a.ref is not None else None
            if a.kind in SPAN_KINDS and anchor and anchor not in anchored:
                anchored.add(anchor)
                out.append(f'<span class="anchor" id="{_attr(anchor)}"></span>')
        piece = escape(text[lo:hi])
        entity = min((a for a in active if a.kind == "entity"), key=lambda a: a.end - a.start, default=None)
        if entity is not None:
            title = _attr(entity.label)
            if entity.link:
                piece = f'<a class="ent" href="{_attr(entity.link)}" title="{title}">{piece}</a>'
            else:
                piece = f'<span class="ent" title="{title}">{piece}</span>'
        classes = sorted({f"hl-{a.kind}" for a in active if a.kind in SPAN_KINDS})
        if any(a.contested for a in active if a.kind in SPAN_KINDS):
            classes.append("hl-contested")
        focused = focus is not None and focus[0] <= lo and hi <= focus[1]
        if focused:
            classes.append("focus")
        if classes:
            ident = ""
            if focused and not focus_anchored:
                focus_anchored = True
                ident = ' id="focus"'
            piece = f'<span class="{" ".join(classes)}"{ident}>{piece}</span>'
        out.append(str(piece))
    out.extend(_marker(a) for a in ends.get(len(text), ()) if a.kind in SPAN_KINDS)
    return Markup("".join(out))

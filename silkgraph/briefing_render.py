"""A briefing (silkgraph.briefing) as HTML, Markdown or PDF.

HTML comes from the template silkgraph/templates/briefing.html, autoescaped: every text of an
article is untrusted. The PDF is Chromium's print of the standalone HTML, driven by Playwright
(`pip install 'silkgraph[pdf]'`, and a Chromium: Debian's /usr/bin/chromium, $SILKGRAPH_CHROMIUM,
or Playwright's own); JavaScript is off and no request leaves the page while it prints.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from markupsafe import Markup, escape

from silkgraph import citation, svgchart
from silkgraph.briefing import Briefing
from silkgraph.errors import SilkgraphError

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "briefing.css"
FORMATS = ("html", "md", "pdf")
CHARTS = 2  # charts of the most reported kinds of figure
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PDF_TIMEOUT_MS = 60_000


class PdfUnavailable(SilkgraphError):
    """PDF output needs Playwright and a Chromium, and one of them is missing or does not start."""


# -- HTML -------------------------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """`url` when it is a web address (http or https), else None: an article's URL becomes a
    link only when following it cannot run anything."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _page_url(path: str, **params) -> str:
    pairs = [(k.rstrip("_"), v) for k, v in params.items() if v not in (None, "")]
    return path + ("?" + urlencode(pairs) if pairs else "")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=lambda iso, unknown="date unknown": citation.human_date(iso, unknown),
        amount=amount,
        safe_url=safe_url,
        seg=lambda value: quote(str(value), safe=""),
    )
    env.globals.update(url=_page_url)
    return env


@functools.lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    return _environment().get_template("briefing.html")


def amount(value, unit: str | None = None) -> str:
    """A figure as an analyst reads it: 4.4e9 USD -> "4.4 bn USD", 12.5 % -> "12.5 %"."""
    if value is None:
        return "–"
    text = svgchart.short_number(float(value))
    return f"{text} {unit}" if unit else text


# Modalities of figures that were reported as they are (the store's fact modality "actual",
# or the claim's "reported"); the others (estimate, planned, target) are marked and dashed.
AS_REPORTED = (None, "actual", "reported")


def charts(briefing: Briefing) -> list[str]:
    """SVG charts of the briefing's figures: one per kind of figure (type and unit), the most
    reported kinds first; a line per partner and modality, targets dashed."""
    groups: dict[tuple, list[dict]] = {}
    for series in briefing.figures:
        groups.setdefault((series["type"], series["unit"]), []).append(series)
    ranked = sorted(groups.items(), key=lambda kv: -sum(len(s["series"]) for s in kv[1]))
    out = []
    for (type_, unit), members in ranked[:CHARTS]:
        lines = [
            {
                "label": (", ".join(s["partners"]) or briefing.profile["name"])
                + ("" if s["modality"] in AS_REPORTED else f" ({s['modality']})"),
                "dashed": s["modality"] not in AS_REPORTED,
                "points": [(p["period"], p["value"]) for p in s["series"]],
            }
            for s in members
        ]
        title = f"{(type_ or 'figure').replace('_', ' ')} of {briefing.profile['name']}, {unit or ''}".strip(", ")
        svg = svgchart.time_chart(lines, unit, title)
        if svg:
            out.append(f"<h3>{escape(title)}</h3>{svg}")
    return out


def html(briefing: Briefing, standalone: bool = True) -> str:
    """The briefing as an HTML page: `standalone` embeds its styles and needs nothing else;
    otherwise it links the workbench's stylesheet and print script."""
    return _template().render(
        b=briefing,
        p=briefing.profile,
        generated=citation.human_date(briefing.generated),
        charts=[Markup(c) for c in charts(briefing)],  # built from escaped text only (svgchart)
        standalone=standalone,
        stylesheet=Markup(STYLESHEET.read_text(encoding="utf-8")) if standalone else "",
    )


# -- Markdown ---------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md(text) -> str:
    """Text safe inside Markdown: on one line, and no character that makes markup or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", citation.one_line(str(text if text is not None else "")))


def _md_cites(numbers: list[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def markdown(briefing: Briefing) -> str:
    """The briefing as Markdown, citations as numbered footnotes."""
    p = briefing.profile
    out = [
        f"# Briefing: {md(p['name'])}",
        "",
        f"*{md(p['type'] or 'entity')} · {md(briefing.period)} · prepared {citation.human_date(briefing.generated)}*",
        "",
        "## Profile",
        "",
    ]
    if p["description"]:
        out += [md(p["description"]), ""]
    if p["aliases"]:
        out += ["Also known as " + ", ".join(md(a) for a in p["aliases"]) + ".", ""]
    for heading, rows in (("Offices", p["roles"]), ("Office holders", p["holders"])):
        if rows:
            out += [f"### {heading}", "", "| office | holder | from | to |", "| --- | --- | --- | --- |"]
            for r in rows:
                holder = r.get("name") or p["name"]
                office = r["role"].replace("-", " ") + (f", {r['of_name']}" if r.get("of_name") else "")
                end = citation.human_date(r["end"]) if r["end"] else "in office"
                out.append(f"| {md(office)} | {md(holder)} | {citation.human_date(r['start'], '?')} | {end} |")
            out.append("")
    out += ["## Timeline", ""]
    for e in briefing.events:
        who = ", ".join(md(x["name"]) for x in e["participants"])
        out.append(f"- **{md(e['when'])}** {md(e['label'] or e['type'])} ({who}){_md_cites(e['cites'])}")
    out += ["" if briefing.events else "No dated events in this period.", "", "## Key figures", ""]
    if briefing.figures:
        out += ["| figure | with | value | period | sources |", "| --- | --- | --- | --- | --- |"]
        for f in briefing.figures:
            kind = f["type"].replace("_", " ") + ("" if f["modality"] in AS_REPORTED else f" ({f['modality']})")
            for pt in f["series"]:
                value = amount(pt["value"], f["unit"])
                partners = ", ".join(md(x) for x in f["partners"])
                out.append(f"| {md(kind)} | {partners} | {md(value)} | {md(pt['when'])} | {_md_cites(pt['cites'])} |")
    else:
        out.append("No figures in this period.")
    out += ["", "## Notable quotes", ""]
    for q in briefing.quotes:
        out += [f"> “{md(q['text'])}”", f"> — {md(q['speaker']['name'])}, {md(q['when'])}{_md_cites(q['cites'])}", ""]
    if not briefing.quotes:
        out += ["No quotes in this period.", ""]
    out += ["## Relations", ""]
    for r in briefing.relations:
        out.append(f"- {md(r['name'])}: {r['events']} shared events, {r['figures']} shared figures")
    out += ["", "## Sources", ""]
    for s in briefing.citations:
        out.append(f"[^{s['number']}]: {md(s['text'])}")
    return "\n".join(out) + "\n"


# -- PDF --------------------------------------------------------------------------------------


def chromium() -> str | None:
    """The Chromium to print with: $SILKGRAPH_CHROMIUM, a system one, or None for Playwright's own."""
    wanted = os.environ.get("SILKGRAPH_CHROMIUM")
    if wanted:
        return wanted
    for candidate in (*CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def pdf(briefing: Briefing) -> bytes:
    """The briefing printed to A4 PDF by headless Chromium, pages numbered in the footer."""
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as exc:
        raise PdfUnavailable(
            "PDF output needs Playwright: pip install 'silkgraph[pdf]' (and a Chromium, e.g. apt-get install chromium)"
        ) from exc
    page_html = html(briefing, standalone=True)
    footer = (
        '<div style="font-size:8px;width:100%;text-align:center;color:#666">Silkgraph briefing · '
        f"{escape(briefing.profile['name'])} · "
        'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium(), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            try:
                context = browser.new_context(java_script_enabled=False, offline=True)
                page = context.new_page()
                page.set_default_timeout(PDF_TIMEOUT_MS)
                page.route("**/*", lambda route: route.abort())  # the page loads nothing
                page.set_content(page_html, wait_until="load")
                return page.pdf(
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<div></div>",
                    footer_template=footer,
                    margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = (str(exc).strip().splitlines() or ["unknown error"])[0]
        raise PdfUnavailable(f"Chromium could not print the briefing: {first}") from exc


def render(briefing: Briefing, fmt: str) -> bytes:
    """The briefing in `fmt` (html, md or pdf) as bytes to write."""
    if fmt == "html":
        return html(briefing).encode("utf-8")
    if fmt == "md":
        return markdown(briefing).encode("utf-8")
    if fmt == "pdf":
        return pdf(briefing)
    raise ValueError(f"unknown briefing format {fmt!r}; one of {', '.join(FORMATS)}")


def format_of(path: str | Path) -> str:
    """The output format a file name asks for: .html/.htm, .md/.markdown or .pdf."""
    suffix = Path(path).suffix.lower().lstrip(".")
    found = {"htm": "html", "html": "html", "md": "md", "markdown": "md", "pdf": "pdf"}.get(suffix)
    if found is None:
        raise ValueError(f"cannot tell the format of {str(path)!r}: name it .html, .md or .pdf")
    return found

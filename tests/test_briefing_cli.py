"""`silkgraph brief` on a store of the bundled samples: a PDF for Kazakhstan opened and read
back (pages, text, numbered citations), HTML and Markdown files, and usage errors."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from silkgraph import briefing, citation
from silkgraph.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory, paths):
    path = tmp_path_factory.mktemp("brief-cli") / "samples.db"
    result = CliRunner().invoke(main, ["ingest", str(paths.samples), "--db", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def expected(db, kb):
    from silkgraph.store import open_store

    with open_store(db) as store:
        return briefing.build(store, kb, "kazakhstan")


def run(*args):
    return CliRunner().invoke(main, ["brief", *map(str, args)], catch_exceptions=False)


def _pdf_ready() -> str | None:
    """Why no PDF can be printed here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return "pypdf is not installed"
    from silkgraph.briefing_render import chromium

    if chromium() is None and not os.environ.get("PLAYWRIGHT_BROWSERS_PATH"):
        return "no Chromium (apt-get install chromium)"
    return None


@pytest.mark.browser
@pytest.mark.skipif(_pdf_ready() is not None, reason=str(_pdf_ready()))
def test_a_pdf_briefing_on_kazakhstan_opens_with_its_citations(db, tmp_path, expected):
    import pypdf

    out = tmp_path / "kazakhstan.pdf"
    result = run("Kasachstan", "--db", db, "-o", out)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) >= 2, "a dossier of profile, timeline, figures and sources fills pages"
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split()).replace("ﬁ", "fi")
    for heading in ("Kazakhstan", "Profile", "Timeline", "Key figures", "Notable quotes", "Relations", "Sources"):
        assert heading in flat
    assert expected.citations
    for source in expected.citations:
        assert f"{source['number']}. " in flat
        assert " ".join(source["title"].split())[:40] in flat, source["title"]
        assert citation.human_date(source["published"]) in flat
    assert f"page 1 of {len(reader.pages)}" in flat


def test_html_and_markdown_files_hold_the_briefing(db, tmp_path, expected):
    for name in ("brief.html", "brief.md"):
        out = tmp_path / name
        result = run("kazakhstan", "--db", db, "-o", out, "--from", "2024", "--to", "2025")
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Kazakhstan" in text and "Sources" in text
        assert "2024 – 2025" in text


def test_an_unknown_entity_or_file_type_is_a_usage_error(db, tmp_path):
    assert run("Atlantis Nowhere", "--db", db, "-o", tmp_path / "x.html").exit_code == 2
    assert run("kazakhstan", "--db", db, "-o", tmp_path / "x.docx").exit_code == 2
    assert run("kazakhstan", "--db", db, "-o", tmp_path / "x.md", "--from", "2025", "--to", "2024").exit_code == 2
    assert not any(tmp_path.iterdir()), "nothing is written when the briefing cannot be made"


def test_a_missing_pdf_engine_is_a_clear_error(db, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def without_playwright(name, *args, **kwargs):
        if name.startswith("playwright"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_playwright)
    result = CliRunner().invoke(main, ["brief", "kazakhstan", "--db", str(db), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "pip install 'silkgraph[pdf]'" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_explains_itself():
    result = CliRunner().invoke(main, ["brief", "--help"])
    assert result.exit_code == 0
    for option in ("--from", "--to", "--output", "--db", ".pdf"):
        assert option in result.output

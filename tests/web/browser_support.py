"""What the browser tests share: Chromium launched by Playwright, a folder for
screenshots, and a watched page that records dialogs, script errors and failed requests.

A test module uses it with ``from browser_support import *`` and sets
``pytestmark = BROWSER_MARKS``; the fixtures then skip, with the reason, where
/usr/bin/chromium or Playwright for Python is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["BROWSER_MARKS", "CHROMIUM", "LAUNCH_ARGS", "Watch", "browser", "shots", "watch"]

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)),
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)",
    ),
]

try:  # a module-level skip reads better in the report than an import error
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None
    BROWSER_MARKS.append(pytest.mark.skip(reason="browser tests need Playwright for Python (pip install playwright)"))


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("SILKGRAPH_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots in {folder}")
    return folder


class Watch:
    """A page and what went wrong on it: dialogs (none may open), script errors, console errors
    and Content-Security-Policy violations."""

    def __init__(self, page, base: str):
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("requestfailed", self._request_failed)

    def _request_failed(self, request) -> None:
        # A request the browser gave up because the page moved on (a form posted, a link followed
        # before the favicon came) is no fault of the page; any other failure is.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        return response

    def shoot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"
        assert not self.errors, "\n".join(self.errors)


@pytest.fixture
def watch(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    w = Watch(page, live_server)
    yield w
    context.close()

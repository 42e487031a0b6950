"""Real-browser fixtures for ShopReel Studio: Debian's Chromium (``/usr/bin/chromium``,
installed by ``scripts/setup.sh test``) driven by Playwright for Python. Nothing is
downloaded: Playwright's own browser builds are never used.

Screenshots land in ``SHOPREEL_STUDIO_SCREENSHOTS`` when set, else in a ``studio-screenshots``
folder of pytest's temporary directory; the run prints where."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from shopreel.store.users import Credentials
from tests.support import LiveServer

CHROMIUM = os.environ.get("SHOPREEL_CHROMIUM", "/usr/bin/chromium")
#: The flags a headless Chromium needs as root on a machine with a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--autoplay-policy=no-user-gesture-required"]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: ./scripts/setup.sh test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("SHOPREEL_STUDIO_SCREENSHOTS") or tmp_path_factory.getbasetemp() / "studio-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Studio:
    """One browser tab on a live server's Studio, with what went wrong in the page."""

    server: LiveServer
    page: Any
    problems: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.server.base_url}/studio/"

    def sign_in(self, credentials: Credentials | None = None) -> None:
        creds = credentials or self.server.credentials
        self.page.goto(self.url)
        self.page.get_by_label("Uid (Topview-Uid)").fill(creds.uid)
        self.page.get_by_label("API key").fill(creds.api_key)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.get_by_role("heading", name="What shall we make?").wait_for()

    def open(self, route: str) -> None:
        self.page.goto(f"{self.url}#{route}")
        self.page.locator("main h1").first.wait_for()
        self.page.locator("main .busy").first.wait_for(state="detached")

    def settle(self) -> None:
        """Every picture on the page loaded (they are lazy: scroll them into view first)."""
        self.page.evaluate("""async () => {
            for (const image of document.querySelectorAll('img')) {
                image.loading = 'eager';
                if (!image.complete) await new Promise((done) => { image.onload = image.onerror = done; });
            }
            window.scrollTo(0, 0);  // the sticky sidebar is captured where a visitor sees it first
        }""")

    def shoot(self, folder: Path, name: str) -> Path:
        self.settle()
        path = folder / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def studio(browser: Any, server: LiveServer) -> Iterator[Studio]:
    with studio_tab(browser, server) as tab:
        yield tab


@contextmanager
def studio_tab(browser: Any, server: LiveServer, viewport: dict[str, int] = DESKTOP) -> Iterator[Studio]:
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(30_000)
    page = context.new_page()
    tab = Studio(server=server, page=page)
    page.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    page.on("console", lambda message: tab.problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" else None)
    try:
        yield tab
    finally:
        context.close()

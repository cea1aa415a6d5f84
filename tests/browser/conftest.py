"""Browser tests: the real app served by uvicorn in a thread, driven by Playwright through Debian's
Chromium (Playwright's own browser download is not used).

Fixtures:
- ``live_server`` (session): base URL ``http://127.0.0.1:<port>`` of the app on the test settings and
  database (the same database the ``db``, ``tenant`` and ``client`` fixtures use).
- ``browser`` (session): a Playwright ``Browser`` (Chromium, ``--no-sandbox``).
- ``page``: a fresh browser context (own cookies, 1280×800, English) and page per test, with
  ``base_url`` set to the live server, so ``page.goto("/jobs/acme")`` works.
- ``phone_page``: the same at phone size (390×844, touch, mobile viewport handling).
- ``client``, ``tenant``, ``other_tenant``: as in the face tests, to prepare data and check results
  through the Flatchr or Flowtly API.

``screenshot(page, name)`` saves a full-page PNG under ``var/screenshots/`` and returns its path.
Test modules import ``expect`` (Playwright's assertions) and ``screenshot`` from here, and ``Page``
only under ``TYPE_CHECKING``, so that they still collect (and skip) where playwright is missing.

Without Chromium at /usr/bin/chromium or the playwright package, browser tests are skipped with the
reason; with ``CI=true`` they fail instead, so CI never passes without running them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pytest
import uvicorn

from tests.faces.conftest import client, make_tenant, other_tenant, tenant
from vivier.app import create_app
from vivier.config import Settings
from vivier.db.session import Database

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips (or fails on CI) with the reason
    expect = None  # type: ignore[assignment]

__all__ = ["client", "expect", "make_tenant", "other_tenant", "screenshot", "tenant"]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as ``var/screenshots/<name>`` (``.png`` added when missing)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / (name if name.endswith(".png") else f"{name}.png")
    page.screenshot(path=str(path), full_page=True)
    return path


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI requires the browser tests: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_server(settings: Settings, db: Database) -> Iterator[str]:
    """The whole app on a free local port, in a background thread, for the test session."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the port stays ours: uvicorn serves on this very socket
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name="live-server")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("The live server did not start", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make install installs the dev dependencies)")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser: Browser, live_server: str, **options: object) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server, locale="en-US", **options)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: str) -> Iterator[Page]:
    yield from _page(browser, live_server, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, live_server: str) -> Iterator[Page]:
    yield from _page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )

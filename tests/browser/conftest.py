"""A real server in a thread and one Chromium per module, driven through Playwright.

Debian's Chromium is used (``make browser-deps`` installs it); without it these tests skip.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from readiness import create_app
from readiness.models import Base

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "SECRET_KEY": "browser-test-key",
            "DATABASE_URL": f"sqlite:///{folder / 'readiness.sqlite'}",
            "LANGUAGES": ("en", "de", "fr"),
        }
    )
    app.instance_path = str(folder / "instance")
    engine = app.extensions["readiness.db"][0]
    Base.metadata.create_all(engine)
    yield app
    engine.dispose()


@pytest.fixture(scope="module")
def live_server(live_app):
    """The base URL of the app served on 127.0.0.1 on a free port."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def phone(browser):
    """A fresh 360 × 740 page with its own cookies."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()

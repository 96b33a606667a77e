"""A live server on a free port with the demo organisation, and a headless Chromium page."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(tmp_path, database_url):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    from registry import create_app
    from registry.demo import load_demo
    from registry.extensions import db

    app = create_app(
        {"INSTANCE_PATH": str(tmp_path / "live"), "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server
        yield page
        browser.close()


def expect(locator):
    """Playwright's retrying assertions (imported here so that a missing playwright skips, not errors)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def check_accessibility(page) -> list[dict]:
    """Run axe-core in the page; return its serious and critical violations."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (cd tests/browser && npm install)")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not injected: the CSP forbids inline scripts
    tags = "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']"
    result = page.evaluate(f"async () => await axe.run(document, {{runOnly: {tags}}})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]

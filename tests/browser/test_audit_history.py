"""An auditor logs in through the real form, opens a document's history, compares two versions
and checks the log's integrity, in a real headless Chromium."""

from __future__ import annotations

import os
import threading

import pytest

from registry.extensions import db
from tests.browser.conftest import expect
from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed at /usr/bin/chromium"),
]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def live_server(app, tmp_path):
    """The same database served over HTTP by a second app instance, with CSRF on."""
    from werkzeug.serving import make_server

    from registry import create_app

    served = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "live"),
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    with served.app_context():
        db.engine.dispose()


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(locale="fi-FI")
        yield page
        browser.close()


def test_auditor_walks_through_history_and_a_diff(make, live_server, browser_page):
    owner = make.user("author", "quality_owner", email="laatu@example.org")
    document = make.published(
        owner,
        title="Käsihygienia",
        bodies=(
            "Työntekijä pesee kädet ennen työvuoroa.",
            "Työntekijä pesee kädet huolellisesti ennen työvuoroa ja sen jälkeen.",
        ),
    )
    make.user("auditor", email="auditoija@example.org")
    code = document.code
    db.session.commit()
    db.session.close()  # the served app needs SQLite's write lock for the login event
    page = browser_page

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköposti").fill("auditoija@example.org")
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/d/{code}")
    page.get_by_role("link", name="Muutoshistoria").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muutoshistoria: Käsihygienia")
    assert page.locator("section.history-version").count() == 2
    newest = page.locator("#v2")
    assert "Tuotu: hyväksytty aiemmassa järjestelmässä" in newest.inner_text()
    assert "Korvasi" in newest.inner_text() and "1.0" in newest.locator("dl").inner_text()

    page.get_by_role("link", name="Vertaa versioon 1.0").click()
    inserted = page.locator(".diff ins")
    assert "huolellisesti" in inserted.first.inner_text()
    assert "underline" in inserted.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()  # the chooser is not printed, the diff is
    assert inserted.first.is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Tapahtumaloki").click()
    page.get_by_role("link", name="Tarkista koko ketju nyt").click()
    expect(page.locator(".verify-ok")).to_contain_text("Ketju on ehjä.")

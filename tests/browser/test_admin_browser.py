"""An administrator at work in a real headless Chromium: status, a refused duplicate, a new user,
a new unit, a deactivation. (Self-contained fixtures; the shared browser fixtures can replace them.)"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import expect

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def admin_site(tmp_path, database_template):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed")
    pytest.importorskip("playwright.sync_api")
    from registry import create_app
    from registry.demo import load_demo
    from registry.extensions import db
    from tests.conftest import _truncate_pg

    if database_template["sqlite_file"] is not None:
        shutil.copy(database_template["sqlite_file"], tmp_path / "live.db")
        url = f"sqlite:///{tmp_path / 'live.db'}"
    else:
        url = database_template["url"]
        _truncate_pg(url)
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path / "live"), "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        load_demo()
        db.session.commit()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def test_administrator_manages_users_and_units(admin_site):
    from playwright.sync_api import sync_playwright

    from registry.demo import demo_password

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="fi-FI")
        problems = []
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(admin_site + "/login")
        page.fill("input[name=email]", "admin@kao.example")
        page.fill("input[name=password]", demo_password("admin"))
        page.click("main button[type=submit]")  # not the search form in the header
        page.click("text=Ylläpito")
        expect(page.locator("h1")).to_have_text("Järjestelmän tila")
        assert "Kaikki tarkistukset onnistuivat." in page.content()

        page.click("nav.sub-nav >> text=Käyttäjät")
        page.click("text=Uusi käyttäjä")
        page.fill("input[name=email]", "admin@kao.example")
        page.fill("input[name=name]", "Tupla Käyttäjä")
        page.check("input[value=author]")
        page.click("button:has-text('Luo käyttäjä')")
        expect(page.locator(".field-error")).to_have_text("Tällä sähköpostiosoitteella on jo käyttäjä.")
        page.fill("input[name=email]", "uusi.opettaja@kao.example")
        page.click("button:has-text('Luo käyttäjä')")
        assert len(page.locator("code.token").inner_text()) >= 12  # the generated password, shown once
        page.click("text=Takaisin käyttäjään")
        page.click("button:has-text('Poista käyttäjä käytöstä')")
        assert "poistettiin käytöstä" in page.locator(".flash").inner_text()
        assert page.locator("button:has-text('Palauta käyttäjä käyttöön')").is_visible()

        page.click("nav.sub-nav >> text=Yksiköt")
        page.fill("input[name=code]", "KV")
        page.fill("input[name=name]", "Kansainväliset palvelut")
        page.click("button:has-text('Tallenna')")
        assert "Yksikkö KV luotiin." in page.locator(".flash").inner_text()
        assert page.locator("td >> text=Kansainväliset palvelut").is_visible()
        browser.close()
    assert problems == []

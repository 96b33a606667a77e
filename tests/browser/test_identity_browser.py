"""Sign-in in a real headless Chromium: a directory user through a real slapd, and a local administrator
with a second factor computed from the secret the enrolment page shows."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.conftest import BROWSER_ARGS, CHROMIUM, expect
from tests.conftest import PASSWORD
from tests.ldap_server import lamppu_settings, slapd_available, start_slapd

pytestmark = pytest.mark.skipif(not slapd_available(), reason="Debian's slapd and ldap-utils are not installed")


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    directory = start_slapd(tmp_path_factory.mktemp("slapd-browser"))
    yield directory
    directory.stop()


@pytest.fixture
def site(tmp_path, database_url, slapd):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    from registry import create_app
    from registry.auth.services import create_user
    from registry.extensions import db

    config = {"INSTANCE_PATH": str(tmp_path / "live"), "SQLALCHEMY_DATABASE_URI": database_url}
    app = create_app(config | {"RATELIMIT_ENABLED": False} | lamppu_settings(slapd))
    with app.app_context():
        create_user(None, "paakayttaja@example.org", "Pää Käyttäjä", PASSWORD, ["reader", "admin"])
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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def _page(browser, base):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
    page.set_default_timeout(15000)
    page.base_url = base
    return page


def _sign_in(page, login, password):
    page.goto(page.base_url + "/login")
    page.get_by_label("Sähköposti tai käyttäjätunnus").fill(login)
    page.get_by_label("Salasana").fill(password)
    page.locator("form:has(#password) button[type=submit]").click()


def test_directory_user_signs_in_with_the_user_name_and_signs_out(site, browser):
    page = _page(browser, site)
    _sign_in(page, "maija", "maijan-salasana")
    expect(page.get_by_role("link", name="Maija Meikäläinen")).to_be_visible()
    page.goto(site + "/profile")
    expect(page.locator("dl.meta")).to_contain_text("Laatuvastaava")
    expect(page.get_by_text("Tämä istunto")).to_be_visible()
    page.get_by_role("button", name="Kirjaudu ulos").first.click()
    expect(page.get_by_role("heading", name="Kirjaudu Lamppuun")).to_be_visible()


def test_administrator_enrols_a_second_factor_and_signs_in_with_it(site, browser):
    import pyotp

    page = _page(browser, site)
    _sign_in(page, "paakayttaja@example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Käyttöönotto")).to_be_visible()  # a new installation
    page.goto(site + "/profile/two-factor")
    expect(page.locator(".qr svg")).to_be_visible()
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("Sovelluksen koodi").fill(totp.now())
    page.locator("form:has(#code) button[type=submit]").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("button", name="Kirjaudu ulos").first.click()
    _sign_in(page, "paakayttaja@example.org", PASSWORD)
    expect(page.get_by_role("heading", name="Kaksivaiheinen kirjautuminen")).to_be_visible()
    assert page.url.endswith("/login/code"), page.url
    page.get_by_label("Vahvistuskoodi").fill(totp.at(time.time() + 30))  # the next step: the enrolment used this one
    page.locator("form:has(#code) button[type=submit]").click()
    expect(page.get_by_role("heading", name="Käyttöönotto")).to_be_visible()

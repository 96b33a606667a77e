"""A Swedish translation in a real headless Chromium: made and published in step with its master,
out of date after the master's major change, and back in step with a version naming the new master."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from registry.extensions import db
from tests.browser.conftest import expect
from tests.conftest import PASSWORD
from tests.workflow_helpers import build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "shots-translations"  # to look at by hand, outside the repository


@pytest.fixture
def site(app, make, tmp_path):
    """A threaded server over the test database with the workflow people and one published document."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from registry import create_app

    flow = build(make)
    server_app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "live"),
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    people = SimpleNamespace(
        code=flow.document.code,
        approver=flow.approver.email,
        approver_name=flow.approver.display_name,
        owner=flow.quality.email,
    )
    db.session.rollback()  # plain values only from here on: the server needs the database
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", people
    server.shutdown()
    thread.join(5)
    with server_app.app_context():
        db.engine.dispose()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def _login(browser, base: str, email: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
    page.set_default_timeout(15000)
    page.goto(base + "/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu").click()
    return page


def _write(page, text: str, *, title: str | None = None, translates: str | None = None) -> None:
    """On a draft's edit page: replace the text (the editor's Markdown tab), then save."""
    if title is not None:
        page.get_by_label("Otsikko").fill(title)
    page.locator(".toastui-editor-mode-switch").get_by_text("Markdown").click()
    body = page.get_by_role("textbox", name="Teksti (Markdown)")
    body.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    if translates is not None:
        page.get_by_label("Käännetty alkuperäisen versiosta").select_option(translates)
    page.get_by_role("button", name="Tallenna luonnos").click()
    expect(page.locator(".flash-success")).to_have_text("Luonnos tallennettu.")


def _through_approval(owner, approver, base: str, people, code: str, number: int, summary: str) -> None:
    """Send the saved draft for approval, approve it as the approver, publish it now as the owner."""
    owner.goto(f"{base}/d/{code}/v/{number}")
    owner.get_by_role("link", name="Lähetä hyväksyttäväksi").click()
    owner.get_by_label("Hyväksyjät").select_option(label=people.approver_name)
    owner.get_by_role("radio", name=re.compile("Merkittävä")).check()
    owner.get_by_label("Muutosten kuvaus").fill(summary)
    owner.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    expect(owner.locator(".flash-success")).to_have_text("Lähetetty hyväksyttäväksi.")
    approver.goto(f"{base}/d/{code}/v/{number}/review")
    approver.get_by_label("Allekirjoituksen merkitys").select_option(label="Hyväksytty sisällön omistajana")
    approver.get_by_label("Salasanasi (sähköinen allekirjoitus)").fill(PASSWORD)
    approver.get_by_role("button", name="Hyväksy ja allekirjoita").click()
    expect(approver.locator(".flash-success")).to_have_text("Hyväksytty ja allekirjoitettu.")
    owner.goto(f"{base}/d/{code}/v/{number}/publish")
    owner.get_by_role("button", name="Julkaise").click()
    expect(owner.locator(".doc-version")).to_contain_text("Voimassa")


def test_translation_goes_out_of_date_and_back_in_step(site, browser):
    base, people = site
    master, swedish = people.code, f"{people.code}-sv"
    SHOTS.mkdir(parents=True, exist_ok=True)
    owner = _login(browser, base, people.owner)
    approver = _login(browser, base, people.approver)

    # The owner starts the Swedish version from the master's page; its draft starts from the master's text.
    owner.goto(f"{base}/d/{master}")
    owner.get_by_label("Käännöksen kieli").select_option("sv")
    owner.get_by_role("button", name="Luo käännös").click()
    expect(owner.locator(".flash-success")).to_have_text(f"Käännös {swedish} luotu luonnokseksi.")
    _write(owner, "Frånvaro anmäls till läraren.", title="Frånvaro")
    _through_approval(owner, approver, base, people, swedish, 1, "Första svenska versionen.")
    expect(owner.locator(".translation-out-of-date")).to_have_count(0)
    expect(owner.locator(".translation-note")).to_contain_text("Käännös alkuperäisen versiosta 2.0.")
    owner.screenshot(path=SHOTS / "1-translation-in-step.png", full_page=True)

    # The master takes effect with a major change: the translation is marked out of date everywhere.
    owner.goto(f"{base}/d/{master}")
    owner.get_by_role("button", name="Aloita uusi versio").click()
    _write(owner, "Poissaolosta ilmoitetaan opettajalle ja huoltajalle heti aamulla.")
    _through_approval(owner, approver, base, people, master, 3, "Huoltajalle ilmoitetaan myös.")
    owner.goto(f"{base}/d/{swedish}")
    expect(owner.locator(".translation-out-of-date")).to_contain_text("Käännös vanhentunut.")
    owner.screenshot(path=SHOTS / "2-translation-out-of-date.png", full_page=True)
    owner.goto(f"{base}/d/{master}?lang=fi")
    expect(owner.locator(".language-versions")).to_contain_text("Käännös vanhentunut")
    owner.screenshot(path=SHOTS / "3-master-language-versions.png", full_page=True)
    owner.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    expect(owner.locator(".stale-translations")).to_contain_text(swedish)
    owner.screenshot(path=SHOTS / "4-my-tasks.png", full_page=True)

    # A new Swedish version that names the master's new version brings it back in step.
    owner.goto(f"{base}/d/{swedish}")
    owner.get_by_role("button", name="Aloita uusi versio").click()
    _write(owner, "Frånvaro anmäls till läraren och vårdnadshavaren.", translates="3")
    _through_approval(owner, approver, base, people, swedish, 2, "Följer version 3.0.")
    expect(owner.locator(".translation-out-of-date")).to_have_count(0)
    expect(owner.locator(".translation-note")).to_contain_text("Käännös alkuperäisen versiosta 3.0.")
    owner.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    expect(owner.locator(".stale-translations")).to_have_count(0)

    # A Swedish reader's permalink shows the Swedish text, with the switch back to Finnish.
    owner.goto(f"{base}/d/{master}?lang=sv")
    expect(owner.locator(".doc-body")).to_contain_text("vårdnadshavaren")
    owner.screenshot(path=SHOTS / "5-permalink-in-swedish.png", full_page=True)
    owner.locator(".language-switch").get_by_role("link", name="Suomi").click()
    expect(owner.locator(".doc-body")).to_contain_text("huoltajalle")

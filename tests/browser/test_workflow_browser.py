"""The whole workflow in a real headless Chromium: write, submit, sign, schedule, time passes, read."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from registry.extensions import db
from tests.browser.conftest import expect
from tests.conftest import PASSWORD
from tests.workflow_helpers import FakeClock, build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir())  # screenshots to look at by hand, outside the repository


@pytest.fixture
def workflow_site(app, make, tmp_path):
    """A threaded server over the test database whose clock the test moves (CLOCK is a Python-only setting)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from registry import create_app

    flow = build(make)
    flow.document.type.requires_acknowledgement = True
    db.session.commit()
    clock = FakeClock()
    site = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "live"),
            "RATELIMIT_ENABLED": False,
            "CLOCK": clock,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        }
    )
    people = SimpleNamespace(
        code=flow.document.code,
        author=flow.author.email,
        approver=flow.approver.email,
        approver_name=flow.approver.display_name,
        owner=flow.quality.email,
        staff=flow.staff.email,
    )
    # Plain values only from here on: in a test thread (no request), touching a row would begin
    # a write transaction on SQLite and hold the lock the server needs.
    db.session.rollback()
    server = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", people, clock
    server.shutdown()
    thread.join(5)
    with site.app_context():
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


def test_write_submit_sign_schedule_take_effect_and_read(workflow_site, browser):
    base, people, clock = workflow_site
    code = people.code

    author = _login(browser, base, people.author)
    author.goto(f"{base}/d/{code}")
    author.get_by_role("button", name="Aloita uusi versio").click()
    author.locator(".toastui-editor-mode-switch").get_by_text("Markdown").click()  # the editor's Markdown tab
    body = author.get_by_role("textbox", name="Teksti (Markdown)")
    body.focus()
    author.keyboard.press("Control+A")
    author.keyboard.type("Poissaolosta ilmoitetaan opettajalle heti aamulla.")
    author.get_by_role("button", name="Tallenna luonnos").click()
    author.get_by_role("link", name="Lähetä hyväksyttäväksi").click()
    author.get_by_label("Hyväksyjät").select_option(label=people.approver_name)
    author.get_by_role("radio", name=re.compile("Merkittävä")).check()
    author.get_by_label("Muutosten kuvaus").fill("Ilmoitusaika tarkennettu.")
    author.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    expect(author.locator(".flash-success")).to_have_text("Lähetetty hyväksyttäväksi.")
    author.screenshot(path=SHOTS / "workflow-1-submitted.png", full_page=True)

    approver = _login(browser, base, people.approver)
    approver.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    approver.get_by_role("link", name=re.compile("Odottaa hyväksyntääni")).click()
    approver.get_by_role("link", name="Avaa").click()
    assert "heti aamulla" in approver.locator(".diff").inner_text()
    approver.get_by_label("Allekirjoituksen merkitys").select_option(label="Hyväksytty sisällön omistajana")
    approver.get_by_label("Salasanasi (sähköinen allekirjoitus)").fill(PASSWORD)
    approver.screenshot(path=SHOTS / "workflow-2-review.png", full_page=True)
    approver.get_by_role("button", name="Hyväksy ja allekirjoita").click()
    expect(approver.locator(".flash-success")).to_have_text("Hyväksytty ja allekirjoitettu.")

    owner = _login(browser, base, people.owner)
    owner.goto(f"{base}/d/{code}/v/3")
    owner.get_by_role("link", name="Julkaise").click()
    owner.get_by_role("radio", name=re.compile("Myöhemmästä")).check()
    start = clock.now + timedelta(days=7)
    owner.get_by_label("Päivämäärä").fill(start.date().isoformat())
    owner.get_by_label("Kellonaika").fill("08:00")
    owner.get_by_role("button", name="Julkaise").click()
    expect(owner.locator(".doc-version")).to_contain_text("Ajastettu")
    owner.goto(f"{base}/d/{code}")
    assert "Toinen teksti." in owner.locator(".doc-body").inner_text()

    clock.advance(days=8)  # the date passes; no one presses anything
    owner.goto(f"{base}/d/{code}")
    assert "heti aamulla" in owner.locator(".doc-body").inner_text()
    assert "3.0" in owner.locator(".doc-version").inner_text()
    owner.screenshot(path=SHOTS / "workflow-3-effective.png", full_page=True)
    owner.goto(f"{base}/d/{code}/v/2")
    assert "Korvattu" in owner.locator(".doc-version").inner_text()

    staff = _login(browser, base, people.staff)
    staff.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    staff.get_by_role("link", name=re.compile(r"Luettavat \(1\)")).click()
    staff.get_by_role("link", name=re.compile(code)).click()
    staff.get_by_role("button", name="Olen lukenut tämän version").click()
    expect(staff.locator(".flash-success")).to_have_text("Kiitos, lukukuittauksesi on kirjattu.")
    staff.goto(f"{base}/to-read")
    assert "Olet lukenut kaiken tarvittavan." in staff.locator("main").inner_text()

    owner.goto(f"{base}/d/{code}/v/3/acknowledgements")
    assert re.search(r"1 / \d+ on kuitannut", owner.locator("main").inner_text())
    owner.goto(f"{base}/d/{code}/v/2/check")
    assert "Vanhentunut" in owner.locator(".check-result").inner_text()
    owner.screenshot(path=SHOTS / "workflow-4-check.png", full_page=True)

"""A staff member's change request in a real headless Chromium, from the selected passage to the
version that closes it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import expect
from tests.browser.test_workflow_browser import _login, browser, workflow_site  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir()) / "shots-changereq"


def test_change_request_from_selected_passage_to_the_version_that_closes_it(workflow_site, browser):  # noqa: F811
    base, people, _clock = workflow_site
    code = people.code
    SHOTS.mkdir(exist_ok=True)

    staff = _login(browser, base, people.staff)
    staff.goto(f"{base}/d/{code}")
    staff.locator(".doc-body p").first.click(click_count=3)  # selects the paragraph
    passage = staff.get_by_label("Kohta, jota ehdotus koskee (valinnainen)")
    expect(passage).to_have_value("Toinen teksti.")
    staff.get_by_label("Mikä on väärin tai puuttuu?").fill("Puhelinnumero puuttuu.")
    staff.get_by_label("Ehdotettu sanamuoto (valinnainen)").fill("Ilmoita numeroon 040 123 4567.")
    staff.screenshot(path=SHOTS / "1-staff-request.png", full_page=True)
    staff.get_by_role("button", name="Lähetä kehitysehdotus").click()
    expect(staff.locator(".flash-success")).to_contain_text("kehitysehdotus #1 lähetettiin")

    owner = _login(browser, base, people.owner)
    owner.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    expect(owner.locator("main")).to_contain_text("Kehitysehdotukset asiakirjoihini (1)")
    owner.screenshot(path=SHOTS / "2-owner-tasks.png", full_page=True)
    owner.get_by_role("link", name="#1", exact=True).click()
    expect(owner.locator("blockquote")).to_have_text("Toinen teksti.")
    owner.get_by_role("button", name="Hyväksy", exact=True).click()
    expect(owner.locator(".flash-success")).to_contain_text("Hyväksytty")

    author = _login(browser, base, people.author)
    author.goto(f"{base}/d/{code}")
    author.get_by_role("button", name="Aloita uusi versio").click()
    author.locator(".toastui-editor-mode-switch").get_by_text("Markdown").click()
    body = author.get_by_role("textbox", name="Teksti (Markdown)")
    body.focus()
    author.keyboard.press("Control+A")
    author.keyboard.type("Toinen teksti. Ilmoita numeroon 040 123 4567.")
    author.get_by_role("button", name="Tallenna luonnos").click()
    author.get_by_role("link", name="Lähetä hyväksyttäväksi").click()
    author.get_by_label("Hyväksyjät").select_option(label=people.approver_name)
    author.get_by_role("radio", name=re.compile("Merkittävä")).check()
    author.get_by_label("Muutosten kuvaus").fill("Puhelinnumero lisätty.")
    author.get_by_label("#1 Puhelinnumero puuttuu.").check()
    author.screenshot(path=SHOTS / "3-submit-naming-request.png", full_page=True)
    author.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    expect(author.locator(".flash-success")).to_have_text("Lähetetty hyväksyttäväksi.")

    approver = _login(browser, base, people.approver)
    approver.goto(f"{base}/d/{code}/v/3/review")
    approver.get_by_label("Allekirjoituksen merkitys").select_option(label="Hyväksytty sisällön omistajana")
    approver.get_by_label("Salasanasi (sähköinen allekirjoitus)").fill(PASSWORD)
    approver.get_by_role("button", name="Hyväksy ja allekirjoita").click()
    expect(approver.locator(".flash-success")).to_have_text("Hyväksytty ja allekirjoitettu.")

    owner.goto(f"{base}/d/{code}/v/3")
    owner.get_by_role("link", name="Julkaise").click()
    owner.get_by_role("button", name="Julkaise").click()
    expect(owner.locator(".doc-version")).to_contain_text("Voimassa")
    expect(owner.locator(".addressed-requests")).to_have_text(re.compile(r"Tämä versio käsittelee ehdotukset\s+#1"))
    owner.screenshot(path=SHOTS / "4-version-names-request.png", full_page=True)

    staff.goto(f"{base}/d/{code}")
    staff.locator(".addressed-requests").get_by_role("link", name="#1").click()
    expect(staff.locator("h1")).to_contain_text("Tehty")
    expect(staff.locator(".change-request-details")).to_contain_text("versio 3.0")
    staff.screenshot(path=SHOTS / "5-request-done.png", full_page=True)
    staff.get_by_role("link", name=re.compile("Omat tehtävät")).click()
    expect(staff.locator(".inbox")).to_contain_text("Kehitysehdotuksesi #1")

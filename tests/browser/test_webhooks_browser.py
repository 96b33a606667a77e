"""An administrator registers the intranet as a webhook receiver, is refused a loopback address first,
sends a test event to a real receiver and sees its answer on the page."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from tests.browser.conftest import expect
from tests.webhook_receiver import receiver

SHOTS = Path(os.environ.get("LAMPPU_SHOTS", tempfile.gettempdir()))


def test_an_administrator_registers_a_receiver_and_sends_a_test_event(page):
    from registry.demo import demo_password

    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", "admin@kao.example")
    page.fill("input[name=password]", demo_password("admin"))
    page.click("main button[type=submit]")  # not the search form in the header
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(page.base_url + "/admin/webhooks")
    with receiver() as box:
        page.fill("input[name=url]", box.url.replace("http://", "https://"))
        page.fill("input[name=description]", "Intranet")
        page.check("input[value='version.took_effect']")
        page.click("main form.stacked button[type=submit]")
        expect(page.locator(".field-error")).to_contain_text("yksityiseen tai paikalliseen")
        page.fill("input[name=url]", box.url)
        page.check("input[name=allow_private]")
        page.click("main form.stacked button[type=submit]")
        secret = page.locator("code.token").inner_text()
        assert secret.startswith("whsec_")
        page.screenshot(path=SHOTS / "webhooks-1-secret.png", full_page=True)
        page.click("text=Webhookiin")
        page.click("text=Lähetä testitapahtuma")
        assert box.received.wait(10)
        page.reload()
        expect(page.locator("table.deliveries")).to_contain_text("Perillä")
        expect(page.locator("table.deliveries")).to_contain_text("HTTP 200")
        page.screenshot(path=SHOTS / "webhooks-2-endpoint.png", full_page=True)
    ((headers, body),) = box.requests
    assert Webhook(secret).verify(body, headers)["type"] == "webhook.test"
    page.goto(page.base_url + "/admin/webhooks")
    expect(page.locator("main table").first).to_contain_text("Intranet")
    page.screenshot(path=SHOTS / "webhooks-3-list.png", full_page=True)

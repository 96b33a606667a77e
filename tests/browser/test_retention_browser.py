"""Retention in a real headless Chromium: an administrator gives the quality strategies a retention
rule, the quality owner proposes disposing of a version past it, another person (the administrator)
approves, and the version page shows the tombstone."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, check_accessibility, expect

pytestmark = pytest.mark.browser
# Screenshots to look at by hand, outside the repository.
SHOTS = Path(os.environ.get("LAMPPU_SHOTS_DIR") or Path(tempfile.gettempdir()) / "shots-retention")


def _log_in(page, email: str, role: str) -> None:
    from registry.demo import demo_password

    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", demo_password(role))
    page.click("main button[type=submit]")


def _log_out(page) -> None:
    page.click("header form button:has-text('Kirjaudu ulos')")


def test_a_version_past_its_retention_is_proposed_approved_and_leaves_a_tombstone(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    _log_in(page, "admin@kao.example", "admin")
    page.goto(page.base_url + "/admin/types")
    page.click("table >> text=LS")
    page.fill("input[name=retention_years]", "10")
    page.select_option("select[name=retention_basis]", "superseded")
    page.click("main button[type=submit]")
    expect(page.locator("table")).to_contain_text("10 vuotta")
    _log_out(page)

    _log_in(page, "laatu@kao.example", "laatu")
    page.click("header >> text=Hävittäminen")
    expect(page.locator("h1")).to_have_text("Säilytys ja hävittäminen")
    row = page.locator("tr", has_text="LS-001")
    expect(row).to_contain_text("Korvattu")
    row.locator("input[type=checkbox]").check()
    page.fill("input[name=reason]", "Tiedonohjaussuunnitelman säilytysaika (10 v) päättynyt")
    page.click("button:has-text('Ehdota valittujen versioiden hävittämistä')")
    expect(page.locator(".flash")).to_contain_text("Hävittämistä ehdotettu 1 versiolle")
    page.screenshot(path=str(SHOTS / "disposition-list.png"), full_page=True)
    assert not AXE.exists() or check_accessibility(page) == []  # axe-core comes from npm install
    _log_out(page)

    _log_in(page, "admin@kao.example", "admin")
    page.goto(page.base_url + "/admin/disposition")
    page.click("button:has-text('Hyväksy ja hävitä')")
    expect(page.locator(".flash")).to_contain_text("LS-001 1.0 hävitettiin.")
    page.goto(page.base_url + "/d/LS-001/v/1")
    expect(page.locator(".tombstone")).to_contain_text("Hävitetty säilytysajan päätyttyä")
    expect(page.locator(".tombstone")).to_contain_text("Tiedonohjaussuunnitelman säilytysaika (10 v) päättynyt")
    page.screenshot(path=str(SHOTS / "tombstone.png"), full_page=True)
    assert not AXE.exists() or check_accessibility(page) == []  # axe-core comes from npm install

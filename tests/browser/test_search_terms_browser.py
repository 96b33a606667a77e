"""A quality owner keeps the search's abbreviation list in a real headless Chromium: the starter
list is there, a new abbreviation is added and a search finds documents through it at once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, check_accessibility, expect

pytestmark = pytest.mark.browser


def test_quality_owner_adds_an_abbreviation_and_searches_with_it(page, tmp_path):
    from registry.demo import demo_password

    shots = Path(os.environ.get("LAMPPU_SHOTS") or tmp_path)  # LAMPPU_SHOTS keeps the screenshots
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(page.base_url + "/login")
    page.fill("input[name=email]", "laatu@kao.example")
    page.fill("input[name=password]", demo_password("laatu"))
    page.click("main button[type=submit]")
    page.goto(page.base_url + "/search?q=turvallisuus")
    page.click("text=Hakutermit: lyhenteet ja synonyymit")
    expect(page.locator("h1")).to_have_text("Hakutermit: lyhenteet ja synonyymit")
    assert page.locator("td >> text=henkilökohtainen osaamisen kehittämissuunnitelma").is_visible()
    page.screenshot(path=str(shots / "synonyms-list.png"), full_page=True)
    if AXE.exists():  # axe-core comes from npm (tests/browser); without it the rest still runs
        assert check_accessibility(page) == []

    page.fill("input[name=term]", "kaksi sanaa")
    page.fill("textarea[name=expansions]", "turvallisuus")
    page.click("form.stacked button:has-text('Tallenna')")
    expect(page.locator(".field-error").first).to_contain_text("yksi sana")

    page.fill("input[name=term]", "TTS")
    page.fill("textarea[name=expansions]", "turvallisuus")
    page.click("form.stacked button:has-text('Tallenna')")
    assert "TTS lisätty hakutermeihin." in page.locator(".flash").inner_text()

    page.goto(page.base_url + "/search?q=TTS")
    assert page.locator("li.search-hit").count() > 0
    assert page.locator("mark").count() > 0
    page.screenshot(path=str(shots / "search-through-abbreviation.png"), full_page=True)

"""The demo self-assessment in a real Chromium: a quality owner reads the evidence and its gaps, an
auditor downloads the evidence pack, and the pack checks out offline with its own script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from tests.browser.conftest import check_accessibility, expect

SHOTS = Path(tempfile.gettempdir()) / "shots-evidence"  # pictures to look at by hand, outside the repository


def _login(page, key: str):
    page.context.clear_cookies()
    page.goto(page.base_url + "/login")
    page.get_by_label("Sähköposti").fill(f"{key}@kao.example")
    page.get_by_label("Salasana").fill(f"{key}-demo-2026")
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_load_state("networkidle")


def test_quality_owner_reads_the_evidence_and_auditor_takes_the_pack(page, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    _login(page, "laatu")
    page.get_by_role("link", name="Itsearviointi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Itsearvioinnit")
    page.get_by_role("link", name="Itsearviointi 2012").click()
    s1 = page.locator("section.criterion", has_text="S1 Tavoitteet kytkeytyvät")
    expect(s1).to_contain_text("Kehittyvä")
    expect(s1.get_by_role("link", name="LS-001")).to_be_visible()
    expect(s1).to_contain_text("Tullut voimaan kaudella: 2.0")
    expect(page.locator("section.criterion", has_text="A4 Varhaisen").locator(".gap-flag").first).to_be_visible()
    assert check_accessibility(page) == []
    page.screenshot(path=SHOTS / "assessment-page.png", full_page=True)

    _login(page, "auditoija")
    page.goto(page.base_url + "/evaluation/assessments")
    page.get_by_role("link", name="Itsearviointi 2012").click()
    # The pack renders every linked document as PDF: allow it more than a page load.
    with page.expect_download(timeout=180_000) as download:
        page.get_by_role("link", name="Lataa näyttöpaketti (ZIP)").click(timeout=180_000)
    pack = tmp_path / download.value.suggested_filename
    download.value.save_as(pack)
    fresh = tmp_path / "fresh"
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(fresh)
    checked = subprocess.run(  # noqa: S603
        [sys.executable, "-I", "verify_pack.py"],
        cwd=fresh,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert checked.returncode == 0 and checked.stdout.startswith("OK:"), checked.stdout
    assert (fresh / "documents" / "LS-001-2.0.pdf").exists()
    if shutil.which("pdftoppm"):
        subprocess.run(  # noqa: S603
            ["pdftoppm", "-png", "-r", "70", str(fresh / "self-assessment.pdf"), str(SHOTS / "self-assessment")],
            check=True,
        )
        assert sorted(SHOTS.glob("self-assessment-*.png"))

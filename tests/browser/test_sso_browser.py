"""Signing in through OpenID Connect, SAML and LDAP in a real Chromium, approving with a fresh
authentication (at the identity provider, or the directory password re-entered), signing out."""

from __future__ import annotations

import shutil
import tempfile
import threading
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

from registry.auth.models import User
from registry.extensions import db
from registry.workflow import approvals
from registry.workflow.models import Approval
from tests.browser.conftest import BROWSER_ARGS, expect
from tests.ldap_server import lamppu_settings, slapd_available, start_slapd
from tests.sso_servers import OIDC_ACCOUNTS, PASSWORD, SAML_USERS, free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.browser
SHOTS = Path(tempfile.gettempdir())  # screenshots to look at by hand, outside the repository


@pytest.fixture
def sso_site(app, tmp_path, oidc_provider, saml_idp):
    """Lamppu on a free port, a client at the OpenID provider and a service provider at the SAML IdP."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from registry import create_app

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    client_id, secret = oidc_provider.register_client(f"{base}/oidc/callback")
    site = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "live"),
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            **oidc_provider.app_config(client_id, secret),
            **saml_idp.app_config(),
        }
    )
    db.session.rollback()
    server = make_server("127.0.0.1", port, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    saml_idp.register_sp(requests.get(f"{base}/saml/metadata", timeout=10).text)
    yield base
    server.shutdown()
    thread.join(5)
    with site.app_context():
        db.engine.dispose()


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


def sign_in_at_provider(page, login: str) -> None:
    page.get_by_label("Login").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def waiting_for(make, email: str):
    """A version submitted for the approval of the user with `email` (created at their first sign-in)."""
    approver = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
    author = make.user("author")
    version = make.draft(author, title="Kokousmuistion ohje")
    approvals.submit_version(author, version, approvers=[approver], change_type="major", change_summary="Uusi")
    db.session.commit()
    code, number = version.document.code, version.number
    db.session.rollback()  # hold no SQLite lock while the server works
    return code, number


@pytest.mark.parametrize(
    "protocol, login, email, button",
    [
        ("oidc", "liisa", OIDC_ACCOUNTS["liisa"]["email"], "Kirjaudu organisaation tunnuksella"),
        ("saml", "sanna", SAML_USERS["sanna"]["mail"][0], "Kirjaudu organisaation tunnuksella (SAML)"),
    ],
)
def test_sign_in_approve_with_a_fresh_sign_in_and_sign_out(sso_site, chromium, make, protocol, login, email, button):
    page = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
    page.set_default_timeout(15000)
    page.goto(sso_site + "/login")
    page.screenshot(path=str(SHOTS / "lamppu-sso-login.png"), full_page=True)
    page.get_by_role("link", name=button, exact=True).click()
    sign_in_at_provider(page, login)
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()

    code, number = waiting_for(make, email)
    page.goto(f"{sso_site}/d/{code}/v/{number}/review")
    expect(page.get_by_label("Salasana")).to_have_count(0)
    page.get_by_label("Allekirjoituksen merkitys").select_option("content_owner")
    page.screenshot(path=str(SHOTS / f"lamppu-sso-{protocol}-review.png"), full_page=True)
    page.get_by_role("button", name="Hyväksy ja allekirjoita tunnistuspalvelussa").click()
    # The provider asks for the password again although its session is alive.
    expect(page.get_by_label("Password")).to_be_visible()
    sign_in_at_provider(page, login)
    expect(page.get_by_text("Hyväksytty ja allekirjoitettu")).to_be_visible()
    page.screenshot(path=str(SHOTS / f"lamppu-sso-{protocol}-approved.png"), full_page=True)
    approval = db.session.execute(db.select(Approval).order_by(Approval.id.desc())).scalars().first()
    assert approval.signature_method == protocol and approval.meaning == "content_owner"
    db.session.rollback()

    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_role("link", name=button, exact=True)).to_be_visible()


@pytest.fixture(scope="session")
def slapd(tmp_path_factory):
    if not slapd_available():
        pytest.skip("Debian's slapd and ldap-utils are not installed")
    directory = start_slapd(tmp_path_factory.mktemp("slapd-sign"))
    yield directory
    directory.stop()


@pytest.fixture
def ldap_site(app, tmp_path, slapd):
    """Lamppu on a free port, signing in against the real slapd."""
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from registry import create_app

    site = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "live"),
            "RATELIMIT_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            **lamppu_settings(slapd),
        }
    )
    db.session.rollback()
    server = make_server("127.0.0.1", 0, site, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    with site.app_context():
        db.engine.dispose()


def test_directory_user_signs_in_approves_with_the_directory_password_and_signs_out(ldap_site, chromium, make):
    page = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI").new_page()
    page.set_default_timeout(15000)
    page.goto(ldap_site + "/login")
    page.get_by_label("Sähköposti tai käyttäjätunnus").fill("maija")
    page.get_by_label("Salasana").fill("maijan-salasana")
    page.locator("form:has(#password) button[type=submit]").click()
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()

    code, number = waiting_for(make, "maija@example.org")
    page.goto(f"{ldap_site}/d/{code}/v/{number}/review")
    page.get_by_label("Allekirjoituksen merkitys").select_option("content_owner")
    page.get_by_label("Salasana").fill("maijan-salasana")  # the directory's password, re-entered
    page.get_by_role("button", name="Hyväksy ja allekirjoita").click()
    expect(page.get_by_text("Hyväksytty ja allekirjoitettu")).to_be_visible()
    page.screenshot(path=str(SHOTS / "lamppu-ldap-approved.png"), full_page=True)
    approval = db.session.execute(db.select(Approval).order_by(Approval.id.desc())).scalars().first()
    assert approval.signature_method == "password" and approval.approver.email == "maija@example.org"
    db.session.rollback()

    page.get_by_role("button", name="Kirjaudu ulos").click()
    expect(page.get_by_label("Sähköposti tai käyttäjätunnus")).to_be_visible()

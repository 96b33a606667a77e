"""Real identity providers for the sign-in tests, started once per test session.

OpenID Connect: panva's certified `oidc-provider` (npm, tests/oidc) run with Node.js.
SAML 2.0: pysaml2's IdP (tests/saml/idp.py) in a subprocess, with a key and certificate made at start.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

OIDC_DIR = Path(__file__).parent / "oidc"
PASSWORD = "idp-test-password"
# Test accounts at the provider: login -> the claims it asserts. "groups" is the role claim.
OIDC_ACCOUNTS = {
    "liisa": {"email": "liisa.laatu@kao.example", "name": "Liisa Laatu", "groups": ["laatu-hyvaksyjat"]},
    "olli": {"email": "olli.opettaja@kao.example", "name": "Olli Opettaja", "groups": ["opettajat"]},
    "unverified": {"email": "admin@kao.example", "name": "Not Verified", "groups": [], "email_verified": False},
}
OIDC_ROLE_MAP = {"laatu-hyvaksyjat": ["approver", "quality_owner"], "opettajat": {"roles": ["author"], "units": []}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test provider stopped: {log.read_text()}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the test provider did not answer at {url}")


class OidcProvider:
    """The running provider: its issuer, client registration and a scripted login form."""

    def __init__(self, issuer: str):
        self.issuer = issuer

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """A new confidential client for one app (dynamic client registration, RFC 7591)."""
        answer = requests.post(
            f"{self.issuer}/reg",
            json={
                "redirect_uris": [redirect_uri],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_basic",
            },
            timeout=10,
        )
        answer.raise_for_status()
        body = answer.json()
        return body["client_id"], body["client_secret"]

    def app_config(self, client_id: str, secret: str) -> dict:
        return {
            "OIDC_ISSUER": self.issuer,
            "OIDC_CLIENT_ID": client_id,
            "OIDC_CLIENT_SECRET": secret,
            "OIDC_ROLE_CLAIM": "groups",
            "OIDC_ROLE_MAP": json.dumps(OIDC_ROLE_MAP),
        }

    def log_in(self, browser: requests.Session, authorize_url: str, login: str, password: str = PASSWORD) -> str:
        """Follow the provider's pages as a user would; return the URL it sends the user back to."""
        answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
        for _ in range(12):
            if answer.is_redirect:
                url = urljoin(answer.url, answer.headers["Location"])
                if not url.startswith(self.issuer + "/"):
                    return url
                answer = browser.get(url, allow_redirects=False, timeout=10)
            elif answer.status_code == 200 and "/interaction/" in answer.url:
                form_url = answer.url.split("?")[0].rstrip("/") + "/login"
                answer = browser.post(
                    form_url, data={"login": login, "password": password}, allow_redirects=False, timeout=10
                )
                if answer.status_code == 200:
                    raise AssertionError("the provider refused the login")
            else:
                raise AssertionError(f"the provider stopped at {answer.url}: {answer.status_code} {answer.text[:300]}")
        raise AssertionError("the provider kept redirecting")


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed (apt-get install nodejs)")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.skip("oidc-provider is not installed (cd tests/oidc && npm ci)")
    port = free_port()
    accounts = {
        login: {"password": PASSWORD, "claims": {"email_verified": True, **claims}}
        for login, claims in OIDC_ACCOUNTS.items()
    }
    log = tmp_path_factory.mktemp("oidc-provider") / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [node, str(OIDC_DIR / "provider.mjs")],
            cwd=OIDC_DIR,
            env={"PATH": "/usr/bin:/bin", "OIDC_PORT": str(port), "OIDC_ACCOUNTS": json.dumps(accounts)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    issuer = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", process, log)
        yield OidcProvider(issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- SAML 2.0: pysaml2's own IdP (tests/saml/idp.py) in a subprocess, with keys made here ---------

REPO = Path(__file__).resolve().parent.parent
SAML_USERS = {
    "sanna": {"mail": ["sanna.saml@kao.example"], "displayName": ["Sanna Saml"], "groups": ["laatu-hyvaksyjat"]},
    "timo": {"mail": ["timo.tyo@kao.example"], "displayName": ["Timo Työ"], "groups": ["opettajat"]},
}


def make_test_certificate(folder: Path, name: str) -> None:
    """A throw-away RSA key and self-signed certificate, made for this test session only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"lamppu test {name}")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    (folder / f"{name}.key").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (folder / f"{name}.crt").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


class SamlIdp:
    """The running IdP: its metadata file, SP registration and a scripted login form."""

    def __init__(self, folder: Path, base: str):
        self.folder, self.base = folder, base
        self.metadata = folder / "idp-metadata.xml"

    def register_sp(self, metadata_xml: str) -> None:
        """What an IdP administrator does with Lamppu's /saml/metadata."""
        name = f"sp-{len(list(self.folder.glob('sp-*.xml')))}-{time.monotonic_ns()}.xml"
        (self.folder / name).write_text(metadata_xml, encoding="utf-8")

    def app_config(self) -> dict:
        return {
            "SAML_IDP_METADATA": str(self.metadata),
            "SAML_ROLE_MAP": json.dumps(OIDC_ROLE_MAP),
        }

    def log_in(self, browser: requests.Session, request_url: str, login: str, password: str = PASSWORD) -> tuple:
        """Follow the IdP's pages; return the (ACS URL, posted fields) its auto-submitting form carries."""
        answer = browser.get(request_url, timeout=10)
        if 'name="key"' in answer.text:
            key = re.search(r'name="key" value="([^"]+)"', answer.text).group(1)
            answer = browser.post(
                f"{self.base}/login", data={"key": key, "login": login, "password": password}, timeout=10
            )
        return posted_form(answer.text)


def posted_form(page: str) -> tuple[str, dict]:
    """The action and hidden fields of the HTML auto-post form of a page (the SAML HTTP-POST binding)."""
    action = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(?:(?!</form>).)*name="SAMLResponse"', page, re.S)
    if action is None:
        raise AssertionError(f"no form to post: {page[:300]}")
    form = page[action.start() : page.index("</form>", action.start())]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    return html.unescape(action.group(1)), {k: html.unescape(v) for k, v in fields.items()}


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory):
    if shutil.which("xmlsec1") is None:
        pytest.skip("xmlsec1 is not installed (apt-get install xmlsec1)")
    folder = tmp_path_factory.mktemp("saml-idp")
    make_test_certificate(folder, "idp")
    users = {login: {"password": PASSWORD, "attributes": attributes} for login, attributes in SAML_USERS.items()}
    (folder / "users.json").write_text(json.dumps(users), encoding="utf-8")
    port = free_port()
    log = folder / "idp.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.saml.idp", str(folder), str(port)],
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/metadata", process, log)
        yield SamlIdp(folder, base)
    finally:
        process.terminate()
        process.wait(timeout=10)


def provider_link(response) -> str:
    """The identity provider's address on Lamppu's "sign in again to sign" page."""
    match = re.search(r'href="([^"]+)" data-autofollow', response.get_data(as_text=True))
    assert response.status_code == 200 and match, response.status_code
    return html.unescape(match.group(1))

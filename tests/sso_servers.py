"""Real identity providers for the sign-in tests, started once per test session.

OpenID Connect: panva's certified `oidc-provider` (npm, tests/oidc) run with Node.js.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

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

"""A SAML 2.0 identity provider for the tests: pysaml2's IdP (saml2.server.Server) behind a login form.

Run as `python -m tests.saml.idp DIR PORT`. DIR holds idp.key and idp.crt (made by the test
fixture), users.json (login -> password and attributes) and sp-*.xml (the metadata of each
service provider the tests start, read again on every request). The IdP writes its own metadata
to DIR/idp-metadata.xml, then prints "ready". It keeps a sign-in session in a cookie and asks for
the password again only when the request says ForceAuthn (unless DIR/ignore-force-authn exists:
then it behaves like a faulty IdP that answers from a session that began that many seconds ago).
"""

from __future__ import annotations

import html
import json
import secrets
import shutil
import sys
import time
import warnings
from pathlib import Path

from cryptography.utils import CryptographyDeprecationWarning
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="CFB has been moved", category=CryptographyDeprecationWarning)
    from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
    from saml2.config import IdPConfig
    from saml2.metadata import create_metadata_string
    from saml2.saml import AUTHN_PASSWORD, NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT, NameID
    from saml2.server import Server


class TestIdp:
    def __init__(self, folder: Path, port: int):
        self.folder, self.base = folder, f"http://127.0.0.1:{port}"
        self.users = json.loads((folder / "users.json").read_text())
        self.pending: dict[str, tuple] = {}  # form key -> (authn request, relay state)
        self.sessions: dict[str, tuple[str, int]] = {}  # cookie -> (login, authn instant)

    def config(self) -> IdPConfig:
        return IdPConfig().load(
            {
                "entityid": f"{self.base}/metadata",
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(f"{self.base}/sso", BINDING_HTTP_REDIRECT)]},
                        "policy": {"default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_BASIC}},
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    }
                },
                "key_file": str(self.folder / "idp.key"),
                "cert_file": str(self.folder / "idp.crt"),
                "metadata": {"local": sorted(str(p) for p in self.folder.glob("sp-*.xml"))},
                "xmlsec_binary": shutil.which("xmlsec1"),
            }
        )

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/sso":
            response = self.single_sign_on(request)
        elif request.path == "/metadata":
            metadata = (self.folder / "idp-metadata.xml").read_bytes()
            response = Response(metadata, mimetype="application/samlmetadata+xml")
        elif request.path == "/login" and request.method == "POST":
            response = self.login(request)
        else:
            response = Response("not found", status=404)
        return response(environ, start_response)

    def single_sign_on(self, request: Request) -> Response:
        server = Server(config=self.config())
        parsed = server.parse_authn_request(request.args["SAMLRequest"], BINDING_HTTP_REDIRECT)
        authn_request = parsed.message
        relay_state = request.args.get("RelayState", "")
        known = self.sessions.get(request.cookies.get("idp_session", ""))
        # A test can make this IdP misbehave: ignore ForceAuthn and answer from a session that began
        # the given number of seconds ago (the file DIR/ignore-force-authn holds the number).
        faulty = self.folder / "ignore-force-authn"
        forced = authn_request.force_authn in ("true", "1") and not faulty.exists()
        if known and not forced:
            login, instant = known
            age = int(faulty.read_text() or 0) if faulty.exists() else 0
            return self.answer(server, authn_request, relay_state, login, instant - age)
        key = secrets.token_urlsafe(16)
        self.pending[key] = (authn_request, relay_state)
        return self.form(key)

    def form(self, key: str, message: str = "") -> Response:
        alert = f'<p role="alert">{html.escape(message)}</p>' if message else ""
        return Response(
            f"""<!doctype html><html lang="en"><head><title>Test SAML IdP login</title></head><body><main>
<h1>Test SAML identity provider</h1>{alert}<form method="post" action="/login">
<input type="hidden" name="key" value="{html.escape(key)}">
<label>Login <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></main></body></html>""",
            mimetype="text/html",
        )

    def login(self, request: Request) -> Response:
        key = request.form.get("key", "")
        if key not in self.pending:
            return Response("unknown request", status=400)
        user = self.users.get(request.form.get("login", ""))
        if user is None or user["password"] != request.form.get("password"):
            return self.form(key, "Wrong login or password.")
        authn_request, relay_state = self.pending.pop(key)
        cookie, instant = secrets.token_urlsafe(16), int(time.time())
        self.sessions[cookie] = (request.form["login"], instant)
        response = self.answer(Server(config=self.config()), authn_request, relay_state, request.form["login"], instant)
        response.set_cookie("idp_session", cookie, httponly=True)
        return response

    def answer(self, server: Server, authn_request, relay_state: str, login: str, instant: int) -> Response:
        sp = authn_request.issuer.text
        destination = (
            authn_request.assertion_consumer_service_url
            or server.metadata.assertion_consumer_service(sp, BINDING_HTTP_POST)[0]["location"]
        )
        saml_response = server.create_authn_response(
            self.users[login]["attributes"],
            in_response_to=authn_request.id,
            destination=destination,
            sp_entity_id=sp,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=login),
            authn={"class_ref": AUTHN_PASSWORD, "authn_instant": instant},
            sign_response=False,
            sign_assertion=True,
        )
        binding = server.apply_binding(BINDING_HTTP_POST, str(saml_response), destination, relay_state, response=True)
        return Response(binding["data"], mimetype="text/html")


def main(folder: str, port: str) -> None:
    idp = TestIdp(Path(folder), int(port))
    metadata = create_metadata_string(None, config=idp.config(), valid=0)
    (Path(folder) / "idp-metadata.xml").write_bytes(metadata)
    server = make_server("127.0.0.1", int(port), idp, threaded=True)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:3])

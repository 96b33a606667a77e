"""Sign-in at the organisation's SAML 2.0 identity provider (pysaml2 as the service provider).

Lamppu publishes its metadata at /saml/metadata, sends AuthnRequests by HTTP-Redirect and takes
the answer at its assertion consumer service by HTTP-POST. Only signed assertions are accepted,
only in answer to a request this session made (InResponseTo), and for a signature the request
carries ForceAuthn and the assertion's AuthnInstant must come after it.
"""

from __future__ import annotations

import secrets
import shutil
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.utils import CryptographyDeprecationWarning
from flask import current_app, session, url_for
from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import external
from registry.errors import RecordedRefusal

with warnings.catch_warnings():
    # pysaml2 7.5 names a cipher mode that cryptography has moved; Lamppu uses none of its ciphers.
    warnings.filterwarnings("ignore", message="CFB has been moved", category=CryptographyDeprecationWarning)
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client
    from saml2.config import SPConfig
    from saml2.metadata import create_metadata_string
    from saml2.saml import NAMEID_FORMAT_PERSISTENT

SESSION_KEY = "saml_pending"
FRESH_AUTH_SLACK = timedelta(seconds=5)


class SamlRefused(RecordedRefusal):
    status = 403
    code = "saml_refused"


@dataclass(frozen=True)
class Verified:
    """A checked assertion: who, their attributes, when they authenticated, and what it was for."""

    issuer: str
    subject: str
    attributes: dict
    authenticated_at: datetime
    purpose: str
    extra: dict


def init_app(app) -> None:
    """Check the SAML settings at start: a role map naming an unknown role stops the start."""
    config = app.config
    app.extensions["lamppu_saml_role_map"] = external.parse_role_map(
        config.get("SAML_ROLE_MAP"), "LAMPPU_SAML_ROLE_MAP"
    )
    app.extensions["lamppu_saml_enabled"] = bool(config.get("SAML_IDP_METADATA"))


def is_enabled() -> bool:
    return bool(current_app.extensions.get("lamppu_saml_enabled"))


def _sp_config() -> SPConfig:
    config = current_app.config
    metadata = config["SAML_IDP_METADATA"]
    source = {"remote": [{"url": metadata}]} if metadata.startswith(("http://", "https://")) else {"local": [metadata]}
    acs = [(url_for("sso.saml_acs", _external=True), BINDING_HTTP_POST)]
    settings = {
        "entityid": config.get("SAML_SP_ENTITY_ID") or url_for("sso.saml_metadata", _external=True),
        "service": {
            "sp": {
                "endpoints": {"assertion_consumer_service": acs},
                "want_assertions_signed": True,
                "want_response_signed": False,
                "allow_unsolicited": False,
                "authn_requests_signed": False,
                "name_id_format": NAMEID_FORMAT_PERSISTENT,
            }
        },
        "metadata": source,
        "xmlsec_binary": shutil.which("xmlsec1") or "/usr/bin/xmlsec1",
        "allow_unknown_attributes": True,
        "accepted_time_diff": 60,
    }
    return SPConfig().load(settings)


def _client() -> Saml2Client:
    return Saml2Client(config=_sp_config())


def metadata_xml() -> str:
    """The service provider's metadata, for the identity provider's administrator."""
    return create_metadata_string(None, config=_sp_config(), valid=0).decode("utf-8")


def begin(*, purpose: str = "login", fresh: bool = False, extra: dict | None = None) -> str:
    """An AuthnRequest to the identity provider (ForceAuthn for a signature); its id kept in the session."""
    client = _client()
    idps = list(client.metadata.identity_providers())
    if len(idps) != 1:
        _refuse("idp_metadata", _l("The SAML identity provider is not configured correctly."))
    relay_state = secrets.token_urlsafe(24)
    kwargs = {"force_authn": "true"} if fresh else {}
    request_id, info = client.prepare_for_authenticate(entityid=idps[0], relay_state=relay_state, **kwargs)
    session[SESSION_KEY] = {
        "request_id": request_id,
        "relay_state": relay_state,
        "purpose": purpose,
        "fresh": fresh,
        "started": datetime.now(UTC).isoformat(),
        "extra": extra or {},
    }
    return dict(info["headers"])["Location"]


def complete(form) -> Verified:
    """Verify the posted response: signed assertion, our request, audience, time; single use."""
    pending = session.pop(SESSION_KEY, None)
    if not pending:
        _refuse("no_pending", _l("This sign-in had expired or was already used. Please sign in again."))
    if not secrets.compare_digest(str(form.get("RelayState", "")), pending["relay_state"]):
        _refuse("state_mismatch", _l("The sign-in answer did not match the request. Please sign in again."))
    client = _client()
    try:
        response = client.parse_authn_request_response(
            form.get("SAMLResponse", ""), BINDING_HTTP_POST, outstanding={pending["request_id"]: "/"}
        )
    except Exception as error:  # pysaml2 raises many unrelated types for a bad answer; none may become a 500
        _refuse("assertion_invalid", _l("The identity provider's answer was not valid."), detail=type(error).__name__)
    if response is None or response.assertion is None or not _assertion_signed(response):
        _refuse("assertion_invalid", _l("The identity provider's answer was not valid."), detail="unsigned")
    authenticated_at = _authn_instant(response)
    started = datetime.fromisoformat(pending["started"])
    if pending["fresh"] and (authenticated_at is None or authenticated_at < started - FRESH_AUTH_SLACK):
        _refuse("not_fresh", _l("The identity provider did not ask for your password again; nothing was signed."))
    return Verified(
        issuer=response.issuer(),
        subject=response.get_subject().text,
        attributes=response.get_identity(),
        authenticated_at=authenticated_at or datetime.now(UTC),
        purpose=pending["purpose"],
        extra=pending["extra"],
    )


def _assertion_signed(response) -> bool:
    # pysaml2 checks a signature that is present; with want_assertions_signed it refuses a missing
    # one too, but the check is repeated here so that a change of its defaults cannot open the door.
    return all(assertion.signature is not None for assertion in (response.assertions or [response.assertion]))


def _authn_instant(response) -> datetime | None:
    for statement in response.assertion.authn_statement or []:
        if statement.authn_instant:
            return datetime.fromisoformat(statement.authn_instant.replace("Z", "+00:00"))
    return None


def profile_of(verified: Verified) -> external.ExternalProfile:
    config = current_app.config
    attributes = verified.attributes

    def first(name: str) -> str:
        values = attributes.get(config.get(name) or "", [])
        return str(values[0]) if values else ""

    return external.ExternalProfile(
        protocol="saml",
        issuer=verified.issuer,
        subject=verified.subject,
        email=first("SAML_EMAIL_ATTRIBUTE"),
        name=first("SAML_NAME_ATTRIBUTE"),
        values=tuple(str(v) for v in attributes.get(config.get("SAML_ROLE_ATTRIBUTE") or "", [])),
    )


def sign_in(verified: Verified):
    return external.sign_in(profile_of(verified), current_app.extensions["lamppu_saml_role_map"])


def _refuse(reason: str, message, detail: str | None = None) -> None:
    audit.record(
        None,
        "auth.login_failed",
        "user",
        None,
        after={"method": "saml", "reason": reason, **({"detail": detail} if detail else {})},
        actor_label="saml",
    )
    raise SamlRefused(message)

"""Every route, requested under every role and anonymously, answers the expected status."""

from __future__ import annotations

import pytest

from registry.auth.services import create_api_token
from registry.extensions import db

ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")

# TO-001: an effective internal document owned by a quality owner who is none of the role users.
# TO-002: a first draft by another author. Status per role, in the order of ROLES.
ROUTES = [
    # (endpoint, method, path, json, statuses)
    ("auth.login", "GET", "/login", None, (200, 200, 200, 200, 200, 200, 200)),
    ("auth.logout", "POST", "/logout", None, (302, 302, 302, 302, 302, 302, 302)),
    ("auth.set_language", "GET", "/lang/en", None, (302, 302, 302, 302, 302, 302, 302)),
    ("auth.profile", "GET", "/profile", None, (302, 200, 200, 200, 200, 200, 200)),
    ("auth.revoke_token", "POST", "/profile/tokens/999/revoke", None, (302, 404, 404, 404, 404, 404, 404)),
    ("documents.register", "GET", "/", None, (302, 200, 200, 200, 200, 200, 200)),
    ("documents.permalink", "GET", "/d/TO-001", None, (302, 200, 200, 200, 200, 200, 200)),
    ("documents.version", "GET", "/d/TO-001/v/1", None, (302, 200, 200, 200, 200, 200, 200)),
    ("documents.version", "GET", "/d/TO-002/v/1", None, (302, 404, 404, 404, 200, 200, 200)),
    ("documents.versions", "GET", "/d/TO-001/versions", None, (302, 200, 200, 200, 200, 200, 200)),
    ("documents.print_view", "GET", "/d/TO-001/v/1/print", None, (302, 200, 200, 200, 200, 200, 200)),
    ("workflow.create_document", "GET", "/documents/new", None, (302, 403, 200, 403, 200, 403, 403)),
    ("workflow.new_draft", "POST", "/d/TO-001/drafts", None, (302, 403, 302, 403, 302, 403, 403)),
    ("workflow.edit_draft", "GET", "/d/TO-002/v/1/edit", None, (302, 404, 404, 404, 403, 403, 403)),
    # No language sent: those who may translate are sent back to the page with the refusal.
    ("workflow.create_translation", "POST", "/d/TO-001/translations", None, (302, 403, 303, 403, 303, 403, 403)),
    ("documents.permalink", "GET", "/d/TO-001?lang=sv", None, (302, 200, 200, 200, 200, 200, 200)),
    ("api_documents.Documents", "GET", "/api/v1/documents", None, (401, 200, 200, 200, 200, 200, 200)),
    (
        "api_documents.Documents",
        "POST",
        "/api/v1/documents",
        {"type": "TO", "title": "Uusi"},
        (401, 403, 201, 403, 201, 403, 403),
    ),
    ("api_documents.Document", "GET", "/api/v1/documents/TO-001", None, (401, 200, 200, 200, 200, 200, 200)),
    (
        "api_documents.Translations",
        "POST",
        "/api/v1/documents/TO-001/translations",
        {"language": "sv"},
        (401, 403, 201, 403, 201, 403, 403),
    ),
    ("api_documents.Versions", "GET", "/api/v1/documents/TO-001/versions", None, (401, 200, 200, 200, 200, 200, 200)),
    ("api_documents.Versions", "POST", "/api/v1/documents/TO-001/versions", None, (401, 403, 201, 403, 201, 403, 403)),
    ("api_documents.Version", "GET", "/api/v1/documents/TO-001/versions/1", None, (401, 200, 200, 200, 200, 200, 200)),
    (
        "api_documents.Version",
        "PATCH",
        "/api/v1/documents/TO-002/versions/1",
        {"body": "x", "revision": 1},
        (401, 404, 404, 404, 403, 403, 403),
    ),
    ("workflow.export_version", "GET", "/d/TO-001/v/1/export?format=docx", None, (302, 200, 200, 200, 200, 200, 200)),
    ("workflow.export_version", "GET", "/d/TO-002/v/1/export?format=docx", None, (302, 404, 404, 404, 200, 200, 200)),
    (
        "api_documents.VersionExport",
        "GET",
        "/api/v1/documents/TO-001/versions/1/export?format=docx",
        None,
        (401, 200, 200, 200, 200, 200, 200),
    ),
    (
        "api_documents.VersionExport",
        "GET",
        "/api/v1/documents/TO-002/versions/1/export?format=docx",
        None,
        (401, 404, 404, 404, 200, 200, 200),
    ),
    ("api-docs.openapi_json", "GET", "/api/v1/openapi.json", None, (200, 200, 200, 200, 200, 200, 200)),
    # Retention and disposition: quality owners propose and set holds, administrators decide.
    ("admin.disposition", "GET", "/admin/disposition", None, (302, 403, 403, 403, 200, 403, 200)),
    ("admin.request_disposal", "POST", "/admin/disposition/requests", None, (302, 403, 403, 403, 303, 403, 303)),
    (
        "admin.approve_disposal",
        "POST",
        "/admin/disposition/requests/999/approve",
        None,
        (302, 403, 403, 403, 303, 403, 303),
    ),
    (
        "admin.reject_disposal",
        "POST",
        "/admin/disposition/requests/999/reject",
        None,
        (302, 403, 403, 403, 303, 403, 303),
    ),
    ("admin.set_hold", "POST", "/admin/disposition/holds", None, (302, 403, 403, 403, 303, 403, 303)),
    ("admin.release_hold", "POST", "/admin/disposition/holds/release", None, (302, 403, 403, 403, 303, 403, 303)),
]

UNTESTED_ENDPOINTS = {"static"}


@pytest.fixture
def world(make):
    owner = make.user("author", "quality_owner", email="omistaja@example.org")
    make.published(owner, title="Voimassa oleva ohje")
    make.draft(make.user("author", email="laatija@example.org"), title="Luonnos")
    return owner


def _request(client, method, path, payload, headers):
    return client.open(path, method=method, json=payload, headers=headers)


@pytest.mark.parametrize("endpoint, method, path, payload, statuses", ROUTES, ids=[f"{r[1]} {r[2]}" for r in ROUTES])
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_route_answers_each_role(client, make, login, world, endpoint, method, path, payload, statuses, role_index):
    role = ROLES[role_index]
    headers = {}
    if role != "anonymous":
        user = make.user(*([] if role == "reader" else [role]), email=f"{role}@example.org")
        if path.startswith("/api/"):
            headers["Authorization"] = "Bearer " + create_api_token(None, user, "t")
            db.session.commit()
        else:
            login(user)
    response = _request(client, method, path, payload, headers)
    assert response.status_code == statuses[role_index], response.get_data(as_text=True)[:300]


def _endpoints_covered_by_feature_tests() -> set[str]:
    """Feature test modules with their own role tables declare ROUTE_ENDPOINTS."""
    import importlib
    import pkgutil

    import tests.functional as package

    covered: set[str] = set()
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("test_") and info.name != "test_route_roles":
            module = importlib.import_module(f"tests.functional.{info.name}")
            covered |= set(getattr(module, "ROUTE_ENDPOINTS", ()))
    return covered


def test_every_route_is_in_the_table(app):
    covered = {r[0] for r in ROUTES} | UNTESTED_ENDPOINTS | _endpoints_covered_by_feature_tests()
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - covered == set(), "add these routes to ROUTES"

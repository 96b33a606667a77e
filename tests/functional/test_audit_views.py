"""The auditor's pages under every role, exports, history and compare."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC

import pytest

from registry.audit.models import AuditEvent
from registry.extensions import db

ROUTE_ENDPOINTS = {
    "audit.log",
    "audit.verify",
    "audit.export",
    "workflow.history",
    "workflow.history_export",
    "workflow.compare",
}  # tested under every role below (see test_route_roles.py)
ROLES = ("anonymous", "reader", "author", "approver", "quality_owner", "auditor", "admin")


@pytest.fixture
def world(make):
    owner = make.user("author", "quality_owner", email="owner@example.org")
    document = make.published(
        owner, title="Työohje", bodies=("Työntekijä pesee kädet.", "Työntekijä pesee kädet huolellisesti.")
    )
    users = {role: make.user(role, email=f"{role}@example.org") for role in ROLES[1:]}
    return {"owner": owner, "document": document, "users": users}


def _as(role, world, login):
    if role != "anonymous":
        login(world["users"][role])


def _events() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(AuditEvent)).scalar_one()


READERS_OF_AUDIT = {"auditor": 200, "admin": 200, "anonymous": 302}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/audit/",
        "/audit/verify",
        "/audit/export?format=csv",
        "/d/{code}/history",
        "/d/{code}/history/export?format=json",
    ],
)
def test_audit_pages_by_role(client, login, world, role, path):
    _as(role, world, login)
    response = client.get(path.format(code=world["document"].code))
    assert response.status_code == READERS_OF_AUDIT.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_compare_by_role(client, login, world, role):
    _as(role, world, login)
    response = client.get(f"/d/{world['document'].code}/compare?a=1&b=2")
    # an internal document: every logged-in user may read its published versions
    assert response.status_code == (302 if role == "anonymous" else 200)


def test_owner_sees_own_history_but_not_the_log(client, login, world):
    login(world["owner"])
    assert client.get(f"/d/{world['document'].code}/history").status_code == 200
    assert client.get("/audit/").status_code == 403


def test_history_shows_versions_imports_and_links(client, login, world):
    login(world["users"]["auditor"])
    code = world["document"].code
    page = client.get(f"/d/{code}/history").get_data(as_text=True)
    assert "1.0" in page and "2.0" in page
    assert "owner@example.org" in page  # the imported versions' original approver field and events
    assert f"/d/{code}/compare?a=1&amp;b=2" in page
    assert client.get(f"/d/{code}").get_data(as_text=True).count(f"/d/{code}/history") == 1


def test_history_link_hidden_from_readers(client, login, world):
    login(world["users"]["reader"])
    code = world["document"].code
    assert f"/d/{code}/history" not in client.get(f"/d/{code}").get_data(as_text=True)


def test_log_filters_and_bad_dates(client, login, world):
    login(world["users"]["auditor"])
    page = client.get("/audit/?action=version.import").get_data(as_text=True)
    assert page.count('<code class="small">version.import</code>') == 2
    response = client.get("/audit/?since=eilen")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "VVVV-KK-PP" in page and 'id="f-since" name="since" value="eilen"' in page
    response = client.get("/audit/?since=0001-01-01&until=9999-12-31")
    assert response.status_code == 200 and "VVVV-KK-PP" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["²", pytest.param("9" * 5000, id="5000-digits"), "-3", "0", "x"])
def test_a_page_number_that_is_not_one_shows_the_first_page(client, login, world, page):
    login(world["users"]["auditor"])
    assert client.get(f"/audit/?page={page}").status_code == 200


def test_log_names_a_role_change_in_words(client, login, world):
    from registry.auth.services import update_user

    admin, reader = world["users"]["admin"], world["users"]["reader"]
    update_user(admin, reader, name=reader.display_name, locale="fi", roles=["reader", "author"], unit_codes=[])
    db.session.commit()
    login(world["users"]["auditor"])
    page = client.get("/audit/?action=user.roles_change").get_data(as_text=True)
    assert '<td>Rooleja muutettu<br><code class="small">user.roles_change</code></td>' in page


def test_log_export_is_audited_and_filtered(client, login, world):
    login(world["users"]["auditor"])
    before = _events()
    response = client.get("/audit/export?format=csv&action=version.import")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["action"] for r in rows] == ["version.import", "version.import"]
    assert _events() == before + 1
    last = db.session.execute(db.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert (last.action, last.actor_label) == ("audit.export", "auditor@example.org")


@pytest.mark.parametrize("query", ["format=xml", "", "format=csv&since=huomenna", "format=csv&until=9999-12-31"])
def test_bad_export_request_is_refused_without_an_event(client, login, world, query):
    login(world["users"]["auditor"])
    before = _events()
    response = client.get(f"/audit/export?{query}")
    assert response.status_code == 422
    assert _events() == before


def test_history_export_contains_only_the_document(client, login, world):
    login(world["users"]["auditor"])
    code = world["document"].code
    data = json.loads(client.get(f"/d/{code}/history/export?format=json").get_data(as_text=True))
    assert {e["document_code"] for e in data["events"]} == {code}
    assert data["events"][-1]["action"] == "audit.export"


def test_verify_page_reports_ok(client, login, world):
    login(world["users"]["admin"])
    page = client.get("/audit/verify").get_data(as_text=True)
    assert "verify-ok" in page and "verify-broken" not in page


def test_compare_marks_word_changes(client, login, world):
    login(world["users"]["reader"])
    page = client.get(f"/d/{world['document'].code}/compare?a=1&b=2").get_data(as_text=True)
    assert "<ins>" in page and "huolellisesti" in page


@pytest.mark.parametrize(
    "query,status",
    [("a=x&b=2", 400), ("a=1&b=99", 404), ("a=1", 400), ("", 200), ("a=-1&b=2", 400), ("a=99999999999999&b=1", 400)],
)
def test_compare_bad_input(client, login, world, query, status):
    login(world["users"]["auditor"])
    assert client.get(f"/d/{world['document'].code}/compare?{query}").status_code == status


@pytest.mark.parametrize("role,status", [("reader", 404), ("auditor", 200)])
def test_compare_shows_drafts_only_to_those_who_may_see_them(client, login, world, role, status):
    from registry.workflow.machine import start_new_draft

    start_new_draft(world["owner"], world["document"])
    db.session.commit()
    login(world["users"][role])
    assert client.get(f"/d/{world['document'].code}/compare?a=2&b=3").status_code == status


def test_history_shows_original_approvers_and_goal_changes(client, login, make):
    from datetime import datetime

    from registry import audit
    from registry.documents import services as documents
    from registry.workflow import machine as workflow

    owner = make.user("quality_owner", email="laatu@example.org")
    approver = make.user("approver", email="hyvaksyja@example.org")
    make.doc_type("TO")
    assert approver.email  # load it now: an expired approver would autoflush the pending version
    fields = documents.validate_document_fields(owner, type_prefix="TO", title="Ohje")
    version = workflow.ImportedVersion(
        "1.0",
        "Ohje",
        "Teksti",
        datetime(2024, 3, 1, tzinfo=UTC),
        owner,
        approvers=[approver],
        approved_at=datetime(2024, 2, 20, tzinfo=UTC),
    )
    document = workflow.import_document(owner, fields, [version])
    # what the goals feature records when links change
    audit.record(
        owner,
        "document.goals",
        "document",
        document.id,
        document_code=document.code,
        before={"goals": ["T1"]},
        after={"goals": ["T1", "T3"]},
        reason="Uusi tavoite",
    )
    db.session.commit()
    login(make.user("auditor"))
    page = client.get(f"/d/{document.code}/history").get_data(as_text=True)
    assert "hyvaksyja@example.org" in page and "aiemmassa järjestelmässä" in page
    assert "Tavoitteet: T1 → T1, T3" in page and "Perustelu: Uusi tavoite" in page
    assert "Muutettu: audience" not in page  # a creation lists no "changed" fields


def test_log_page_warns_when_a_trigger_is_missing(client, login, world):
    from sqlalchemy import text

    login(world["users"]["auditor"])
    assert "audit_event_no_delete" not in client.get("/audit/").get_data(as_text=True)
    on_table = " ON audit_event" if db.engine.dialect.name == "postgresql" else ""
    db.session.execute(text(f"DROP TRIGGER audit_event_no_delete{on_table}"))  # rolled back at teardown
    assert "audit_event_no_delete" in client.get("/audit/").get_data(as_text=True)


def _version_section(page: str, number: int) -> str:
    """The history page's section about one version."""
    return page.split(f'<section class="history-version" id="v{number}"', 1)[1].split("</section>", 1)[0]


def test_history_shows_an_approval_signed_here_with_signer_meaning_and_time(client, login, make):
    from registry.workflow.models import Approval
    from tests.workflow_helpers import build, version_in

    flow = build(make)
    version = version_in(flow, "effective")
    approval = db.session.execute(db.select(Approval).where(Approval.version_id == version.id)).scalar_one()
    login(make.user("auditor"))
    section = _version_section(client.get(f"/d/{flow.document.code}/history").get_data(as_text=True), version.number)
    table = section.split('<table class="approvals">', 1)[1].split("</table>", 1)[0]
    row = table.split("<tbody>", 1)[1]
    assert flow.approver.display_name in row
    assert "Hyväksytty sisällön omistajana" in row and "content_owner" not in row
    assert f'<time datetime="{approval.signed_at.isoformat()}"' in row
    assert "aiemmassa järjestelmässä" not in row  # signed here, not imported
    assert "Tuotu:" not in section  # no "imported" origin for a version approved in the app
    # the audit event of the signature carries the same label
    events = section.split('<table class="events">', 1)[1]
    assert "Allekirjoituksen merkitys: Hyväksytty sisällön omistajana" in events


def test_history_shows_the_withdrawal_reason(client, login, make):
    from tests.workflow_helpers import build, version_in

    flow = build(make)
    version = version_in(flow, "withdrawn")
    login(make.user("auditor"))
    page = client.get(f"/d/{flow.document.code}/history").get_data(as_text=True)
    assert "Kumoamisen syy: Vanhentunut." in _version_section(page, version.number)
    assert "Kumoamisen syy" not in _version_section(page, flow.document.versions[0].number)


def test_history_shows_confirmed_reviews(client, login, make):
    from registry.workflow import publishing
    from tests.workflow_helpers import build

    flow = build(make)
    version = flow.document.versions[-1]
    login(make.user("auditor"))
    assert "Vahvistettuja määräaikaiskatselmointeja" not in client.get(f"/d/{flow.document.code}/history").get_data(
        as_text=True
    )
    publishing.confirm_review(flow.quality, version, comment="Ei muutettavaa.")
    publishing.confirm_review(flow.quality, version)
    db.session.commit()
    section = _version_section(client.get(f"/d/{flow.document.code}/history").get_data(as_text=True), version.number)
    assert "Vahvistettuja määräaikaiskatselmointeja: 2" in section
    assert "“Ei muutettavaa.”" in section and flow.quality.display_name in section


def test_compare_marks_changes_in_attachment_text(client, login, make):
    from registry.documents.models import Attachment

    owner = make.user("author", "quality_owner")
    document = make.published(owner, title="Lomakeohje", bodies=("Sama teksti.", "Sama teksti."))
    texts = ("Ilmoitus tehdään kolmen päivän kuluessa.", "Ilmoitus tehdään viiden päivän kuluessa.")
    for i, (version, text) in enumerate(zip(document.versions, texts, strict=True)):
        db.session.add(
            Attachment(
                version_id=version.id,
                filename="lomake.pdf",
                media_type="application/pdf",
                size=10,
                sha256=str(i) * 64,
                extracted_text=text,
                uploaded_by_id=owner.id,
            )
        )
    db.session.commit()
    login(make.user())
    page = client.get(f"/d/{document.code}/compare?a=1&b=2").get_data(as_text=True)
    section = page.split("Liite lomake.pdf", 1)[1].split("</section>", 1)[0]
    assert "ei muutoksia" not in section
    assert '<ins><span class="visually-hidden">[lisätty: </span>viiden<span' in section
    assert '<del><span class="visually-hidden">[poistettu: </span>kolmen<span' in section
    assert "<ins>" not in page.split("Liite lomake.pdf", 1)[0]  # title and body are the same

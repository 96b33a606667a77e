"""The demo organisation: Kainuun ammattiopisto's units, people and quality documents."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask

from registry.auth.models import User
from registry.auth.services import create_user
from registry.demo import content, lamppu
from registry.documents import catalog
from registry.documents import services as documents
from registry.documents.models import Document
from registry.extensions import db
from registry.workflow import approvals, publishing
from registry.workflow import machine as workflow

HELSINKI = ZoneInfo("Europe/Helsinki")

DOCUMENT_TYPES = [
    # prefix, Finnish name, English name, review interval (months), read acknowledgement required
    ("LS", "Laatustrategia", "Quality strategy", 36, True),
    ("TK", "Toimintakäsikirja", "Operations manual", 24, True),
    ("PK", "Prosessikuvaus", "Process description", 24, False),
    ("TO", "Toimintaohje", "Operating instruction", 12, True),
    ("TY", "Työohje", "Work instruction", 12, True),
    ("LO", "Lomake", "Form", 24, False),
    ("PO", "Asiakirjapohja", "Document template", 24, False),
]
# The template of each type (templates/<prefix>.md: the first line is the title, the rest the text).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# key, email, name, roles, units. The demo passwords are printed at start in demo mode only.
DEMO_USERS = [
    ("laatu", "laatu@kao.example", "Leena Laatikainen", ["reader", "author", "quality_owner"], ["JOHTO"]),
    ("kirjoittaja", "kirjoittaja@kao.example", "Kari Kirjavainen", ["reader", "author"], ["OPPI"]),
    ("opettaja", "opettaja@kao.example", "Outi Ojala", ["reader", "author"], ["TEKN"]),
    ("rehtori", "rehtori@kao.example", "Riitta Rehtonen", ["reader", "approver"], ["JOHTO"]),
    ("henkilosto", "henkilosto@kao.example", "Hannu Heikkinen", ["reader"], ["SOTE"]),
    ("auditoija", "auditoija@kao.example", "Aino Aaltonen", ["reader", "auditor"], []),
    ("admin", "admin@kao.example", "Antti Ylläpitäjä", ["reader", "admin"], ["TUKI"]),
]
DEMO_PASSWORD_SUFFIX = "-demo-2026"  # noqa: S105 - demo mode only, printed at start


def demo_password(key: str) -> str:
    return f"{key}{DEMO_PASSWORD_SUFFIX}"


def is_empty() -> bool:
    return db.session.execute(db.select(User.id).limit(1)).first() is None


def has_demo() -> bool:
    return db.session.execute(db.select(User.id).where(User.email == DEMO_USERS[0][1])).first() is not None


def ensure_demo(app: Flask) -> None:
    """Load the demo into an empty database; leave a database with data alone."""
    if is_empty():
        load_demo()
        db.session.commit()
        click.echo("Demo organisation loaded.")
    elif not has_demo():
        raise click.ClickException("The database holds data that is not the demo; refusing --demo.")


def print_accounts() -> None:
    click.echo("Demo accounts (demo mode only):")
    for key, email, name, roles, _units in DEMO_USERS:
        shown = ", ".join(r for r in roles if r != "reader") or "reader"
        click.echo(f"  {email:<26} {demo_password(key):<24} {name} ({shown})")


def _at(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(8, 0), HELSINKI)


def load_demo() -> None:
    """Create the demo organisation through the same services an installation uses."""
    # Through the audited catalogue services, so that every unit and type is in the audit chain;
    # the system (actor None) creates them, as it creates the accounts below.
    for item in content.UNITS:
        catalog.create_unit(
            None,
            catalog.UnitFields(
                code=item["code"], name=item["name"], name_en=item.get("name_en"), parent_code=item["parent"]
            ),
        )
    for prefix, name_fi, name_en, interval, ack in DOCUMENT_TYPES:
        catalog.create_document_type(
            None,
            catalog.TypeFields(
                prefix=prefix,
                name_fi=name_fi,
                name_en=name_en,
                review_interval_months=interval,
                requires_acknowledgement=ack,
            ),
        )
    users = {
        key: create_user(None, email, name, demo_password(key), roles, unit_codes)
        for key, email, name, roles, unit_codes in DEMO_USERS
    }
    _load_documents(content, users)
    _load_templates(users["laatu"])
    _load_goals(content, users)
    _load_workflow(content, users)


def _load_documents(content, users: dict) -> None:
    importer = users["laatu"]
    for item in content.DOCUMENTS:
        latest = item["versions"][-1]
        fields = documents.validate_document_fields(
            importer,
            type_prefix=item["type"],
            title=latest["title"],
            unit_code=item["unit"],
            owner_email=users[item["owner"]].email,
            visibility=item["visibility"],
            audience_codes=item.get("audience_units") or [],
            tags=item.get("tags") or [],
        )
        versions = [
            workflow.ImportedVersion(
                label=v["label"],
                title=v["title"],
                body=v["body"],
                effective_from=_at(v["effective_from"]),
                author=users[v["author"]],
                approvers=[users[a] for a in v["approvers"]],
                approved_at=_at(v["approved_at"]),
                change_summary=v["change_summary"],
                change_type="minor" if not v["label"].endswith(".0") else "major",
            )
            for v in item["versions"]
        ]
        workflow.import_document(importer, fields, versions)
    by_title = {d.title: d for d in db.session.execute(db.select(documents.Document)).scalars()}
    for draft in getattr(content, "DRAFTS", []):
        document = by_title[draft["document_title"]]
        author = users[draft["author"]]
        version = workflow.start_new_draft(author, document)
        workflow.edit_draft(
            author,
            version,
            revision=version.revision,
            title=draft["title"],
            body=draft["body"],
            change_summary=draft["change_summary"],
        )


def _load_templates(quality_owner) -> None:
    """One approved template document per type (type PO), chosen as that type's template."""
    for path in sorted(TEMPLATES_DIR.glob("*.md")):
        title, _newline, body = path.read_text(encoding="utf-8").partition("\n")
        fields = documents.validate_document_fields(
            quality_owner, type_prefix="PO", title=title.strip(), unit_code="JOHTO"
        )
        version = workflow.ImportedVersion(
            label="1.0",
            title=title.strip(),
            body=body.strip() + "\n",
            effective_from=_at("2025-08-01"),
            author=quality_owner,
            approvers=[quality_owner],
            approved_at=_at("2025-07-28"),
            change_summary="Ensimmäinen versio",
            change_type="major",
        )
        document = workflow.import_document(quality_owner, fields, [version])
        catalog.set_type_template(quality_owner, documents.get_type(path.stem), document)


def _load_goals(content, users: dict) -> None:
    """The LAMPPU project; each demo document's `goals` codes become its goal links."""
    by_title = {d.title: d for d in db.session.execute(db.select(Document)).scalars()}
    documents_by_goal: dict[str, list] = {}
    for item in content.DOCUMENTS:
        document = by_title[item["versions"][-1]["title"]]
        for code in item.get("goals") or []:
            documents_by_goal.setdefault(code, []).append(document)
    lamppu.load(users, documents_by_goal)


def _load_workflow(content, users: dict) -> None:
    """Withdraw the demo's withdrawn documents and put the first draft in review for the rehtori."""
    by_title = {d.title: d for d in db.session.execute(db.select(documents.Document)).scalars()}
    for title, reason in getattr(content, "WITHDRAWN", {}).items():
        current = documents.current_version(by_title[title])
        publishing.withdraw_document(users["laatu"], current, reason=reason)
    drafts = getattr(content, "DRAFTS", [])
    if drafts:
        version = documents.open_draft(by_title[drafts[0]["document_title"]])
        approvals.submit_version(
            users[drafts[0]["author"]],
            version,
            approvers=[users["rehtori"]],
            change_type="major",
            change_summary=drafts[0]["change_summary"],
        )

"""The demo organisation: Kainuun ammattiopisto's units, people, quality documents and goals.

The content is data next to this module, loaded through the importers and services a user has:
manifest.toml (units, document types, the plan, and each document with its version history),
documents/<code>/<label>.md (the text of each version; draft.md for an open draft), goals.csv
(the goals, results and indicators of the plan in the format of `lamppu goals import`) and
templates/<prefix>.md (the template of each document type).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from flask import Flask

from registry import transaction
from registry.auth.models import User
from registry.auth.services import create_user
from registry.documents import catalog
from registry.documents import services as documents
from registry.evaluation import services as evaluation
from registry.evaluation.models import Criterion
from registry.extensions import db
from registry.goals import services as goals
from registry.goals.importer import import_goals_csv
from registry.search import synonyms as search_terms
from registry.workflow import approvals, publishing
from registry.workflow import machine as workflow

HELSINKI = ZoneInfo("Europe/Helsinki")

DEMO_DIR = Path(__file__).resolve().parent
MANIFEST = DEMO_DIR / "manifest.toml"
DOCUMENTS_DIR = DEMO_DIR / "documents"  # <code>/<label>.md, <code>/draft.md
GOALS_CSV = DEMO_DIR / "goals.csv"
ASSESSMENT = DEMO_DIR / "assessment.toml"  # the self-assessment of the LAMPPU period
FRAMEWORKS_DIR = DEMO_DIR.parent / "evaluation" / "frameworks"
# The template of each type (templates/<prefix>.md: the first line is the title, the rest the text).
TEMPLATES_DIR = DEMO_DIR / "templates"

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
        transaction.commit()
        click.echo("Demo organisation loaded.")
    elif not has_demo():
        raise click.ClickException("The database holds data that is not the demo; refusing --demo.")


def print_accounts() -> None:
    click.echo("Demo accounts (demo mode only):")
    for key, email, name, roles, _units in DEMO_USERS:
        shown = ", ".join(r for r in roles if r != "reader") or "reader"
        click.echo(f"  {email:<26} {demo_password(key):<24} {name} ({shown})")


def _at(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), HELSINKI)


def read_manifest() -> dict:
    with MANIFEST.open("rb") as handle:
        return tomllib.load(handle)


def _text(code: str, name: str) -> str:
    """A version's Markdown text exactly as written; the file's final newline is not part of it."""
    return (DOCUMENTS_DIR / code / f"{name}.md").read_text(encoding="utf-8").removesuffix("\n")


def load_demo() -> None:
    """Create the demo organisation through the same services and importers an installation uses."""
    manifest = read_manifest()
    # Through the audited catalogue services, so that every unit and type is in the audit chain;
    # the system (actor None) creates them, as it creates the accounts below.
    for item in manifest["units"]:
        catalog.create_unit(
            None,
            catalog.UnitFields(
                code=item["code"], name=item["name"], name_en=item.get("name_en"), parent_code=item.get("parent")
            ),
        )
    for item in manifest["types"]:
        catalog.create_document_type(
            None,
            catalog.TypeFields(
                prefix=item["prefix"],
                name_fi=item["name_fi"],
                name_en=item["name_en"],
                review_interval_months=item["review_interval_months"],
                requires_acknowledgement=item["requires_acknowledgement"],
            ),
        )
    users = {
        key: create_user(None, email, name, demo_password(key), roles, unit_codes)
        for key, email, name, roles, unit_codes in DEMO_USERS
    }
    created = _load_documents(manifest["documents"], users)
    _load_templates(users["laatu"])
    _load_goals(manifest, created, users)
    search_terms.ensure_starter_list(None)
    _load_workflow(manifest["documents"], created, users)
    _load_assessment(users)


def _load_documents(items: list[dict], users: dict) -> dict:
    """Import each document with its history, then start its open draft; the documents by code."""
    importer = users["laatu"]
    created = {}
    for item in items:
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
                body=_text(item["code"], v["label"]),
                effective_from=_at(v["effective_from"]),
                author=users[v["author"]],
                approvers=[users[a] for a in v["approvers"]],
                approved_at=_at(v["approved_at"]),
                change_summary=v["change_summary"],
                change_type="minor" if not v["label"].endswith(".0") else "major",
            )
            for v in item["versions"]
        ]
        document = workflow.import_document(importer, fields, versions)
        if document.code != item["code"]:
            raise RuntimeError(f"demo manifest: {item['code']} was created as {document.code}; keep the order")
        created[item["code"]] = document
    for item in items:
        draft = item.get("draft")
        if draft:
            author = users[draft["author"]]
            version = workflow.start_new_draft(author, created[item["code"]])
            workflow.edit_draft(
                author,
                version,
                revision=version.revision,
                title=draft["title"],
                body=_text(item["code"], "draft"),
                change_summary=draft["change_summary"],
            )
    return created


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
            effective_from=_at(date(2025, 8, 1)),
            author=quality_owner,
            approvers=[quality_owner],
            approved_at=_at(date(2025, 7, 28)),
            change_summary="Ensimmäinen versio",
            change_type="major",
        )
        document = workflow.import_document(quality_owner, fields, [version])
        catalog.set_type_template(quality_owner, documents.get_type(path.stem), document)


def _load_goals(manifest: dict, created: dict, users: dict) -> None:
    """The plan, then its goals, results and indicators through `lamppu goals import`'s importer,
    then each document's goal links."""
    actor = users["laatu"]
    plan = goals.create_plan(actor, **manifest["plan"])
    result = import_goals_csv(actor, GOALS_CSV.read_text(encoding="utf-8"))
    if result.errors:
        raise RuntimeError("demo goals.csv: " + "; ".join(f"line {n}: {m}" for n, m in result.errors))
    by_code = {goal.code: goal for goal in goals.plan_goals(plan)}
    # Goal by goal in the order the documents first name them, as a quality owner links them.
    documents_by_goal: dict[str, list] = {}
    for item in manifest["documents"]:
        for code in item.get("goals") or []:
            documents_by_goal.setdefault(code, []).append(created[item["code"]])
    links: dict = {}
    for code, linked_documents in documents_by_goal.items():
        for document in linked_documents:
            links.setdefault(document, []).append(by_code[code])
    for document, linked in links.items():
        goals.set_document_goals(actor, document, linked)


def _load_workflow(items: list[dict], created: dict, users: dict) -> None:
    """Withdraw the demo's withdrawn documents and send the drafts marked `submit_to` for approval."""
    for item in items:
        if item.get("withdrawn"):
            current = documents.current_version(created[item["code"]])
            publishing.withdraw_document(users["laatu"], current, reason=item["withdrawn"])
    for item in items:
        draft = item.get("draft") or {}
        if draft.get("submit_to"):
            version = documents.open_draft(created[item["code"]])
            approvals.submit_version(
                users[draft["author"]],
                version,
                approvers=[users[key] for key in draft["submit_to"]],
                change_type="major",
                change_summary=draft["change_summary"],
            )


def _load_assessment(users: dict) -> None:
    """Both shipped frameworks through the framework importer, then the filled-in self-assessment."""
    actor = users["laatu"]
    for path in sorted(FRAMEWORKS_DIR.glob("*.csv")):
        _framework, errors = evaluation.import_framework(actor, path.read_text(encoding="utf-8"))
        if errors:
            raise RuntimeError(f"{path.name}: " + "; ".join(f"line {n}: {m}" for n, m in errors))
    with ASSESSMENT.open("rb") as handle:
        data = tomllib.load(handle)
    framework = next(f for f in evaluation.list_frameworks() if f.code == "EQAVET")
    assessment = evaluation.create_assessment(
        actor, framework, title=data["title"], period_start=data["period_start"], period_end=data["period_end"]
    )
    by_code = {
        c.code: c for c in db.session.execute(db.select(Criterion).where(Criterion.framework == framework)).scalars()
    }
    for item in data["criteria"]:
        criterion = by_code[item["code"]]
        evaluation.set_criterion_links(actor, criterion, item["documents"], [f"LAMPPU:{g}" for g in item["goals"]])
        evaluation.assess_criterion(
            actor,
            assessment,
            criterion,
            level=item["level"],
            justification=item["justification"],
            strengths=item["strengths"],
            improvements=item["improvements"],
        )
    if data.get("completed"):
        evaluation.complete_assessment(actor, assessment)

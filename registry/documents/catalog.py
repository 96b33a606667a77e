"""Units and document types: the catalogue administrators maintain."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from registry import audit
from registry.auth import permissions
from registry.auth.models import Unit, User
from registry.documents.models import (
    RETENTION_BASIS_VALUES,
    Document,
    DocumentType,
    DocumentVersion,
    RetentionBasis,
    TypeTemplate,
    VersionState,
)
from registry.errors import PermissionDenied, ValidationError
from registry.extensions import db

UNIT_CODE_RE = re.compile(r"^[A-Za-z0-9ÅÄÖåäö_\-]{1,20}$")
PREFIX_RE = re.compile(r"^[A-ZÅÄÖ]{1,10}$")
MAX_RETENTION_YEARS = 200  # the form and the message say the same


@dataclass
class UnitFields:
    code: str
    name: str
    name_en: str | None = None
    parent_code: str | None = None


@dataclass
class TypeFields:
    prefix: str
    name_fi: str
    name_en: str
    review_interval_months: int
    requires_acknowledgement: bool = False
    retention_years: int | None = None  # None: versions are kept permanently
    retention_basis: str = RetentionBasis.SUPERSEDED.value


def _unit_by_code(code: str) -> Unit | None:
    return db.session.execute(db.select(Unit).where(Unit.code == code)).scalar_one_or_none()


def _descendant_ids(unit: Unit) -> set[int]:
    found, frontier = {unit.id}, [unit.id]
    while frontier:
        children = db.session.execute(db.select(Unit.id).where(Unit.parent_id.in_(frontier))).scalars().all()
        frontier = [c for c in children if c not in found]
        found.update(frontier)
    return found


def _validate_unit(fields: UnitFields, unit: Unit | None) -> tuple[dict, Unit | None]:
    errors: dict = {}
    code = fields.code.strip()
    if not UNIT_CODE_RE.match(code):
        errors["code"] = _l("A unit code is 1-20 letters, digits, hyphens or underscores.")
    else:
        clash = _unit_by_code(code)
        if clash is not None and clash is not unit:
            errors["code"] = _l("A unit with this code already exists.")
    if not fields.name.strip():
        errors["name"] = _l("Name is required.")
    elif len(fields.name.strip()) > 200 or len((fields.name_en or "").strip()) > 200:
        errors["name"] = _l("At most 200 characters.")
    parent = None
    if fields.parent_code:
        parent = _unit_by_code(fields.parent_code)
        if parent is None:
            errors["parent"] = _l("Unknown unit: %(code)s", code=fields.parent_code)
        elif unit is not None and parent.id in _descendant_ids(unit):
            errors["parent"] = _l("A unit cannot be placed under itself or its own sub-unit.")
    return errors, parent


def _describe_unit(unit: Unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "name_en": unit.name_en,
        "parent": unit.parent.code if unit.parent else None,
    }


def create_unit(actor: User, fields: UnitFields) -> Unit:
    """Create an organisational unit; refuses a duplicate code or an unknown parent."""
    errors, parent = _validate_unit(fields, None)
    if errors:
        raise ValidationError(errors)
    unit = Unit(
        code=fields.code.strip(),
        name=fields.name.strip(),
        name_en=(fields.name_en or "").strip() or None,
        parent=parent,
    )
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "unit.create", "unit", unit.id, after=_describe_unit(unit))
    return unit


def update_unit(actor: User, unit: Unit, fields: UnitFields) -> Unit:
    """Rename a unit, change its code or move it under another parent (never under itself)."""
    errors, parent = _validate_unit(fields, unit)
    if errors:
        raise ValidationError(errors)
    before = _describe_unit(unit)
    unit.code, unit.name = fields.code.strip(), fields.name.strip()
    unit.name_en, unit.parent = (fields.name_en or "").strip() or None, parent
    db.session.flush()
    after = _describe_unit(unit)
    if after != before:
        audit.record(actor, "unit.update", "unit", unit.id, before=before, after=after)
    return unit


def _validate_type(fields: TypeFields, doc_type: DocumentType | None) -> dict:
    errors: dict = {}
    if doc_type is None:
        prefix = fields.prefix.strip().upper()
        if not PREFIX_RE.match(prefix):
            errors["prefix"] = _l("A prefix is 1-10 letters, for example TO.")
        elif db.session.execute(db.select(DocumentType).where(DocumentType.prefix == prefix)).scalar_one_or_none():
            errors["prefix"] = _l("The prefix %(prefix)s is already used by another document type.", prefix=prefix)
    for name in ("name_fi", "name_en"):
        value = getattr(fields, name).strip()
        if not value:
            errors[name] = _l("Name is required.")
        elif len(value) > 120:
            errors[name] = _l("At most 120 characters.")
    if not isinstance(fields.review_interval_months, int) or not 1 <= fields.review_interval_months <= 120:
        errors["review_interval_months"] = _l("Between 1 and 120 months.")
    years = fields.retention_years
    if years is not None and (not isinstance(years, int) or not 1 <= years <= MAX_RETENTION_YEARS):
        errors["retention_years"] = _l("Between 1 and 200 years, or empty to keep permanently.")
    if fields.retention_basis not in RETENTION_BASIS_VALUES:
        errors["retention_basis"] = _l("Choose one of the listed options.")
    return errors


def _describe_type(doc_type: DocumentType) -> dict:
    return {
        "prefix": doc_type.prefix,
        "name_fi": doc_type.name_fi,
        "name_en": doc_type.name_en,
        "review_interval_months": doc_type.review_interval_months,
        "requires_acknowledgement": doc_type.requires_acknowledgement,
        "retention_years": doc_type.retention_years,
        "retention_basis": doc_type.retention_basis,
    }


def create_document_type(actor: User, fields: TypeFields) -> DocumentType:
    """Create a document type; its prefix must be new (codes are allocated from it)."""
    errors = _validate_type(fields, None)
    if errors:
        raise ValidationError(errors)
    doc_type = DocumentType(
        prefix=fields.prefix.strip().upper(),
        name_fi=fields.name_fi.strip(),
        name_en=fields.name_en.strip(),
        review_interval_months=fields.review_interval_months,
        requires_acknowledgement=bool(fields.requires_acknowledgement),
        retention_years=fields.retention_years,
        retention_basis=fields.retention_basis,
        next_number=1,
    )
    db.session.add(doc_type)
    db.session.flush()
    audit.record(actor, "document_type.create", "document_type", doc_type.id, after=_describe_type(doc_type))
    return doc_type


def update_document_type(actor: User, doc_type: DocumentType, fields: TypeFields) -> DocumentType:
    """Change a type's names, review interval, acknowledgement and retention rules; the prefix never changes."""
    errors = _validate_type(fields, doc_type)
    if errors:
        raise ValidationError(errors)
    before = _describe_type(doc_type)
    doc_type.name_fi, doc_type.name_en = fields.name_fi.strip(), fields.name_en.strip()
    doc_type.review_interval_months = fields.review_interval_months
    doc_type.requires_acknowledgement = bool(fields.requires_acknowledgement)
    doc_type.retention_years, doc_type.retention_basis = fields.retention_years, fields.retention_basis
    after = _describe_type(doc_type)
    if after != before:
        audit.record(actor, "document_type.update", "document_type", doc_type.id, before=before, after=after)
    db.session.flush()
    return doc_type


def document_counts_by_type() -> dict[int, int]:
    rows = db.session.execute(db.select(Document.type_id, db.func.count()).group_by(Document.type_id)).all()
    return {type_id: count for type_id, count in rows}


# --- templates: the document a new document of a type starts from ----------------------------------


def type_templates() -> dict[int, Document]:
    """Each type's template document, by type id."""
    rows = db.session.execute(db.select(TypeTemplate)).scalars()
    return {row.type_id: row.document for row in rows}


def template_body(doc_type: DocumentType) -> str | None:
    """The text of the type's template as it is in force now; None without an effective template."""
    return db.session.execute(
        db.select(DocumentVersion.body)
        .join(TypeTemplate, TypeTemplate.document_id == DocumentVersion.document_id)
        .join(Document, Document.id == DocumentVersion.document_id)
        .where(
            TypeTemplate.type_id == doc_type.id,
            DocumentVersion.state == VersionState.EFFECTIVE.value,
            Document.withdrawn_at.is_(None),
        )
    ).scalar_one_or_none()


def types_with_template() -> set[str]:
    """The prefixes of the types whose template has a version in force (what "New document" offers)."""
    rows = db.session.execute(
        db.select(DocumentType.prefix)
        .join(TypeTemplate, TypeTemplate.type_id == DocumentType.id)
        .join(DocumentVersion, DocumentVersion.document_id == TypeTemplate.document_id)
        .join(Document, Document.id == TypeTemplate.document_id)
        .where(DocumentVersion.state == VersionState.EFFECTIVE.value, Document.withdrawn_at.is_(None))
    ).scalars()
    return set(rows)


def set_type_template(actor: User, doc_type: DocumentType, document: Document | None) -> None:
    """Make `document` (a controlled document, approved like any other) the type's template, or clear it."""
    if not permissions.can_manage_templates(actor):
        raise PermissionDenied(_l("Only administrators and quality owners may choose templates."))
    if document is not None and document.is_withdrawn:
        raise ValidationError({"template": _l("A withdrawn document cannot be a template.")})
    row = db.session.get(TypeTemplate, doc_type.id)
    before = row.document.code if row is not None else None
    after = document.code if document is not None else None
    if before == after:
        return
    if row is not None:
        db.session.delete(row)
        db.session.flush()
    if document is not None:
        db.session.add(TypeTemplate(type_id=doc_type.id, document_id=document.id))
    db.session.flush()
    audit.record(
        actor,
        "document_type.template",
        "document_type",
        doc_type.id,
        before={"prefix": doc_type.prefix, "template": before},
        after={"prefix": doc_type.prefix, "template": after},
    )


# --- ready on the first day: the standard catalogue of Finnish quality documents ---------------------

STANDARD_CATALOGUE = (
    # The document types of a Finnish vocational-education quality system, with review intervals.
    TypeFields("LS", "Laatustrategia", "Quality strategy", 36, True),
    TypeFields("TK", "Toimintakäsikirja", "Operations manual", 24, True),
    TypeFields("PK", "Prosessikuvaus", "Process description", 24, False),
    TypeFields("TO", "Toimintaohje", "Operating instruction", 12, True),
    TypeFields("TY", "Työohje", "Work instruction", 12, True),
    TypeFields("LO", "Lomake", "Form", 24, False),
)


def needs_first_day_setup() -> bool:
    """True on a new installation: no document type exists, so nobody can create a document yet."""
    return db.session.execute(db.select(DocumentType.id).limit(1)).first() is None


def create_standard_catalogue(actor) -> list[DocumentType]:
    """Create the standard types whose prefix is still free (each an audited document_type.create)."""
    taken = set(db.session.execute(db.select(DocumentType.prefix)).scalars())
    return [
        create_document_type(actor, TypeFields(**vars(fields)))
        for fields in STANDARD_CATALOGUE
        if fields.prefix not in taken
    ]


def parse_unit_lines(text: str) -> list[UnitFields]:
    """Units written one a line as `CODE Name` (or `CODE;Name;English name;PARENT`); ValidationError names lines."""
    units, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if ";" in line:
            parts = [p.strip() for p in line.split(";")] + ["", "", ""]
            code, name, name_en, parent = parts[:4]
        else:
            code, _, name = line.partition(" ")
            name_en, parent = "", ""
        if not name.strip():
            problems.append(str(_l("Line %(n)d: write the unit code, a space and the name.", n=number)))
            continue
        units.append(UnitFields(code=code, name=name.strip(), name_en=name_en or None, parent_code=parent or None))
    if problems:
        raise ValidationError({"units": " ".join(problems)})
    return units


def create_units(actor, units: list[UnitFields]) -> list[Unit]:
    """Create several units in order (a parent first); one bad unit and none is created (the caller rolls back)."""
    created, problems = [], []
    for fields in units:
        try:
            created.append(create_unit(actor, fields))
        except ValidationError as error:
            problems.append(f"{fields.code}: " + " ".join(str(m) for m in error.fields.values()))
    if problems:
        raise ValidationError({"units": " ".join(problems)})
    return created

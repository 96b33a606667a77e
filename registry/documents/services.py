"""Document identity, code allocation and read-side queries. States are the workflow's."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal_column, or_
from sqlalchemy.orm import contains_eager, defaultload, defer, lazyload

from registry import audit
from registry.auth import permissions
from registry.auth.models import Unit, User
from registry.documents.models import (
    LANGUAGES,
    VISIBILITY_VALUES,
    Document,
    DocumentTag,
    DocumentType,
    DocumentVersion,
    VersionState,
)
from registry.errors import NotFoundError, ValidationError
from registry.extensions import db
from registry.states import PUBLISHED_STATES

CODE_RE = re.compile(r"^\s*([A-Za-zÅÄÖåäö]{1,10})[\s\-_]*0*(\d{1,6})(?:[\s\-_]*(sv|en))?\s*$", re.IGNORECASE)
TAG_RE = re.compile(r"^[\wåäöÅÄÖ\- ]{1,60}$")
MAX_TITLE = 300


def normalise_code(text: str) -> str | None:
    """`to14`, `TO 14`, `TO-014` -> `TO-014`; a language version's `to14sv` -> `TO-014-sv`;
    None when it is not a code."""
    match = CODE_RE.match(text or "")
    if not match:
        return None
    code = f"{match.group(1).upper()}-{int(match.group(2)):03d}"
    return f"{code}-{match.group(3).lower()}" if match.group(3) else code


def get_type(prefix: str) -> DocumentType | None:
    return db.session.execute(
        db.select(DocumentType).where(DocumentType.prefix == (prefix or "").upper())
    ).scalar_one_or_none()


def get_unit(code: str) -> Unit | None:
    return db.session.execute(db.select(Unit).where(Unit.code == code)).scalar_one_or_none()


# A document's owner comes with it (joined); the owner's roles and units are loaded only when asked.
_OWNER_ONLY = (defaultload(Document.owner).lazyload(User.role_rows), defaultload(Document.owner).lazyload(User.units))


# A version read for a document already in hand: the identity map answers version.document without a
# query; the author comes joined, without their roles and units.
_VERSION_ONLY = (
    lazyload(DocumentVersion.document),
    defaultload(DocumentVersion.author).lazyload(User.role_rows),
    defaultload(DocumentVersion.author).lazyload(User.units),
)


def get_document(code: str) -> Document | None:
    normal = normalise_code(code)
    if normal is None:
        return None
    return db.session.execute(
        db.select(Document).where(Document.code == normal).options(*_OWNER_ONLY)
    ).scalar_one_or_none()


def get_version(document: Document, number: int) -> DocumentVersion | None:
    return db.session.execute(
        db.select(DocumentVersion).where(DocumentVersion.document_id == document.id, DocumentVersion.number == number)
    ).scalar_one_or_none()


def current_version(document: Document) -> DocumentVersion | None:
    """The effective version, the one staff must be shown."""
    return db.session.execute(
        db.select(DocumentVersion)
        .where(
            DocumentVersion.document_id == document.id,
            DocumentVersion.state == VersionState.EFFECTIVE.value,
        )
        .options(*_VERSION_ONLY)
    ).scalar_one_or_none()


def current_and_draft(document: Document) -> tuple[DocumentVersion | None, DocumentVersion | None]:
    """The effective version and the open draft (either may be None), in one query."""
    found = {
        v.state: v
        for v in db.session.execute(
            db.select(DocumentVersion)
            .where(
                DocumentVersion.document_id == document.id,
                DocumentVersion.state.in_((VersionState.EFFECTIVE.value, VersionState.DRAFT.value)),
            )
            # The document is in hand (the identity map answers version.document without a query).
            .options(*_VERSION_ONLY)
        ).scalars()
    }
    return found.get(VersionState.EFFECTIVE.value), found.get(VersionState.DRAFT.value)


def latest_published(document: Document) -> DocumentVersion | None:
    """The newest version that was ever in force (for a withdrawn document's page)."""
    return db.session.execute(
        db.select(DocumentVersion)
        .where(
            DocumentVersion.document_id == document.id,
            DocumentVersion.state.in_(PUBLISHED_STATES),
        )
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_draft(document: Document) -> DocumentVersion | None:
    return db.session.execute(
        db.select(DocumentVersion).where(
            DocumentVersion.document_id == document.id, DocumentVersion.state == VersionState.DRAFT.value
        )
    ).scalar_one_or_none()


def version_in_review(document: Document) -> DocumentVersion | None:
    return (
        db.session.execute(
            db.select(DocumentVersion).where(
                DocumentVersion.document_id == document.id, DocumentVersion.state == VersionState.IN_REVIEW.value
            )
        )
        .scalars()
        .first()
    )


def visible_versions(user, document: Document) -> list[DocumentVersion]:
    """Every version of `document` the user may see, newest first."""
    rows = db.session.execute(
        db.select(DocumentVersion)
        .where(DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number.desc())
    ).scalars()
    return [v for v in rows if permissions.can_view_version(user, v)]


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic that clamps to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class DocumentFields:
    """Validated input for a new document."""

    doc_type: DocumentType
    title: str
    unit: Unit | None
    owner: User
    visibility: str = "internal"
    language: str = "fi"
    review_interval_months: int | None = None
    audience: list[Unit] | None = None
    tags: list[str] | None = None


def validate_document_fields(
    actor: User,
    *,
    type_prefix: str,
    title: str,
    unit_code: str | None = None,
    owner_email: str | None = None,
    visibility: str = "internal",
    language: str = "fi",
    review_interval_months=None,
    audience_codes: list[str] | None = None,
    tags: list[str] | None = None,
) -> DocumentFields:
    """Check raw input and resolve references; raises ValidationError with field messages."""
    errors: dict = {}
    doc_type = get_type(type_prefix)
    if doc_type is None:
        errors["type"] = _l("Unknown document type.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _l("Title is required.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _l("The title may be at most %(n)d characters.", n=MAX_TITLE)
    unit = None
    if unit_code:
        unit = get_unit(unit_code)
        if unit is None:
            errors["unit"] = _l("Unknown unit.")
    owner = actor
    if owner_email:
        owner = db.session.execute(
            db.select(User).where(User.email == owner_email.strip().lower())
        ).scalar_one_or_none()
        if owner is None or not owner.active:
            errors["owner"] = _l("Unknown user.")
    if visibility not in VISIBILITY_VALUES:
        errors["visibility"] = _l("Unknown visibility.")
    if language not in LANGUAGES:
        errors["language"] = _l("Unknown language.")
    if review_interval_months not in (None, ""):
        try:
            review_interval_months = int(review_interval_months)
            if not 1 <= review_interval_months <= 120:
                raise ValueError
        except (TypeError, ValueError):
            errors["review_interval_months"] = _l("Enter a whole number of months between 1 and 120.")
    else:
        review_interval_months = None
    audience = []
    for code in audience_codes or []:
        found = get_unit(code)
        if found is None:
            errors["audience"] = _l("Unknown unit.")
        audience.append(found)
    if visibility == "restricted" and not audience and unit is None:
        errors["audience"] = _l("A restricted document needs at least one unit in its audience.")
    clean_tags = sorted({t.strip().lower() for t in tags or [] if t and t.strip()})
    if any(not TAG_RE.match(t) for t in clean_tags):
        errors["tags"] = _l("Tags may contain letters, digits, spaces and hyphens only.")
    if errors:
        raise ValidationError(errors)
    return DocumentFields(
        doc_type, title, unit, owner, visibility, language, review_interval_months, audience, clean_tags
    )


def allocate_code(doc_type: DocumentType) -> str:
    """Next free code of the type (`TO-015`), allocated under a row lock on the type."""
    locked = db.session.execute(
        db.select(DocumentType).where(DocumentType.id == doc_type.id).with_for_update()
    ).scalar_one()
    while True:
        code = f"{locked.prefix}-{locked.next_number:03d}"
        locked.next_number += 1
        taken = db.session.execute(db.select(func.count()).where(Document.code == code)).scalar()
        if not taken:
            db.session.flush()
            return code


def create_document(
    actor: User, fields: DocumentFields, *, code: str | None = None, translation_of: Document | None = None
) -> Document:
    """Create the permanent identity of a document (its versions are the workflow's); a language version
    names its master document in `translation_of`."""
    if code is not None:
        code = normalise_code(code)
        if code is None or get_document(code) is not None:
            raise ValidationError({"code": _l("The code is invalid or already in use.")})
    document = Document(
        code=code or allocate_code(fields.doc_type),
        type=fields.doc_type,
        title=fields.title,
        unit=fields.unit,
        owner=fields.owner,
        visibility=fields.visibility,
        language=fields.language,
        review_interval_months=fields.review_interval_months or fields.doc_type.review_interval_months,
        audience=fields.audience or [],
        tag_rows=[DocumentTag(tag=t) for t in fields.tags or []],
        translation_of=translation_of,
    )
    db.session.add(document)
    db.session.flush()
    audit.record(
        actor,
        "document.create",
        "document",
        document.id,
        document_code=document.code,
        after=describe_document(document),
    )
    return document


def describe_document(document: Document) -> dict:
    """The audited view of a document's metadata."""
    return {
        "code": document.code,
        "title": document.title,
        "type": document.type.prefix,
        "unit": document.unit.code if document.unit else None,
        "owner": document.owner.email,
        "visibility": document.visibility,
        "language": document.language,
        "review_interval_months": document.review_interval_months,
        "audience": sorted(u.code for u in document.audience),
        "tags": document.tags,
    } | ({"translation_of": document.translation_of.code} if document.translation_of_id else {})


REGISTER_SORTS = {
    "code": Document.code,
    "title": Document.title,
    "type": DocumentType.prefix,
    "unit": Unit.code,
    "owner": User.display_name,
    "effective": DocumentVersion.effective_from,
    "review": Document.next_review_due,
}


@dataclass
class RegisterRow:
    document: Document
    current: DocumentVersion | None


# The register's aliases of the version table, built once: an alias and its attributes cost more to
# build on every request than the statements they are used in cost to run.
_CURRENT = db.aliased(DocumentVersion, name="current_version")
_SEEN = db.aliased(DocumentVersion, name="seen_version")


def _is_effective(version):
    """`version` is the effective one, with the state written as a literal: a bound parameter hides
    from the planner that the partial index uq_document_version_one_effective holds only effective
    rows (SQLite then reads every version row, with its body, to check the state; a PostgreSQL
    generic plan does not use the index at all)."""
    return version.state == literal_column(f"'{VersionState.EFFECTIVE.value}'")


def _register_conditions(
    user,
    has_current,
    *,
    type_prefix=None,
    unit_code=None,
    state=None,
    query=None,
    owner_email=None,
    review_due_before=None,
    document_ids=None,
):
    """The register's filters and permission rule as WHERE conditions on Document, and the tables
    besides Document they name ("type", "unit", "owner"). `has_current` says the document has an
    effective version (the page query's joined current version, or an EXISTS for the count)."""
    conditions, tables = [], set()
    if type_prefix:
        conditions.append(func.upper(DocumentType.prefix) == type_prefix.strip().upper())
        tables.add("type")
    if unit_code:
        conditions.append(Unit.code == unit_code)
        tables.add("unit")
    if state == "withdrawn":
        conditions.append(Document.withdrawn_at.is_not(None))
    elif state == "effective":
        conditions.append(has_current)
    elif state:
        # Only versions the user may see: a reader asking for drafts must not learn that one exists.
        conditions.append(
            db.exists().where(
                DocumentVersion.document_id == Document.id,
                DocumentVersion.state == state,
                permissions.visible_version_clause(user, DocumentVersion, Document),
            )
        )
    else:
        conditions.append(Document.withdrawn_at.is_(None))
    if query:
        like = f"%{query.strip()}%"
        conditions.append(or_(Document.title.ilike(like), Document.code.ilike(like)))
    if owner_email:
        conditions.append(User.email == owner_email.strip().lower())
        tables.add("owner")
    if review_due_before:
        conditions.append(Document.next_review_due.is_not(None))
        conditions.append(Document.next_review_due < review_due_before)
    if document_ids is not None:
        conditions.append(Document.id.in_(sorted(document_ids)))
    # What can_view_document and can_view_version decide, asked in the query: a document the user may
    # see, with a current version or at least one version the user may see (not someone's first draft).
    seen = _SEEN
    conditions.append(permissions.visible_document_clause(user, Document))
    conditions.append(
        or_(
            has_current,
            db.exists().where(
                seen.document_id == Document.id, permissions.visible_version_clause(user, seen, Document)
            ),
        )
    )
    return conditions, tables


def register_query(user, *, sort="code", descending=False, with_tags=True, **filters):
    """Documents the user may see, with their current version, filtered and sorted in SQL.
    Filters: type_prefix, unit_code, state, query, owner_email, review_due_before, document_ids."""
    current = _CURRENT
    conditions, _tables = _register_conditions(user, current.id.is_not(None), **filters)
    stmt = (
        db.select(Document, current)
        .join(DocumentType, Document.type_id == DocumentType.id)
        .join(User, Document.owner_id == User.id)
        .outerjoin(Unit, Document.unit_id == Unit.id)
        .outerjoin(current, (current.document_id == Document.id) & _is_effective(current))
        .where(*conditions)
    )
    # A register row shows the document and its current version's label and dates: the version's body,
    # attachments and joined document and author, and the document's audience, are loaded only if
    # something asks for them (the tags too when the caller says it shows none).
    # The type, unit and owner come from the joins the filters and sorts use: their own joined loading
    # would join each table a second time, under another name, for every row.
    owner = contains_eager(Document.owner)
    stmt = stmt.options(
        contains_eager(Document.type),
        contains_eager(Document.unit),
        owner.lazyload(User.role_rows),
        owner.lazyload(User.units),
        lazyload(Document.audience),
        lazyload(current.document),
        lazyload(current.author),
        lazyload(current.attachments),
        defer(current.body),
    )
    if not with_tags:
        stmt = stmt.options(lazyload(Document.tag_rows))
    column = REGISTER_SORTS.get(sort, Document.code)
    if sort == "effective":
        column = current.effective_from
    stmt = stmt.order_by(column.desc() if descending else column.asc(), Document.code)
    return stmt


def register_count(user, **filters) -> int:
    """How many documents register_query finds: the same conditions on Document alone, joined only to
    the tables a filter names and to the current version through the partial index."""
    current = _CURRENT
    stmt = db.select(func.count()).select_from(Document)
    if db.session.get_bind().dialect.name == "postgresql":
        # PostgreSQL hash-joins the partial index, reading only the index (its column, not the id). As
        # an EXISTS beside the OR of the visible-version rule the plan is costed high enough to start
        # JIT compilation (+35 ms at 9 000 documents).
        stmt = stmt.outerjoin(current, (current.document_id == Document.id) & _is_effective(current))
        has_current = current.document_id.is_not(None)
    else:
        # SQLite answers an EXISTS from the partial index alone; an outer join reads the version rows.
        has_current = db.exists().where(current.document_id == Document.id, _is_effective(current))
    conditions, tables = _register_conditions(user, has_current, **filters)
    if "type" in tables:
        stmt = stmt.join(DocumentType, Document.type_id == DocumentType.id)
    if "owner" in tables:
        stmt = stmt.join(User, Document.owner_id == User.id)
    if "unit" in tables:
        stmt = stmt.join(Unit, Document.unit_id == Unit.id)
    return db.session.execute(stmt.where(*conditions)).scalar_one()


def register_rows(user, **filters) -> list[RegisterRow]:
    """The document register (asiakirjarekisteri) as the user may see it."""
    return [RegisterRow(document, current) for document, current in db.session.execute(register_query(user, **filters))]


def register_page(
    user, *, page: int, per_page: int, sort="code", descending=False, with_tags=True, **filters
) -> tuple[list[RegisterRow], int]:
    """One page of the register and the number of rows on all pages: two queries, whatever the size."""
    stmt = register_query(user, sort=sort, descending=descending, with_tags=with_tags, **filters)
    total = register_count(user, **filters)
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    return [RegisterRow(document, current) for document, current in rows], total


def list_types() -> list[DocumentType]:
    return list(db.session.execute(db.select(DocumentType).order_by(DocumentType.prefix)).scalars())


def list_units() -> list[Unit]:
    return list(db.session.execute(db.select(Unit).order_by(Unit.code)).scalars())


def require_document(user, code: str) -> Document:
    """The document if it exists and the user may see it; NotFoundError otherwise."""
    document = get_document(code)
    # A document none of whose versions the user may see (a first draft) is not theirs to know of.
    if document is None or not permissions.can_view_document(user, document) or not has_visible_version(user, document):
        raise NotFoundError(_l("Document not found."))
    return document


def has_visible_version(user, document: Document) -> bool:
    """Whether the user may see at least one version of `document` (one query, no rows loaded)."""
    return db.session.execute(
        db.select(
            db.exists().where(
                DocumentVersion.document_id == document.id,
                permissions.visible_version_clause(user, DocumentVersion, Document),
            )
        ).where(Document.id == document.id)
    ).scalar()


def require_version(user, document: Document, number: int) -> DocumentVersion:
    version = get_version(document, number)
    if version is None or not permissions.can_view_version(user, version):
        raise NotFoundError(_l("Version not found."))
    return version


def content_hash(version: DocumentVersion) -> str:
    """SHA-256 over the title, body and attachment hashes: what an approval signs."""
    digest = hashlib.sha256()
    for part in [version.title, version.body or ""] + sorted(a.sha256 for a in version.attachments):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()

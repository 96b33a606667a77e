"""Read acknowledgements: who must read a version, who has confirmed, and what changed since."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from registry import audit, clock
from registry.auth import permissions
from registry.auth.models import User
from registry.documents.diffs import FieldDiff, diff_versions
from registry.documents.models import Document, DocumentType, DocumentVersion, VersionState
from registry.errors import ConflictError, NotFoundError
from registry.extensions import db
from registry.workflow.models import Acknowledgement


def audience(document: Document) -> list[User]:
    """Active staff who may see the document: everyone for public and internal, the units for restricted."""
    users = db.session.execute(db.select(User).where(User.active.is_(True)).order_by(User.display_name)).scalars()
    return [u for u in users if permissions.can_view_document(u, document)]


def acknowledgement(user: User, version: DocumentVersion) -> Acknowledgement | None:
    return db.session.execute(
        db.select(Acknowledgement).where(Acknowledgement.user_id == user.id, Acknowledgement.version_id == version.id)
    ).scalar_one_or_none()


def acknowledge_version(actor: User, version: DocumentVersion) -> Acknowledgement:
    """The actor confirms reading the version in force; a second confirmation changes nothing."""
    if not permissions.can_view_version(actor, version):
        raise NotFoundError(_l("Version not found."))
    if version.state != VersionState.EFFECTIVE.value or version.document.is_withdrawn:
        raise ConflictError(_l("Only the version in force can be confirmed as read."), code="not_effective")
    found = acknowledgement(actor, version)
    if found is not None:
        return found
    row = Acknowledgement(user_id=actor.id, version_id=version.id, acknowledged_at=clock.now())
    db.session.add(row)
    db.session.flush()
    audit.record(
        actor,
        "version.acknowledge",
        "document_version",
        version.id,
        document_code=version.document.code,
        after={"number": version.number, "label": version.label},
    )
    return row


TOOK_EFFECT = (VersionState.EFFECTIVE.value, VersionState.SUPERSEDED.value)


def _latest_major_number(document_id, number):
    """SQL: the number of the latest major version (made here, not imported) that took effect up to a version."""
    major = aliased(DocumentVersion)
    return (
        db.select(db.func.max(major.number))
        .where(
            major.document_id == document_id,
            major.number <= number,
            major.change_type == "major",
            major.imported.is_(False),
            major.state.in_(TOOK_EFFECT),
        )
        .scalar_subquery()
    )


def latest_major(version: DocumentVersion) -> int | None:
    """The latest major change a reader of `version` must have confirmed: a later minor version does
    not cancel the duty to read the major one before it."""
    return db.session.execute(db.select(_latest_major_number(version.document_id, version.number))).scalar()


def major_to_confirm(version: DocumentVersion) -> int | None:
    """For the version in force of a type that needs read confirmation: the number of the major
    change its readers must have confirmed; None when nothing needs confirming."""
    if (
        version.state != VersionState.EFFECTIVE.value
        or not version.document.type.requires_acknowledgement
        or version.document.is_withdrawn
    ):
        return None
    return latest_major(version)


def has_read_since(user: User, document: Document, number: int) -> bool:
    """Has the user confirmed version `number` of the document or a later one?"""
    return db.session.execute(
        db.select(
            db.exists().where(
                Acknowledgement.user_id == user.id,
                Acknowledgement.version_id == DocumentVersion.id,
                DocumentVersion.document_id == document.id,
                DocumentVersion.number >= number,
            )
        )
    ).scalar()


def to_read(user: User) -> list[DocumentVersion]:
    """The "Luettavat" list: versions in force whose latest major change the user has not confirmed."""
    latest = _latest_major_number(DocumentVersion.document_id, DocumentVersion.number)
    confirmed = aliased(DocumentVersion)
    read_since = db.exists().where(
        Acknowledgement.user_id == user.id,
        Acknowledgement.version_id == confirmed.id,
        confirmed.document_id == DocumentVersion.document_id,
        confirmed.number >= latest,
    )
    rows = db.session.execute(
        db.select(DocumentVersion)
        .join(Document, Document.id == DocumentVersion.document_id)
        .join(DocumentType, DocumentType.id == Document.type_id)
        .where(
            DocumentVersion.state == VersionState.EFFECTIVE.value,
            DocumentType.requires_acknowledgement.is_(True),
            Document.withdrawn_at.is_(None),
            latest.is_not(None),
            ~read_since,
        )
        .order_by(DocumentVersion.effective_from.desc())
    ).scalars()
    return [v for v in rows if permissions.can_view_document(user, v.document)]


@dataclass
class AckStatus:
    user: User
    acknowledged_at: object | None


def acknowledgement_status(version: DocumentVersion) -> list[AckStatus]:
    """Everyone in the audience with the time they confirmed, or None; unconfirmed first."""
    done = {
        a.user_id: a.acknowledged_at
        for a in db.session.execute(
            db.select(Acknowledgement).where(Acknowledgement.version_id == version.id)
        ).scalars()
    }
    rows = [AckStatus(u, done.get(u.id)) for u in audience(version.document)]
    return sorted(rows, key=lambda r: (r.acknowledged_at is not None, r.user.display_name))


@dataclass
class ReadingInfo:
    """What the document page shows a reader about confirming and about changes since their last reading."""

    can_acknowledge: bool = False
    must_acknowledge: bool = False
    acknowledged_at: object | None = None
    last_read: DocumentVersion | None = None
    changes: list[FieldDiff] = field(default_factory=list)


def last_acknowledged(user: User, document: Document) -> DocumentVersion | None:
    return db.session.execute(
        db.select(DocumentVersion)
        .join(Acknowledgement, Acknowledgement.version_id == DocumentVersion.id)
        .where(Acknowledgement.user_id == user.id, DocumentVersion.document_id == document.id)
        .order_by(DocumentVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def reading_info(user, version: DocumentVersion) -> ReadingInfo:
    """For the document page: may the user confirm this version, and what changed since they last confirmed."""
    info = ReadingInfo()
    if not permissions.is_logged_in(user) or version.state != VersionState.EFFECTIVE.value:
        return info
    found = acknowledgement(user, version)
    info.acknowledged_at = found.acknowledged_at if found else None
    info.can_acknowledge = (
        found is None and version.document.type.requires_acknowledgement and not version.document.is_withdrawn
    )
    major = major_to_confirm(version) if found is None else None
    info.must_acknowledge = major is not None and not has_read_since(user, version.document, major)
    last = last_acknowledged(user, version.document)
    if last is not None and last.number < version.number:
        info.last_read = last
        info.changes = diff_versions(last, version)
    return info

"""Document types, documents, versions and attachment metadata."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import Unit, User
from registry.db import UTCDateTime, utcnow
from registry.extensions import db
from registry.states import OPEN_STATES, PUBLISHED_STATES, STATE_VALUES, VersionState  # noqa: F401  (re-exported)


class Visibility(str, enum.Enum):
    PUBLIC = "public"
    INTERNAL = "internal"
    RESTRICTED = "restricted"


VISIBILITY_VALUES = tuple(v.value for v in Visibility)
LANGUAGES = ("fi", "en", "sv")


class RetentionBasis(str, enum.Enum):
    """The date a type's retention period is counted from."""

    SUPERSEDED = "superseded"  # the day the version stopped being in force (superseded or withdrawn)
    WITHDRAWN = "withdrawn"  # the day the whole document was withdrawn


RETENTION_BASIS_VALUES = tuple(b.value for b in RetentionBasis)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


class DocumentType(db.Model):
    """A kind of document with its code prefix (TO, TY, ...) and its retention rule."""

    __tablename__ = "document_type"
    __table_args__ = (
        CheckConstraint(_in("retention_basis", RETENTION_BASIS_VALUES), name="known_retention_basis"),
        CheckConstraint("retention_years IS NULL OR retention_years > 0", name="positive_retention"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    prefix: Mapped[str] = mapped_column(String(10), unique=True)
    name_fi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    review_interval_months: Mapped[int] = mapped_column(default=12)
    requires_acknowledgement: Mapped[bool] = mapped_column(default=False)
    # Next number to allocate; incremented under a row lock.
    next_number: Mapped[int] = mapped_column(default=1)
    # Retention of versions no longer in force (the records management plan, TOS);
    # None keeps them permanently, and nothing is ever disposed of automatically.
    retention_years: Mapped[int | None] = mapped_column()
    retention_basis: Mapped[str] = mapped_column(
        String(12), default=RetentionBasis.SUPERSEDED.value, server_default=RetentionBasis.SUPERSEDED.value
    )

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_fi


document_audience = db.Table(
    "document_audience",
    db.Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    db.Column("unit_id", ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True),
)


class DocumentTag(db.Model):
    __tablename__ = "document_tag"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)


class Document(db.Model):
    """The permanent identity of a controlled document."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint(_in("visibility", VISIBILITY_VALUES), name="known_visibility"),
        CheckConstraint(_in("language", LANGUAGES), name="known_language"),
        CheckConstraint("review_interval_months > 0", name="positive_review_interval"),
        # One translation per language of a master document.
        UniqueConstraint("translation_of_id", "language", name="uq_document_translation_language"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("document_type.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="fi")
    visibility: Mapped[str] = mapped_column(String(12), default=Visibility.INTERNAL.value)
    review_interval_months: Mapped[int] = mapped_column(default=12)
    next_review_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A legal hold stops every disposal of the document's versions until it is released.
    legal_hold_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    legal_hold_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    legal_hold_reason: Mapped[str | None] = mapped_column(Text)
    # A language version (`TO-014-sv`) names its master document; a master has none.
    translation_of_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"), index=True)

    type: Mapped[DocumentType] = relationship(lazy="joined")
    unit: Mapped[Unit | None] = relationship(lazy="joined")
    owner: Mapped[User] = relationship(foreign_keys=[owner_id], lazy="joined")
    audience: Mapped[list[Unit]] = relationship(secondary=document_audience, lazy="selectin")
    translation_of: Mapped[Document | None] = relationship(remote_side="Document.id", lazy="select")
    tag_rows: Mapped[list[DocumentTag]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number", lazy="select"
    )

    @property
    def tags(self) -> list[str]:
        return sorted(row.tag for row in self.tag_rows)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_on_hold(self) -> bool:
        return self.legal_hold_at is not None

    def is_translation(self) -> bool:
        return self.translation_of_id is not None

    def __repr__(self) -> str:
        return f"<Document {self.code}>"


class DocumentVersion(db.Model):
    """One text of a document; immutable once it leaves draft."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("change_type IS NULL OR change_type IN ('major', 'minor')", name="known_change_type"),
        # The central promise: at most one effective version (and one draft) per document.
        Index(
            "uq_document_version_one_effective",
            "document_id",
            unique=True,
            sqlite_where=text("state = 'effective'"),
            postgresql_where=text("state = 'effective'"),
        ),
        Index(
            "uq_document_version_one_draft",
            "document_id",
            unique=True,
            sqlite_where=text("state = 'draft'"),
            postgresql_where=text("state = 'draft'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    label: Mapped[str | None] = mapped_column(String(20))
    change_type: Mapped[str | None] = mapped_column(String(5))
    # The enum type carries the column's CHECK constraint (ck_document_version_known_state).
    state: Mapped[VersionState] = mapped_column(
        Enum(
            VersionState,
            name="known_state",
            native_enum=False,
            create_constraint=True,
            length=12,
            values_callable=lambda states: [s.value for s in states],
            validate_strings=True,
        ),
        index=True,
    )
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    change_summary: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))
    # Optimistic lock: every saved edit increments it; an edit names the one it read.
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    effective_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    effective_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content_hash: Mapped[str | None] = mapped_column(String(64))
    imported: Mapped[bool] = mapped_column(default=False)
    # The tombstone of a version disposed of after its retention: its text and files are gone,
    # its metadata and hashes stay.
    disposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    disposal_reason: Mapped[str | None] = mapped_column(Text)
    # A translation's version names the master version it translates.
    translates_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id"))

    document: Mapped[Document] = relationship(back_populates="versions", lazy="joined")
    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="version", order_by="Attachment.id", lazy="selectin"
    )

    @property
    def display_label(self) -> str:
        return self.label or f"#{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT.value and self.disposed_at is None

    @property
    def is_disposed(self) -> bool:
        return self.disposed_at is not None

    def __repr__(self) -> str:
        return f"<DocumentVersion {self.document_id}#{self.number} {self.state}>"


class AttachmentRole(str, enum.Enum):
    """What a file is to its version: a plain attachment, the Word/ODT file the body was converted
    from, or an image shown inline in the body (`![...](attachment:name.png)`)."""

    FILE = "file"
    SOURCE = "source"
    IMAGE = "image"


ROLE_VALUES = tuple(r.value for r in AttachmentRole)


class Attachment(db.Model):
    """A file of a version, stored content-addressed under instance/files/."""

    __tablename__ = "attachment"
    __table_args__ = (CheckConstraint(_in("role", ROLE_VALUES), name="known_role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    extracted_text: Mapped[str | None] = mapped_column(Text)
    extraction_error: Mapped[str | None] = mapped_column(String(300))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    role: Mapped[str] = mapped_column(
        String(10), default=AttachmentRole.FILE.value, server_default=AttachmentRole.FILE.value
    )

    version: Mapped[DocumentVersion] = relationship(back_populates="attachments")


class TypeTemplate(db.Model):
    """The document whose current version a new document of this type starts from.

    The template is itself a controlled document (versioned and approved like any other);
    a separate table keeps document_type and document free of a foreign-key cycle.
    """

    __tablename__ = "type_template"
    type_id: Mapped[int] = mapped_column(ForeignKey("document_type.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)

    document: Mapped[Document] = relationship(lazy="joined")


class DisposalStatus(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


DISPOSAL_STATUS_VALUES = tuple(s.value for s in DisposalStatus)


class DisposalRequest(db.Model):
    """A quality owner's proposal to dispose of one version; an administrator (another person) decides."""

    __tablename__ = "disposal_request"
    __table_args__ = (
        CheckConstraint(_in("status", DISPOSAL_STATUS_VALUES), name="known_status"),
        # At most one open proposal per version.
        Index(
            "uq_disposal_request_one_pending",
            "version_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=DisposalStatus.PENDING.value)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_comment: Mapped[str | None] = mapped_column(Text)

    version: Mapped[DocumentVersion] = relationship(lazy="joined")
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")


class ChangeRequestState(str, enum.Enum):
    """A change request's life: new, then accepted or rejected; accepted (or new) ones end done when
    a version that names them takes effect; a rejected or done one can be reopened to new."""

    NEW = "new"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DONE = "done"


CHANGE_REQUEST_STATES = tuple(s.value for s in ChangeRequestState)
OPEN_CHANGE_REQUEST_STATES = (ChangeRequestState.NEW.value, ChangeRequestState.ACCEPTED.value)

# A version names the change requests it addresses; they are done when it takes effect.
version_change_request = db.Table(
    "version_change_request",
    db.Column("version_id", ForeignKey("document_version.id", ondelete="CASCADE"), primary_key=True),
    db.Column("change_request_id", ForeignKey("change_request.id", ondelete="CASCADE"), primary_key=True),
)


class ChangeRequest(db.Model):
    """A staff member's proposal to change a document (kehitysehdotus). It lives beside the documents
    because the version workflow closes it and the goal coverage counts it; the workflow owns its services."""

    __tablename__ = "change_request"
    __table_args__ = (CheckConstraint(_in("state", CHANGE_REQUEST_STATES), name="known_state"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    # None when sent anonymously (allowed only when the administrator has turned it on).
    requester_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=ChangeRequestState.NEW.value, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_version_id: Mapped[int | None] = mapped_column(ForeignKey("document_version.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(lazy="joined")
    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    done_version: Mapped[DocumentVersion | None] = relationship(foreign_keys=[done_version_id])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CHANGE_REQUEST_STATES

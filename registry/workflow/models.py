"""Transitions, approval requests and decisions, signature failures, acknowledgements, notifications."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import UTCDateTime, utcnow
from registry.extensions import db


class VersionTransition(db.Model):
    """One applied row of the transition table, for one version."""

    __tablename__ = "version_transition"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    from_state: Mapped[str | None] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)
    data_json: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship(lazy="joined")


class ApprovalRequest(db.Model):
    """An approver named by the submitter for one review round of a version."""

    __tablename__ = "approval_request"
    __table_args__ = (UniqueConstraint("version_id", "round", "approver_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    approver_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    approver: Mapped[User] = relationship(foreign_keys=[approver_id], lazy="joined")


class Approval(db.Model):
    """One approver's decision on one version in one round: approve (signed) or return."""

    __tablename__ = "approval"
    __table_args__ = (
        # One decision per approver and round: a double-submitted approval cannot count twice.
        UniqueConstraint("version_id", "round", "approver_id"),
        CheckConstraint("decision IN ('approve', 'return')", name="known_decision"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    approver_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text)
    meaning: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # How the approver proved who they were when signing: the password, or a fresh sign-in at the
    # organisation's identity provider (oidc, saml) at authenticated_at.
    signature_method: Mapped[str | None] = mapped_column(String(10))
    authenticated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    approver: Mapped[User] = relationship(lazy="joined")


class SignatureFailure(db.Model):
    """A wrong password given as an e-signature; several recent ones lock approving."""

    __tablename__ = "signature_failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Acknowledgement(db.Model):
    """A user confirmed reading a version."""

    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("user_id", "version_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"), index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship(lazy="joined")


class Notification(db.Model):
    """An entry in a user's in-app inbox; the text is rendered in the reader's language."""

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    document_code: Mapped[str | None] = mapped_column(String(30))
    version_number: Mapped[int | None]
    data_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

"""The search outbox: an ordered log of documents whose index entries must be rewritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from registry.db import UTCDateTime, utcnow
from registry.extensions import db


class SearchChange(db.Model):
    """One row per changed document, written in the same transaction as the change.

    No foreign key: the row must outlive a deleted document so that its entries get removed.
    """

    __tablename__ = "search_change"
    __table_args__ = (Index("ix_search_change_created_at", "created_at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    document_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

"""The search outbox: an ordered log of documents whose index entries must be rewritten."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, Integer, String, Text
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


SYNONYM_KINDS = ("abbreviation", "synonym")


class SearchSynonym(db.Model):
    """A search term that also finds its expansions: an abbreviation (`HOKS`) or a synonym.

    `expansions` holds one expansion per line; a multi-word expansion matches as a whole.
    Kept by quality owners (`/admin/search/synonyms`); searches read it with a short cache.
    """

    __tablename__ = "search_synonym"
    __table_args__ = (CheckConstraint("kind IN ('abbreviation', 'synonym')", name="known_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(80), unique=True)
    expansions: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="abbreviation")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def expansion_list(self) -> list[str]:
        return [line for line in self.expansions.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<SearchSynonym {self.term}>"

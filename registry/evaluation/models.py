"""Evaluation frameworks (criteria in a tree, with levels), their links and self-assessments."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import UTCDateTime, utcnow
from registry.extensions import db


class AssessmentState(str, enum.Enum):
    DRAFT = "draft"
    COMPLETED = "completed"


ASSESSMENT_STATES = tuple(s.value for s in AssessmentState)

criterion_document = db.Table(
    "criterion_document",
    db.Column("criterion_id", ForeignKey("criterion.id", ondelete="CASCADE"), primary_key=True),
    db.Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True, index=True),
)

criterion_goal = db.Table(
    "criterion_goal",
    db.Column("criterion_id", ForeignKey("criterion.id", ondelete="CASCADE"), primary_key=True),
    # No cascade: a goal that criteria point to is archived, never deleted.
    db.Column("goal_id", ForeignKey("goal.id"), primary_key=True, index=True),
)


class Framework(db.Model):
    """A set of evaluation criteria (EQAVET, a Karvi audit frame) with its ordered levels."""

    __tablename__ = "framework"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    title_fi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    levels: Mapped[list[FrameworkLevel]] = relationship(
        back_populates="framework", order_by="FrameworkLevel.position", cascade="all, delete-orphan", lazy="selectin"
    )
    criteria: Mapped[list[Criterion]] = relationship(
        back_populates="framework", order_by="Criterion.position", cascade="all, delete-orphan", lazy="select"
    )

    def level(self, code: str) -> FrameworkLevel | None:
        return next((lv for lv in self.levels if lv.code == code), None)


class FrameworkLevel(db.Model):
    """One level of development of a framework, lowest first (puuttuva, alkava, kehittyvä, edistynyt)."""

    __tablename__ = "framework_level"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    title_fi: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[Framework] = relationship(back_populates="levels")


class Criterion(db.Model):
    """One criterion (or a heading of criteria) of a framework; criteria form a tree through `parent`."""

    __tablename__ = "criterion"
    __table_args__ = (UniqueConstraint("framework_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("criterion.id"), index=True)
    title_fi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300), default="")
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    framework: Mapped[Framework] = relationship(back_populates="criteria")
    parent: Mapped[Criterion | None] = relationship(remote_side=[id], lazy="select")
    descriptors: Mapped[list[LevelDescriptor]] = relationship(
        back_populates="criterion", cascade="all, delete-orphan", lazy="selectin"
    )


class LevelDescriptor(db.Model):
    """What one level looks like for one criterion (the Karvi frame describes each level)."""

    __tablename__ = "level_descriptor"
    __table_args__ = (UniqueConstraint("criterion_id", "level_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("framework_level.id", ondelete="CASCADE"), index=True)
    description_fi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    criterion: Mapped[Criterion] = relationship(back_populates="descriptors")
    level: Mapped[FrameworkLevel] = relationship(lazy="joined")


class Assessment(db.Model):
    """A self-assessment of the organisation against a framework for a period."""

    __tablename__ = "assessment"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'completed')", name="known_state"),
        CheckConstraint("period_start <= period_end", name="period_order"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(ForeignKey("framework.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=AssessmentState.DRAFT.value)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    framework: Mapped[Framework] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship(lazy="joined")
    rows: Mapped[list[AssessmentRow]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_completed(self) -> bool:
        return self.state == AssessmentState.COMPLETED.value


class AssessmentRow(db.Model):
    """The assessment of one criterion: level, justification, strengths and improvement actions."""

    __tablename__ = "assessment_row"
    __table_args__ = (UniqueConstraint("assessment_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    level_code: Mapped[str | None] = mapped_column(String(40))
    justification: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="rows")
    criterion: Mapped[Criterion] = relationship(lazy="joined")

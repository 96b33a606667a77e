"""Plans, goals, indicators (mittarit), measurements, progress entries and document-goal links."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.auth.models import User
from registry.db import UTCDateTime, utcnow
from registry.extensions import db


class PlanKind(str, enum.Enum):
    STRATEGY = "strategy"
    PROJECT = "project"


class Direction(str, enum.Enum):
    """Whether a larger or a smaller measured value is better."""

    HIGHER = "higher"
    LOWER = "lower"


class Frequency(str, enum.Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


PLAN_KINDS = tuple(k.value for k in PlanKind)
DIRECTIONS = tuple(d.value for d in Direction)
FREQUENCIES = tuple(f.value for f in Frequency)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


document_goal = db.Table(
    "document_goal",
    db.Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    # No cascade: a goal that documents serve is archived, never deleted.
    db.Column("goal_id", ForeignKey("goal.id"), primary_key=True, index=True),
)


class Plan(db.Model):
    """A quality strategy or a development project whose goals documents serve."""

    __tablename__ = "plan"
    __table_args__ = (CheckConstraint(_in("kind", PLAN_KINDS), name="known_kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(12), default=PlanKind.PROJECT.value)
    organisation: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    period: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", order_by="(Goal.position, Goal.code)", lazy="select"
    )

    def __repr__(self) -> str:
        return f"<Plan {self.code}>"


class Goal(db.Model):
    """One goal of a plan; goals form a tree through `parent`."""

    __tablename__ = "goal"
    __table_args__ = (UniqueConstraint("plan_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("goal.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="goals", lazy="joined")
    parent: Mapped[Goal | None] = relationship(remote_side=[id], lazy="select")
    owner: Mapped[User | None] = relationship(lazy="joined")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="goal", order_by="Indicator.id", cascade="all, delete-orphan", lazy="selectin"
    )
    progress_entries: Mapped[list[ProgressEntry]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Goal {self.code}>"


class Indicator(db.Model):
    """A measure (mittari) of a goal, with its target and which way is better."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("goal_id", "name"),
        CheckConstraint(_in("direction", DIRECTIONS), name="known_direction"),
        CheckConstraint(_in("frequency", FREQUENCIES), name="known_frequency"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(String(8), default=Direction.HIGHER.value)
    frequency: Mapped[str] = mapped_column(String(12), default=Frequency.ANNUAL.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="indicators", lazy="joined")
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", lazy="selectin"
    )


class Measurement(db.Model):
    """One measured value of an indicator for one period."""

    __tablename__ = "measurement"
    __table_args__ = (UniqueConstraint("indicator_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="measurements")


class ProgressEntry(db.Model):
    """The results a goal achieved in one reporting period ("kevät 2012")."""

    __tablename__ = "progress_entry"
    __table_args__ = (UniqueConstraint("goal_id", "period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="progress_entries")
    author: Mapped[User | None] = relationship(lazy="joined")

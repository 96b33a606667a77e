"""Webhook endpoints, their queued deliveries, and the overdue reviews already announced."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.db import UTCDateTime, utcnow
from registry.extensions import db


class EndpointStatus(enum.StrEnum):
    OK = "ok"
    FAILING = "failing"


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


def _in(column: str, values) -> str:
    return f"{column} IN (" + ", ".join(f"'{v.value}'" for v in values) + ")"


class WebhookEndpoint(db.Model):
    """An HTTPS address an administrator registered, with the events it wants and its signing secret."""

    __tablename__ = "webhook_endpoint"
    __table_args__ = (CheckConstraint(_in("status", EndpointStatus), name="known_status"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    event_types: Mapped[str] = mapped_column(String(500))  # space-separated
    secret: Mapped[str] = mapped_column(String(100))  # whsec_<base64>: signing needs the key itself
    active: Mapped[bool] = mapped_column(default=True)
    allow_private: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default=EndpointStatus.OK.value)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_response: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="endpoint", cascade="all, delete-orphan", passive_deletes=True, lazy="select"
    )

    @property
    def event_list(self) -> list[str]:
        return self.event_types.split()


class WebhookDelivery(db.Model):
    """One event to send to one endpoint: queued with the event, sent after the commit, retried."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        CheckConstraint(_in("state", DeliveryState), name="known_state"),
        Index("ix_webhook_delivery_due", "state", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True)
    event_type: Mapped[str] = mapped_column(String(60))
    message_id: Mapped[str] = mapped_column(String(64), unique=True)  # the webhook-id header
    payload_json: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=DeliveryState.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_status_code: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(String(500))
    last_response: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    endpoint: Mapped[WebhookEndpoint] = relationship(back_populates="deliveries", lazy="joined")


class ReviewOverdueNotice(db.Model):
    """A version whose review became overdue on `due` has been announced (once per version and due date)."""

    __tablename__ = "review_overdue_notice"
    __table_args__ = (UniqueConstraint("version_id", "due"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    due: Mapped[date] = mapped_column(Date)
    noticed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

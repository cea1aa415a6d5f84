"""Audit trail, tombstones for sync clients, the webhook outbox and delivery log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, CompanyScoped, IntId, PublicScoped, Timestamps

WEBHOOK_EVENTS = ("new_applicant", "drag_applicant", "new_message", "new_vacancy")


class AuditEvent(CompanyScoped, Base):
    """Who did what to which record; written by every service in the same transaction."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_company_created", "company_id", "created_at"),)

    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column()


class Tombstone(CompanyScoped, Base):
    """A deleted record, reported to incremental-sync clients."""

    __tablename__ = "tombstones"
    __table_args__ = (Index("ix_tombstones_company_type_deleted", "company_id", "entity_type", "deleted_at"),)

    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    deleted_at: Mapped[datetime] = mapped_column()


class OutboxEvent(CompanyScoped, Base):
    """A domain event written in the same transaction as the change, dispatched later."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_pending", "dispatched_at", "id"),)

    event: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    subject: Mapped[dict[str, Any]] = mapped_column(default=dict)  # ids of the records involved
    created_at: Mapped[datetime] = mapped_column()
    dispatched_at: Mapped[datetime | None] = mapped_column()


class Webhook(PublicScoped, Timestamps, Base):
    __tablename__ = "webhooks"

    url: Mapped[str] = mapped_column(String(1000))
    event: Mapped[str] = mapped_column(String(64))
    vacancy_id: Mapped[int | None] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    column_id: Mapped[int | None] = mapped_column(ForeignKey("pipeline_columns.id", ondelete="CASCADE"))
    secret: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)


class WebhookDelivery(CompanyScoped, Base):
    """One event for one webhook; retried with backoff until delivered or out of attempts."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # the exact body, signed at each attempt
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|delivered|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column()


class WebhookAttempt(IntId, Base):
    """The delivery log: one row per attempt."""

    __tablename__ = "webhook_attempts"

    delivery_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True
    )
    attempt: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime] = mapped_column(index=True)
    response_status: Mapped[int | None] = mapped_column(Integer)
    duration_ms: Mapped[int] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    response_excerpt: Mapped[str | None] = mapped_column(Text)


class RateWindow(Base):
    """A per-key rate-limit window shared by every worker process (through the database)."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    until: Mapped[datetime] = mapped_column()

"""The audit trail: every service records what it changed, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.core.clock import now
from vivier.events.models import AuditEvent, OutboxEvent, Tombstone


def record(
    session: Session, ctx: Context, action: str, entity_type: str, entity_id: str | int, **data: Any
) -> None:
    """Append an audit event. ``data`` must not carry secrets; keep it to ids and changed field names."""
    session.add(
        AuditEvent(
            company_id=ctx.company_id,
            member_id=ctx.member_id,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            data=data,
            created_at=now(),
        )
    )


def emit(session: Session, ctx: Context, event: str, **subject: Any) -> None:
    """Queue a domain event in the outbox; the webhook worker renders and delivers it later."""
    session.add(
        OutboxEvent(
            company_id=ctx.company_id, member_id=ctx.member_id, event=event, subject=subject, created_at=now()
        )
    )


def bury(session: Session, ctx: Context, entity_type: str, entity_id: str | int) -> None:
    """Leave a tombstone so incremental-sync clients learn about a deletion."""
    session.add(
        Tombstone(
            company_id=ctx.company_id, entity_type=entity_type, entity_id=str(entity_id), deleted_at=now()
        )
    )

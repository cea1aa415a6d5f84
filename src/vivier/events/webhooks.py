"""Webhooks: configuration, the outbox dispatcher and the signed, retried delivery.

A change writes an OutboxEvent in its own transaction. The dispatcher turns each event into one
delivery per matching webhook (rendering the body once); the deliverer POSTs due deliveries with an
HMAC signature and retries with exponential backoff. Both are safe to run from several processes on
PostgreSQL (rows are claimed with ``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.core.clock import now
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.db.scoping import get_by_public_id, scoped
from vivier.db.session import Database
from vivier.events.audit import record
from vivier.events.models import WEBHOOK_EVENTS, OutboxEvent, Webhook, WebhookAttempt, WebhookDelivery
from vivier.pipeline.models import PipelineColumn
from vivier.vacancies.models import Vacancy

# Delay before each attempt after the first: 6 attempts in all (flatchr-api.md §8).
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8), timedelta(minutes=32),
                timedelta(minutes=128))  # fmt: skip
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
TIMEOUT_SECONDS = 10.0
LEASE = timedelta(seconds=60)  # a claimed delivery is retried if its worker died mid-attempt
LOG_RETENTION = timedelta(days=30)
EXCERPT_BYTES = 1024
VACANCY_FILTERED = ("new_applicant", "drag_applicant", "new_message")
MAX_URL = 1000
MAX_SECRET = 255


@dataclass(frozen=True)
class RenderedEvent:
    """The JSON body of an event, plus what webhook filters match against."""

    body: dict[str, Any]
    vacancy_id: int | None = None
    column_id: int | None = None


Renderer = Callable[[Session, OutboxEvent], RenderedEvent | None]


# -- configuration ---------------------------------------------------------------------------------


def add_webhook(
    session: Session,
    ctx: Context,
    *,
    url: str,
    event: str,
    vacancy: str | None = None,
    column_id: int | None = None,
    secret: str | None = None,
) -> Webhook:
    """Subscribe ``url`` to ``event``; the secret defaults to 32 random bytes in hex."""
    ctx.require_admin()
    problems: list[Violation] = []
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(Violation("url", Constraint.INVALID, "must be an http(s) URL"))
    elif len(url) > MAX_URL:
        problems.append(Violation("url", Constraint.LENGTH, "is too long", MAX_URL))
    if event not in WEBHOOK_EVENTS:
        problems.append(Violation("event", Constraint.CHOICE, f"must be one of {', '.join(WEBHOOK_EVENTS)}"))
    if vacancy is not None and event not in VACANCY_FILTERED:
        problems.append(Violation("vacancy", Constraint.INVALID, f"does not apply to {event}"))
    if column_id is not None and event != "drag_applicant":
        problems.append(Violation("column", Constraint.INVALID, "applies to drag_applicant only"))
    if secret is not None and not 16 <= len(secret) <= MAX_SECRET:
        problems.append(Violation("secret", Constraint.LENGTH, f"must be 16 to {MAX_SECRET} characters"))
    vacancy_id = None
    if vacancy is not None and not problems:
        found = session.scalars(scoped(Vacancy, ctx).where(Vacancy.public_id == vacancy)).one_or_none()
        if found is None:
            problems.append(Violation("vacancy", Constraint.REFERENCE, "is not a vacancy of this company"))
        else:
            vacancy_id = found.id
    if column_id is not None and not problems:
        column = session.scalars(
            scoped(PipelineColumn, ctx).where(PipelineColumn.id == column_id)
        ).one_or_none()
        if column is None:
            problems.append(Violation("column", Constraint.REFERENCE, "is not a column of this company"))
    if problems:
        raise Invalid(problems)
    webhook = Webhook(
        company_id=ctx.company_id,
        url=url,
        event=event,
        vacancy_id=vacancy_id,
        column_id=column_id,
        secret=secret or secrets.token_hex(32),
    )
    session.add(webhook)
    session.flush()
    record(session, ctx, "webhook.create", "webhook", webhook.public_id, event=event)
    return webhook


def list_webhooks(session: Session, ctx: Context) -> list[Webhook]:
    return list(session.scalars(scoped(Webhook, ctx).order_by(Webhook.id)))


def get_webhook(session: Session, ctx: Context, public_id: str) -> Webhook:
    return get_by_public_id(session, Webhook, ctx, public_id, what="Webhook")


def remove_webhook(session: Session, ctx: Context, public_id: str) -> None:
    ctx.require_admin()
    webhook = get_webhook(session, ctx, public_id)
    session.delete(webhook)
    record(session, ctx, "webhook.delete", "webhook", public_id)


@dataclass(frozen=True)
class DeliveryLog:
    delivery: WebhookDelivery
    attempts: list[WebhookAttempt]


def list_deliveries(
    session: Session, ctx: Context, webhook_public_id: str, limit: int = 100
) -> list[DeliveryLog]:
    """The newest deliveries of a webhook with every attempt, in two queries."""
    webhook = get_webhook(session, ctx, webhook_public_id)
    deliveries = list(
        session.scalars(
            scoped(WebhookDelivery, ctx)
            .where(WebhookDelivery.webhook_id == webhook.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    )
    attempts: dict[int, list[WebhookAttempt]] = {d.id: [] for d in deliveries}
    if deliveries:
        for attempt in session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(attempts))
            .order_by(WebhookAttempt.attempt)
        ):
            attempts[attempt.delivery_id].append(attempt)
    return [DeliveryLog(d, attempts[d.id]) for d in deliveries]


def redeliver(
    session: Session, ctx: Context, delivery_uuid: str, *, webhook: str | None = None
) -> WebhookDelivery:
    """Queue a delivery again (same UUID and body), e.g. after a receiver outage outlasted the retries.

    With ``webhook`` (an encoded id, as in a web page's path) unknown ids are NotFound, not Invalid.
    """
    ctx.require_admin()
    stmt = scoped(WebhookDelivery, ctx).where(WebhookDelivery.uuid == delivery_uuid)
    if webhook is not None:
        hook = get_webhook(session, ctx, webhook)
        stmt = stmt.where(WebhookDelivery.webhook_id == hook.id)
    delivery = session.scalars(stmt).one_or_none()
    if delivery is None and webhook is not None:
        raise NotFound("Delivery not found")
    if delivery is None:
        raise Invalid.one("delivery", Constraint.REFERENCE, "unknown delivery")
    delivery.status = "pending"
    delivery.attempts = 0
    delivery.next_attempt_at = now()
    record(session, ctx, "webhook.redeliver", "webhook_delivery", delivery.uuid)
    return delivery


# -- dispatch ----------------------------------------------------------------------------------------


def dispatch_outbox(session: Session, render: Renderer, batch: int = 100) -> int:
    """Turn pending outbox events into deliveries; returns how many events were handled."""
    events = list(
        session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.dispatched_at.is_(None))
            .order_by(OutboxEvent.id)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    )
    for event in events:
        event.dispatched_at = now()
        hooks = list(
            session.scalars(
                select(Webhook).where(
                    Webhook.company_id == event.company_id,
                    Webhook.event == event.event,
                    Webhook.active.is_(True),
                )
            )
        )
        if not hooks:
            continue
        rendered = render(session, event)
        if rendered is None:
            continue
        payload = json.dumps(rendered.body, ensure_ascii=False, separators=(",", ":"))
        for hook in hooks:
            if hook.vacancy_id is not None and hook.vacancy_id != rendered.vacancy_id:
                continue
            if hook.column_id is not None and hook.column_id != rendered.column_id:
                continue
            session.add(
                WebhookDelivery(
                    uuid=str(uuid.uuid4()),
                    company_id=event.company_id,
                    webhook_id=hook.id,
                    event=event.event,
                    payload=payload,
                    status="pending",
                    attempts=0,
                    next_attempt_at=event.created_at,
                    created_at=now(),
                )
            )
    return len(events)


# -- delivery ----------------------------------------------------------------------------------------


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """Lowercase hex HMAC-SHA256 of ``"<timestamp>.<raw body>"``."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Claimed:
    delivery_id: int
    uuid: str
    event: str
    payload: bytes
    url: str
    secret: str


def deliver_due(db: Database, client: httpx.Client, batch: int = 20) -> int:
    """POST every due delivery once; returns how many attempts were made.

    Rows are claimed (leased) in a short transaction and results recorded in another, so no
    transaction stays open during the HTTP calls.
    """
    with db.unit_of_work() as session:
        current = now()
        due = list(
            session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= current)
                .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                .limit(batch)
                .with_for_update(skip_locked=True)
            )
        )
        hooks = {
            h.id: h
            for h in session.scalars(select(Webhook).where(Webhook.id.in_({d.webhook_id for d in due})))
        }
        claimed = []
        for delivery in due:
            delivery.next_attempt_at = current + LEASE
            hook = hooks[delivery.webhook_id]
            claimed.append(
                _Claimed(
                    delivery.id,
                    delivery.uuid,
                    delivery.event,
                    delivery.payload.encode(),
                    hook.url,
                    hook.secret,
                )
            )
    for item in claimed:
        _attempt(db, client, item)
    return len(claimed)


def _attempt(db: Database, client: httpx.Client, item: _Claimed) -> None:
    timestamp = int(now().timestamp())
    headers = {
        "Content-Type": "application/json",
        "X-Vivier-Event": item.event,
        "X-Vivier-Delivery": item.uuid,
        "X-Vivier-Timestamp": str(timestamp),
        "X-Vivier-Signature": signature(item.secret, timestamp, item.payload),
    }
    started = time.perf_counter()
    status: int | None = None
    error: str | None = None
    excerpt: str | None = None
    try:
        response = client.post(item.url, content=item.payload, headers=headers)
        status = response.status_code
        excerpt = response.content[:EXCERPT_BYTES].decode("utf-8", "replace")
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    elapsed_ms = int((time.perf_counter() - started) * 1000)
    with db.unit_of_work() as session:
        delivery = session.get_one(WebhookDelivery, item.delivery_id)
        delivery.attempts += 1
        session.add(
            WebhookAttempt(
                delivery_id=delivery.id,
                attempt=delivery.attempts,
                attempted_at=now(),
                response_status=status,
                duration_ms=elapsed_ms,
                error=error,
                response_excerpt=excerpt,
            )
        )
        if error is None:
            delivery.status, delivery.next_attempt_at = "delivered", None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            delivery.next_attempt_at = now() + RETRY_DELAYS[delivery.attempts - 1]


def http_client() -> httpx.Client:
    """Outbound client: 10 s budget, redirects are not followed."""
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False)


def prune_log(session: Session) -> int:
    """Drop finished deliveries (and their attempts) older than 30 days."""
    cutoff = now() - LOG_RETENTION
    result = session.execute(
        delete(WebhookDelivery).where(
            WebhookDelivery.status != "pending", WebhookDelivery.created_at < cutoff
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

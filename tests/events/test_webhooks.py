from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select

from tests.conftest import context_of, new_company
from vivier.companies.context import Context
from vivier.core import clock
from vivier.core.errors import Forbidden, Invalid, NotFound
from vivier.db.session import Database
from vivier.events.audit import emit
from vivier.events.models import OutboxEvent, WebhookDelivery
from vivier.events.webhooks import (
    MAX_ATTEMPTS,
    RenderedEvent,
    add_webhook,
    list_deliveries,
    list_webhooks,
    redeliver,
    remove_webhook,
)
from vivier.events.worker import run_once
from vivier.pipeline.service import list_columns


class Receiver:
    """A local HTTP endpoint that records requests and answers with scripted statuses."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"nope")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    yield
    clock.set_clock(None)


@pytest.fixture
def tenant(db: Database) -> Context:
    with db.unit_of_work() as session:
        return context_of(new_company(session, "Hooks"))


def render(_: Any, event: OutboxEvent) -> RenderedEvent:
    data = {"subject": event.subject}
    return RenderedEvent(
        {"data": data, "event": event.event, "company_id": event.company_id},
        vacancy_id=event.subject.get("vacancy_id"),
        column_id=event.subject.get("column_id"),
    )


def fire(db: Database, ctx: Context, event: str, **subject: Any) -> None:
    with db.unit_of_work() as session:
        emit(session, ctx, event, **subject)


def advance(seconds: float) -> None:
    moved = clock.now() + timedelta(seconds=seconds)
    clock.set_clock(lambda: moved)


def deliveries(db: Database, ctx: Context) -> list[WebhookDelivery]:
    with db.unit_of_work() as session:
        return list(
            session.scalars(select(WebhookDelivery).where(WebhookDelivery.company_id == ctx.company_id))
        )


def test_signed_delivery(db: Database, tenant: Context, receiver: Receiver) -> None:
    with db.unit_of_work() as session:
        hook = add_webhook(session, tenant, url=receiver.url, event="new_vacancy", secret="s" * 32)
    fire(db, tenant, "new_vacancy", vacancy_id=7)
    fire(db, tenant, "new_message", message_id=1)  # no webhook for it: nothing sent
    run_once(db, render)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert json.loads(body) == {"data": {"subject": {"vacancy_id": 7}}, "event": "new_vacancy",
                                "company_id": tenant.company_id}  # fmt: skip
    expected = hmac.new(
        b"s" * 32, f"{headers['x-vivier-timestamp']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(headers["x-vivier-signature"], expected)
    assert headers["x-vivier-event"] == "new_vacancy" and headers["content-type"] == "application/json"
    with db.unit_of_work() as session:
        log = list_deliveries(session, tenant, hook.public_id)
    assert [(entry.delivery.status, [a.response_status for a in entry.attempts]) for entry in log] == [
        ("delivered", [200])
    ]
    assert log[0].delivery.uuid == headers["x-vivier-delivery"]


def test_failing_receiver_is_retried_with_backoff_and_nothing_is_lost(
    db: Database, tenant: Context, receiver: Receiver
) -> None:
    with db.unit_of_work() as session:
        add_webhook(session, tenant, url=receiver.url, event="new_applicant")
    receiver.statuses = [500, 503]
    fire(db, tenant, "new_applicant", application_id=1)
    run_once(db, render)
    run_once(db, render)  # not due yet: no second attempt
    assert len(receiver.requests) == 1
    advance(31)
    run_once(db, render)
    assert len(receiver.requests) == 2
    advance(60)
    run_once(db, render)  # the 2-minute delay has not passed
    assert len(receiver.requests) == 2
    advance(61)
    run_once(db, render)
    assert len(receiver.requests) == 3
    assert len({h["x-vivier-delivery"] for h, _ in receiver.requests}) == 1
    assert len({h["x-vivier-signature"] for h, _ in receiver.requests}) >= 2  # re-signed per attempt
    [delivery] = deliveries(db, tenant)
    assert (delivery.status, delivery.attempts) == ("delivered", 3)


def test_receiver_down_then_back(db: Database, tenant: Context) -> None:
    down = Receiver()
    url = down.url
    down.close()  # connection refused from now on
    with db.unit_of_work() as session:
        add_webhook(session, tenant, url=url, event="new_message")
    fire(db, tenant, "new_message", message_id=5)
    run_once(db, render)
    [delivery] = deliveries(db, tenant)
    assert delivery.status == "pending" and delivery.attempts == 1
    with db.unit_of_work() as session:
        entry = list_deliveries(session, tenant, list_webhooks(session, tenant)[0].public_id)[0]
    assert entry.attempts[0].response_status is None and entry.attempts[0].error


def test_gives_up_after_six_attempts_and_can_be_redelivered(
    db: Database, tenant: Context, receiver: Receiver
) -> None:
    with db.unit_of_work() as session:
        add_webhook(session, tenant, url=receiver.url, event="new_vacancy")
    receiver.statuses = [500] * MAX_ATTEMPTS
    fire(db, tenant, "new_vacancy", vacancy_id=1)
    for _ in range(MAX_ATTEMPTS):
        run_once(db, render)
        advance(3 * 60 * 60)
    assert len(receiver.requests) == MAX_ATTEMPTS == 6
    [delivery] = deliveries(db, tenant)
    assert delivery.status == "failed"
    with db.unit_of_work() as session:
        redeliver(session, tenant, delivery.uuid)
    run_once(db, render)
    [delivery] = deliveries(db, tenant)
    assert delivery.status == "delivered" and len(receiver.requests) == 7


def test_vacancy_and_column_filters(db: Database, tenant: Context, receiver: Receiver) -> None:
    with db.unit_of_work() as session:
        column = list_columns(session, tenant)[1]
        add_webhook(session, tenant, url=receiver.url, event="drag_applicant", column_id=column.id)
    fire(db, tenant, "drag_applicant", column_id=column.id + 1000)
    fire(db, tenant, "drag_applicant", column_id=column.id)
    run_once(db, render)
    assert [json.loads(b)["data"]["subject"]["column_id"] for _, b in receiver.requests] == [column.id]


def test_configuration_rules(db: Database, tenant: Context) -> None:
    with db.unit_of_work() as session:
        other = context_of(new_company(session, "OtherHooks"))
    with db.unit_of_work() as session:
        with pytest.raises(Invalid) as bad:
            add_webhook(session, tenant, url="ftp://x", event="nope", column_id=1)
        assert {v.field for v in bad.value.violations} == {"url", "event", "column"}
        with pytest.raises(Invalid):
            add_webhook(
                session,
                tenant,
                url="https://example.org/h",
                event="new_applicant",
                vacancy="Unknown000000000",
            )
        hook = add_webhook(session, tenant, url="https://example.org/h", event="new_vacancy")
        assert len(hook.secret) == 64
        with pytest.raises(NotFound):
            remove_webhook(session, other, hook.public_id)
        assert hook.public_id not in {h.public_id for h in list_webhooks(session, other)}
        recruiter = Context(tenant.company_id, tenant.company_public_id, tenant.member_id, tenant.user_id, 3)
        with pytest.raises(Forbidden):
            add_webhook(session, recruiter, url="https://example.org/h", event="new_vacancy")
        remove_webhook(session, tenant, hook.public_id)
        assert list_webhooks(session, tenant) == []

"""Settings › webhooks: add (secret shown once), remove, deliveries with their status, redeliver."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form
from vivier.db.session import Database
from vivier.events.audit import emit
from vivier.events.models import OutboxEvent
from vivier.events.webhooks import (
    RenderedEvent,
    add_webhook,
    deliver_due,
    dispatch_outbox,
    list_deliveries,
    list_webhooks,
    remove_webhook,
)

HOOK = (
    "http://127.0.0.1:9/vivier"  # the discard port: if anything ever really sends, it fails fast and locally
)


@pytest.fixture(autouse=True)
def _no_pending_deliveries_left(db: Database, tenant: Tenant) -> Iterator[None]:
    """The database outlives the test: remove its webhooks (deliveries go with them) so no other test's
    worker pass ever sends this test's retries."""
    yield
    with db.unit_of_work() as session:
        for hook in list_webhooks(session, tenant.ctx):
            remove_webhook(session, tenant.ctx, hook.public_id)


def render(_: Any, event: OutboxEvent) -> RenderedEvent:
    return RenderedEvent({"event": event.event, "data": event.subject})


def add(web: TestClient, **data: str) -> str:
    """Add a webhook through the page; returns its public id."""
    response = post_form(web, "/settings/webhooks", data)
    assert response.status_code == 201, response.text
    found = re.search(r'id="webhook" data-webhook="(\w+)"', response.text)
    assert found is not None
    return found.group(1)


def hooks(db: Database, tenant: Tenant) -> dict[str, Any]:
    with db.unit_of_work() as session:
        return {
            h.public_id: (h.url, h.event, h.column_id, h.secret) for h in list_webhooks(session, tenant.ctx)
        }


def deliver(db: Database, tenant: Tenant, status: int) -> None:
    """One new_vacancy event for the tenant, dispatched and delivered to a receiver answering ``status``."""
    with db.unit_of_work() as session:
        emit(session, tenant.ctx, "new_vacancy", vacancy_id=1)
    # Drain everything (other tests leave events behind too): batches must not hide this one.
    while True:
        with db.unit_of_work() as session:
            if not dispatch_outbox(session, render):
                break
    with httpx.Client(
        transport=httpx.MockTransport(lambda _: httpx.Response(status, text="answer"))
    ) as client:
        while deliver_due(db, client):
            pass


def test_add_a_webhook_shows_its_secret_once(web: TestClient, tenant: Tenant, db: Database) -> None:
    response = post_form(web, "/settings/webhooks", {"url": HOOK, "event": "new_vacancy"})
    assert response.status_code == 201
    found = re.search(r'id="webhook" data-webhook="(\w+)"', response.text)
    assert found is not None
    webhook_id = found.group(1)
    url, event, _, secret = hooks(db, tenant)[webhook_id]
    assert (url, event) == (HOOK, "new_vacancy") and len(secret) == 64
    assert f'id="webhook-secret" class="secret">{secret}<' in response.text
    detail = web.get(f"/settings/webhooks/{webhook_id}")
    assert detail.status_code == 200 and secret not in detail.text and "No deliveries yet." in detail.text
    listing = web.get("/settings/webhooks")
    assert (
        f'data-webhook="{webhook_id}"' in listing.text and HOOK in listing.text and secret not in listing.text
    )


def test_filters_and_own_secret(web: TestClient, tenant: Tenant, db: Database) -> None:
    column = web.get(f"/flatchr/company/{tenant.id}/columns", headers=tenant.auth).json()[1]
    secret = "s" * 20
    webhook_id = add(web, url=HOOK, event="drag_applicant", column=str(column["id"]), secret=secret)
    assert hooks(db, tenant)[webhook_id] == (HOOK, "drag_applicant", column["id"], secret)
    assert f"column {column['title']}" in web.get("/settings/webhooks").text


def test_invalid_webhooks_are_refused_with_the_form_kept(
    web: TestClient, tenant: Tenant, db: Database
) -> None:
    cases = [
        ({"url": "ftp://example.org", "event": "new_vacancy"}, "url"),
        ({"url": "https://example.org/" + "x" * 1000, "event": "new_vacancy"}, "url"),
        ({"url": HOOK, "event": "coffee_ready"}, "event"),
        ({"url": HOOK, "event": "new_vacancy", "column": "1"}, "column"),
        ({"url": HOOK, "event": "drag_applicant", "column": "999999"}, "column"),
        ({"url": HOOK, "event": "drag_applicant", "column": str(2**62)}, "column"),
        ({"url": HOOK, "event": "drag_applicant", "column": "first"}, "column"),
        ({"url": HOOK, "event": "new_applicant", "vacancy": "AAAAAAAAAAAAAAAA"}, "vacancy"),
        ({"url": HOOK, "event": "new_vacancy", "secret": "short"}, "secret"),
    ]
    for data, field in cases:
        response = post_form(web, "/settings/webhooks", data)
        assert response.status_code == 422, data
        assert f'id="add-webhook-{field}-error"' in response.text, data
        assert f'value="{data["url"]}"' in response.text
        assert data.get("secret", "\0") not in response.text  # the secret is never echoed back
    assert hooks(db, tenant) == {}


def test_deliveries_with_their_status_and_redelivery(web: TestClient, tenant: Tenant, db: Database) -> None:
    webhook_id = add(web, url=HOOK, event="new_vacancy")
    deliver(db, tenant, 200)
    deliver(db, tenant, 503)
    page = web.get(f"/settings/webhooks/{webhook_id}")
    with db.unit_of_work() as session:
        logs = list_deliveries(session, tenant.ctx, webhook_id)
    failed, delivered = (log.delivery.uuid for log in logs)
    assert f'data-delivery="{delivered}" data-status="delivered"' in page.text
    assert f'data-delivery="{failed}" data-status="pending"' in page.text  # retried later
    assert "503 · HTTP 503" in page.text
    assert f'id="redeliver-{delivered}"' in page.text and f'id="redeliver-{failed}"' not in page.text
    response = post_form(web, f"/settings/webhooks/{webhook_id}/deliveries/{delivered}/redeliver")
    assert response.status_code == 303 and response.headers["location"] == f"/settings/webhooks/{webhook_id}"
    assert f'data-delivery="{delivered}" data-status="pending"' in web.get(response.headers["location"]).text


def test_remove_a_webhook(web: TestClient, tenant: Tenant, db: Database) -> None:
    webhook_id = add(web, url=HOOK, event="new_applicant")
    response = post_form(web, f"/settings/webhooks/{webhook_id}/delete")
    assert response.status_code == 303 and response.headers["location"] == "/settings/webhooks"
    assert hooks(db, tenant) == {}
    assert web.get(f"/settings/webhooks/{webhook_id}").status_code == 404


def test_another_companys_webhooks_and_deliveries_are_not_found(
    web: TestClient, tenant: Tenant, other_tenant: Tenant, db: Database
) -> None:
    mine = add(web, url=HOOK, event="new_vacancy")
    with db.unit_of_work() as session:
        foreign = add_webhook(session, other_tenant.ctx, url=HOOK, event="new_vacancy").public_id
    deliver(db, other_tenant, 200)
    with db.unit_of_work() as session:
        (log,) = list_deliveries(session, other_tenant.ctx, foreign)
    assert web.get(f"/settings/webhooks/{foreign}").status_code == 404
    assert post_form(web, f"/settings/webhooks/{foreign}/delete").status_code == 404
    redeliver = f"/settings/webhooks/{{}}/deliveries/{log.delivery.uuid}/redeliver"
    assert post_form(web, redeliver.format(foreign)).status_code == 404
    assert post_form(web, redeliver.format(mine)).status_code == 404
    assert list(hooks(db, other_tenant)) == [foreign]
    with db.unit_of_work() as session:
        assert list_deliveries(session, other_tenant.ctx, foreign)[0].delivery.status == "delivered"

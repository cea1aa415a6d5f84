"""Flatchr webhook bodies (§8) for events emitted by the real services, dispatched and delivered."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from tests.events.test_webhooks import Receiver
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import (
    ENCODED,
    ISO_MS,
    PDF,
    Colleague,
    Seeded,
    add_colleague,
    new_vacancy,
    retire_pending_mail,
    seed_applicant,
    vacancy_input,
)
from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.applications.service import apply, move_application
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.db.session import Database
from vivier.events.audit import emit
from vivier.events.models import OutboxEvent, Webhook, WebhookDelivery
from vivier.events.webhooks import Renderer, add_webhook, dispatch_outbox
from vivier.events.worker import run_once
from vivier.faces.flatchr.webhooks import render
from vivier.files.store import LocalFileStore
from vivier.messages.service import send_message
from vivier.pipeline.service import list_columns
from vivier.vacancies.service import add_question, create_vacancy

ENVELOPE = {"data", "event", "company_id"}
USER_KEYS = {
    "id", "user_id", "firstname", "lastname", "email", "phone", "use_email", "status", "language", "timezone",
    "created_at", "updated_at", "token_vyte", "gmail_last_sync_id", "gmail_last_sync_date", "company",
    "signature", "last_login", "picture",
}  # fmt: skip
DEAD_URL = "http://127.0.0.1:9/never-called"
COLUMN_KEYS = {"id", "title", "company_id", "position", "visible", "hired", "created_at", "updated_at"}


@pytest.fixture(autouse=True)
def _retire_mail(db: Database, tenant: Tenant) -> Iterator[None]:
    yield
    retire_pending_mail(db, tenant)


@pytest.fixture
def renderer(settings: Settings) -> Renderer:
    return partial(render, settings=settings)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture(autouse=True)
def _no_leftover_deliveries(db: Database) -> Iterator[None]:
    """Deliveries to the dead URL are only inspected: retire them so later workers never try them."""
    yield
    with db.unit_of_work() as session:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.webhook_id.in_(select(Webhook.id).where(Webhook.url == DEAD_URL)))
            .values(status="failed", next_attempt_at=None)
        )


def hook(db: Database, tenant: Tenant, event: str, url: str = DEAD_URL, **filters: Any) -> None:
    with db.unit_of_work() as session:
        add_webhook(session, tenant.ctx, url=url, event=event, secret="k" * 32, **filters)


def dispatch(db: Database, renderer: Renderer) -> None:
    with db.unit_of_work() as session:
        while dispatch_outbox(session, renderer):
            pass


def payloads(db: Database, tenant: Tenant, event: str) -> list[dict[str, Any]]:
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(WebhookDelivery.payload)
            .where(WebhookDelivery.company_id == tenant.ctx.company_id, WebhookDelivery.event == event)
            .order_by(WebhookDelivery.id)
        )
        return [json.loads(row) for row in rows]


def only(db: Database, tenant: Tenant, event: str) -> dict[str, Any]:
    [body] = payloads(db, tenant, event)
    assert set(body) == ENVELOPE
    assert body["event"] == event
    assert body["company_id"] == tenant.ctx.company_id and isinstance(body["company_id"], int)
    data: dict[str, Any] = body["data"]
    return data


def assert_webhook_vacancy(vacancy: dict[str, Any], tenant: Tenant, seeded_id: int | None = None) -> None:
    assert isinstance(vacancy["id"], int) and vacancy["vacancy_id"] == vacancy["id"]
    if seeded_id is not None:
        assert vacancy["id"] == seeded_id
    assert vacancy["company_id"] == tenant.id
    assert vacancy["created_by"] == tenant.created.user.public_id == vacancy["updated_by"]
    assert {"questions", "address", "tags"} <= set(vacancy)
    assert ISO_MS.match(vacancy["created_at"])


def assert_candidate(candidate: dict[str, Any], seeded: Seeded) -> None:
    assert candidate["id"] == seeded.candidate_id and isinstance(candidate["id"], int)
    assert candidate["email"] == seeded.email and ISO_MS.match(candidate["created_at"])


def test_new_applicant(db: Database, settings: Settings, tenant: Tenant, renderer: Renderer) -> None:
    hook(db, tenant, "new_applicant")
    seeded = seed_applicant(db, settings, tenant, firstname="Juliette")
    dispatch(db, renderer)
    data = only(db, tenant, "new_applicant")
    assert set(data) == {
        "applicant", "candidate", "vacancy", "column", "cv", "user", "message", "applicant_id", "candidate_id",
        "column_id", "vacancy_id", "company",
    }  # fmt: skip
    applicant = data["applicant"]
    assert applicant["id"] == seeded.applicant and ENCODED.match(applicant["id"])
    assert ISO_MS.match(applicant["created_at"]) and ISO_MS.match(applicant["updated_at"])
    assert applicant["vacancy_id"] == seeded.vacancy_public_id
    assert_candidate(data["candidate"], seeded)
    assert_webhook_vacancy(data["vacancy"], tenant, seeded.vacancy_id)
    with db.unit_of_work() as session:
        first = list_columns(session, tenant.ctx)[0]
    assert data["column"] == first.id == data["column_id"] == applicant["column_id"]
    assert data["cv"] is None  # a linked CV has no stored file
    assert data["user"] == {}
    assert (
        data["message"] == "Un nouveau candidat a postulé sur votre offre <b>Account Executive SaaS H/F</b>"
    )
    assert data["applicant_id"] == seeded.application_id and isinstance(data["applicant_id"], int)
    assert data["candidate_id"] == seeded.candidate_id
    assert data["vacancy_id"] == seeded.vacancy_public_id
    assert data["company"] == {"id": tenant.id, "name": "Api"}


def test_new_applicant_with_stored_cv(
    db: Database, settings: Settings, tenant: Tenant, renderer: Renderer
) -> None:
    vacancy = new_vacancy(db, tenant)
    hook(db, tenant, "new_applicant")
    with db.unit_of_work() as session:
        result = apply(
            session,
            tenant.ctx,
            LocalFileStore(settings.files_dir),
            settings.max_upload_bytes,
            ApplicationInput(
                vacancy=vacancy.slug,
                firstname="John",
                lastname="Doe",
                type="document",
                resume=DocumentResume(base64.b64encode(PDF).decode(), "CV_John_Doe", "application/pdf"),
                email="john.doe@example.org",
            ),
        )
        assert result.candidate is not None
        candidate_id = result.candidate.id
    dispatch(db, renderer)
    cv = only(db, tenant, "new_applicant")["cv"]
    assert set(cv) == {
        "id", "fileable_id", "fileable_type", "url", "key", "type", "extension", "created_at", "updated_at",
    }  # fmt: skip
    assert isinstance(cv["id"], int) and cv["fileable_id"] == candidate_id
    assert cv["fileable_type"] == "candidates" and cv["type"] == "CV" and cv["extension"] == "pdf"
    assert cv["key"].startswith("candidates/") and cv["key"].endswith("/john-doe")
    assert cv["url"].startswith(f"{settings.public_url}/flatchr/company/{tenant.id}/files/expire?key=")
    assert ISO_MS.match(cv["created_at"]) and ISO_MS.match(cv["updated_at"])


def test_drag_applicant_and_filters(
    db: Database, settings: Settings, tenant: Tenant, renderer: Renderer
) -> None:
    seeded = seed_applicant(db, settings, tenant)
    colleague = add_colleague(db, settings, tenant, name="Jules")
    other_vacancy = new_vacancy(db, tenant, "Autre offre")
    with db.unit_of_work() as session:
        columns = list_columns(session, tenant.ctx)
    destination = columns[2]
    hook(db, tenant, "drag_applicant", column_id=destination.id)
    hook(db, tenant, "drag_applicant", column_id=columns[3].id)  # another destination: no delivery
    hook(db, tenant, "drag_applicant", vacancy=other_vacancy.public_id)  # another vacancy: no delivery
    hook(db, tenant, "drag_applicant", vacancy=seeded.vacancy_public_id)
    mover = colleague_context(tenant, colleague)
    with db.unit_of_work() as session:
        move_application(session, mover, seeded.vacancy_public_id, seeded.applicant, destination.id)
    dispatch(db, renderer)
    bodies = payloads(db, tenant, "drag_applicant")
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    data = bodies[0]["data"]
    assert set(data) == {
        "user", "applicant", "candidate", "column", "vacancy", "user_id", "applicant_id", "candidate_id",
        "column_id", "vacancy_id", "company",
    }  # fmt: skip
    assert set(data["user"]) == USER_KEYS
    assert data["user"]["id"] == colleague.user.public_id == data["user_id"]
    assert data["user"]["user_id"] == colleague.user.id and data["user"]["company"] == "Api"
    applicant = data["applicant"]
    assert applicant["id"] == seeded.application_id and isinstance(applicant["id"], int)
    assert (
        applicant["column"]["id"] == destination.id and applicant["vacancy"]["id"] == seeded.vacancy_public_id
    )
    assert len(applicant["applies"]) == 1
    assert_candidate(data["candidate"], seeded)
    assert set(data["column"]) == COLUMN_KEYS
    assert data["column"]["id"] == destination.id == data["column_id"]
    assert data["column"]["title"] == "Entretien RH" and data["column"]["company_id"] == tenant.id
    assert_webhook_vacancy(data["vacancy"], tenant, seeded.vacancy_id)
    assert data["applicant_id"] == seeded.application_id
    assert data["candidate_id"] == seeded.candidate_id
    assert data["vacancy_id"] == seeded.vacancy_public_id
    assert data["company"] == {"id": tenant.id, "name": "Api"}


def colleague_context(tenant: Tenant, colleague: Colleague) -> Context:
    return Context(
        tenant.ctx.company_id, tenant.id, colleague.member.id, colleague.user.id, colleague.member.role_id
    )


def test_new_message(db: Database, settings: Settings, tenant: Tenant, renderer: Renderer) -> None:
    seeded = seed_applicant(db, settings, tenant)
    hook(db, tenant, "new_message", vacancy=seeded.vacancy_public_id)
    with db.unit_of_work() as session:
        send_message(session, tenant.ctx, seeded.applicant, "<p>Hello World</p>", subject="Hey")
    dispatch(db, renderer)
    data = only(db, tenant, "new_message")
    assert set(data) == {
        "company_id", "user", "applicant", "candidate", "vacancy", "text", "user_id", "applicant_id",
        "candidate_id", "vacancy_id", "company",
    }  # fmt: skip
    assert data["company_id"] == tenant.id
    assert set(data["user"]) == USER_KEYS and data["user"]["firstname"] == "Eva"
    assert data["user_id"] == tenant.created.user.public_id
    assert data["applicant"]["id"] == seeded.application_id
    assert_candidate(data["candidate"], seeded)
    assert_webhook_vacancy(data["vacancy"], tenant, seeded.vacancy_id)
    assert data["text"] == "<p>Hello World</p>"
    assert data["applicant_id"] == seeded.application_id and data["candidate_id"] == seeded.candidate_id
    assert data["vacancy_id"] == seeded.vacancy_public_id
    assert data["company"] == {"id": tenant.id, "name": "Api"}


def test_new_vacancy(db: Database, tenant: Tenant, renderer: Renderer) -> None:
    hook(db, tenant, "new_vacancy")
    with db.unit_of_work() as session:
        vacancy = create_vacancy(session, tenant.ctx, vacancy_input("Web Developer"))
        add_question(session, tenant.ctx, vacancy.public_id, "Disponibilité ?")
    dispatch(db, renderer)
    data = only(db, tenant, "new_vacancy")
    assert set(data) == {"user", "vacancy", "message", "user_id", "vacancy_id", "company"}
    assert set(data["user"]) == USER_KEYS and data["user"]["id"] == tenant.created.user.public_id
    assert data["user_id"] == tenant.created.user.public_id
    assert data["message"] == "<b>Eva Laurent</b> a ajouté une nouvelle offre <b>Web Developer</b>"
    assert_webhook_vacancy(data["vacancy"], tenant, vacancy.id)
    assert data["vacancy"]["title"] == "Web Developer"
    assert [q["text"] for q in data["vacancy"]["questions"]] == ["Disponibilité ?"]
    assert data["vacancy"]["slug"] == vacancy.slug
    assert data["vacancy_id"] == vacancy.public_id
    assert data["company"] == {"id": tenant.id, "name": "Api"}


def test_missing_subject_renders_nothing(
    db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, renderer: Renderer
) -> None:
    theirs = seed_applicant(db, settings, other_tenant)
    for event in ("new_applicant", "drag_applicant", "new_message", "new_vacancy"):
        hook(db, tenant, event)
    with db.unit_of_work() as session:
        emit(session, tenant.ctx, "new_applicant", application_id=theirs.application_id)  # another company's
        emit(session, tenant.ctx, "drag_applicant", application_id=2**31 - 1, to_column_id=1)
        emit(session, tenant.ctx, "new_message", message_id=2**31 - 1, application_id=1)
        emit(session, tenant.ctx, "new_vacancy", vacancy_id=theirs.vacancy_id)
        emit(session, tenant.ctx, "new_vacancy")
    dispatch(db, renderer)
    with db.unit_of_work() as session:
        unknown = OutboxEvent(company_id=tenant.ctx.company_id, event="unknown", subject={})
        assert render(session, unknown, settings) is None
        stored = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.company_id == tenant.ctx.company_id)
        ).all()
    assert stored == []


def test_end_to_end_delivery(
    client: TestClient,
    db: Database,
    settings: Settings,
    tenant: Tenant,
    receiver: Receiver,
    renderer: Renderer,
) -> None:
    seeded: Seeded = seed_applicant(db, settings, tenant)
    hook(db, tenant, "new_message", url=receiver.url)
    response = client.post(
        f"/flatchr/company/{tenant.id}/applicant/{seeded.applicant}/message",
        headers=tenant.auth,
        json={"subject": "Hey", "html": "<p>Hello World</p>"},
    )
    assert response.status_code == 200, response.text
    # Other tests' due deliveries may share the worker's batch: run until ours went out.
    for _ in range(20):
        _, attempts = run_once(db, renderer)
        if receiver.requests or not attempts:
            break
    [(headers, raw)] = receiver.requests
    body = json.loads(raw)
    assert set(body) == ENVELOPE and body["event"] == "new_message"
    assert body["company_id"] == tenant.ctx.company_id
    assert (
        body["data"]["text"] == "<p>Hello World</p>" and body["data"]["applicant_id"] == seeded.application_id
    )
    assert headers["x-vivier-event"] == "new_message" and headers["content-type"] == "application/json"
    expected = hmac.new(b"k" * 32, f"{headers['x-vivier-timestamp']}.".encode() + raw, hashlib.sha256)
    assert hmac.compare_digest(headers["x-vivier-signature"], expected.hexdigest())

"""Flatchr 7.16 Retrieve Messages and 7.32 Send Message (§9 examples 18-19), mail after commit."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import (
    ENCODED,
    ISO_MS,
    PDF,
    Seeded,
    add_colleague,
    jwt_for,
    retire_pending_mail,
    seed_applicant,
)
from tests.messages.smtp_sink import smtp_sink
from vivier.app import create_app
from vivier.config import Settings
from vivier.core import clock
from vivier.db.session import Database
from vivier.messages.service import send_message

BASE_KEYS = {"id", "created_by", "created_at", "deliver_at", "auto", "delivered"}
ALL_FIELDS = "?fields=author,replied,mail,attachments,candidate"


@pytest.fixture(autouse=True)
def _retire_mail(db: Database, tenant: Tenant) -> Iterator[None]:
    yield
    retire_pending_mail(db, tenant)


@pytest.fixture
def seeded(db: Database, settings: Settings, tenant: Tenant) -> Seeded:
    return seed_applicant(db, settings, tenant, firstname="Juliette", lastname="Larfoillou")


@pytest.fixture
def frozen() -> Iterator[None]:
    moment = datetime(2022, 2, 16, 10, 34, 56, 789000, tzinfo=UTC)
    clock.set_clock(lambda: moment)
    yield
    clock.set_clock(None)


def url(tenant: Tenant, seeded: Seeded, tail: str) -> str:
    return f"/flatchr/company/{tenant.id}/applicant/{seeded.applicant}/{tail}"


def listed(client: TestClient, tenant: Tenant, seeded: Seeded, query: str = "") -> list[dict[str, Any]]:
    response = client.get(url(tenant, seeded, "messages") + query, headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def test_list_every_block_example_18(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded, frozen: None
) -> None:
    with db.unit_of_work() as session:
        sent = send_message(
            session,
            tenant.ctx,
            seeded.applicant,
            "<p>Bonjour,</p><p>Êtes-vous disponible ?</p>",
            subject="Proposition entretien téléphonique",
        )
    [body] = listed(client, tenant, seeded, ALL_FIELDS)
    assert set(body) == BASE_KEYS | {"mail", "author", "candidate", "attachments", "replied"}
    assert body["id"] == sent.message.public_id and ENCODED.match(sent.message.public_id)
    assert body["auto"] is False and body["delivered"] is False and body["replied"] is False
    assert body["deliver_at"] == "2022-02-16T10:34:56.000Z"
    assert body["created_at"] == "2022-02-16T10:34:56.789Z"
    assert body["created_by"] == tenant.created.user.id
    assert body["mail"] == {
        "subject": "Proposition entretien téléphonique",
        "text": "Bonjour, Êtes-vous disponible ?",
        "html": "<p>Bonjour,</p><p>Êtes-vous disponible ?</p>",
        "status": None,
    }
    assert body["author"] == {"firstname": "Eva", "lastname": "Laurent"}
    assert body["candidate"] == {"firstname": "Juliette", "lastname": "Larfoillou", "email": seeded.email}
    assert body["attachments"] == []


def test_list_without_fields_and_order(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    with db.unit_of_work() as session:
        ids = [
            send_message(session, tenant.ctx, seeded.applicant, f"<p>{i}</p>").message.public_id
            for i in range(3)
        ]
    body = listed(client, tenant, seeded)
    assert [m["id"] for m in body] == ids
    assert all(set(m) == BASE_KEYS for m in body)
    assert set(listed(client, tenant, seeded, "?fields=mail")[0]) == BASE_KEYS | {"mail"}
    assert [m["id"] for m in listed(client, tenant, seeded, "?limit=2&offset=1")] == ids[1:]


def test_send_with_jwt_example_19(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    colleague = add_colleague(db, settings, tenant, name="Jules")
    response = client.post(
        url(tenant, seeded, "message"),
        headers=colleague.auth,
        json={"subject": "Hey", "html": "<p>Hello World</p>"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == BASE_KEYS | {"mail", "author", "candidate", "attachments", "replied"}
    assert body["auto"] is False and body["delivered"] is False
    assert body["mail"] == {
        "subject": "Hey",
        "text": "Hello World",
        "html": "<p>Hello World</p>",
        "status": None,
    }
    assert body["author"] == {"firstname": "Jules", "lastname": "Member"}
    assert body["created_by"] == colleague.user.id
    assert body["deliver_at"].endswith(".000Z") and ISO_MS.match(body["deliver_at"])
    [listed_one] = listed(client, tenant, seeded, ALL_FIELDS)
    assert listed_one == body


def test_send_form_and_multipart(
    client: TestClient, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    form = client.post(
        url(tenant, seeded, "message"), headers=tenant.auth, data={"html": "<p>a</p>", "mail": "0"}
    )
    assert form.status_code == 200, form.text
    assert form.json()["mail"]["subject"] == ""
    multipart = client.post(
        url(tenant, seeded, "message"),
        headers=tenant.auth,
        data={"html": "<p>b</p>", "subject": "CV", "sms": "true"},
        files={"file": ("offre.pdf", PDF, "application/pdf")},
    )
    assert multipart.status_code == 200, multipart.text
    [attachment] = multipart.json()["attachments"]
    assert set(attachment) == {"id", "name", "key", "url", "created_at"}
    assert attachment["name"] == "offre.pdf"
    assert attachment["url"].startswith(
        f"{settings.public_url}/flatchr/company/{tenant.id}/files/expire?key="
    )
    body = listed(client, tenant, seeded, "?fields=attachments")
    assert [len(m["attachments"]) for m in body] == [0, 1]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"html": "  "}, "html"),
        ({"subject": "no html"}, "html"),
        ({"html": "<p>x</p>", "mail": "perhaps"}, "mail"),
        ({"html": "<p>x</p>", "subject": "s" * 501}, "subject"),
        ({"html": "<p>x</p>", "file": 12}, "file"),
        ({"html": "<p>x</p>", "subject": "\x00"}, "subject"),
    ],
)
def test_send_bad_input(
    client: TestClient, tenant: Tenant, seeded: Seeded, payload: dict[str, object], field: str
) -> None:
    response = client.post(url(tenant, seeded, "message"), headers=tenant.auth, json=payload)
    assert response.status_code == 400
    assert response.json()["message"].startswith(f'"{field}"')
    assert listed(client, tenant, seeded) == []


def test_send_to_candidate_without_email_is_400(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant
) -> None:
    seeded = seed_applicant(db, settings, tenant, email=None)
    response = client.post(url(tenant, seeded, "message"), headers=tenant.auth, json={"html": "<p>x</p>"})
    assert response.status_code == 400 and '"email"' in response.json()["message"]
    assert listed(client, tenant, seeded) == []


def test_another_company_gets_404(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, seeded: Seeded
) -> None:
    for method, tail in (("get", "messages"), ("post", "message")):
        path = url(tenant, seeded, tail)
        response = client.request(method, path, headers=other_tenant.auth, json={"html": "<p>x</p>"})
        assert response.status_code == 404
        foreign = path.replace(tenant.id, other_tenant.id)
        response = client.request(method, foreign, headers=other_tenant.auth, json={"html": "<p>x</p>"})
        assert response.status_code == 404 and response.json()["message"] == "Applicant not found"
    their_jwt = jwt_for(settings, other_tenant.created.user.public_id, other_tenant.id)
    assert client.get(url(tenant, seeded, "messages"), headers=their_jwt).status_code == 404
    assert listed(client, tenant, seeded) == []


# -- delivery after commit ---------------------------------------------------------------------------


def test_smtp_delivery_after_response(
    db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    with (
        smtp_sink() as (smtp_url, inbox),
        TestClient(create_app(settings.model_copy(update={"smtp_url": smtp_url}))) as client,
    ):
        response = client.post(
            url(tenant, seeded, "message"),
            headers=tenant.auth,
            data={"subject": "Entretien", "html": "<p>Hello <b>World</b></p>"},
            files={"file": ("offre.pdf", PDF, "application/pdf")},
        )
        assert response.status_code == 200, response.text
        # The response describes the committed, not yet mailed, message.
        assert response.json()["delivered"] is False and response.json()["mail"]["status"] is None
        [body] = listed(client, tenant, seeded, "?fields=mail")
        assert body["delivered"] is True
        assert body["mail"]["status"] == "sent"
        skipped = client.post(
            url(tenant, seeded, "message"), headers=tenant.auth, json={"html": "x", "mail": False}
        )
        assert skipped.status_code == 200
        assert [m["delivered"] for m in listed(client, tenant, seeded)] == [True, False]
    [mail] = inbox.mails
    assert mail.recipients == [seeded.email]
    parsed = email.message_from_bytes(mail.data, policy=default_policy)
    assert isinstance(parsed, EmailMessage)
    assert parsed["Subject"] == "Entretien"
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["offre.pdf"]


def test_smtp_refusal_marks_failed(db: Database, settings: Settings, tenant: Tenant, seeded: Seeded) -> None:
    with (
        smtp_sink() as (smtp_url, inbox),
        TestClient(create_app(settings.model_copy(update={"smtp_url": smtp_url}))) as client,
    ):
        inbox.refuse = True
        response = client.post(url(tenant, seeded, "message"), headers=tenant.auth, json={"html": "<p>x</p>"})
        assert response.status_code == 200
        [body] = listed(client, tenant, seeded, "?fields=mail")
    assert body["delivered"] is False and body["mail"]["status"] == "failed"
    assert inbox.mails == []


def test_without_smtp_delivered_stays_false(client: TestClient, tenant: Tenant, seeded: Seeded) -> None:
    response = client.post(url(tenant, seeded, "message"), headers=tenant.auth, json={"html": "<p>x</p>"})
    assert response.status_code == 200
    [body] = listed(client, tenant, seeded, "?fields=mail")
    assert body["delivered"] is False and body["mail"]["status"] is None

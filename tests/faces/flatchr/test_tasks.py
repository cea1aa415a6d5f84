"""Flatchr 7.17 Retrieve Tasks, 7.18 Create Task, 7.19 Close Task (§9 examples 20-21)."""

from __future__ import annotations

import email
from email.policy import default as default_policy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import ENCODED, Seeded, add_colleague, jwt_for, seed_applicant
from tests.messages.smtp_sink import smtp_sink
from vivier.app import create_app
from vivier.config import Settings
from vivier.db.session import Database

TASK_KEYS = {"id", "description", "date", "type", "done", "value", "users", "memberId"}


@pytest.fixture
def seeded(db: Database, settings: Settings, tenant: Tenant) -> Seeded:
    return seed_applicant(db, settings, tenant)


def tasks_url(tenant: Tenant, tail: str = "task") -> str:
    return f"/flatchr/company/{tenant.id}/{tail}"


def body_for(tenant: Tenant, **changes: Any) -> dict[str, Any]:
    user = tenant.created.user.public_id
    body: dict[str, Any] = {
        "description": "Traiter ses mails",
        "date": "2022-02-12T18:55:00.000Z",
        "email": True,
        "value": [f"member={user}"],
        "users": [user],
        "memberId": user,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def create(client: TestClient, tenant: Tenant, **changes: Any) -> dict[str, Any]:
    response = client.post(tasks_url(tenant), headers=tenant.auth, json=body_for(tenant, **changes))
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def listed(client: TestClient, tenant: Tenant, query: str = "") -> list[dict[str, Any]]:
    response = client.get(tasks_url(tenant, "tasks") + query, headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def test_create_example_20(client: TestClient, tenant: Tenant) -> None:
    user = tenant.created.user.public_id
    body = create(client, tenant)
    assert set(body) == TASK_KEYS
    assert ENCODED.match(body["id"])
    assert body["description"] == "Traiter ses mails"
    assert body["date"] == "2022-02-12T18:55:00.000Z"
    assert body["type"] == "task" and body["done"] is False
    assert body["value"] == [f"member={user}"] and body["users"] == [user] and body["memberId"] == user


def test_create_accepts_member_ids_and_defaults_creator(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    colleague = add_colleague(db, settings, tenant)
    response = client.post(
        tasks_url(tenant),
        headers=colleague.auth,
        json={
            "description": "  Appeler  ",
            "date": "2022-03-01T09:00:00+01:00",
            "value": [f"applicant={seeded.applicant}", f"member={tenant.created.admin.public_id}"],
            "users": [colleague.member.public_id],
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["description"] == "Appeler"
    assert body["date"] == "2022-03-01T08:00:00.000Z"
    assert body["value"] == [f"applicant={seeded.applicant}", f"member={tenant.created.user.public_id}"]
    assert body["users"] == [colleague.user.public_id]
    assert body["memberId"] == colleague.user.public_id


def test_close_reopen_and_list_example_21(client: TestClient, tenant: Tenant, seeded: Seeded) -> None:
    later = create(client, tenant, date="2022-03-01T10:00:00.000Z", value=[f"applicant={seeded.applicant}"])
    first = create(client, tenant)
    closed = client.put(tasks_url(tenant, f"task/{first['id']}"), headers=tenant.auth, json={"done": True})
    assert closed.status_code == 200, closed.text
    assert closed.json() == first | {"done": True}
    body = listed(client, tenant)
    assert [t["id"] for t in body] == [first["id"], later["id"]]
    assert [t["done"] for t in body] == [True, False]
    assert [t["value"][0].split("=")[0] for t in body] == ["member", "applicant"]
    assert all(set(t) == TASK_KEYS for t in body)
    reopened = client.put(
        tasks_url(tenant, f"task/{first['id']}"), headers=tenant.auth, data={"done": "false", "x": "1"}
    )
    assert reopened.status_code == 200 and reopened.json()["done"] is False


def test_list_date_and_delay(client: TestClient, tenant: Tenant) -> None:
    ids = [create(client, tenant, date=f"2022-02-{day:02d}T12:00:00Z")["id"] for day in (10, 12, 20)]
    assert [t["id"] for t in listed(client, tenant, "?date=2022-02-11T00:00:00.000Z")] == ids[1:]
    assert [t["id"] for t in listed(client, tenant, "?date=2022-02-11T00:00:00Z&delay=5")] == ids[1:2]
    assert [t["id"] for t in listed(client, tenant, "?limit=1&offset=1")] == ids[1:2]
    for query, field in (
        ("?date=yesterday", "date"),
        ("?delay=x", "delay"),
        ("?delay=-1", "delay"),
        ("?delay=99999999999", "delay"),
        ("?date=9999-12-31T00:00:00Z&delay=5", "delay"),
        ("?limit=99999999999999999999", "limit"),
    ):
        response = client.get(tasks_url(tenant, "tasks") + query, headers=tenant.auth)
        assert response.status_code == 400 and response.json()["message"].startswith(f'"{field}"')


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": " "}, "description"),
        ({"description": None}, "description"),
        ({"date": None}, "date"),
        ({"date": "12/02/2022"}, "date"),
        ({"date": 12}, "date"),
        ({"value": []}, "value"),
        ({"value": None}, "value"),
        ({"value": ["someone"]}, "value"),
        ({"value": ["member=AAAAAAAAAAAAAAAA"]}, "value"),
        ({"value": ["applicant=AAAAAAAAAAAAAAAA"]}, "value"),
        ({"users": None}, "users"),
        ({"users": ["AAAAAAAAAAAAAAAA"]}, "users"),
        ({"users": [3]}, "users"),
        ({"memberId": "AAAAAAAAAAAAAAAA"}, "memberId"),
        ({"email": "sometimes"}, "email"),
        ({"users": ["\x00"]}, "users"),
    ],
)
def test_create_bad_input(client: TestClient, tenant: Tenant, changes: dict[str, Any], field: str) -> None:
    response = client.post(tasks_url(tenant), headers=tenant.auth, json=body_for(tenant, **changes))
    assert response.status_code == 400, response.text
    assert f'"{field}"' in response.json()["message"]
    assert listed(client, tenant) == []


def test_create_reports_every_bad_field(client: TestClient, tenant: Tenant) -> None:
    response = client.post(tasks_url(tenant), headers=tenant.auth, json={})
    assert response.status_code == 400
    message = response.json()["message"]
    assert all(f'"{f}"' in message for f in ("description", "date", "value", "users"))


def test_close_bad_input(client: TestClient, tenant: Tenant) -> None:
    task = create(client, tenant)
    for payload, field in (({}, "done"), ({"done": "maybe"}, "done"), ({"done": None}, "done")):
        response = client.put(tasks_url(tenant, f"task/{task['id']}"), headers=tenant.auth, json=payload)
        assert response.status_code == 400 and response.json()["message"].startswith(f'"{field}"')
    assert listed(client, tenant)[0]["done"] is False
    unknown = client.put(tasks_url(tenant, "task/AAAAAAAAAAAAAAAA"), headers=tenant.auth, json={"done": True})
    assert unknown.status_code == 404 and unknown.json()["message"] == "Task not found"


def test_another_company(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, seeded: Seeded
) -> None:
    task = create(client, tenant)
    # Their key: our company path is a 404; our task under their path is a 404; their list is empty.
    assert client.get(tasks_url(tenant, "tasks"), headers=other_tenant.auth).status_code == 404
    assert client.post(tasks_url(tenant), headers=other_tenant.auth, json=body_for(tenant)).status_code == 404
    put = client.put(
        tasks_url(other_tenant, f"task/{task['id']}"), headers=other_tenant.auth, json={"done": True}
    )
    assert put.status_code == 404
    their_jwt = jwt_for(settings, other_tenant.created.user.public_id, other_tenant.id)
    assert (
        client.put(
            tasks_url(tenant, f"task/{task['id']}"), headers=their_jwt, json={"done": True}
        ).status_code
        == 404
    )
    assert listed(client, other_tenant) == []
    # Our applicant and our user are unknown references for them.
    theirs = body_for(other_tenant, value=[f"applicant={seeded.applicant}"])
    response = client.post(tasks_url(other_tenant), headers=other_tenant.auth, json=theirs)
    assert response.status_code == 400 and '"value"' in response.json()["message"]
    theirs = body_for(other_tenant, users=[tenant.created.user.public_id])
    response = client.post(tasks_url(other_tenant), headers=other_tenant.auth, json=theirs)
    assert response.status_code == 400 and '"users"' in response.json()["message"]
    assert listed(client, tenant)[0]["done"] is False


def test_email_notifies_the_users_after_the_response(
    db: Database, settings: Settings, tenant: Tenant
) -> None:
    with (
        smtp_sink() as (smtp_url, inbox),
        TestClient(create_app(settings.model_copy(update={"smtp_url": smtp_url}))) as client,
    ):
        notified = client.post(tasks_url(tenant), headers=tenant.auth, json=body_for(tenant))
        quiet = client.post(tasks_url(tenant), headers=tenant.auth, json=body_for(tenant, email=False))
        assert notified.status_code == quiet.status_code == 200
    [mail] = inbox.mails
    assert mail.recipients == [tenant.created.user.email]
    parsed = email.message_from_bytes(mail.data, policy=default_policy)
    assert "Traiter ses mails" in str(parsed["Subject"])

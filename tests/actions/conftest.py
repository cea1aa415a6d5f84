"""A committed company with one of everything, and helpers to call actions through RPC."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces import conftest as faces
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import applicant, make_vacancy
from vivier.config import Settings
from vivier.db.session import Database


@dataclass(frozen=True)
class World:
    """Ids of a seeded tenant: a vacancy, an applicant with a CV, a comment, a message, a task."""

    tenant: Tenant
    vacancy: str
    vacancy_slug: str
    applicant: str
    email: str
    cv_key: str
    comment: int
    task: str
    candidate_tag: str
    column: int

    @property
    def company(self) -> str:
        return f"/flatchr/company/{self.tenant.id}"


def seed_world(client: TestClient, db: Database, settings: Settings, tenant: Tenant) -> World:
    vacancy = make_vacancy(db, tenant, "Account Executive H/F")
    app = applicant(db, settings, tenant, vacancy, firstname="Elsa", lastname="Ivern")
    base, auth = f"/flatchr/company/{tenant.id}", tenant.auth
    got = client.get(f"{base}/applicant/{app.public_id}", headers=auth).json()
    comment = client.post(f"{base}/applicant/{app.public_id}/comment", json={"text": "Bien"}, headers=auth)
    client.post(
        f"{base}/applicant/{app.public_id}/message", json={"html": "<p>Hi</p>", "mail": False}, headers=auth
    )
    members = client.get(f"{base}/members?fields=user", headers=auth).json()
    task = client.post(
        f"{base}/task",
        json={
            "description": "Call back",
            "date": "2030-01-02T10:00:00.000Z",
            "value": [f"applicant={app.public_id}"],
            "users": [members[0]["user"]["id"]],
        },
        headers=auth,
    )
    tags = client.get(f"{base}/tags", headers=auth).json()
    columns = client.get(f"{base}/columns", headers=auth).json()
    diploma = next(t["id"] for t in tags if t["title"] == "Diplôme")
    trait = client.post(
        f"{base}/applicant/{app.public_id}/trait", json={"tag": diploma, "value": "Bac"}, headers=auth
    )
    assert comment.status_code == 200 and task.status_code == 200 and trait.status_code == 200
    return World(
        tenant,
        vacancy.public_id,
        vacancy.slug,
        app.public_id,
        got["candidate"]["email"],
        got["candidate"]["aws"]["key"],
        comment.json()["id"],
        task.json()["id"],
        next(t["id"] for t in tags if t["type"] == "candidates" and t["title"] == "Niveau"),
        columns[2]["id"],
    )


client, tenant, other_tenant = faces.client, faces.tenant, faces.other_tenant  # shared fixtures


@pytest.fixture
def world(client: TestClient, db: Database, settings: Settings, tenant: Tenant) -> World:
    return seed_world(client, db, settings, tenant)


def rpc(
    client: TestClient,
    auth: dict[str, str],
    action: str,
    path: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
) -> Any:
    """The response of ``POST /actions/rpc``."""
    payload = {"action": action, "path": path, "query": query, "body": body}
    return client.post("/actions/rpc", json=payload, headers=auth)

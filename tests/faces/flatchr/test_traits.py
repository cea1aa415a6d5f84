"""Flatchr 7.20 Display Candidate Tags and 7.21 Fill a Candidate Tag (§9 examples 22-23)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import ENCODED, Seeded, seed_applicant
from vivier.config import Settings
from vivier.db.session import Database
from vivier.tags.models import Tag
from vivier.tags.schemas import TagInput
from vivier.tags.service import create_tag, list_tags


@pytest.fixture
def seeded(db: Database, settings: Settings, tenant: Tenant) -> Seeded:
    return seed_applicant(db, settings, tenant)


def tags_of(db: Database, tenant: Tenant) -> dict[str, Tag]:
    with db.unit_of_work() as session:
        return {t.title: t for t in list_tags(session, tenant.ctx)}


def url(tenant: Tenant, seeded: Seeded, tail: str) -> str:
    return f"/flatchr/company/{tenant.id}/applicant/{seeded.applicant}/{tail}"


def fill(client: TestClient, tenant: Tenant, seeded: Seeded, payload: dict[str, Any]) -> dict[str, Any]:
    response = client.post(url(tenant, seeded, "trait"), headers=tenant.auth, json=payload)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def listed(client: TestClient, tenant: Tenant, seeded: Seeded) -> list[dict[str, Any]]:
    response = client.get(url(tenant, seeded, "traits"), headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def test_fill_and_list_examples_22_23(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    tags = tags_of(db, tenant)
    niveau = fill(client, tenant, seeded, {"tag": tags["Niveau"].public_id, "value": "Confirmé"})
    diplome = fill(client, tenant, seeded, {"tag": tags["Diplôme"].public_id, "value": "Bac +3"})
    assert set(diplome) == {"id", "tag_id", "value"}
    assert ENCODED.match(diplome["id"])
    assert diplome["tag_id"] == tags["Diplôme"].public_id and diplome["value"] == "Bac +3"
    assert listed(client, tenant, seeded) == [
        {"id": niveau["id"], "tag_id": tags["Niveau"].public_id, "value": "Confirmé"},
        {"id": diplome["id"], "tag_id": tags["Diplôme"].public_id, "value": "Bac +3"},
    ]


def test_fill_by_integer_tag_id_and_forms(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    tags = tags_of(db, tenant)
    first = fill(client, tenant, seeded, {"tag": tags["Diplôme"].id, "value": " Bac "})
    assert first["value"] == "Bac" and first["tag_id"] == tags["Diplôme"].public_id
    # Single-valued tag: same trait, new value (urlencoded form, numeric string id).
    response = client.post(
        url(tenant, seeded, "trait"),
        headers=tenant.auth,
        data={"tag": str(tags["Diplôme"].id), "value": "Bac +5"},
    )
    assert response.status_code == 200
    assert response.json() == {"id": first["id"], "tag_id": tags["Diplôme"].public_id, "value": "Bac +5"}
    assert len(listed(client, tenant, seeded)) == 1


def test_multiple_and_creatable_tags(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    with db.unit_of_work() as session:
        langues = create_tag(
            session, tenant.ctx, TagInput(title="Langues", values="Anglais", multiple=True, creatable=True)
        )
    one = fill(client, tenant, seeded, {"tag": langues.public_id, "value": "Anglais"})
    again = fill(client, tenant, seeded, {"tag": langues.public_id, "value": "Anglais"})
    other = fill(client, tenant, seeded, {"tag": langues.public_id, "value": "Espagnol"})
    assert again["id"] == one["id"] and other["id"] != one["id"]
    assert [t["value"] for t in listed(client, tenant, seeded)] == ["Anglais", "Espagnol"]
    assert tags_of(db, tenant)["Langues"].values == "Anglais;Espagnol"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"value": "Bac"}, "tag"),
        ({"tag": "", "value": "Bac"}, "tag"),
        ({"tag": "AAAAAAAAAAAAAAAA", "value": "Bac"}, "tag"),
        ({"tag": 99999999, "value": "Bac"}, "tag"),
        ({"tag": 99999999999999, "value": "Bac"}, "tag"),
        ({"tag": "99999999999999999999", "value": "Bac"}, "tag"),
        ({"tag": "²", "value": "Bac"}, "tag"),  # str.isdigit() says yes, int() says no
        ({"tag": -3, "value": "Bac"}, "tag"),
        ({"tag": ["x"], "value": "Bac"}, "tag"),
        ({"tag": "Général", "value": "Bac"}, "tag"),
        ({"tag": "Diplôme", "value": "Licence"}, "value"),
        ({"tag": "Diplôme", "value": "  "}, "value"),
        ({"tag": "Diplôme"}, "value"),
        ({"tag": "Diplôme", "value": {"a": 1}}, "value"),
        ({"tag": "Diplôme", "value": "Bac\x00"}, "value"),
    ],
)
def test_fill_bad_input(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded, payload: dict[str, Any], field: str
) -> None:
    tags = tags_of(db, tenant)
    if isinstance(payload.get("tag"), str) and payload["tag"] in tags:
        payload = payload | {"tag": tags[payload["tag"]].public_id}
    response = client.post(url(tenant, seeded, "trait"), headers=tenant.auth, json=payload)
    assert response.status_code == 400, response.text
    assert response.json()["message"].startswith(f'"{field}"')
    assert listed(client, tenant, seeded) == []


def test_another_company(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, seeded: Seeded
) -> None:
    tags = tags_of(db, tenant)
    payload = {"tag": tags["Diplôme"].public_id, "value": "Bac"}
    for method, tail in (("get", "traits"), ("post", "trait")):
        path = url(tenant, seeded, tail)
        assert client.request(method, path, headers=other_tenant.auth, json=payload).status_code == 404
        foreign = path.replace(tenant.id, other_tenant.id)
        response = client.request(method, foreign, headers=other_tenant.auth, json=payload)
        assert response.status_code == 404 and response.json()["message"] == "Applicant not found"
    # Their own applicant with our tag: an unknown tag for them.
    theirs = seed_applicant(db, settings, other_tenant)
    response = client.post(url(other_tenant, theirs, "trait"), headers=other_tenant.auth, json=payload)
    assert response.status_code == 400 and response.json()["message"].startswith('"tag"')
    assert listed(client, tenant, seeded) == []

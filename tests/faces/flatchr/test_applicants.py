"""Flatchr 7.6 meta information, 7.7 move, 7.8 archive and 7.31 get applicant through HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import (
    Clock,
    applicant,
    clock_fixture,  # noqa: F401 (registers the "clock" fixture)
    columns,
    count,
    flatchr_error,
    make_vacancy,
    outbox,
)
from vivier.candidates.models import Candidate
from vivier.config import Settings
from vivier.db.session import Database
from vivier.events.models import OutboxEvent
from vivier.faces.flatchr.signing import valid_signature

W = "/flatchr/company/{}"


def _path(tenant: Tenant, vacancy_id: str, applicant_id: str) -> str:
    return f"{W.format(tenant.id)}/vacancy/{vacancy_id}/applicant/{applicant_id}"


@pytest.fixture
def seeded(db: Database, settings: Settings, tenant: Tenant) -> dict[str, Any]:
    vacancy = make_vacancy(db, tenant, "Account Executive H/F")
    app = applicant(db, settings, tenant, vacancy, firstname="Elsa", lastname="Ivern", phone="0601020304")
    return {"vacancy": vacancy, "app": app}


def _assert_applicant_shape(body: dict[str, Any], tenant: Tenant) -> None:
    assert set(body) == {
        "id", "vacancy_id", "column_id", "score", "comment", "created_at", "updated_at", "status", "view",
        "anonym", "foreigner", "external_id", "candidate", "column", "vacancy", "applies", "datas",
    }  # fmt: skip
    assert isinstance(body["created_at"], int) and isinstance(body["updated_at"], int)
    assert body["datas"] == []
    candidate = body["candidate"]
    assert set(candidate) == {
        "id", "firstname", "lastname", "email", "phone", "external_id", "summary", "urls", "consent", "status",
        "additionals", "cv", "aws", "created_at", "updated_at",
    }  # fmt: skip
    assert candidate["created_at"].endswith("Z") and len(candidate["created_at"]) == 24
    column = body["column"]
    assert set(column) == {
        "id",
        "title",
        "company_id",
        "position",
        "visible",
        "hired",
        "created_at",
        "updated_at",
    }
    assert column["company_id"] == tenant.id and column["id"] == body["column_id"]
    assert body["vacancy"]["company"]["id"] == tenant.id
    assert body["vacancy"]["id"] == body["vacancy_id"]
    assert "address" not in body["vacancy"]


def test_get_applicant(
    client: TestClient, settings: Settings, tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    response = client.get(
        f"{W.format(tenant.id)}/applicant/{app.public_id}?fields=whatever", headers=tenant.auth
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    _assert_applicant_shape(body, tenant)
    assert body["id"] == app.public_id and body["vacancy_id"] == vacancy.public_id
    assert body["status"] == 1 and body["score"] == 0 and body["comment"] == ""
    assert body["view"] is False and body["anonym"] is False and body["foreigner"] is False
    assert body["column"]["title"] == "À traiter" and body["column"]["hired"] is False
    candidate = body["candidate"]
    assert (candidate["firstname"], candidate["lastname"], candidate["phone"]) == (
        "Elsa",
        "Ivern",
        "0601020304",
    )
    assert candidate["urls"] == {} and candidate["additionals"] == {} and candidate["status"] == 1
    aws = candidate["aws"]
    assert (
        aws["extension"] == "pdf"
        and aws["key"].startswith("candidates/")
        and aws["key"].endswith("/elsa-ivern")
    )
    assert candidate["cv"].startswith(settings.public_url + f"/flatchr/company/{tenant.id}/files/expire?")
    assert aws["signature"] == candidate["cv"].split("://", 1)[1]
    query = dict(p.split("=", 1) for p in candidate["cv"].split("?", 1)[1].split("&"))
    assert valid_signature(settings, tenant.id, aws["key"], "pdf", query["expires"], query["sig"])
    [apply_row] = body["applies"]
    assert apply_row["vacancy_id"] == vacancy.public_id and apply_row["offerer_id"] == "98"
    assert apply_row["import"] is False and apply_row["created_at"].endswith("Z")
    assert body["vacancy"]["contract_type"] == "CDI" and body["vacancy"]["metier"] == "Commercial conseil"


def test_a_link_cv_is_rendered_without_aws(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant
) -> None:
    vacancy = make_vacancy(db, tenant)
    app = applicant(
        db, settings, tenant, vacancy, document=False, urls={"linkedin": "https://linkedin.com/in/x"}
    )
    body = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()
    assert body["candidate"]["cv"] == "https://example.org/cv.pdf"
    assert body["candidate"]["aws"] is None
    assert body["candidate"]["urls"] == {"linkedin": "https://linkedin.com/in/x"}


def test_move_example_9(
    client: TestClient, db: Database, tenant: Tenant, seeded: dict[str, Any], clock: Clock
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    target = columns(db, tenant)["Entretien RH"]
    path = _path(tenant, vacancy.public_id, app.public_id)
    before = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()

    clock.at(2023, 1, 1, 9)
    response = client.put(path, json={"column_id": target}, headers=tenant.auth)
    assert response.status_code == 200
    body = response.json()
    _assert_applicant_shape(body, tenant)
    assert body["id"] == app.public_id and body["vacancy_id"] == vacancy.public_id
    assert body["column_id"] == target and body["column"]["title"] == "Entretien RH"
    assert body["status"] == 1 and body["created_at"] == before["created_at"]
    assert body["updated_at"] == int(clock.current.timestamp())
    assert body["candidate"]["aws"]["extension"] == "pdf" and len(body["applies"]) == 1
    [event] = outbox(db, tenant, "drag_applicant")
    assert event["to_column_id"] == target and event["from_column_id"] == before["column_id"]

    # {} and the current column change nothing and fire nothing.
    clock.at(2023, 1, 2, 9)
    for payload in ({}, {"column_id": target}, {"column_id": str(target)}):
        again = client.put(path, json=payload, headers=tenant.auth)
        assert again.status_code == 200
        assert again.json()["updated_at"] == body["updated_at"] and again.json()["column_id"] == target
    assert len(outbox(db, tenant, "drag_applicant")) == 1


def test_move_accepts_a_numeric_string_and_form_bodies(
    client: TestClient, db: Database, tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    cols = columns(db, tenant)
    path = _path(tenant, vacancy.public_id, app.public_id)
    assert client.put(path, json={"column_id": str(cols["Recruté"])}, headers=tenant.auth).json()["column"][
        "hired"
    ]
    moved = client.put(path, data={"column_id": str(cols["Entretien RH"])}, headers=tenant.auth)
    assert moved.json()["column_id"] == cols["Entretien RH"]
    assert (
        client.put(f"{path}?column_id={cols['Recruté']}", headers=tenant.auth).json()["column_id"]
        == cols["Recruté"]
    )
    assert len(outbox(db, tenant, "drag_applicant")) == 3


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"column_id": "abc"}, "column_id"),
        ({"column_id": 1.5}, "column_id"),
        ({"column_id": 999999}, "column_id"),
    ],
)
def test_move_bad_column(
    client: TestClient,
    db: Database,
    tenant: Tenant,
    seeded: dict[str, Any],
    payload: dict[str, Any],
    field: str,
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    response = client.put(_path(tenant, vacancy.public_id, app.public_id), json=payload, headers=tenant.auth)
    assert response.status_code == 400
    flatchr_error(response.json(), 400)
    assert f'"{field}"' in response.json()["message"]
    assert outbox(db, tenant, "drag_applicant") == []


def test_move_bad_json_and_foreign_column(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    path = _path(tenant, vacancy.public_id, app.public_id)
    bad = client.put(path, content=b"{nope", headers={**tenant.auth, "Content-Type": "application/json"})
    assert bad.status_code == 400 and '"body"' in bad.json()["message"]
    foreign_column = columns(db, other_tenant)["Recruté"]
    refused = client.put(path, json={"column_id": foreign_column}, headers=tenant.auth)
    assert refused.status_code == 400 and '"column_id"' in refused.json()["message"]


def test_archive_example_10(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    path = _path(tenant, vacancy.public_id, app.public_id)
    before = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()
    response = client.delete(path, headers=tenant.auth)
    assert response.status_code == 200
    body = response.json()
    _assert_applicant_shape(body, tenant)
    assert body["status"] == 0 and body["column_id"] == before["column_id"]
    assert body["vacancy"]["company"]["name"] == "Api" and body["datas"] == []
    again = client.delete(path, headers=tenant.auth)
    assert again.status_code == 200 and again.json()["status"] == 0
    # The person is kept, and a move keeps the applicant archived.
    assert count(db, Candidate, tenant.ctx.company_id) == 1
    moved = client.put(path, json={"column_id": columns(db, tenant)["Recruté"]}, headers=tenant.auth)
    assert moved.json()["status"] == 0


def test_wrong_vacancy_and_unknown_ids_are_404(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app = seeded["app"]
    elsewhere = make_vacancy(db, tenant, "Other")
    for method in ("put", "delete"):
        for path in (
            _path(tenant, elsewhere.public_id, app.public_id),
            _path(tenant, seeded["vacancy"].public_id, "AAAAAAAAAAAAAAAA"),
            _path(tenant, "nope", app.public_id),
        ):
            response = client.request(method, path, json={}, headers=tenant.auth)
            assert response.status_code == 404, (method, path)
            flatchr_error(response.json(), 404)
    assert client.get(f"{W.format(tenant.id)}/applicant/zzz", headers=tenant.auth).status_code == 404


def test_another_company_gets_404_on_every_id_route(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app, vacancy = seeded["app"], seeded["vacancy"]
    cols = columns(db, tenant)
    # The foreign key on its own company path...
    theirs = W.format(other_tenant.id)
    calls = [
        ("get", f"{theirs}/applicant/{app.public_id}"),
        ("put", f"{theirs}/vacancy/{vacancy.public_id}/applicant/{app.public_id}"),
        ("delete", f"{theirs}/vacancy/{vacancy.public_id}/applicant/{app.public_id}"),
    ]
    for method, path in calls:
        response = client.request(
            method, path, json={"column_id": cols["Recruté"]}, headers=other_tenant.auth
        )
        assert response.status_code == 404, path
    # ...and on ours.
    for method, path in [(m, p.replace(theirs, W.format(tenant.id))) for m, p in calls]:
        assert client.request(method, path, json={}, headers=other_tenant.auth).status_code == 404
    after = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()
    assert after["status"] == 1 and after["column"]["title"] == "À traiter"


def test_authentication_is_required(client: TestClient, tenant: Tenant, seeded: dict[str, Any]) -> None:
    app = seeded["app"]
    path = f"{W.format(tenant.id)}/applicant/{app.public_id}"
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(f"{path}?token={tenant.key}").status_code == 200


# -- 7.6 Update Candidate Meta Information -------------------------------------------------------


def test_meta_information_example_13(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app = seeded["app"]
    url = f"{W.format(tenant.id)}/search/candidate"
    email = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()[
        "candidate"
    ]["email"]
    body = {
        "app_name": "HRMatch",
        "reference": email.upper(),
        "type": "applicants",
        "value": {"lastname": "Doe", "score": 7},
    }
    first = client.post(url, json=body, headers=tenant.auth)
    assert first.status_code == 200
    assert first.json() == {"statusCode": 200, "message": {"resource_type": "attribute", "action": "created"}}
    second = client.post(url, json={**body, "value": {"level": "senior"}}, headers=tenant.auth)
    assert second.json()["message"]["action"] == "updated"
    candidate = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()[
        "candidate"
    ]
    assert candidate["lastname"] == "Doe"
    assert candidate["additionals"] == {"HRMatch": {"score": 7, "level": "senior", "_type": "applicants"}}
    # By encoded and integer id too, with the default app name.
    by_id = client.post(url, json={"reference": candidate["id"], "value": {"x": 1}}, headers=tenant.auth)
    assert by_id.json()["message"]["action"] == "created"
    with db.unit_of_work() as session:
        person = session.scalars(select(Candidate).where(Candidate.public_id == candidate["id"])).one()
        assert person.additionals["api"] == {"x": 1}
        int_id = person.id
    again = client.post(url, json={"reference": int_id, "value": {"y": 2}}, headers=tenant.auth)
    assert again.json()["message"]["action"] == "updated"


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"value": {"a": 1}}, 400, "reference"),
        ({"reference": "x@example.org"}, 400, "value"),
        ({"reference": ["x"], "value": {}}, 400, "reference"),
        ({"reference": "{email}", "value": "not an object"}, 400, "value"),
        ({"reference": "{email}", "value": [1, 2]}, 400, "value"),
        ({"reference": "{email}", "value": {"email": "not-an-email"}}, 400, "value.email"),
        ({"reference": "nobody@example.org", "value": {"a": 1}}, 404, None),
        ({"reference": 999999999, "value": {"a": 1}}, 404, None),
    ],
)
def test_meta_information_bad_input(
    client: TestClient,
    db: Database,
    tenant: Tenant,
    seeded: dict[str, Any],
    payload: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    app = seeded["app"]
    email = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()[
        "candidate"
    ]["email"]
    if payload.get("reference") == "{email}":
        payload = {**payload, "reference": email}
    response = client.post(f"{W.format(tenant.id)}/search/candidate", json=payload, headers=tenant.auth)
    assert response.status_code == status
    flatchr_error(response.json(), status)
    if field:
        assert f'"{field}"' in response.json()["message"]
    with db.unit_of_work() as session:
        person = session.scalars(select(Candidate).where(Candidate.company_id == tenant.ctx.company_id)).one()
        assert person.additionals == {} and person.email == email


def test_meta_information_of_another_company_is_404(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant, seeded: dict[str, Any]
) -> None:
    app = seeded["app"]
    candidate = client.get(f"{W.format(tenant.id)}/applicant/{app.public_id}", headers=tenant.auth).json()[
        "candidate"
    ]
    for reference in (candidate["email"], candidate["id"]):
        response = client.post(
            f"{W.format(other_tenant.id)}/search/candidate",
            json={"reference": reference, "value": {"a": 1}},
            headers=other_tenant.auth,
        )
        assert response.status_code == 404
    assert count(db, OutboxEvent, tenant.ctx.company_id, event="drag_applicant") == 0

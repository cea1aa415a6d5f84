"""Flatchr 7.5 Search Candidates through HTTP: every filter, query fallback, streaming, isolation."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from tests.faces.conftest import Tenant, make_tenant
from tests.faces.flatchr.conftest_applicants import (
    Clock,
    applicant,
    clock_fixture,  # noqa: F401 (registers the "clock" fixture)
    columns,
    flatchr_error,
    make_vacancy,
)
from vivier.applications.models import Application
from vivier.applications.service import archive_application
from vivier.candidates.models import Candidate
from vivier.companies.models import Company
from vivier.companies.service import link_companies
from vivier.config import Settings
from vivier.core.ids import new_public_id
from vivier.db.session import Database
from vivier.vacancies.models import Vacancy

URL = "/flatchr/company/{}/search/applicants"


@dataclass
class World:
    apps: dict[str, str]  # name -> encoded applicant id
    v1: Vacancy
    v2: Vacancy
    foreign: str
    foreign_vacancy: Vacancy


@pytest.fixture
def world(db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, clock: Clock) -> World:
    v1, v2 = make_vacancy(db, tenant, "Ingénieur Développement  H/F "), make_vacancy(db, tenant, "Sales")
    people: dict[str, tuple[Vacancy, str, str, str, str | None, tuple[int, ...], str | None, int]] = {
        "a1": (v1, "Juliette", "Larfoillou", "mail@mail.com", "+33 6 11 22 33 44", (2021, 11, 9, 10), "Recruté", 4),
        "a2": (v1, "Jean", "Dupont", "jean@example.org", None, (2021, 12, 25, 0), None, 98),
        "a3": (v2, "Marie", "Curie", "marie@example.org", "0102030405", (2022, 1, 1, 8), "Entretien RH", 1),
        "a4": (v2, "Paul", "Martin", "paul@example.org", None, (2022, 1, 10, 23, 59), None, 2),
        "a5": (v2, "Léa", "Martin", "lea@example.org", None, (2022, 1, 11, 0, 0), None, 12345),
    }  # fmt: skip
    apps = {}
    for name, (vacancy, first, last, email, phone, when, column, source) in people.items():
        clock.at(*when)
        made = applicant(
            db, settings, tenant, vacancy, firstname=first, lastname=last, email=email, phone=phone,
            column=column, offerer_id=source,
        )  # fmt: skip
        apps[name] = made.public_id
    clock.at(2022, 2, 1, 12)
    with db.unit_of_work() as session:
        archive_application(session, tenant.ctx, v2.public_id, apps["a4"])
    foreign_vacancy = make_vacancy(db, other_tenant, "Ingénieur Développement  H/F ")
    clock.at(2022, 1, 3)
    foreign = applicant(
        db, settings, other_tenant, foreign_vacancy, firstname="Juliette", lastname="Larfoillou",
        email="mail@mail.com", column="Recruté",
    )  # fmt: skip
    return World(apps, v1, v2, foreign.public_id, foreign_vacancy)


def _search(client: TestClient, tenant: Tenant, body: Any = None, query: str = "") -> list[dict[str, Any]]:
    response = client.post(URL.format(tenant.id) + query, json=body, headers=tenant.auth)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    rows = json.loads(response.content)
    assert isinstance(rows, list)
    return rows


def _names(rows: list[dict[str, Any]], world: World) -> list[str]:
    by_id = {v: k for k, v in world.apps.items()}
    return [by_id.get(r["applicant"], "foreign") for r in rows]


def test_example_7_lastname(client: TestClient, tenant: Tenant, world: World) -> None:
    rows = _search(client, tenant, {"lastname": "larfoillou"})
    assert rows == [
        {
            "applicant": world.apps["a1"],
            "vacancy": "Ingénieur Développement  H/F ",
            "vacancy_id": world.v1.id,
            "column": "Recruté",
            "external_id": "",
            "firstname": "Juliette",
            "lastname": "Larfoillou",
            "email": "mail@mail.com",
            "phone": "+33 6 11 22 33 44",
            "status": 1,
            "score": 0,
            "hired": True,
            "created_at": "09/11/21",
            "updated_at": "09/11/21",
            "source": "L'Apec",
        }
    ]


def test_no_filter_lists_everything_newest_first(client: TestClient, tenant: Tenant, world: World) -> None:
    rows = _search(client, tenant, {})
    assert _names(rows, world) == ["a5", "a4", "a3", "a2", "a1"]
    assert _search(client, tenant) == rows  # no body at all
    by_name = dict(zip(_names(rows, world), rows, strict=True))
    assert by_name["a5"]["source"] == "Site carrière"  # an unknown offerer_id becomes 98
    assert by_name["a4"]["status"] == 0 and by_name["a4"]["updated_at"] == "01/02/22"
    assert by_name["a2"]["phone"] == "" and by_name["a3"]["source"] == "LinkedIn"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"email": "mail@mail.com"}, ["a1"]),
        ({"email": "  MAIL@mail.COM "}, ["a1"]),
        ({"email": "mail@mail"}, []),
        ({"firstname": "JULIETTE"}, ["a1"]),
        ({"firstname": "léa"}, ["a5"]),
        ({"lastname": "martin"}, ["a5", "a4"]),
        ({"lastname": "mart"}, []),
        ({"phone": "+33 (6) 11-22-33-44"}, ["a1"]),
        ({"phone": "01 02 03 04 05"}, ["a3"]),
        ({"phone": "---"}, []),
        ({"hired": "true"}, ["a1"]),
        ({"hired": True}, ["a1"]),
        ({"hired": "false"}, ["a5", "a4", "a3", "a2"]),
        ({"hired": 0}, ["a5", "a4", "a3", "a2"]),
        ({"column": "entretien rh"}, ["a3"]),
        ({"column": "RECRUTÉ"}, ["a1"]),
        ({"column": "No such column"}, []),
        ({"start": "12/25/21"}, ["a5", "a4", "a3", "a2"]),
        ({"start": "01/01/22", "end": "01/10/22"}, ["a4", "a3"]),
        ({"end": "12/24/21"}, ["a1"]),
        ({"start": "1/1/2022", "end": "1/1/2022"}, ["a3"]),
        ({"start_update": "02/01/22"}, ["a4"]),
        ({"end_update": "01/31/22"}, ["a5", "a3", "a2", "a1"]),
        ({"start_update": "01/01/22", "end_update": "01/10/22"}, ["a3"]),
        ({"archived": "true"}, ["a4"]),
        ({"archived": "0"}, ["a5", "a3", "a2", "a1"]),
        ({"archived": False, "lastname": "martin"}, ["a5"]),
        ({"hired": "true", "lastname": "dupont"}, []),
        ({"firstname": "", "email": ""}, ["a5", "a4", "a3", "a2", "a1"]),
    ],
)
def test_filters(
    client: TestClient, tenant: Tenant, world: World, body: dict[str, Any], expected: list[str]
) -> None:
    assert _names(_search(client, tenant, body), world) == expected


def test_example_8_hired_in_the_path_company(client: TestClient, tenant: Tenant, world: World) -> None:
    rows = _search(client, tenant, {"hired": "true", "company": tenant.id})
    assert _names(rows, world) == ["a1"]


def test_vacancy_filter(client: TestClient, tenant: Tenant, world: World) -> None:
    assert _names(_search(client, tenant, {"vacancy": world.v1.public_id}), world) == ["a2", "a1"]
    assert _names(_search(client, tenant, {"vacancy": world.v2.public_id, "lastname": "curie"}), world) == [
        "a3"
    ]


def test_query_fallback_and_the_body_wins(client: TestClient, tenant: Tenant, world: World) -> None:
    assert _names(_search(client, tenant, None, "?lastname=larfoillou"), world) == ["a1"]
    assert _names(_search(client, tenant, {"lastname": "curie"}, "?lastname=larfoillou"), world) == ["a3"]
    assert _names(_search(client, tenant, None, "?hired=true&start=11/09/21"), world) == ["a1"]
    form = client.post(URL.format(tenant.id), data={"lastname": "dupont"}, headers=tenant.auth)
    assert _names(form.json(), world) == ["a2"]


def test_limit_and_offset(client: TestClient, tenant: Tenant, world: World) -> None:
    assert _names(_search(client, tenant, {}, "?limit=2"), world) == ["a5", "a4"]
    assert _names(_search(client, tenant, {}, "?limit=2&offset=2"), world) == ["a3", "a2"]
    assert _names(_search(client, tenant, {}, "?offset=4"), world) == ["a1"]
    assert _search(client, tenant, {}, "?limit=0") == []
    assert _search(client, tenant, {}, "?offset=10") == []


@pytest.mark.parametrize(
    ("body", "query", "field"),
    [
        ({"start": "25/12/21"}, "", "start"),
        ({"end": "2022-01-01"}, "", "end"),
        ({"start_update": "02/30/22"}, "", "start_update"),
        ({"end_update": "tomorrow"}, "", "end_update"),
        ({"start": 20211225}, "", "start"),
        ({"hired": "maybe"}, "", "hired"),
        ({"archived": 3}, "", "archived"),
        ({"lastname": {"a": 1}}, "", "lastname"),
        ({"vacancy": "AAAAAAAAAAAAAAAA"}, "", "vacancy"),
        ({"vacancy": "not-an-id"}, "", "vacancy"),
        ({"company": "AAAAAAAAAAAAAAAA"}, "", "company"),
        ({"company": 12}, "", "company"),
        ({}, "?limit=x", "limit"),
        ({}, "?offset=-1", "offset"),
    ],
)
def test_bad_filters_are_a_clean_400(
    client: TestClient, tenant: Tenant, world: World, body: dict[str, Any], query: str, field: str
) -> None:
    response = client.post(URL.format(tenant.id) + query, json=body, headers=tenant.auth)
    assert response.status_code == 400
    flatchr_error(response.json(), 400)
    assert f'"{field}"' in response.json()["message"]


def test_malformed_json_is_400(client: TestClient, tenant: Tenant, world: World) -> None:
    response = client.post(
        URL.format(tenant.id),
        content=b'{"lastname": ',
        headers={**tenant.auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and '"body"' in response.json()["message"]


def test_another_company_never_appears(
    client: TestClient, tenant: Tenant, other_tenant: Tenant, world: World
) -> None:
    mine = _search(client, tenant, {"lastname": "larfoillou"})
    assert [r["applicant"] for r in mine] == [world.apps["a1"]]
    theirs = _search(client, other_tenant, {"lastname": "larfoillou"})
    assert [r["applicant"] for r in theirs] == [world.foreign]
    assert [r["applicant"] for r in _search(client, other_tenant, {})] == [world.foreign]
    # Their vacancy and their company id are unknown parameters to us (400), and the path is theirs (404).
    assert (
        client.post(
            URL.format(tenant.id), json={"vacancy": world.foreign_vacancy.public_id}, headers=tenant.auth
        ).status_code
        == 400
    )
    assert (
        client.post(URL.format(tenant.id), json={"company": other_tenant.id}, headers=tenant.auth).status_code
        == 400
    )
    assert client.post(URL.format(other_tenant.id), json={}, headers=tenant.auth).status_code == 404
    assert client.post(URL.format(tenant.id), json={}).status_code == 401


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [r["applicant"] for r in rows]


def test_affiliates_are_searched_when_listed(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, clock: Clock
) -> None:
    child = make_tenant(db, "Child")
    vacancy, child_vacancy = make_vacancy(db, tenant), make_vacancy(db, child)
    mine = applicant(db, settings, tenant, vacancy, lastname="Parent")
    clock.at(2022, 1, 6)
    theirs = applicant(db, settings, child, child_vacancy, lastname="Child")
    with db.unit_of_work() as session:
        parent_row = session.get_one(Company, tenant.ctx.company_id)
        child_row = session.get_one(Company, child.ctx.company_id)
        link_companies(session, parent_row, child_row)
    assert _ids(_search(client, tenant, {})) == [mine.public_id]
    assert _ids(_search(client, tenant, {"company": f"{tenant.id},{child.id}"})) == [
        theirs.public_id,
        mine.public_id,
    ]
    assert _ids(_search(client, tenant, {"company": child.id})) == [theirs.public_id]
    # Affiliation is one-way: the child cannot search its parent.
    assert (
        client.post(URL.format(child.id), json={"company": tenant.id}, headers=child.auth).status_code == 400
    )


def test_empty_result_is_an_empty_array(client: TestClient, tenant: Tenant) -> None:
    response = client.post(URL.format(tenant.id), json={"lastname": "nobody"}, headers=tenant.auth)
    assert response.status_code == 200 and response.content == b"[]"
    assert response.headers["content-length"] == "2"  # a result within one batch is answered whole
    assert _search(client, tenant, {}) == []


def test_thousands_of_rows_stream_as_valid_json(client: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = make_vacancy(db, tenant, "Bulk")
    first_column = min(columns(db, tenant).values())
    total = 2500
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with db.unit_of_work() as session:
        people: list[dict[str, Any]] = [
            {
                "company_id": tenant.ctx.company_id,
                "public_id": new_public_id(),
                "firstname": f"P{i}",
                "lastname": 'Bulk "quoted" \\ é',
                "firstname_key": f"p{i}",
                "lastname_key": "bulk",
                "email": f"p{i}@bulk.example.org",
                "email_key": f"p{i}@bulk.example.org",
                "additionals": {},
                "created_at": start,
                "updated_at": start,
            }
            for i in range(total)
        ]
        session.execute(insert(Candidate), people)
        found = session.execute(
            select(Candidate.public_id, Candidate.id).where(Candidate.company_id == tenant.ctx.company_id)
        )
        ids = {public_id: int_id for public_id, int_id in found}
        session.execute(
            insert(Application),
            [
                {
                    "company_id": tenant.ctx.company_id,
                    "public_id": new_public_id(),
                    "candidate_id": ids[p["public_id"]],
                    "vacancy_id": vacancy.id,
                    "column_id": first_column,
                    "status": 1,
                    "score": 0,
                    "cover_letter": "",
                    # Every tenth row shares a timestamp, so batches must also break ties by id.
                    "created_at": start + timedelta(hours=i // 10),
                    "updated_at": start,
                }
                for i, p in enumerate(people)
            ],
        )
    rows = _search(client, tenant, {})
    assert len(rows) == total
    streamed = client.post(URL.format(tenant.id), json={}, headers=tenant.auth)
    assert "content-length" not in streamed.headers and streamed.content.startswith(b'[{"applicant"')
    assert len({r["applicant"] for r in rows}) == total
    assert rows[0]["lastname"] == 'Bulk "quoted" \\ é' and rows[0]["source"] == ""
    assert rows[0]["created_at"] == "11/01/20" and rows[-1]["created_at"] == "01/01/20"
    window = _search(client, tenant, {}, "?limit=1200&offset=1000")
    assert [r["applicant"] for r in window] == [r["applicant"] for r in rows[1000:2200]]

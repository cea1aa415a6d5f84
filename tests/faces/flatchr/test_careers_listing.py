"""Flatchr 7.2 Retrieve Active Vacancies, the public careers listing (§9 examples 2-3)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant, make_tenant
from tests.faces.flatchr.conftest_vacancies import (
    ADDRESS,
    ADDRESS_KEYS,
    COMPANY_KEYS,
    DISTRIBUTION_KEYS,
    ISO,
    JSON_TYPE,
    QUESTION_KEYS,
    VACANCY_KEYS,
    seed_vacancy,
)
from vivier.companies.service import link_companies
from vivier.config import Settings
from vivier.db.session import Database
from vivier.vacancies.service import add_question, set_vacancy_status


def listing(client: TestClient, tenant: Tenant, query: str = "", **kwargs: Any) -> Any:
    return client.get(f"/flatchr/careers/company/{tenant.created.company.slug}.json{query}", **kwargs)


def titles(client: TestClient, tenant: Tenant, query: str = "") -> list[str]:
    response = listing(client, tenant, query)
    assert response.status_code == 200, response.text
    return [item["vacancy"]["title"] for item in response.json()["items"]]


def test_listing_example_2(client: TestClient, db: Database, tenant: Tenant, settings: Settings) -> None:
    vacancy = seed_vacancy(db, tenant, title="Account Executive SaaS H/F", address=ADDRESS)
    with db.unit_of_work() as session:
        add_question(session, tenant.ctx, vacancy.public_id, "Disponibilité ?", "text")
    seed_vacancy(db, tenant, title="Draft", status=2)

    response = listing(client, tenant)
    assert response.status_code == 200 and response.headers["content-type"] == JSON_TYPE
    body = response.json()
    assert set(body) == {"items"}  # no filter sent, none echoed
    (item,) = body["items"]
    assert set(item) == DISTRIBUTION_KEYS | {"vacancy"}
    assert item["offer_id"] == 98 and item["published"] is True and item["status"] == "published"
    assert item["vacancy_id"] == vacancy.id and item["external_id"] is None
    assert ISO.match(item["created_at"]) and ISO.match(item["publish_date"])
    slug = tenant.created.company.slug
    assert item["external_url"] == f"{settings.public_url.rstrip('/')}/jobs/{slug}/{vacancy.slug}"

    v = item["vacancy"]
    assert set(v) == VACANCY_KEYS | {"address", "tags", "questions", "company"}
    assert v["slug"] == vacancy.slug and v["slug"].endswith("-account-executive-saas-h-f")
    assert (v["contract_type"], v["education_level"], v["activity"]) == ("CDI", "Bac +5", "Internet")
    assert (v["channel"], v["metier"]) == ("Commerce / Vente", "Commercial conseil")
    assert set(v["address"]) == ADDRESS_KEYS and v["address"]["locality"] == "Paris"
    assert v["tags"] == []
    assert [set(q) for q in v["questions"]] == [QUESTION_KEYS]

    company = v["company"]
    assert set(company) == COMPANY_KEYS
    assert company["id"] == tenant.id and company["slug"] == slug and company["name"] == "Api"
    assert company["status"] == 1 and ISO.match(company["created_at"])
    assert company["activity_id"] is None and company["activity"] is None
    assert company["address"] is None and company["addressFormatted"] == ""
    assert company["hosts"] is None and company["shields"] is None and company["ip_addresses"] is None
    assert company["hiddens"] == {} and company["hunter"] is False and company["public"] is True
    assert company["shared_applicants"] is False


def test_listing_filters_example_3(client: TestClient, db: Database, tenant: Tenant) -> None:
    seed_vacancy(db, tenant, title="Account Executive SaaS H/F")
    seed_vacancy(
        db, tenant, title="Comptable", reference="EXECUTIVE-2", activity_id=4, channel_id=4, metier_id=70
    )
    lyon = seed_vacancy(
        db, tenant, title="Développeur", address={"locality": "Lyon", "administrative_area_level_1": "Rhône"}
    )
    closed = seed_vacancy(db, tenant, title="Executive closed")
    with db.unit_of_work() as session:
        set_vacancy_status(session, tenant.ctx, closed.public_id, 0)

    echoed = listing(client, tenant, "?filter=executive").json()
    assert echoed["filter"] == "executive"
    assert [i["vacancy"]["title"] for i in echoed["items"]] == ["Comptable", "Account Executive SaaS H/F"]
    assert titles(client, tenant, "?filter=EXECUTIVE-2") == ["Comptable"]
    assert titles(client, tenant, "?activity=4") == ["Comptable"]
    assert titles(client, tenant, "?metier=49") == ["Développeur", "Account Executive SaaS H/F"]
    assert titles(client, tenant, "?locality=LYON") == ["Développeur"]
    assert titles(client, tenant, "?administrative_area_level_1=rhône") == ["Développeur"]
    assert titles(client, tenant, f"?id={lyon.public_id}") == ["Développeur"]
    assert titles(client, tenant, "?id=AAAAAAAAAAAAAAAA") == []
    assert listing(client, tenant, "?filter=").json()["filter"] == ""


def test_listing_bad_filters_and_unknown_slug(client: TestClient, tenant: Tenant) -> None:
    for name in ("activity", "metier"):
        response = listing(client, tenant, f"?{name}=abc")
        assert response.status_code == 400
        assert response.json()["message"] == f'"{name}" must be an integer'
    unknown = client.get("/flatchr/careers/company/no-such-company.json")
    assert unknown.status_code == 404
    assert unknown.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "Not available for slug no-such-company with url: /flatchr/careers/company/no-such-company.json",
    }


def test_listing_is_public_and_ignores_credentials(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    seed_vacancy(db, tenant, title="Public")
    seed_vacancy(db, other_tenant, title="Someone else's")
    assert titles(client, tenant) == ["Public"]
    bad = listing(client, tenant, headers={"Authorization": "Bearer not-a-key"})
    assert bad.status_code == 200 and len(bad.json()["items"]) == 1
    foreign_key = listing(client, tenant, f"?token={other_tenant.key}")
    assert [i["vacancy"]["title"] for i in foreign_key.json()["items"]] == ["Public"]


def test_listing_merges_requested_affiliates_only(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    child = make_tenant(db, "Child")
    with db.unit_of_work() as session:
        link_companies(session, tenant.created.company, child.created.company)
    seed_vacancy(db, tenant, title="Parent job")
    seed_vacancy(db, child, title="Child job")
    seed_vacancy(db, other_tenant, title="Stranger job")

    assert titles(client, tenant) == ["Parent job"]
    merged = titles(client, tenant, f"?affiliated={child.id},{other_tenant.id}")
    assert merged == ["Child job", "Parent job"]
    child_items = listing(client, tenant, f"?affiliated={child.id}").json()["items"]
    assert child_items[0]["vacancy"]["company"]["id"] == child.id
    assert child_items[0]["external_url"].endswith(
        f"/jobs/{child.created.company.slug}/" + child_items[0]["vacancy"]["slug"]
    )

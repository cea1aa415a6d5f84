"""Flatchr 7.1 Retrieve Vacancies, 7.3 Retrieve Vacancy, 7.4 Create Vacancy (§9 examples 4-6)."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_vacancies import (
    ADDRESS,
    ADDRESS_KEYS,
    DISTRIBUTION_KEYS,
    ISO,
    JSON_TYPE,
    QUESTION_KEYS,
    TAG_KEYS,
    VACANCY_KEYS,
    login_token,
    outbox_events,
    seed_vacancy,
    vacancy_body,
)
from vivier.companies.service import add_member
from vivier.config import Settings
from vivier.db.scoping import scoped
from vivier.db.session import Database
from vivier.faces.flatchr.render_vacancy import (
    LIST_FIELDS,
    company_webhook_json,
    user_json,
    vacancy_json,
    vacancy_webhook_json,
)
from vivier.tags.models import Tag
from vivier.vacancies.service import (
    add_question,
    get_vacancy,
    set_intranet,
    set_vacancy_status,
    vacancy_view,
)


def create(client: TestClient, tenant: Tenant, **overrides: Any) -> Any:
    return client.post(
        f"/flatchr/company/{tenant.id}/vacancy", json=vacancy_body(**overrides), headers=tenant.auth
    )


def vacancy_ids(client: TestClient, tenant: Tenant, query: str = "") -> list[str]:
    response = client.get(f"/flatchr/company/{tenant.id}/vacancies{query}", headers=tenant.auth)
    assert response.status_code == 200, response.text
    return [v["id"] for v in response.json()]


# -- 7.4 Create Vacancy -----------------------------------------------------------------------------


def test_create_vacancy_documented_example(
    client: TestClient, db: Database, tenant: Tenant, settings: Settings
) -> None:
    response = create(client, tenant)
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == JSON_TYPE
    v = response.json()
    assert set(v) == VACANCY_KEYS | {"address", "tags", "questions"}
    assert re.fullmatch(r"[A-Za-z0-9]{16}", v["id"])
    assert isinstance(v["vacancy_id"], int)
    assert v["slug"] == f"{v['id'].lower()}-web-developer"
    assert re.fullmatch(r"[a-z0-9]{6}", v["slug_mail"])
    assert v["status"] == 1 and v["published"] is True
    assert v["title"] == "Web Developer" and v["reference"] == "dev-web-01"
    assert v["description"] == "<p>Join us</p>"
    assert v["experience"] == 2
    assert (v["salary"], v["salary_max"]) == ("40 000", "60 000")
    assert (v["currency"], v["mensuality"], v["remote"], v["language"]) == ("EUR", "y", "parttime", "fr_FR")
    assert v["company_id"] == tenant.ctx.company_id
    assert (v["contract_type_id"], v["education_level_id"], v["activity_id"]) == (1, 6, 25)
    assert (v["channel_id"], v["metier_id"]) == (2, 49)
    assert (v["contract_type"], v["education_level"], v["activity"]) == ("CDI", "Bac +5", "Internet")
    assert (v["channel"], v["metier"]) == ("Commerce / Vente", "Commercial conseil")
    assert v["start_date"] == "2023-05-01T00:00:00.000Z"
    assert v["end_date"] == "2024-05-01T00:00:00.000Z"
    assert (v["driver_license"], v["handicap"], v["partial"], v["kanban"]) == (False, False, False, True)
    assert v["note"] is None and v["apply_url"] is None and v["external_id"] is None
    assert v["meta_title"] is None and v["meta_description"] is None and v["meta_tags"] is None
    assert v["options"] == {
        "indeed": False,
        "linkedin": False,
        "motivation": False,
        "social_links": False,
        "optionals": [],
    }
    assert ISO.match(v["created_at"]) and ISO.match(v["updated_at"])
    assert v["addressFormatted"] == "" and v["address"] is None
    assert v["tags"] == [] and v["questions"] == []

    events = outbox_events(db, tenant, "new_vacancy")
    assert [e.subject for e in events] == [{"vacancy_id": v["vacancy_id"]}]

    # Status 1 created the career-site distribution.
    listed = client.get(
        f"/flatchr/company/{tenant.id}/vacancies?fields=items&offer_id=98", headers=tenant.auth
    ).json()
    assert [row["id"] for row in listed] == [v["id"]]
    (item,) = listed[0]["items"]
    assert set(item) == DISTRIBUTION_KEYS
    assert item["offer_id"] == 98 and item["published"] is True and item["status"] == "published"
    assert item["vacancy_id"] == v["vacancy_id"]
    company_slug = tenant.created.company.slug
    assert item["external_url"] == f"{settings.public_url.rstrip('/')}/jobs/{company_slug}/{v['slug']}"
    careers = client.get(f"/flatchr/careers/company/{company_slug}.json").json()
    assert [i["vacancy"]["id"] for i in careers["items"]] == [v["id"]]


def test_create_with_address_tags_options_and_coercions(client: TestClient, tenant: Tenant) -> None:
    tags = client.get(f"/flatchr/company/{tenant.id}/tags", headers=tenant.auth).json()
    folder = next(t for t in tags if t["type"] == "vacancies")
    response = create(
        client,
        tenant,
        address=ADDRESS,
        tags=[folder["id"]],
        remote=True,
        salary=40000,
        salary_max=55000.5,
        driver_license="true",
        partial=1,
        options={"indeed": True, "optionals": ["cv"]},
        language="en_GB",
    )
    assert response.status_code == 201, response.text
    v = response.json()
    assert v["remote"] == "fulltime"
    assert (v["salary"], v["salary_max"]) == ("40000", "55000.5")
    assert v["driver_license"] is True and v["partial"] is True
    assert v["options"]["indeed"] is True and v["options"]["optionals"] == ["cv"]
    # Labels follow the vacancy's language.
    assert (v["contract_type"], v["education_level"]) == ("Permanent contract", "Master's degree (Bac +5)")
    assert set(v["address"]) == ADDRESS_KEYS
    assert v["address"]["postal_code"] == "75002"
    assert v["address"]["location_lat"] == "48.86860000000"
    assert v["address"]["formatted_address"] == "12 rue de la Paix, 75002 Paris, France"
    assert v["addressFormatted"] == "12 rue de la Paix, 75002 Paris, France"
    (tag,) = v["tags"]
    assert set(tag) == TAG_KEYS and tag["id"] == folder["id"] and tag["folder"] is True

    off = create(client, tenant, remote=False, status=2).json()
    assert off["remote"] == "notime" and off["published"] is False
    draft_items = client.get(
        f"/flatchr/company/{tenant.id}/vacancies?fields=items&status=2", headers=tenant.auth
    ).json()
    assert draft_items[0]["items"] == []


def test_create_reads_form_bodies_and_query_fallback(client: TestClient, tenant: Tenant) -> None:
    fields = {k: str(v) for k, v in vacancy_body(title="Form Job").items()}
    form = client.post(f"/flatchr/company/{tenant.id}/vacancy", data=fields, headers=tenant.auth)
    assert form.status_code == 201, form.text
    assert form.json()["slug"].endswith("-form-job") and form.json()["experience"] == 2

    query = {k: str(v) for k, v in vacancy_body(title="Query Job", remote="true").items()}
    query["token"] = tenant.key
    fallback = client.post(f"/flatchr/company/{tenant.id}/vacancy", params=query)
    assert fallback.status_code == 201, fallback.text
    assert fallback.json()["title"] == "Query Job" and fallback.json()["remote"] == "fulltime"

    # The body wins over the query string.
    both = client.post(
        f"/flatchr/company/{tenant.id}/vacancy?title=Loser",
        json=vacancy_body(title="Winner"),
        headers=tenant.auth,
    )
    assert both.json()["title"] == "Winner"


def test_create_invalid_names_fields_and_stores_nothing(
    client: TestClient, db: Database, tenant: Tenant
) -> None:
    missing = create(client, tenant, title=..., language=...)
    assert missing.status_code == 400
    body = missing.json()
    assert body["statusCode"] == 400 and body["error"] == "Bad Request"
    assert '"title"' in body["message"] and '"language"' in body["message"]

    wrong = create(client, tenant, metier_id=70, experience=3, end_date="2020-01-01")
    assert wrong.status_code == 400
    for field in ('"metier_id"', '"experience"', '"end_date"'):
        assert field in wrong.json()["message"]

    types = create(client, tenant, status="abc", start_date="tomorrow")
    assert types.status_code == 400
    assert '"status"' in types.json()["message"] and '"start_date"' in types.json()["message"]

    unknown_tag = create(client, tenant, tags=["AAAAAAAAAAAAAAAA"])
    assert unknown_tag.status_code == 400 and '"tags"' in unknown_tag.json()["message"]

    bad_json = client.post(
        f"/flatchr/company/{tenant.id}/vacancy",
        content=b"{not json",
        headers={**tenant.auth, "content-type": "application/json"},
    )
    assert bad_json.status_code == 400 and '"body"' in bad_json.json()["message"]

    assert vacancy_ids(client, tenant) == []
    assert outbox_events(db, tenant, "new_vacancy") == []


def test_create_needs_a_credential_for_that_company(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    foreign = client.post(
        f"/flatchr/company/{other_tenant.id}/vacancy", json=vacancy_body(), headers=tenant.auth
    )
    assert foreign.status_code == 404
    assert foreign.json() == {"statusCode": 404, "error": "Not Found", "message": "Company not found"}
    anonymous = client.post(f"/flatchr/company/{tenant.id}/vacancy", json=vacancy_body())
    assert anonymous.status_code == 401 and anonymous.json()["message"] == "Missing authentication"
    assert vacancy_ids(client, other_tenant) == [] and vacancy_ids(client, tenant) == []
    assert outbox_events(db, other_tenant, "new_vacancy") == []


# -- 7.1 Retrieve Vacancies ---------------------------------------------------------------------------


def test_retrieve_vacancies_example_4(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    first = seed_vacancy(db, tenant, title="Account Executive", address=ADDRESS)
    second = seed_vacancy(db, tenant, title="Intranet Only", status=1)
    draft = seed_vacancy(db, tenant, title="Draft", status=2)
    seed_vacancy(db, other_tenant, title="Foreign")
    with db.unit_of_work() as session:
        set_intranet(session, tenant.ctx, second.public_id, True)

    plain = client.get(f"/flatchr/company/{tenant.id}/vacancies", headers=tenant.auth)
    assert plain.status_code == 200 and plain.headers["content-type"] == JSON_TYPE
    rows = plain.json()
    assert [r["id"] for r in rows] == [draft.public_id, second.public_id, first.public_id]
    assert all(set(r) == VACANCY_KEYS for r in rows)
    assert rows[2]["addressFormatted"] == "12 rue de la Paix, 75002 Paris, France"

    with_address = client.get(
        f"/flatchr/company/{tenant.id}/vacancies?fields=address,bogus,company", headers=tenant.auth
    ).json()
    assert all(set(r) == VACANCY_KEYS | {"address"} for r in with_address)
    assert with_address[0]["address"] is None
    assert with_address[2]["address"]["locality"] == "Paris"

    assert vacancy_ids(client, tenant, "?fields=items&offer_id=152") == [second.public_id]
    assert vacancy_ids(client, tenant, "?offer_id=98") == [second.public_id, first.public_id]
    assert vacancy_ids(client, tenant, "?status=2") == [draft.public_id]
    assert vacancy_ids(client, tenant, "?status=1&limit=1&offset=1") == [first.public_id]

    items = client.get(
        f"/flatchr/company/{tenant.id}/vacancies?fields=items&offer_id=152", headers=tenant.auth
    ).json()[0]["items"]
    assert sorted(i["offer_id"] for i in items) == [98, 152]
    assert all(set(i) == DISTRIBUTION_KEYS for i in items)  # no nested vacancy


def test_retrieve_vacancies_blocks(client: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = seed_vacancy(db, tenant)
    with db.unit_of_work() as session:
        add_question(session, tenant.ctx, vacancy.public_id, "Why us?", "select", True, "a;b")
    (row,) = client.get(
        f"/flatchr/company/{tenant.id}/vacancies?fields=tags,questions,faqs", headers=tenant.auth
    ).json()
    assert set(row) == VACANCY_KEYS | {"tags", "questions"}
    (question,) = row["questions"]
    assert set(question) == QUESTION_KEYS
    assert question["text"] == "Why us?" and question["type"] == "select" and question["required"] is True
    assert question["options"] == "a;b" and question["position"] == 0
    assert question["parent_question"] is None and question["parent_answer_expected"] is None


def test_retrieve_vacancies_bad_parameters(client: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    for name in ("status", "offer_id"):
        response = client.get(f"/flatchr/company/{tenant.id}/vacancies?{name}=x", headers=tenant.auth)
        assert response.status_code == 400
        assert response.json()["message"] == f'"{name}" must be an integer'
    foreign = client.get(f"/flatchr/company/{other_tenant.id}/vacancies", headers=tenant.auth)
    assert foreign.status_code == 404
    unknown = client.get("/flatchr/company/nope/vacancies", headers=tenant.auth)
    assert unknown.status_code == 404


# -- 7.3 Retrieve Vacancy -----------------------------------------------------------------------------


def test_retrieve_vacancy_example_5(client: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = seed_vacancy(db, tenant, address=ADDRESS)
    response = client.get(f"/flatchr/vacancy/{vacancy.public_id}?fields=address,tags", headers=tenant.auth)
    assert response.status_code == 200 and response.headers["content-type"] == JSON_TYPE
    v = response.json()
    assert set(v) == VACANCY_KEYS | {"address", "tags"}
    assert v["id"] == vacancy.public_id and v["vacancy_id"] == vacancy.id
    assert v["address"]["route"] == "rue de la Paix" and v["tags"] == []

    extra = client.get(
        f"/flatchr/vacancy/{vacancy.public_id}?fields=questions,faqs,benefits,items", headers=tenant.auth
    ).json()
    assert set(extra) == VACANCY_KEYS | {"questions", "faqs", "benefits"}
    assert extra["faqs"] == [] and extra["benefits"] == []

    by_query = client.get(f"/flatchr/vacancy/{vacancy.public_id}?token={tenant.key}")
    assert by_query.status_code == 200


def test_retrieve_vacancy_other_company_and_bad_ids(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    vacancy = seed_vacancy(db, tenant)
    foreign = client.get(f"/flatchr/vacancy/{vacancy.public_id}", headers=other_tenant.auth)
    assert foreign.status_code == 404
    assert foreign.json() == {"statusCode": 404, "error": "Not Found", "message": "Vacancy not found"}
    for ref in ("AAAAAAAAAAAAAAAA", "not-an-id", str(vacancy.id)):
        assert client.get(f"/flatchr/vacancy/{ref}", headers=tenant.auth).status_code == 404
    assert client.get(f"/flatchr/vacancy/{vacancy.public_id}").status_code == 401
    bad = client.get("/flatchr/vacancy/AAAAAAAAAAAAAAAA", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["message"] == "Invalid token"


# -- JWT from login on company routes -------------------------------------------------------------


def test_jwt_acts_for_every_company_of_the_user(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    # The tenant's admin also joins a third company; the JWT then reaches both, nothing else.
    from tests.faces.conftest import make_tenant

    third = make_tenant(db, "Third")
    with db.unit_of_work() as session:
        add_member(session, third.ctx, email=tenant.created.user.email, password=PASSWORD, role_id=3)
    own = seed_vacancy(db, tenant, title="Own")
    theirs = seed_vacancy(db, third, title="Joined")
    foreign = seed_vacancy(db, other_tenant, title="Foreign")
    token = login_token(client, tenant.created.user.email, PASSWORD)
    auth = {"Authorization": f"Bearer {token}"}

    assert (
        client.get(f"/flatchr/company/{tenant.id}/vacancies", headers=auth).json()[0]["id"] == own.public_id
    )
    joined = client.get(f"/flatchr/company/{third.id}/vacancies?token={token}")
    assert [v["id"] for v in joined.json()] == [theirs.public_id]
    assert client.get(f"/flatchr/company/{other_tenant.id}/vacancies", headers=auth).status_code == 404

    assert client.get(f"/flatchr/vacancy/{own.public_id}", headers=auth).status_code == 200
    assert client.get(f"/flatchr/vacancy/{theirs.public_id}", headers=auth).json()["title"] == "Joined"
    assert client.get(f"/flatchr/vacancy/{foreign.public_id}", headers=auth).status_code == 404

    created = client.post(f"/flatchr/company/{third.id}/vacancy", json=vacancy_body(), headers=auth)
    assert created.status_code == 201 and created.json()["company_id"] == third.ctx.company_id
    assert len(outbox_events(db, third, "new_vacancy")) == 2


def test_archived_vacancy_items_are_unpublished(client: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = seed_vacancy(db, tenant)
    with db.unit_of_work() as session:
        set_vacancy_status(session, tenant.ctx, vacancy.public_id, 0)
    (row,) = client.get(f"/flatchr/company/{tenant.id}/vacancies?fields=items", headers=tenant.auth).json()
    assert row["status"] == 0 and row["published"] is False
    assert [(i["published"], i["status"]) for i in row["items"]] == [(False, "unpublished")]
    assert vacancy_ids(client, tenant, "?offer_id=98") == []


def test_openapi_documents_the_vacancy_shapes(client: TestClient) -> None:
    spec = client.get("/flatchr/openapi.json").json()
    get_list = spec["paths"]["/company/{companyId}/vacancies"]["get"]
    assert "VacancyOut" in str(get_list["responses"]["200"])
    post = spec["paths"]["/company/{companyId}/vacancy"]["post"]
    assert "201" in post["responses"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert "title" in schema["required"] and "locality" in str(schema["properties"]["address"])


# -- rendering helpers other routes and the webhook renderer use -----------------------------------


def test_vacancy_webhook_variant(db: Database, tenant: Tenant, settings: Settings) -> None:
    created = seed_vacancy(db, tenant, address=ADDRESS)
    with db.unit_of_work() as session:
        add_question(session, tenant.ctx, created.public_id, "Why?")
        view = vacancy_view(session, get_vacancy(session, tenant.ctx, created.public_id))
        data = vacancy_webhook_json(view, settings)
        user = user_json(tenant.created.user, "Api", webhook=True)
    assert set(data) == VACANCY_KEYS | {"address", "tags", "questions", "created_by", "updated_by"}
    assert data["id"] == created.id and data["vacancy_id"] == created.id
    assert data["company_id"] == tenant.id
    assert data["created_by"] == data["updated_by"] == tenant.created.user.public_id
    assert data["address"]["locality"] == "Paris" and [q["text"] for q in data["questions"]] == ["Why?"]
    given = vacancy_webhook_json(view, settings, {tenant.created.user.id: "GivenUserId00000"})
    assert given["created_by"] == "GivenUserId00000"
    assert {"signature", "last_login", "picture"} <= set(user) and user["signature"] is None
    assert company_webhook_json(view.company) == {"id": tenant.id, "name": "Api"}


def test_list_and_careers_query_count_does_not_grow(client: TestClient, db: Database, tenant: Tenant) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def measure(url: str, **kwargs: Any) -> int:
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(url, **kwargs).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    list_url = f"/flatchr/company/{tenant.id}/vacancies?fields=address,tags,questions,items"
    careers_url = f"/flatchr/careers/company/{tenant.created.company.slug}.json"
    seed_vacancy(db, tenant)
    one = measure(list_url, headers=tenant.auth), measure(careers_url)
    for title in ("Two", "Three", "Four"):
        seed_vacancy(db, tenant, title=title)
    assert (measure(list_url, headers=tenant.auth), measure(careers_url)) == one


def test_list_renders_each_vacancy_like_the_single_vacancy_routes(
    client: TestClient, db: Database, tenant: Tenant, settings: Settings
) -> None:
    """The list reads plain column values, the other routes ORM rows: both must render the same."""
    with db.unit_of_work() as session:
        folder = session.scalars(scoped(Tag, tenant.ctx).where(Tag.type == "vacancies")).one()
    english = seed_vacancy(
        db,
        tenant,
        title="English",
        language="en_GB",
        address=ADDRESS,
        tags=[folder.public_id],
        options={"indeed": True, "optionals": ["cv", "letter"]},
        note="n",
        meta_tags="a,b",
        driver_license=True,
        kanban=False,
    )
    archived = seed_vacancy(db, tenant, title="Archived", start_date=..., end_date=..., remote=True)
    draft = seed_vacancy(db, tenant, title="Draft", status=2, salary=..., currency=...)
    plain = seed_vacancy(db, tenant, title="Plain", options={"linkedin": 1})
    with db.unit_of_work() as session:
        add_question(session, tenant.ctx, english.public_id, "Why us?", "select", True, "a;b")
        add_question(session, tenant.ctx, english.public_id, "When?", position=0)
        add_question(session, tenant.ctx, plain.public_id, "Where?", "textarea")
        set_intranet(session, tenant.ctx, english.public_id, True)
        set_vacancy_status(session, tenant.ctx, archived.public_id, 0)
    blocks = "address,tags,questions"
    listed = client.get(f"/flatchr/company/{tenant.id}/vacancies?fields={blocks},items", headers=tenant.auth)
    assert listed.status_code == 200
    rows = {row["id"]: row for row in listed.json()}
    assert set(rows) == {english.public_id, archived.public_id, draft.public_id, plain.public_id}
    assert (
        rows[english.public_id]["contract_type"] == "Permanent contract" and rows[english.public_id]["items"]
    )
    for public_id, row in rows.items():
        single = client.get(f"/flatchr/vacancy/{public_id}?fields={blocks}", headers=tenant.auth).json()
        assert {k: v for k, v in row.items() if k != "items"} == single
        with db.unit_of_work() as session:
            view = vacancy_view(session, get_vacancy(session, tenant.ctx, public_id))
            assert row == json.loads(json.dumps(vacancy_json(view, LIST_FIELDS, settings)))
    for query in ("", "?fields=items&status=1", "?status=0&fields=address", "?limit=2&offset=1&fields=tags"):
        page = client.get(f"/flatchr/company/{tenant.id}/vacancies{query}", headers=tenant.auth).json()
        assert page, query
        for row in page:
            full = rows[row["id"]]
            assert row == {k: v for k, v in full.items() if k in row}, query

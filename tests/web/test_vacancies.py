"""Vacancy pages: list with status filter and pipeline counts, create and edit, publish/unpublish/archive.

Writes are checked by reading the vacancy back through the Flatchr API with the tenant's key.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.faces.conftest import Tenant
from tests.web.conftest import add_user, post_form, sign_in
from vivier.companies.models import Role
from vivier.db.session import Database
from vivier.pipeline.service import list_columns
from vivier.tags.service import list_tags
from vivier.vacancies.models import Vacancy, VacancyStatus


def form(**overrides: Any) -> dict[str, Any]:
    """A complete, valid vacancy form as the page posts it."""
    data: dict[str, Any] = {
        "title": "Data engineer",
        "reference": "DE-01",
        "status": "2",
        "language": "en_GB",
        "contract_type_id": "2",
        "experience": "4",
        "education_level_id": "6",
        "activity_id": "19",
        "channel_id": "5",
        "metier_id": "15",
        "description": "<p>Our data team</p>",
        "mission": "Build pipelines",
        "profile": "Curious",
        "salary": "45000",
        "salary_max": "55000",
        "currency": "CHF",
        "mensuality": "m",
        "remote": "parttime",
        "start_date": "2027-01-04",
        "end_date": "2027-12-31",
        "driver_license": "true",
        "address.street_number": "12",
        "address.route": "Rue de la République",
        "address.postal_code": "69002",
        "address.locality": "Lyon",
        "address.country": "France",
        "address.location_lat": "45.76",
        "address.location_lng": "4.83",
        "options.motivation": "true",
        "apply_url": "",
        "external_id": "",
        "meta_title": "",
        "meta_tags": "",
        "meta_description": "",
        "note": "Budget approved",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def flatchr_vacancy(client: TestClient, tenant: Tenant, public_id: str) -> dict[str, Any]:
    response = client.get(
        f"/flatchr/vacancy/{public_id}", params={"fields": "address,tags"}, headers=tenant.auth
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def flatchr_vacancies(client: TestClient, tenant: Tenant) -> list[dict[str, Any]]:
    response = client.get(f"/flatchr/company/{tenant.id}/vacancies", headers=tenant.auth)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def make_vacancy(
    db: Database, tenant: Tenant, title: str = "Welder", status: int = VacancyStatus.DRAFT
) -> Vacancy:
    with db.unit_of_work() as session:
        return factories.make_vacancy(session, tenant.ctx, title, status=status)


def created_id(response: Any) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/vacancies/(\w+)/edit\?saved=1", response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


def row(page: str, public_id: str) -> str:
    """The list's table row of one vacancy."""
    match = re.search(rf'<tr data-vacancy="{public_id}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {public_id}"
    return match.group(1)


def cells(page_row: str) -> dict[int, int]:
    return {
        int(c): int(n)
        for c, n in re.findall(r'<td class="num" data-column="(\d+)"[^>]*>(\d+)</td>', page_row)
    }


# -- access -----------------------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = make_vacancy(db, tenant)
    for url in (
        "/vacancies",
        "/vacancies/new",
        f"/vacancies/{vacancy.public_id}",
        f"/vacancies/{vacancy.public_id}/edit",
    ):
        response = client.get(url)
        assert response.status_code == 303 and response.headers["location"].startswith(
            "/login?next=/vacancies"
        )
    for url in (
        "/vacancies/new",
        f"/vacancies/{vacancy.public_id}/edit",
        f"/vacancies/{vacancy.public_id}/publish",
    ):
        response = post_form(client, url, form())
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert flatchr_vacancy(client, tenant, vacancy.public_id)["status"] == VacancyStatus.DRAFT
    assert len(flatchr_vacancies(client, tenant)) == 1


def test_another_companys_vacancy_is_not_found(
    web: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    foreign = make_vacancy(db, other_tenant, "Secret role")
    assert web.get(f"/vacancies/{foreign.public_id}/edit").status_code == 404
    assert post_form(web, f"/vacancies/{foreign.public_id}/edit", form()).status_code == 404
    for action in ("publish", "unpublish", "archive"):
        assert post_form(web, f"/vacancies/{foreign.public_id}/{action}").status_code == 404
    assert post_form(web, f"/vacancies/{foreign.public_id}/delete").status_code == 404
    assert "Secret role" not in web.get("/vacancies?status=all").text
    assert flatchr_vacancy(web, other_tenant, foreign.public_id)["title"] == "Secret role"


def test_posts_without_the_csrf_token_are_refused(web: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = make_vacancy(db, tenant)
    for url in (
        "/vacancies/new",
        f"/vacancies/{vacancy.public_id}/edit",
        f"/vacancies/{vacancy.public_id}/publish",
    ):
        assert web.post(url, data=form(title="Forged")).status_code == 403
    current = flatchr_vacancy(web, tenant, vacancy.public_id)
    assert current["title"] == "Welder" and current["status"] == VacancyStatus.DRAFT
    assert len(flatchr_vacancies(web, tenant)) == 1


def test_hiring_managers_read_the_list_but_cannot_change_vacancies(
    client: TestClient, db: Database, tenant: Tenant
) -> None:
    vacancy = make_vacancy(db, tenant)
    assert sign_in(client, add_user(db, tenant, Role.HIRING_MANAGER)).status_code == 303
    page = client.get("/vacancies")
    assert page.status_code == 200 and vacancy.public_id in page.text
    assert "/vacancies/new" not in page.text and f"/vacancies/{vacancy.public_id}/edit" not in page.text
    assert 'data-action="publish"' not in page.text
    assert client.get("/vacancies/new").status_code == 403
    assert client.get(f"/vacancies/{vacancy.public_id}/edit").status_code == 403
    assert post_form(client, "/vacancies/new", form()).status_code == 403
    assert post_form(client, f"/vacancies/{vacancy.public_id}/edit", form()).status_code == 403
    assert post_form(client, f"/vacancies/{vacancy.public_id}/publish").status_code == 403
    assert flatchr_vacancy(client, tenant, vacancy.public_id)["status"] == VacancyStatus.DRAFT
    assert len(flatchr_vacancies(client, tenant)) == 1


# -- list -------------------------------------------------------------------------------------------


def test_list_filters_by_status_and_counts_active_applicants_per_column(
    web: TestClient, db: Database, tenant: Tenant
) -> None:
    published = make_vacancy(db, tenant, "Published role", VacancyStatus.ACTIVE)
    draft = make_vacancy(db, tenant, "Draft role", VacancyStatus.DRAFT)
    archived = make_vacancy(db, tenant, "Archived role", VacancyStatus.ARCHIVED)
    with db.unit_of_work() as session:
        columns = list_columns(session, tenant.ctx)
        first, second = columns[0].id, columns[1].id
        for _ in range(3):
            factories.make_application(session, tenant.ctx, vacancy=session.merge(published))
        moved = factories.make_application(session, tenant.ctx, vacancy=session.merge(published))
        moved.column_id = second
        gone = factories.make_application(session, tenant.ctx, vacancy=session.merge(published))
        gone.status = 0  # archived applications are not counted
        factories.make_application(session, tenant.ctx, vacancy=session.merge(draft))

    page = web.get("/vacancies")
    assert page.status_code == 200
    assert f'<th scope="col" class="num" data-column="{first}">' in page.text
    assert cells(row(page.text, published.public_id)) == {c.id: 0 for c in columns} | {first: 3, second: 1}
    assert re.search(r'data-total data-label="Total">4<', row(page.text, published.public_id))
    assert cells(row(page.text, draft.public_id))[first] == 1
    assert archived.public_id not in page.text  # "open" (the default) = published and drafts
    assert re.search(r'data-filter="archived">Archived <span class="badge">1</span>', page.text)
    assert re.search(r'data-filter="all"[^>]*>All <span class="badge">3</span>', page.text)

    only_published = web.get("/vacancies", params={"status": "published"}).text
    assert published.public_id in only_published and draft.public_id not in only_published
    only_drafts = web.get("/vacancies", params={"status": "draft"}).text
    assert draft.public_id in only_drafts and published.public_id not in only_drafts
    only_archived = web.get("/vacancies", params={"status": "archived"}).text
    assert archived.public_id in only_archived and draft.public_id not in only_archived
    everything = web.get("/vacancies", params={"status": "all"}).text
    assert all(v.public_id in everything for v in (published, draft, archived))
    assert f'href="/vacancies/{published.public_id}/board"' in everything
    assert f'href="/vacancies/{published.public_id}/edit"' in everything
    assert web.get("/vacancies", params={"status": "nonsense"}).status_code == 200


def test_list_pages_through_many_vacancies(
    web: TestClient, db: Database, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vivier.web.vacancies.PAGE_SIZE", 2)
    made = [make_vacancy(db, tenant, f"Role {i}") for i in range(3)]
    first = web.get("/vacancies").text
    assert made[2].public_id in first and made[1].public_id in first and made[0].public_id not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = web.get("/vacancies", params={"page": 2}).text
    assert made[0].public_id in second and 'rel="prev"' in second and 'rel="next"' not in second
    for unusable in ("0", "x", "99999999999"):  # a bad page number shows a page, never an error
        assert web.get("/vacancies", params={"page": unusable}).status_code == 200


def test_a_vacancy_address_leads_to_its_board(web: TestClient, db: Database, tenant: Tenant) -> None:
    vacancy = make_vacancy(db, tenant)
    response = web.get(f"/vacancies/{vacancy.public_id}")
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/vacancies/{vacancy.public_id}/board"
    )
    assert web.get(response.headers["location"]).status_code == 200


def test_an_empty_company_sees_an_empty_list(web: TestClient) -> None:
    page = web.get("/vacancies")
    assert (
        page.status_code == 200 and "No vacancies here yet." in page.text and 'id="new-vacancy"' in page.text
    )


# -- create -----------------------------------------------------------------------------------------


def test_create_a_vacancy_with_every_field(web: TestClient, tenant: Tenant, db: Database) -> None:
    with db.unit_of_work() as session:
        folder = list_tags(session, tenant.ctx, type="vacancies")[0].public_id
    page = web.get("/vacancies/new")
    assert page.status_code == 200
    for control in ("f-title", "f-contract_type_id", "f-metier_id", "f-address-locality", "f-options-indeed"):
        assert f'for="{control}"' in page.text and f'id="{control}"' in page.text
    assert "Permanent contract" in page.text and "Web developer" in page.text  # English labels
    response = post_form(web, "/vacancies/new", form(tags=folder))
    public_id = created_id(response)
    saved = web.get(response.headers["location"])
    assert saved.status_code == 200 and 'id="saved"' in saved.text and 'value="Data engineer"' in saved.text

    vacancy = flatchr_vacancy(web, tenant, public_id)
    posted = form()
    numbers = ("status", "contract_type_id", "experience", "education_level_id", "activity_id", "channel_id")
    texts = ("title", "reference", "language", "description", "mission", "profile", "salary", "salary_max")
    assert {k: vacancy[k] for k in numbers} == {k: int(posted[k]) for k in numbers}
    assert {k: vacancy[k] for k in texts} == {k: posted[k] for k in texts}
    assert (vacancy["metier_id"], vacancy["currency"], vacancy["mensuality"], vacancy["remote"]) == (
        15,
        "CHF",
        "m",
        "parttime",
    )
    assert (vacancy["start_date"], vacancy["end_date"]) == (
        "2027-01-04T00:00:00.000Z",
        "2027-12-31T00:00:00.000Z",
    )
    flags = (vacancy["driver_license"], vacancy["partial"], vacancy["handicap"], vacancy["kanban"])
    assert flags == (True, False, False, False)  # unchecked boxes are off
    assert (vacancy["note"], vacancy["apply_url"], vacancy["meta_title"]) == ("Budget approved", None, None)
    assert vacancy["address"]["locality"] == "Lyon" and vacancy["address"]["postal_code"] == "69002"
    assert vacancy["address"]["location_lat"].startswith("45.76")
    assert vacancy["addressFormatted"] == "12 Rue de la République, 69002 Lyon, France"
    assert vacancy["options"]["motivation"] is True and vacancy["options"]["indeed"] is False
    assert [t["id"] for t in vacancy["tags"]] == [folder]


def test_create_published_puts_the_vacancy_on_the_career_site(web: TestClient, tenant: Tenant) -> None:
    public_id = created_id(post_form(web, "/vacancies/new", form(status="1")))
    assert flatchr_vacancy(web, tenant, public_id)["published"] is True
    careers = web.get(f"/flatchr/careers/company/{tenant.created.company.slug}.json").json()
    assert public_id in str(careers)


def test_refused_creation_shows_messages_next_to_fields_and_keeps_values(
    web: TestClient, tenant: Tenant
) -> None:
    response = post_form(
        web,
        "/vacancies/new",
        form(
            title="  ",
            channel_id="2",  # job category 15 (web developer) is in channel 5
            end_date="2026-01-01",
            mission="Kept mission text",
            experience="",
            **{"address.location_lat": "north"},
        ),
    )
    assert response.status_code == 422
    page = response.text
    assert 'id="form-errors"' in page
    assert re.search(r'id="f-title"[^>]*aria-invalid="true" aria-describedby="f-title-error"', page)
    assert 'id="f-title-error">This field is required.<' in page
    assert '<a href="#f-title">Title: This field is required.</a>' in page
    assert 'id="f-metier_id-error">This job category does not belong to the chosen channel.<' in page
    assert 'id="f-end_date-error">The end date must not be before the start date.<' in page
    assert 'id="f-experience-error">This field is required.<' in page
    assert 'id="f-address-location_lat-error">Enter a number.<' in page
    assert ">Kept mission text</textarea>" in page and 'value="north"' in page and 'value="Lyon"' in page
    assert re.search(r'<option value="2" selected>', page)  # the chosen channel stays chosen
    assert flatchr_vacancies(web, tenant) == []


def test_refused_creation_with_bad_types_and_lengths(web: TestClient, tenant: Tenant) -> None:
    response = post_form(
        web,
        "/vacancies/new",
        form(title="x" * 256, experience="3", start_date="soon", contract_type_id="999"),
    )
    assert response.status_code == 422
    assert 'id="f-start_date-error">Enter a date (YYYY-MM-DD).<' in response.text
    again = post_form(web, "/vacancies/new", form(title="x" * 256, experience="3", contract_type_id="999"))
    assert again.status_code == 422
    assert 'id="f-title-error">At most 255 characters.<' in again.text
    assert 'id="f-experience-error">Choose a value from the list.<' in again.text
    assert 'id="f-contract_type_id-error">Choose a value from the list.<' in again.text
    assert flatchr_vacancies(web, tenant) == []


# -- edit -------------------------------------------------------------------------------------------


def test_edit_shows_the_current_values_and_saves_changes(web: TestClient, tenant: Tenant) -> None:
    public_id = created_id(post_form(web, "/vacancies/new", form(**{"options.optionals": ["phone", "cv"]})))
    page = web.get(f"/vacancies/{public_id}/edit")
    assert page.status_code == 200
    assert 'value="Data engineer"' in page.text and ">Build pipelines</textarea>" in page.text
    assert re.search(r'id="f-driver_license"[^>]*checked', page.text)
    assert not re.search(r'id="f-partial"[^>]*checked', page.text)
    assert re.search(r'<option value="15" data-channel="5" selected>', page.text)
    assert 'name="status"' not in page.text  # the status buttons change it

    changed = form(
        title="Senior data engineer",
        remote="fulltime",
        driver_license=None,
        partial="true",
        salary="",
        **{"address.locality": "Grenoble", "address.postal_code": "", "options.optionals": ["phone", "cv"]},
    )
    response = post_form(web, f"/vacancies/{public_id}/edit", changed)
    assert (
        response.status_code == 303 and response.headers["location"] == f"/vacancies/{public_id}/edit?saved=1"
    )
    vacancy = flatchr_vacancy(web, tenant, public_id)
    assert vacancy["title"] == "Senior data engineer" and vacancy["remote"] == "fulltime"
    assert vacancy["driver_license"] is False and vacancy["partial"] is True
    assert vacancy["salary"] == "0" and vacancy["status"] == VacancyStatus.DRAFT
    assert vacancy["address"]["locality"] == "Grenoble" and vacancy["address"]["postal_code"] is None
    assert vacancy["options"]["optionals"] == ["phone", "cv"]
    assert vacancy["slug"].endswith("-data-engineer")  # the slug never changes


def test_refused_edit_changes_nothing(web: TestClient, tenant: Tenant) -> None:
    public_id = created_id(post_form(web, "/vacancies/new", form()))
    response = post_form(web, f"/vacancies/{public_id}/edit", form(title="Renamed", metier_id=""))
    assert response.status_code == 422
    assert 'id="f-metier_id-error">This field is required.<' in response.text
    assert 'value="Renamed"' in response.text
    assert f'action="/vacancies/{public_id}/edit"' in response.text
    assert flatchr_vacancy(web, tenant, public_id)["title"] == "Data engineer"


# -- status -----------------------------------------------------------------------------------------


def test_publish_unpublish_and_archive(web: TestClient, tenant: Tenant, db: Database) -> None:
    vacancy = make_vacancy(db, tenant)
    page = web.get("/vacancies").text
    assert f'action="/vacancies/{vacancy.public_id}/publish"' in row(page, vacancy.public_id)
    published = post_form(web, f"/vacancies/{vacancy.public_id}/publish", {"next": "/vacancies?status=draft"})
    assert published.status_code == 303 and published.headers["location"] == "/vacancies?status=draft"
    assert flatchr_vacancy(web, tenant, vacancy.public_id)["published"] is True
    assert f'action="/vacancies/{vacancy.public_id}/unpublish"' in row(
        web.get("/vacancies").text, vacancy.public_id
    )

    unpublished = post_form(
        web, f"/vacancies/{vacancy.public_id}/unpublish", {"next": "https://evil.example/"}
    )
    assert unpublished.headers["location"] == "/vacancies"
    assert flatchr_vacancy(web, tenant, vacancy.public_id)["status"] == VacancyStatus.DRAFT

    archived = post_form(web, f"/vacancies/{vacancy.public_id}/archive")
    assert archived.status_code == 303 and archived.headers["location"] == "/vacancies"
    assert flatchr_vacancy(web, tenant, vacancy.public_id)["status"] == VacancyStatus.ARCHIVED
    assert "Reopen as draft" in web.get("/vacancies", params={"status": "archived"}).text


# -- languages --------------------------------------------------------------------------------------


def test_pages_render_in_french_with_french_reference_labels(
    web: TestClient, db: Database, tenant: Tenant
) -> None:
    vacancy = make_vacancy(db, tenant)
    french = {"Accept-Language": "fr"}
    listing = web.get("/vacancies", headers=french)
    assert (
        listing.status_code == 200 and "Nouvelle offre" in listing.text and '<html lang="fr">' in listing.text
    )
    edit = web.get(f"/vacancies/{vacancy.public_id}/edit", headers=french)
    assert "Type de contrat" in edit.text and ">CDD</option>" in edit.text and "Développeur web" in edit.text
    refused = web.post(
        "/vacancies/new", data={**form(title=""), "csrf_token": web.cookies["vivier_csrf"]}, headers=french
    )
    assert refused.status_code == 422 and "Ce champ est obligatoire." in refused.text
    english = web.get(f"/vacancies/{vacancy.public_id}/edit")
    assert "Contract type" in english.text and "Fixed-term contract" in english.text

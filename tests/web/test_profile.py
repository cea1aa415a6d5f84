"""Candidate profile: every route's guards, the page, the details form and the CV."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import PDF
from tests.web.conftest import add_user, post_form, sign_in
from tests.web.profile_seed import Activity, Profile, activity, profile, seed_profile
from vivier.companies.models import Role
from vivier.config import Settings
from vivier.db.session import Database

__all__ = ["activity", "profile"]  # fixtures


def flowtly_candidate(client: TestClient, tenant: Tenant, candidate: str) -> dict[str, object]:
    response = client.get(
        f"/flowtly/candidates/{candidate}", headers=tenant.auth | {"Accept": "application/json"}
    )
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


# -- guards on every route -----------------------------------------------------------------------------


def test_signed_out_every_route_redirects_to_login(client: TestClient, activity: Activity) -> None:
    for method, path in activity.routes:
        response = activity.call(client, method, path)
        assert response.status_code == 303, (method, path)
        assert response.headers["location"].startswith("/login?next=/candidates/"), path


def test_another_companys_candidate_is_404_everywhere(
    client: TestClient, activity: Activity, other_tenant: Tenant
) -> None:
    assert sign_in(client, other_tenant.created.user.email).status_code == 303
    for method, path in activity.routes:
        response = activity.call(client, method, path)
        assert response.status_code == 404, (method, path, response.text[:200])
    assert client.get("/candidates/not-an-id").status_code == 404


def test_posts_without_csrf_token_are_refused(web: TestClient, activity: Activity, tenant: Tenant) -> None:
    base = f"/candidates/{activity.profile.candidate}"
    for tail in activity.writes:
        response = web.post(f"{base}{tail}", data=activity.form(f"{base}{tail}"))
        assert response.status_code == 403, tail
    # Nothing was written: the note, tag and task are still there, the name unchanged.
    page = web.get(base).text
    assert activity.note in page and activity.trait in page and "Close</button>" in page
    assert flowtly_candidate(web, tenant, activity.profile.candidate)["lastname"] == "Larfoillou"


def test_hiring_manager_reads_but_cannot_write(
    client: TestClient, activity: Activity, db: Database, tenant: Tenant
) -> None:
    assert sign_in(client, add_user(db, tenant, Role.HIRING_MANAGER)).status_code == 303
    page = client.get(f"/candidates/{activity.profile.candidate}")
    assert page.status_code == 200 and "First impression: good" in page.text
    for hook in ('id="note-form"', 'id="tag-form"', 'id="task-form"', 'id="details-form"', "Close</button>"):
        assert hook not in page.text
    for _method, path in activity.routes[4:]:
        assert post_form(client, path, activity.form(path)).status_code == 403, path
    form = client.get(f"/candidates/{activity.profile.candidate}/scorecard?group={activity.group}")
    assert form.status_code == 200 and "Save scorecard" not in form.text


# -- the page ------------------------------------------------------------------------------------------


def test_page_shows_applications_and_cv_in_both_languages(web: TestClient, activity: Activity) -> None:
    base = f"/candidates/{activity.profile.candidate}"
    page = web.get(base)
    assert page.status_code == 200
    assert f'data-application="{activity.profile.application}"' in page.text
    assert f'href="/vacancies/{activity.profile.vacancy}/board"' in page.text and "Data engineer" in page.text
    assert f'id="cv-preview" class="cv-preview" src="{base}/cv"' in page.text
    assert f'id="cv-download" href="{base}/cv/download"' in page.text
    assert '<label for="note-text">Note</label>' in page.text
    french = web.get(base, headers={"Accept-Language": "fr"})
    assert french.status_code == 200 and "Candidatures" in french.text and "Ajouter la note" in french.text


def test_unknown_candidate_is_404(web: TestClient) -> None:
    assert web.get("/candidates/AAAAAAAAAAAAAAAA").status_code == 404


# -- details ---------------------------------------------------------------------------------------


def test_edit_details_is_read_back_through_flowtly(web: TestClient, tenant: Tenant, profile: Profile) -> None:
    form = {
        "firstname": " Juliette ",
        "lastname": "Martin",
        "email": "juliette.martin@example.org",
        "phone": "+33 6 12 34 56 78",
        "position": "Data engineer",
        "location": "Lyon",
        "source": "Referral",
        "linkedin": "https://linkedin.com/in/jm",
        "notes": "Strong SQL",
        "expectations": "Remote",
        "birth_date": "1990-05-17",
    }
    response = post_form(web, f"/candidates/{profile.candidate}", form)
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/candidates/{profile.candidate}#details"
    )
    body = flowtly_candidate(web, tenant, profile.candidate)
    assert body["firstname"] == "Juliette" and body["lastname"] == "Martin"
    assert body["email"] == "juliette.martin@example.org" and body["location"] == "Lyon"
    assert body["linkedinProfile"] == "https://linkedin.com/in/jm" and body["notes"] == "Strong SQL"
    cleared = post_form(web, f"/candidates/{profile.candidate}", form | {"location": "", "birth_date": ""})
    assert cleared.status_code == 303
    assert flowtly_candidate(web, tenant, profile.candidate)["location"] is None


def test_edit_details_validation_rerenders_with_values(
    web: TestClient, tenant: Tenant, profile: Profile
) -> None:
    response = post_form(
        web,
        f"/candidates/{profile.candidate}",
        {"firstname": "", "lastname": "Martin", "email": "not-an-email", "birth_date": "17/05/1990"},
    )
    assert response.status_code == 422
    assert 'id="details-firstname-error"' in response.text and "must not be blank" in response.text
    assert 'value="not-an-email"' in response.text and 'value="Martin"' in response.text
    assert "<details open>" in response.text
    assert flowtly_candidate(web, tenant, profile.candidate)["lastname"] == "Larfoillou"
    bad_date = post_form(
        web,
        f"/candidates/{profile.candidate}",
        {"firstname": "J", "lastname": "M", "birth_date": "17/05/1990"},
    )
    assert bad_date.status_code == 422 and "must be a date (YYYY-MM-DD)" in bad_date.text


def test_person_without_email_can_be_edited(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant
) -> None:
    person = seed_profile(db, settings, tenant, email=None, cv=None)
    response = post_form(
        web, f"/candidates/{person.candidate}", {"firstname": "Jo", "lastname": "Doe", "email": ""}
    )
    assert response.status_code == 303
    assert flowtly_candidate(web, tenant, person.candidate)["lastname"] == "Doe"


def test_duplicate_email_is_refused(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    other = seed_profile(db, settings, tenant, firstname="Paul")
    response = post_form(
        web, f"/candidates/{other.candidate}", {"firstname": "Paul", "lastname": "L", "email": profile.email}
    )
    assert response.status_code == 422 and "is already used" in response.text


# -- CV --------------------------------------------------------------------------------------------


def test_pdf_cv_is_inline_on_preview_and_attachment_on_download(web: TestClient, profile: Profile) -> None:
    preview = web.get(f"/candidates/{profile.candidate}/cv")
    assert preview.status_code == 200 and preview.content == PDF
    assert preview.headers["content-type"] == "application/pdf"
    assert preview.headers["content-disposition"].startswith('inline; filename="cv.pdf"')
    assert preview.headers["x-content-type-options"] == "nosniff"
    download = web.get(f"/candidates/{profile.candidate}/cv/download")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-disposition"].startswith('attachment; filename="cv.pdf"')


def test_other_cv_types_always_download(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant
) -> None:
    text = "Curriculum vitæ\nPython, SQL\n".encode()
    person = seed_profile(db, settings, tenant, cv=(text, "cv élève.txt", "text/plain"))
    page = web.get(f"/candidates/{person.candidate}")
    assert 'id="cv-preview"' not in page.text and 'id="cv-download"' in page.text
    response = web.get(f"/candidates/{person.candidate}/cv")
    assert response.status_code == 200 and response.content == text
    assert response.headers["content-type"].startswith("text/plain")
    disposition = response.headers["content-disposition"]
    assert (
        disposition.startswith('attachment; filename="cv _l_ve.txt"')
        and "filename*=UTF-8''cv%20%C3%A9l%C3%A8ve.txt" in disposition
    )


def test_no_stored_cv_is_404(web: TestClient, db: Database, settings: Settings, tenant: Tenant) -> None:
    person = seed_profile(db, settings, tenant, cv=None)
    assert web.get(f"/candidates/{person.candidate}/cv").status_code == 404
    assert web.get(f"/candidates/{person.candidate}/cv/download").status_code == 404
    assert "No CV" not in web.get(f"/candidates/{person.candidate}").text  # a linked CV is shown instead

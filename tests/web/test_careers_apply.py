"""Applying on the career site: the same service as the Flatchr careers endpoint, friendly errors,
spam guards (honeypot, per-address limit), CSRF, and pages of other companies."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import (
    Clock,
    clock_fixture,  # noqa: F401 (registers the "clock" fixture)
)
from tests.web.careers_fixtures import (
    RETENTION,
    application_form,
    assert_applied_with_cv,
    flatchr_applications,
    post_application,
    publish,
    set_retention_policy,
    small_pdf,
    visitor_fixture,  # noqa: F401 (registers the "visitor" fixture)
)
from vivier.app import create_app
from vivier.candidates.models import Candidate
from vivier.config import Settings
from vivier.db.session import Database
from vivier.events.models import OutboxEvent
from vivier.files.models import StoredFile
from vivier.web.careers_apply import APPLY_LIMIT, APPLY_WINDOW

EN = {"Accept-Language": "en"}


def count_rows(db: Database, tenant: Tenant, model: type[Candidate | StoredFile]) -> int:
    with db.unit_of_work() as session:
        stmt = select(func.count()).select_from(model).where(model.company_id == tenant.created.company.id)
        return session.scalar(stmt) or 0


def error_of(page: str, control: str) -> str | None:
    found = re.search(rf'<p class="error" id="{control}-error">([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else None


def test_apply_creates_the_applicant_in_the_first_column_with_the_cv(
    visitor: TestClient, client: TestClient, db: Database, tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Welder")
    set_retention_policy(db, tenant)
    page = visitor.get(f"/jobs/{slug}/{vacancy}", headers=EN)
    assert RETENTION in page.text and 'enctype="multipart/form-data"' in page.text
    for control in ("firstname", "lastname", "email", "phone", "cv", "cover_letter", "consent"):
        assert f'for="{control}"' in page.text and f'id="{control}" name="{control}"' in page.text
    cv = small_pdf("Léa Martin")
    form = application_form()
    response = post_application(visitor, slug, vacancy, form, ("léa cv.pdf", cv, "application/pdf"))
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/jobs/{slug}/{vacancy}/applied"
    thanks = visitor.get(response.headers["location"], headers=EN)
    assert thanks.status_code == 200 and "Your application for Welder has been sent" in thanks.text
    assert_applied_with_cv(client, tenant, form["email"], "Welder", cv)
    [row] = flatchr_applications(client, tenant, form["email"])
    applicant = client.get(f"/flatchr/company/{tenant.id}/applicant/{row['applicant']}", headers=tenant.auth)
    body = applicant.json()
    assert body["comment"] == "I would love to join."
    assert body["candidate"]["firstname"] == "Léa" and body["candidate"]["phone"] == "+33 6 12 34 56 78"
    assert row["source"]  # the career site source
    with db.unit_of_work() as session:  # webhooks hear of it, as of an application through the API
        events = select(OutboxEvent.event).where(OutboxEvent.company_id == tenant.created.company.id)
        assert session.scalars(events.where(OutboxEvent.event == "new_applicant")).all() == ["new_applicant"]


def test_applying_twice_keeps_one_application(
    visitor: TestClient, client: TestClient, db: Database, tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Baker")
    form = application_form()
    assert post_application(visitor, slug, vacancy, form).status_code == 303
    assert post_application(visitor, slug, vacancy, form).status_code == 303
    assert len(flatchr_applications(client, tenant, form["email"])) == 1


@pytest.mark.parametrize(
    ("overrides", "cv", "errors"),
    [
        (
            {"firstname": " ", "lastname": None, "email": None, "consent": None},
            None,
            {
                "firstname": "This field is required.",
                "lastname": "This field is required.",
                "email": "This field is required.",
                "cv": "Please attach your CV.",
                "consent": "Please agree to the processing of your data to apply.",
            },
        ),
        (
            {"email": "not-an-email", "lastname": "1234"},
            "pdf",
            {
                "email": "Enter a valid email address, like name@example.com.",
                "lastname": "Enter a name with at least one letter.",
            },
        ),
        (
            {},
            ("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
            {
                "cv": "This file type is not accepted: send a PDF, Word, OpenDocument, RTF or text file.",
            },
        ),
        (
            {},
            ("cv.pdf", b"\x89PNG\r\n\x1a\n0000", "application/pdf"),
            {
                "cv": "The file's content does not match its type.",
            },
        ),
        (
            {"consent": None, "phone": "0" * 60},
            ("cv.exe", b"MZ\x90\x00", "application/x-msdownload"),
            {
                "consent": "Please agree to the processing of your data to apply.",
                "phone": "This is too long (at most 50 characters).",
                "cv": "This file type is not accepted: send a PDF, Word, OpenDocument, RTF or text file.",
            },
        ),
    ],
)
def test_a_refused_form_comes_back_with_messages_and_values_and_writes_nothing(
    visitor: TestClient,
    client: TestClient,
    db: Database,
    tenant: Tenant,
    overrides: dict[str, str | None],
    cv: tuple[str, bytes, str] | str | None,
    errors: dict[str, str],
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Gardener")
    form = application_form(**overrides)
    upload = ("cv.pdf", small_pdf(), "application/pdf") if cv == "pdf" else cv
    response = post_application(visitor, slug, vacancy, form, upload if not isinstance(upload, str) else None)
    assert response.status_code == 422
    page = visitor.get(f"/jobs/{slug}/{vacancy}").text  # the untouched form, for comparison
    assert "Your application was not sent" in response.text and "Your application was not sent" not in page
    for control in ("firstname", "lastname", "email", "phone", "cv", "consent", "cover_letter"):
        assert error_of(response.text, control) == errors.get(control), control
    for control in errors:
        assert re.search(rf'id="{control}"[^>]*aria-invalid="true"', response.text, re.S), control
    for name in ("firstname", "email", "phone"):
        if form.get(name, "").strip():
            assert f'value="{html.escape(form[name].strip())}"' in response.text
    assert "I would love to join.</textarea>" in response.text
    assert ("checked" in response.text.split('id="consent"')[1][:80]) == ("consent" in form)
    assert count_rows(db, tenant, Candidate) == 0 and count_rows(db, tenant, StoredFile) == 0
    if "email" in form:
        assert flatchr_applications(client, tenant, form["email"]) == []


def test_messages_follow_the_page_language(visitor: TestClient, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Plumber")
    visitor.headers["Accept-Language"] = "fr"
    response = post_application(visitor, slug, vacancy, application_form(email="nope"), None)
    assert response.status_code == 422 and '<html lang="fr">' in response.text
    assert error_of(response.text, "cv") == "Joignez votre CV."
    assert (
        error_of(response.text, "email") == "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
    )


def test_files_over_the_limit_are_refused(settings: Settings, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Mason")
    small = settings.model_copy(update={"max_upload_mb": 1, "max_body_mb": 2})
    big_cv = small_pdf() + b"%" + b"x" * (1024 * 1024)
    with TestClient(create_app(small), client=("2001:db8::7", 1), follow_redirects=False) as browser:
        browser.headers["Accept-Language"] = "en"
        response = post_application(
            browser, slug, vacancy, application_form(), ("cv.pdf", big_cv, "application/pdf")
        )
        assert response.status_code == 422
        assert error_of(response.text, "cv") == "The file is larger than 1 MB."
        huge = post_application(
            browser, slug, vacancy, application_form(), ("cv.pdf", big_cv * 2, "application/pdf")
        )
        assert huge.status_code == 413
    assert count_rows(db, tenant, Candidate) == 0 and count_rows(db, tenant, StoredFile) == 0


def test_a_filled_honeypot_pretends_success_and_keeps_nothing(
    visitor: TestClient, db: Database, tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Painter")
    page = visitor.get(f"/jobs/{slug}/{vacancy}").text
    assert re.search(r'<div class="trap" aria-hidden="true">.*name="website" tabindex="-1"', page, re.S)
    response = post_application(visitor, slug, vacancy, application_form(website="http://spam.example"))
    assert response.status_code == 303 and response.headers["location"].endswith("/applied")
    assert count_rows(db, tenant, Candidate) == 0 and count_rows(db, tenant, StoredFile) == 0


def test_each_address_has_a_limited_number_of_submissions(
    visitor: TestClient, settings: Settings, client: TestClient, db: Database, tenant: Tenant, clock: Clock
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Roofer")
    for _ in range(APPLY_LIMIT):  # refused forms count too: they cost the server as much
        assert post_application(visitor, slug, vacancy, application_form(), None).status_code == 422
    form = application_form()
    limited = post_application(visitor, slug, vacancy, form)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == str(int(APPLY_WINDOW.total_seconds()))
    assert "Please try again in 10 minutes." in limited.text
    assert flatchr_applications(client, tenant, form["email"]) == []
    with TestClient(create_app(settings), client=("2001:db8::1:2", 1), follow_redirects=False) as neighbour:
        assert post_application(neighbour, slug, vacancy, application_form()).status_code == 303
    clock.current += APPLY_WINDOW - timedelta(seconds=1)
    assert post_application(visitor, slug, vacancy, form).status_code == 429
    clock.current += timedelta(seconds=1)
    assert post_application(visitor, slug, vacancy, form).status_code == 303
    assert len(flatchr_applications(client, tenant, form["email"])) == 1


def test_a_post_without_the_csrf_token_is_refused(visitor: TestClient, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Driver")
    response = post_application(visitor, slug, vacancy, application_form(), csrf=False)
    assert response.status_code == 403
    forged = post_application(visitor, slug, vacancy, application_form(csrf_token="forged"), csrf=False)
    assert forged.status_code == 403
    assert count_rows(db, tenant, Candidate) == 0


def test_other_companies_and_unpublished_vacancies_are_not_found(
    visitor: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    mine = publish(db, tenant, "Cook")
    draft = publish(db, tenant, "Hidden", status=2)
    foreign = publish(db, other_tenant, "Theirs")
    visitor.get(f"/jobs/{slug}/{mine}")
    data = dict(application_form(), csrf_token=visitor.cookies["vivier_csrf"])
    files = {"cv": ("cv.pdf", small_pdf(), "application/pdf")}
    for vacancy in (draft, foreign):
        assert visitor.post(f"/jobs/{slug}/{vacancy}/apply", data=data, files=files).status_code == 404
        assert visitor.get(f"/jobs/{slug}/{vacancy}/applied").status_code == 404
        assert visitor.get(f"/jobs/{slug}/{vacancy}/apply").status_code == 404
    assert visitor.post(f"/jobs/no-such-company/{mine}/apply", data=data, files=files).status_code == 404
    assert count_rows(db, tenant, Candidate) == 0 and count_rows(db, other_tenant, Candidate) == 0
    back = visitor.get(f"/jobs/{slug}/{mine}/apply")
    assert back.status_code == 303 and back.headers["location"] == f"/jobs/{slug}/{mine}#apply"

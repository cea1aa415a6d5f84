"""Flatchr 7.9-7.11 Create Candidate (json, custom, test) through HTTP."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import (
    PDF,
    PDF_B64,
    count,
    counts,
    flatchr_error,
    make_vacancy,
    outbox,
)
from vivier.app import create_app
from vivier.applications.models import Application, ApplicationAnswer
from vivier.candidates.models import Candidate
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Member
from vivier.config import Settings
from vivier.db.session import Database
from vivier.tags.models import Tag, Trait
from vivier.vacancies.models import Question, Vacancy

C = "/flatchr/careers/vacancy/candidate"


@pytest.fixture
def vacancy(db: Database, tenant: Tenant) -> Vacancy:
    return make_vacancy(db, tenant, "Technicien H/F")


def _body(target: Vacancy, tenant: Tenant | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vacancy": target.slug,
        "firstname": "Johnny",
        "lastname": "Doe",
        "email": "john.doe@example.org",
        "type": "document",
        "resume": {"data": PDF_B64, "fileName": "CV_John_Doe", "contentType": "application/pdf"},
    }
    if tenant is not None:
        body["token"] = tenant.key
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def _applicant(client: TestClient, tenant: Tenant, public_id: str) -> dict[str, Any]:
    response = client.get(f"/flatchr/company/{tenant.id}/applicant/{public_id}", headers=tenant.auth)
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def test_example_11_document(client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy) -> None:
    response = client.post(f"{C}/json", json=_body(vacancy, tenant, comment="Motivated", phone=612345678))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "response", "applicant"}
    assert body["status"] == 200 and body["response"] == "applicant created"
    created = _applicant(client, tenant, body["applicant"])
    assert created["status"] == 1 and created["column"]["position"] == 1 and created["comment"] == "Motivated"
    assert created["vacancy_id"] == vacancy.public_id and len(created["applies"]) == 1
    assert created["applies"][0]["offerer_id"] == "98"
    candidate = created["candidate"]
    assert candidate["phone"] == "612345678" and candidate["email"] == "john.doe@example.org"
    assert candidate["aws"]["extension"] == "pdf" and candidate["aws"]["key"].endswith("/johnny-doe")
    with db.unit_of_work() as session:
        app_id = session.scalars(
            select(Application.id).where(Application.public_id == body["applicant"])
        ).one()
    assert outbox(db, tenant, "new_applicant") == [{"application_id": app_id}]


def test_example_11_link(client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy) -> None:
    link = "storage.s3.eu-west-1.amazonaws.com/CV/abc/CV_John_Doe.pdf"
    body = _body(
        vacancy, tenant, type="link", resume=link, offerer_id="4", urls={"linkedin": "linkedin.com/in/jd"}
    )
    response = client.post(f"{C}/json", json=body)
    assert response.status_code == 200
    candidate = _applicant(client, tenant, response.json()["applicant"])["candidate"]
    assert candidate["cv"] == "https://" + link and candidate["aws"] is None
    assert candidate["urls"] == {"linkedin": "linkedin.com/in/jd"}
    assert count(db, Application, tenant.ctx.company_id) == 1
    assert _applicant(client, tenant, response.json()["applicant"])["applies"][0]["offerer_id"] == "4"


def test_every_auth_transport(client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy) -> None:
    calls = [
        {"json": _body(vacancy, email="a@example.org"), "headers": tenant.auth},
        {"json": _body(vacancy, email="b@example.org"), "params": {"token": tenant.key}},
        {"json": _body(vacancy, email="c@example.org"), "params": {"api_key": tenant.key}},
        {"json": _body(vacancy, tenant, email="d@example.org")},
        {
            "data": {
                **_body(vacancy, email="e@example.org", type="link", resume="x.org/cv"),
                "token": tenant.key,
            }
        },
    ]
    for call in calls:
        response = client.post(f"{C}/json", **call)
        assert response.status_code == 200, (call, response.text)
    assert count(db, Application, tenant.ctx.company_id) == 5


@pytest.mark.parametrize("route", ["json", "custom", "test"])
def test_missing_or_invalid_token_is_401(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy, route: str
) -> None:
    before = counts(db, tenant)
    missing = client.post(f"{C}/{route}", json=_body(vacancy))
    assert missing.status_code == 401 and missing.json()["message"] == "Missing authentication"
    invalid = client.post(f"{C}/{route}", json=_body(vacancy, token="not-a-key"))
    assert invalid.status_code == 401
    flatchr_error(invalid.json(), 401)
    assert counts(db, tenant) == before


def test_example_12_test_mode_stores_nothing(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    before = counts(db, tenant)
    link = "storage.s3.eu-west-1.amazonaws.com/CV/abc/CV_John_Doe.pdf"
    for body in (_body(vacancy, tenant), _body(vacancy, tenant, type="link", resume=link)):
        response = client.post(f"{C}/test", json=body)
        assert response.status_code == 200
        assert response.json() == {"status": 200, "response": "applicant test ok"}
    assert counts(db, tenant) == before
    search = client.post(f"/flatchr/company/{tenant.id}/search/applicants", json={}, headers=tenant.auth)
    assert search.json() == []
    # Test mode validates like the real call: bad base64 and unknown vacancies are refused.
    bad = client.post(
        f"{C}/test", json=_body(vacancy, tenant, resume={"data": "!!!", "contentType": "application/pdf"})
    )
    assert bad.status_code == 400 and '"resume"' in bad.json()["message"]
    assert client.post(f"{C}/test", json=_body(vacancy, tenant, vacancy="nope")).status_code == 404
    assert counts(db, tenant) == before


def test_duplicate_returns_the_existing_applicant(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    first = client.post(f"{C}/json", json=_body(vacancy, tenant)).json()["applicant"]
    before = counts(db, tenant)
    again = client.post(
        f"{C}/json", json=_body(vacancy, tenant, email="JOHN.DOE@example.org", firstname="Other")
    )
    assert again.status_code == 200 and again.json()["applicant"] == first
    assert counts(db, tenant) == before
    assert len(outbox(db, tenant, "new_applicant")) == 1


def test_person_is_reused_by_email_on_another_vacancy(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    other = make_vacancy(db, tenant, "Sales")
    client.post(f"{C}/json", json=_body(vacancy, tenant, type="link", resume="example.org/cv"))
    second = client.post(f"{C}/json", json=_body(other, tenant, phone="0601", urls={"twitter": "t.co/jd"}))
    assert second.status_code == 200
    assert count(db, Candidate, tenant.ctx.company_id) == 1
    assert count(db, Application, tenant.ctx.company_id) == 2
    candidate = _applicant(client, tenant, second.json()["applicant"])["candidate"]
    assert candidate["phone"] == "0601" and candidate["urls"] == {"twitter": "t.co/jd"}
    assert candidate["aws"] is not None  # the new document became the current CV
    assert len(outbox(db, tenant, "new_applicant")) == 2


def test_custom_multipart_with_a_resume_file(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    fields = {"vacancy": vacancy.public_id, "firstname": "Elsa", "lastname": "Ivern", "token": tenant.key}
    files = {"resume": ("cv.pdf", io.BytesIO(PDF), "application/pdf")}
    response = client.post(f"{C}/custom", data=fields, files=files)
    assert response.status_code == 200, response.text
    candidate = _applicant(client, tenant, response.json()["applicant"])["candidate"]
    assert candidate["aws"]["key"].endswith("/elsa-ivern") and candidate["email"] is None
    download = client.get(f"/flatchr/company/{tenant.id}/files/expire", params={
        "key": candidate["aws"]["key"], "extension": "pdf", "token": tenant.key,
    })  # fmt: skip
    assert download.content == PDF


def test_form_with_bracketed_keys_and_answers(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    with db.unit_of_work() as session:
        session.add(Question(company_id=tenant.ctx.company_id, vacancy_id=vacancy.id, text="Disponibilité ?"))
        diploma = session.scalars(
            select(Tag.id).where(Tag.company_id == tenant.ctx.company_id, Tag.title == "Diplôme")
        ).one()
    form = {
        "vacancy": vacancy.slug,
        "firstname": "Jean",
        "lastname": "Valjean",
        "type": "document",
        "resume[data]": "data:application/pdf;base64," + PDF_B64,
        "resume[fileName]": "cv",
        "urls[linkedin]": "https://linkedin.com/in/jv",
        "questions[0][question]": "Disponibilité ?",
        "questions[0][value]": "Immédiate",
        "questions[1][question]": str(diploma),
        "questions[1][value]": "Bac +3",
        "legalNewsletterPartners": "1",
        "token": tenant.key,
    }
    response = client.post(f"{C}/json", data=form)
    assert response.status_code == 200, response.text
    created = _applicant(client, tenant, response.json()["applicant"])
    assert created["candidate"]["urls"] == {"linkedin": "https://linkedin.com/in/jv"}
    with db.unit_of_work() as session:
        answers = session.scalars(select(ApplicationAnswer.value)).all()
        assert "Immédiate" in answers
        traits = session.scalars(select(Trait.value).where(Trait.company_id == tenant.ctx.company_id)).all()
        assert traits == ["Bac +3"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"firstname": None}, "firstname"),
        ({"lastname": "1234"}, "lastname"),
        ({"firstname": ["x"]}, "firstname"),
        ({"type": None}, "type"),
        ({"type": "video"}, "type"),
        ({"resume": None}, "resume"),
        ({"resume": "just text"}, "resume"),
        ({"resume": {"data": "%%% not base64 %%%", "contentType": "application/pdf"}}, "resume"),
        ({"resume": {"data": 12}}, "resume"),
        ({"resume": {"data": PDF_B64, "contentType": "image/gif"}}, "resume"),
        ({"resume": {"data": base64.b64encode(b"\x00\x01binary").decode()}}, "resume"),
        (
            {"resume": {"data": base64.b64encode(b"plain text").decode(), "contentType": "application/pdf"}},
            "resume",
        ),
        ({"type": "link", "resume": "ftp://example.org/cv"}, "resume"),
        ({"email": "not-an-email"}, "email"),
        ({"email": 12}, "email"),
        ({"urls": "x"}, "urls"),
        ({"urls": {"linkedin": 3}}, "urls.linkedin"),
        ({"answers": "nope"}, "answers"),
        ({"answers": [{"question": 999999, "value": "x"}]}, "answers"),
        ({"comment": {"a": 1}}, "comment"),
        ({"vacancy": None}, "vacancy"),
        ({"vacancy": 12}, "vacancy"),
        ({"user_id": "AAAAAAAAAAAAAAAA"}, "user_id"),
    ],
)
def test_bad_input_is_400_and_stores_nothing(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy, overrides: dict[str, Any], field: str
) -> None:
    before = counts(db, tenant)
    body = _body(vacancy, tenant)
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    for route in ("json", "test"):
        response = client.post(f"{C}/{route}", json=body)
        assert response.status_code == 400, (route, response.text)
        flatchr_error(response.json(), 400)
        assert f'"{field}"' in response.json()["message"]
    assert counts(db, tenant) == before


def test_malformed_json_is_400(client: TestClient, db: Database, tenant: Tenant) -> None:
    before = counts(db, tenant)
    response = client.post(
        f"{C}/json", content=b"{oops", headers={**tenant.auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 400 and '"body"' in response.json()["message"]
    assert counts(db, tenant) == before


def test_unknown_inactive_and_foreign_vacancies_are_404(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant, vacancy: Vacancy
) -> None:
    draft = make_vacancy(db, tenant, "Draft", status=2)
    archived = make_vacancy(db, tenant, "Closed", status=0)
    foreign = make_vacancy(db, other_tenant, "Theirs")
    before, before_other = counts(db, tenant), counts(db, other_tenant)
    for ref in ("unknown-slug", draft.slug, archived.public_id, foreign.slug, foreign.public_id):
        for route in ("json", "custom", "test"):
            response = client.post(f"{C}/{route}", json=_body(vacancy, tenant, vacancy=ref))
            assert response.status_code == 404, (ref, route)
            flatchr_error(response.json(), 404)
    assert counts(db, tenant) == before and counts(db, other_tenant) == before_other


@pytest.fixture
def small_client(settings: Settings) -> Iterator[TestClient]:
    small = settings.model_copy(update={"max_upload_mb": 1, "max_body_mb": 2})
    with TestClient(create_app(small)) as test_client:
        yield test_client


def test_file_over_the_upload_limit_is_413(
    small_client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    before = counts(db, tenant)
    big = PDF + b"0" * (1024 * 1024 + 10)
    encoded = base64.b64encode(big).decode()
    for route in ("json", "test"):
        response = small_client.post(
            f"{C}/{route}",
            json=_body(vacancy, tenant, resume={"data": encoded, "contentType": "application/pdf"}),
        )
        assert response.status_code == 413
        flatchr_error(response.json(), 413)
    multipart = small_client.post(
        f"{C}/custom",
        data={"vacancy": vacancy.slug, "firstname": "A", "lastname": "B", "token": tenant.key},
        files={"resume": ("cv.pdf", io.BytesIO(big), "application/pdf")},
    )
    assert multipart.status_code == 413
    assert counts(db, tenant) == before


def test_body_over_the_body_limit_is_413(
    small_client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    before = counts(db, tenant)
    huge = "A" * (2 * 1024 * 1024 + 100)
    response = small_client.post(
        f"{C}/json", json=_body(vacancy, tenant, resume={"data": huge, "contentType": "application/pdf"})
    )
    assert response.status_code == 413
    flatchr_error(response.json(), 413)
    assert response.json()["message"] == "Request body is larger than 2 MiB"
    assert counts(db, tenant) == before


def test_read_only_key_cannot_create(
    client: TestClient, db: Database, tenant: Tenant, vacancy: Vacancy
) -> None:
    with db.unit_of_work() as session:
        key = issue_key(session, session.get_one(Member, tenant.ctx.member_id), name="ro", read_only=True)
    before = counts(db, tenant)
    response = client.post(f"{C}/json", json=_body(vacancy, token=key.plaintext))
    assert response.status_code == 403
    assert counts(db, tenant) == before

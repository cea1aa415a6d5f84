from __future__ import annotations

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from vivier.db.session import Database
from vivier.vacancies.schemas import VacancyInput
from vivier.vacancies.service import create_vacancy


def publish(db: Database, tenant: Tenant, title: str, status: int = 1) -> str:
    data = {
        "title": title,
        "description": "<p>Join <b>us</b> &amp; grow</p><script>alert(1)</script>",
        "mission": "<ul><li>Build</li><li>Ship</li></ul>",
        "profile": "",
        "experience": 2,
        "status": status,
        "contract_type_id": 1,
        "education_level_id": 6,
        "activity_id": 25,
        "channel_id": 2,
        "metier_id": 49,
        "language": "fr_FR",
        "address": {"locality": "Lyon"},
    }
    with db.unit_of_work() as session:
        return create_vacancy(session, tenant.ctx, VacancyInput.model_validate(data)).slug


def test_career_site_lists_published_vacancies_and_shows_one(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    published = publish(db, tenant, "Web Developer")
    draft = publish(db, tenant, "Secret Draft", status=2)
    foreign = publish(db, other_tenant, "Elsewhere")
    page = client.get(f"/jobs/{slug}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Web Developer" in page.text and f"/jobs/{slug}/{published}" in page.text and "Lyon" in page.text
    assert "Secret Draft" not in page.text and "Elsewhere" not in page.text
    detail = client.get(f"/jobs/{slug}/{published}")
    assert detail.status_code == 200
    assert "<p>Join us &amp; grow</p>" in detail.text and "<li>" not in detail.text
    assert "<script>" not in detail.text and "<p>Build</p>" in detail.text
    assert client.get(f"/jobs/{slug}/{draft}").status_code == 404
    assert client.get(f"/jobs/{slug}/{foreign}").status_code == 404
    assert client.get("/jobs/no-such-company").status_code == 404

"""Settings › company: the retention text shown with the career site's consent box."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form
from vivier.companies.service import MAX_RETENTION_POLICY, get_company
from vivier.db.session import Database

TEXT = "We keep your application for 2 years. Write to privacy@example.org to have it deleted."


def retention(db: Database, tenant: Tenant) -> str | None:
    with db.unit_of_work() as session:
        return get_company(session, tenant.id).retention_policy


def test_save_the_retention_text(web: TestClient, tenant: Tenant, db: Database) -> None:
    page = web.get("/settings/company")
    assert page.status_code == 200 and 'for="retention-policy"' in page.text
    response = post_form(web, "/settings/company", {"retention_policy": f"  {TEXT}\n"})
    assert response.status_code == 303 and response.headers["location"] == "/settings/company?saved=1"
    assert retention(db, tenant) == TEXT
    saved = web.get(response.headers["location"])
    assert 'id="saved"' in saved.text and TEXT in saved.text
    assert post_form(web, "/settings/company", {"retention_policy": "   "}).status_code == 303
    assert retention(db, tenant) is None


def test_too_long_a_text_is_refused_and_kept(web: TestClient, tenant: Tenant, db: Database) -> None:
    post_form(web, "/settings/company", {"retention_policy": TEXT})
    long = "y" * (MAX_RETENTION_POLICY + 1)
    response = post_form(web, "/settings/company", {"retention_policy": long})
    assert response.status_code == 422 and 'id="retention-retention_policy-error"' in response.text
    assert long in response.text and retention(db, tenant) == TEXT


def test_only_the_signed_in_company_changes(web: TestClient, other_tenant: Tenant, db: Database) -> None:
    post_form(web, "/settings/company", {"retention_policy": TEXT})
    assert retention(db, other_tenant) is None

"""Helpers for career-site tests (route and browser): published vacancies, a small real PDF, and the
Flatchr API checks that an application landed where it should.

Imported explicitly by the test modules.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.faces.conftest import Tenant
from vivier.app import create_app
from vivier.companies.models import Company
from vivier.config import Settings
from vivier.db.session import Database
from vivier.vacancies.schemas import VacancyInput
from vivier.vacancies.service import create_vacancy
from vivier.web.csrf import COOKIE

RETENTION = "We keep applications for two years, then delete them."


def small_pdf(text: str = "Curriculum vitae") -> bytes:
    """A tiny valid one-page PDF (with a correct cross-reference table) showing ``text``."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def publish(
    db: Database,
    tenant: Tenant,
    title: str,
    *,
    status: int = 1,
    contract_type_id: int = 1,
    locality: str = "Lyon",
    description: str = "<p>Join <b>us</b> &amp; grow</p><script>alert(1)</script>",
) -> str:
    """A vacancy of ``tenant`` (active, hence on the career site, by default); returns its slug."""
    data = {
        "title": title,
        "description": description,
        "mission": "<ul><li>Build</li><li>Ship</li></ul>",
        "profile": "",
        "experience": 2,
        "status": status,
        "contract_type_id": contract_type_id,
        "education_level_id": 6,
        "activity_id": 25,
        "channel_id": 2,
        "metier_id": 49,
        "language": "fr_FR",
        "address": {"locality": locality},
    }
    with db.unit_of_work() as session:
        return create_vacancy(session, tenant.ctx, VacancyInput.model_validate(data)).slug


def set_retention_policy(db: Database, tenant: Tenant, text: str = RETENTION) -> None:
    with db.unit_of_work() as session:
        session.get_one(Company, tenant.created.company.id).retention_policy = text


def flatchr_applications(client: TestClient, tenant: Tenant, email: str) -> list[dict[str, Any]]:
    """The tenant's applicants with this email, as Flatchr search rows."""
    response = client.post(
        f"/flatchr/company/{tenant.id}/search/applicants", json={"email": email}, headers=tenant.auth
    )
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


def assert_applied_with_cv(
    client: TestClient, tenant: Tenant, email: str, vacancy_title: str, cv: bytes
) -> None:
    """Through the Flatchr API: one applicant with ``email``, in the first column, CV downloadable."""
    rows = flatchr_applications(client, tenant, email)
    assert len(rows) == 1, rows
    assert rows[0]["vacancy"] == vacancy_title
    columns = client.get(f"/flatchr/company/{tenant.id}/columns", headers=tenant.auth).json()
    first = min(columns, key=lambda column: column["position"])
    applicant = client.get(
        f"/flatchr/company/{tenant.id}/applicant/{rows[0]['applicant']}", headers=tenant.auth
    )
    assert applicant.status_code == 200
    body = applicant.json()
    assert body["column_id"] == first["id"] and rows[0]["column"] == first["title"]
    aws = body["candidate"]["aws"]
    assert aws is not None and aws["extension"] == "pdf"
    download = client.get(
        f"/flatchr/company/{tenant.id}/files/expire",
        params={"key": aws["key"], "extension": "pdf"},
        headers=tenant.auth,
    )
    assert download.status_code == 200 and download.content == cv


@pytest.fixture(name="visitor")
def visitor_fixture(settings: Settings) -> Iterator[TestClient]:
    """An English-speaking browser at its own address (the per-address apply limit never leaks
    between tests); it does not follow redirects."""
    address = f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"  # a documentation address
    with TestClient(create_app(settings), client=(address, 50000), follow_redirects=False) as browser:
        browser.headers["Accept-Language"] = "en"
        yield browser


def application_form(**overrides: Any) -> dict[str, Any]:
    """A complete, valid apply form (text fields); override or drop (``None``) any field."""
    values: dict[str, Any] = {
        "firstname": "Léa",
        "lastname": "Martin",
        "email": f"lea-{uuid.uuid4().hex[:8]}@example.org",
        "phone": "+33 6 12 34 56 78",
        "cover_letter": "I would love to join.",
        "consent": "yes",
    }
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def post_application(
    browser: TestClient,
    slug: str,
    vacancy: str,
    form: dict[str, Any],
    cv: tuple[str, bytes, str] | None = ("cv.pdf", small_pdf(), "application/pdf"),
    *,
    csrf: bool = True,
) -> Response:
    """Open the vacancy page (which sets the CSRF cookie), then post the apply form like a browser."""
    page = browser.get(f"/jobs/{slug}/{vacancy}")
    assert page.status_code == 200, page.text
    data = dict(form, csrf_token=browser.cookies[COOKIE]) if csrf else form
    files = {"cv": cv if cv is not None else ("", b"", "application/octet-stream")}
    return browser.post(f"/jobs/{slug}/{vacancy}/apply", data=data, files=files)

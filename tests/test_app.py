from __future__ import annotations

import gc
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.conftest import new_company
from vivier.app import create_app
from vivier.asgi import application
from vivier.companies.service import NewCompany
from vivier.config import Settings
from vivier.core import heap
from vivier.db.session import Database


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def committed_company(db: Database) -> NewCompany:
    with db.unit_of_work() as session:
        return new_company(session, "Http")


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_api_key_authenticates_on_the_flatchr_face(client: TestClient, committed_company: NewCompany) -> None:
    company_id = committed_company.company.public_id
    key = committed_company.api_key.plaintext
    for kwargs in ({"headers": {"Authorization": f"Bearer {key}"}}, {"params": {"token": key}}):
        response = client.get(f"/flatchr/company/{company_id}/columns", **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 200
        columns = response.json()
        assert columns[0]["title"] == "À traiter"
        assert [c["hired"] for c in columns] == [False, False, False, False, True]
        assert all(c["company_id"] == company_id for c in columns)


def test_double_slashes_collapse(client: TestClient, committed_company: NewCompany) -> None:
    company_id = committed_company.company.public_id
    response = client.get(
        f"/flatchr//company/{company_id}//columns",
        headers={"Authorization": f"Bearer {committed_company.api_key.plaintext}"},
    )
    assert response.status_code == 200 and len(response.json()) == 5


def test_flatchr_errors_use_the_flatchr_body(
    client: TestClient, committed_company: NewCompany, db: Database
) -> None:
    company_id = committed_company.company.public_id
    assert client.get(f"/flatchr/company/{company_id}/columns").json() == {
        "statusCode": 401,
        "error": "Unauthorized",
        "message": "Missing authentication",
    }
    bad = client.get(f"/flatchr/company/{company_id}/columns", params={"token": "viv_" + "z" * 40})
    assert bad.status_code == 401 and bad.json()["message"] == "Invalid token"
    with db.unit_of_work() as session:
        other = new_company(session, "Foreign")
    foreign = client.get(
        f"/flatchr/company/{other.company.public_id}/columns",
        headers={"Authorization": f"Bearer {committed_company.api_key.plaintext}"},
    )
    assert foreign.status_code == 404 and foreign.json()["error"] == "Not Found"
    unknown = client.get("/flatchr/no/such/route")
    assert unknown.status_code == 404 and set(unknown.json()) == {"statusCode", "error", "message"}
    wrong_method = client.delete(f"/flatchr/company/{company_id}/columns")
    assert wrong_method.status_code == 405 and wrong_method.json()["statusCode"] == 405


def test_flowtly_errors_use_problem_bodies(client: TestClient) -> None:
    ld = client.get("/flowtly/x")
    assert ld.status_code == 404
    assert ld.headers["content-type"] == "application/ld+json; charset=utf-8"
    assert (
        ld.json()["@type"] == "hydra:Error" and ld.json()["detail"] == 'No route found for "GET /flowtly/x"'
    )
    plain = client.get("/flowtly/x", headers={"Accept": "application/json"})
    assert plain.headers["content-type"] == "application/problem+json; charset=utf-8"
    assert "@type" not in plain.json() and plain.json()["status"] == 404


def test_openapi_documents_are_served(client: TestClient) -> None:
    flatchr = client.get("/flatchr/openapi.json").json()
    assert "/company/{companyId}/columns" in flatchr["paths"]
    assert client.get("/flowtly/openapi.json").status_code == 200


def test_request_log_has_no_secrets(
    client: TestClient, committed_company: NewCompany, caplog: pytest.LogCaptureFixture
) -> None:
    key = committed_company.api_key.plaintext
    with caplog.at_level(logging.INFO, logger="vivier.access"):
        client.get(f"/flatchr/company/{committed_company.company.public_id}/columns", params={"token": key})
    lines = [r.getMessage() for r in caplog.records if r.name == "vivier.access"]
    assert any("/columns 200" in line for line in lines)
    assert not any(key in line or "token" in line for line in lines)


def test_the_server_factory_settles_the_garbage_collector(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Served through ``vivier.asgi``, a process stops tracing its startup objects and collects less
    often; the test process gets its own settings back."""
    monkeypatch.setenv("VIVIER_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("VIVIER_DATA_DIR", str(settings.data_dir))
    before = gc.get_threshold()
    try:
        app = application()
        assert app.state.settings.database_url == settings.database_url
        assert gc.get_threshold() == heap.THRESHOLDS != before
        assert gc.get_freeze_count() > 0
        app.state.db.dispose()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)

"""List endpoints run a fixed number of SQL statements whatever the page size (no N+1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from tests.factories import QueryCounter
from vivier.app import create_app
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.credential_cache import credentials
from vivier.config import Settings
from vivier.db.engine import WRITE
from vivier.db.session import Database
from vivier.generate import Generated


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client


def counting(client: TestClient) -> QueryCounter:
    """Every statement the app's engine runs inside the block."""
    return QueryCounter(client.app.state.db.engine)  # type: ignore[attr-defined]


def _statements(client: TestClient, key: str, method: str, url: str, body: Any = None) -> tuple[int, int]:
    with counting(client) as counter:
        response = client.request(method, url, json=body, headers={"Authorization": f"Bearer {key}"})
    statements = counter.statements
    assert response.status_code == 200, response.text
    payload = response.json()
    rows = (
        len(payload["hydra:member"])
        if isinstance(payload, dict) and "hydra:member" in payload
        else len(payload)
    )
    return len(statements), rows


def _one_of(db: Database, ctx: Context, column: Any) -> str:
    """A value of ``column`` (a lastname, an email, a public id) from one of the company's rows."""
    with db.unit_of_work() as session:
        value = session.scalars(select(column).where(column.class_.company_id == ctx.company_id)).first()
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize(
    ("method", "small", "large", "body"),
    [
        ("GET", "/flowtly/candidates?itemsPerPage=2", "/flowtly/candidates?itemsPerPage=60", None),
        (
            "GET",
            "/flowtly/candidates?itemsPerPage=2&page=3",
            "/flowtly/candidates?itemsPerPage=30&page=2",
            None,
        ),
        (
            "GET",
            "/flowtly/candidates/search?q=e&itemsPerPage=2",
            "/flowtly/candidates/search?q=e&itemsPerPage=60",
            None,
        ),
        ("GET", "/flowtly/candidate-notes?itemsPerPage=2", "/flowtly/candidate-notes?itemsPerPage=20", None),
        (
            "POST",
            "/flatchr/company/{cid}/search/applicants?limit=2",
            "/flatchr/company/{cid}/search/applicants",
            {},
        ),
        ("GET", "/flatchr/company/{cid}/vacancies?status=0", "/flatchr/company/{cid}/vacancies", None),
        (
            "GET",
            "/flatchr/company/{cid}/vacancies?status=0&fields=address,tags,questions,items",
            "/flatchr/company/{cid}/vacancies?fields=address,tags,questions,items&limit=150",
            None,
        ),
    ],
)
def test_list_statements_do_not_grow_with_the_page(
    api: TestClient, dataset: Generated, method: str, small: str, large: str, body: Any
) -> None:
    _statements(
        api, dataset.api_key, method, small.format(cid=dataset.company_id), body
    )  # key's last use noted
    few, few_rows = _statements(api, dataset.api_key, method, small.format(cid=dataset.company_id), body)
    many, many_rows = _statements(api, dataset.api_key, method, large.format(cid=dataset.company_id), body)
    assert many_rows > few_rows >= 1
    assert many == few


def test_flatchr_lastname_search_is_one_query_whatever_the_matches(
    api: TestClient, db: Database, dataset: Generated, dataset_ctx: Context
) -> None:
    url = f"/flatchr/company/{dataset.company_id}/search/applicants"
    lastname = _one_of(db, dataset_ctx, Candidate.lastname)
    _statements(api, dataset.api_key, "POST", url, {})  # the key's last use is noted once
    one, _ = _statements(api, dataset.api_key, "POST", url, {"lastname": lastname})
    everyone, rows = _statements(api, dataset.api_key, "POST", url, {})
    assert rows >= 80
    assert everyone == one


def test_an_api_key_authenticates_in_one_query_then_from_memory(api: TestClient, dataset: Generated) -> None:
    url = "/flowtly/candidates?itemsPerPage=1"
    _statements(api, dataset.api_key, "GET", url)  # the key's last use is noted once a minute
    credentials.clear()
    with counting(api) as first:
        assert api.get(url, headers={"Authorization": f"Bearer {dataset.api_key}"}).status_code == 200
    with counting(api) as again:
        assert api.get(url, headers={"Authorization": f"Bearer {dataset.api_key}"}).status_code == 200
    assert sum("api_keys" in s for s in first.statements) == 1
    assert not any(s.lstrip().upper().startswith("SELECT MEMBERS") for s in first.statements)
    assert (
        len([s for s in first.statements if not s.startswith("BEGIN")]) == 2
    )  # the key; the page with the counter
    assert not any("api_keys" in s for s in again.statements)
    assert len([s for s in again.statements if not s.startswith("BEGIN")]) == 1


def test_get_applicant_runs_a_bounded_number_of_statements(
    api: TestClient, db: Database, dataset: Generated, dataset_ctx: Context
) -> None:
    applicant = _one_of(db, dataset_ctx, Application.public_id)
    url = f"/flatchr/company/{dataset.company_id}/applicant/{applicant}"
    _statements(api, dataset.api_key, "GET", url)  # the key's last use is noted once a minute
    with counting(api) as counter:
        response = api.get(url, headers={"Authorization": f"Bearer {dataset.api_key}"})
    assert response.status_code == 200
    queries = [s for s in counter.statements if not s.startswith("BEGIN")]
    # The applicant joined with its candidate, vacancy, column, CV, and applies with their sources:
    # the key was verified moments ago, and the embedded vacancy has no side lists.
    assert len(queries) == 1, queries
    assert not any(s.lstrip().upper().startswith("SELECT COMPANIES") for s in queries)


def test_flatchr_search_reads_without_the_write_lock(
    api: TestClient, db: Database, dataset: Generated, dataset_ctx: Context
) -> None:
    """A search is a POST that only reads: on SQLite, taking the write lock would queue every search."""
    email = _one_of(db, dataset_ctx, Candidate.email)
    engine = api.app.state.db.engine  # type: ignore[attr-defined]
    begun: list[bool] = []

    def note(connection: Any) -> None:
        begun.append(connection.get_execution_options().get(WRITE, False))

    base = f"/flatchr/company/{dataset.company_id}/search"
    auth = {"Authorization": f"Bearer {dataset.api_key}"}
    api.post(f"{base}/applicants", json={}, headers=auth)  # the key's last use is noted once a minute
    event.listen(engine, "begin", note)
    try:
        found = api.post(f"{base}/applicants", json={"email": email}, headers=auth)
        changed = api.post(f"{base}/candidate", json={"reference": email, "value": {"a": "b"}}, headers=auth)
    finally:
        event.remove(engine, "begin", note)
    assert (found.status_code, changed.status_code) == (200, 200)
    assert begun == [False, True]


def test_list_vacancies_loads_only_the_blocks_asked_for(api: TestClient, dataset: Generated) -> None:
    url = f"/flatchr/company/{dataset.company_id}/vacancies"
    _statements(api, dataset.api_key, "GET", url)  # the key's last use is noted once a minute

    def queries(query: str) -> list[str]:
        with counting(api) as counter:
            response = api.get(url + query, headers={"Authorization": f"Bearer {dataset.api_key}"})
        assert response.status_code == 200 and len(response.json()) > 1
        return [s for s in counter.statements if not s.startswith("BEGIN")]

    # The page alone (the key was verified moments ago): no tags, questions or distributions.
    bare = queries("")
    assert len(bare) == 1, bare
    # Each block asked for is one more query, whatever the page size.
    assert len(queries("?fields=tags,questions,items")) == 4
    assert len(queries("?fields=address,items")) == 2

"""Candidate search: by name, email and free text, company-scoped, keyset pages, latest application."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faces.conftest import Tenant
from tests.factories import make_application, make_vacancy
from vivier.candidates.models import Candidate
from vivier.db.session import Database
from vivier.web import candidate_search

ROW = re.compile(r'data-candidate="([A-Za-z0-9]{16})"')


def api_candidate(client: TestClient, tenant: Tenant, firstname: str, lastname: str, **fields: str) -> str:
    """A person created through the Flowtly API; returns the public id."""
    body = {
        "firstname": firstname,
        "lastname": lastname,
        "email": f"{firstname.lower()}@example.org",
    } | fields
    response = client.post("/flowtly/candidates", headers=tenant.auth, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def found(client: TestClient, **params: str) -> list[str]:
    """Public ids of the rows the search page shows, in order."""
    response = client.get("/candidates", params=params)
    assert response.status_code == 200, response.text
    return ROW.findall(response.text)


def test_signed_out_redirects(client: TestClient) -> None:
    response = client.get("/candidates?q=ada")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/candidates%3Fq%3Dada"


def test_search_by_name_email_and_free_text(web: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    ada = api_candidate(web, tenant, "Ada", "Lovelace", notes="Loves analytical engines and Rust")
    grace = api_candidate(web, tenant, "Grace", "Hopper", email="admiral@navy.example")
    api_candidate(web, other_tenant, "Ada", "Byron", notes="Rust too")
    assert found(web, q="lovelace") == [ada]
    assert found(web, q="ADMIRAL@navy") == [grace]
    assert found(web, q="rust engines") == [ada]  # every term, anywhere in the profile
    assert found(web, q="ada") == [ada]  # not the other company's Ada
    assert found(web, q="nobody-here") == []
    assert found(web, q="love\x00lace") == [ada]  # NUL dropped: PostgreSQL would refuse it
    assert found(web, q="ada", after="\x00") == [ada]
    assert set(found(web)) == {ada, grace}
    page = web.get("/candidates", params={"q": "hopper"})
    assert f'href="/candidates/{grace}"' in page.text and "admiral@navy.example" in page.text
    assert 'value="hopper"' in page.text and 'for="q"' in page.text


def test_rows_show_the_latest_application(web: TestClient, tenant: Tenant, db: Database) -> None:
    person = api_candidate(web, tenant, "Linus", "Torvalds")
    with db.unit_of_work() as session:
        candidate = session.scalars(select(Candidate).where(Candidate.public_id == person)).one()
        make_application(session, tenant.ctx, candidate, make_vacancy(session, tenant.ctx, "Kernel hacker"))
        make_application(session, tenant.ctx, candidate, make_vacancy(session, tenant.ctx, "Git maintainer"))
    page = web.get("/candidates", params={"q": "torvalds"}).text
    assert "Git maintainer" in page and "Kernel hacker" not in page and "2 applications" in page
    api_candidate(web, tenant, "Nobody", "Applied")
    assert "No application" in web.get("/candidates", params={"q": "applied"}).text


def test_keyset_pages(
    web: TestClient, tenant: Tenant, other_tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(candidate_search, "PER_PAGE", 2)
    oldest, middle, newest = (api_candidate(web, tenant, name, "Pager") for name in ("Anna", "Bert", "Cleo"))
    first = web.get("/candidates", params={"q": "pager"}).text
    assert ROW.findall(first) == [newest, middle] and 'id="previous-page"' not in first
    assert f'href="/candidates?q=pager&amp;after={middle}"' in first
    second = web.get("/candidates", params={"q": "pager", "after": middle}).text
    assert ROW.findall(second) == [oldest] and 'id="next-page"' not in second
    assert f'href="/candidates?q=pager&amp;before={oldest}"' in second
    assert found(web, q="pager", before=oldest) == [newest, middle]
    foreign = api_candidate(web, other_tenant, "Dora", "Pager")
    assert found(web, q="pager", after=foreign) == [newest, middle]  # another company's cursor: from the top


def test_french_page(web: TestClient, tenant: Tenant) -> None:
    api_candidate(web, tenant, "Marie", "Curie")
    page = web.get("/candidates", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Rechercher par nom" in page.text and "Aucune candidature" in page.text
    assert (
        "Aucun candidat ne correspond."
        in web.get("/candidates?q=zzzz", headers={"Accept-Language": "fr"}).text
    )

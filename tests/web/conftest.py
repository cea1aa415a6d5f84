"""Web tests drive the whole app over HTTP, like the face tests, as a browser would (cookies, CSRF).

Each test's client asks for English and has its own address, so per-address rate limits never leak between tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant, make_tenant, other_tenant, tenant
from vivier.app import create_app
from vivier.companies.models import Role
from vivier.companies.service import add_member
from vivier.config import Settings
from vivier.db.session import Database
from vivier.web.csrf import COOKIE as CSRF_COOKIE

__all__ = ["make_tenant", "other_tenant", "tenant"]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    with TestClient(
        create_app(settings),
        client=(address, 50000),
        follow_redirects=False,
        headers={"Accept-Language": "en"},
    ) as test_client:
        yield test_client


def csrf(client: TestClient) -> str:
    """This browser's CSRF token (fetching a page first if it has none yet)."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")
    return client.cookies[CSRF_COOKIE]


def post_form(
    client: TestClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> httpx.Response:
    """POST a form the way the page would, CSRF token included."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf(client)}, **kwargs)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> httpx.Response:
    return post_form(client, "/login", {"email": email, "password": password, "next": "/"})


def add_user(db: Database, tenant: Tenant, role: Role) -> str:
    """A new member of ``tenant`` with ``role``; returns their email (password: PASSWORD)."""
    email = f"{role.name.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    with db.unit_of_work() as session:
        add_member(session, tenant.ctx, email=email, password=PASSWORD, role_id=role)
    return email


@pytest.fixture
def web(client: TestClient, tenant: Tenant) -> TestClient:
    """A browser signed in as ``tenant``'s admin."""
    response = sign_in(client, tenant.created.user.email)
    assert response.status_code == 303, response.text
    return client

"""Fixtures for HTTP tests through the real app: a client, and committed companies with keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.conftest import context_of, new_company
from vivier.app import create_app
from vivier.companies.context import Context
from vivier.companies.service import NewCompany
from vivier.config import Settings
from vivier.db.session import Database


@dataclass(frozen=True)
class Tenant:
    """A committed company, its admin context and its admin API key."""

    created: NewCompany
    ctx: Context

    @property
    def id(self) -> str:
        return self.created.company.public_id

    @property
    def key(self) -> str:
        return self.created.api_key.plaintext

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def make_tenant(db: Database, name: str = "Api") -> Tenant:
    with db.unit_of_work() as session:
        created = new_company(session, name)
    return Tenant(created, context_of(created))


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def tenant(db: Database) -> Tenant:
    return make_tenant(db, "Api")


@pytest.fixture
def other_tenant(db: Database) -> Tenant:
    return make_tenant(db, "Foreign")

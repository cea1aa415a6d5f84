"""Test fixtures: real settings, a migrated database (SQLite, or PostgreSQL when
VIVIER_TEST_DATABASE_URL is set), and fresh companies so tests never depend on each other."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.companies.service import NewCompany, create_company
from vivier.config import Settings, load_settings
from vivier.db.engine import build_engine
from vivier.db.migrate import upgrade
from vivier.db.session import Database

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Real argon2 with minimal cost: tests create thousands of users, production keeps the defaults."""
    from argon2 import PasswordHasher

    from vivier.companies import passwords

    original = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords._hasher = original


def _prepare_postgres(url: str) -> None:
    """Start from an empty schema so every run also proves the migrations from scratch."""
    engine = build_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except OperationalError as exc:
        reason = f"PostgreSQL at {url} is unreachable: {exc.orig}"
        if os.environ.get("CI") == "true":
            pytest.exit(f"CI requires PostgreSQL. {reason}", returncode=3)
        pytest.skip(reason, allow_module_level=True)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir: Path = tmp_path_factory.mktemp("vivier-data")
    url = os.environ.get("VIVIER_TEST_DATABASE_URL", "")
    if url:
        _prepare_postgres(url)
    return load_settings(data_dir=data_dir, database_url=url, secret_key="test-secret-key-" + "x" * 32)


@pytest.fixture(scope="session")
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings.database_url)
    upgrade(database.engine)
    yield database
    database.dispose()


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A session whose work is rolled back after the test (services never commit)."""
    with db.engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


def new_company(session: Session, name: str = "Acme") -> NewCompany:
    slug = f"{name.lower()}-{uuid.uuid4().hex[:10]}"
    return create_company(
        session,
        name=name,
        slug=slug,
        admin_email=f"admin-{slug}@example.org",
        admin_password=PASSWORD,
        admin_firstname="Eva",
        admin_lastname="Laurent",
    )


def context_of(created: NewCompany) -> Context:
    return Context(
        company_id=created.company.id,
        company_public_id=created.company.public_id,
        member_id=created.admin.id,
        user_id=created.user.id,
        role_id=created.admin.role_id,
    )


@pytest.fixture
def company(session: Session) -> NewCompany:
    return new_company(session, "Acme")


@pytest.fixture
def ctx(company: NewCompany) -> Context:
    """The admin of ``company``."""
    return context_of(company)


@pytest.fixture
def other_company(session: Session) -> NewCompany:
    return new_company(session, "Rival")


@pytest.fixture
def other_ctx(other_company: NewCompany) -> Context:
    """The admin of another company: its ids must be invisible to ``ctx`` and back."""
    return context_of(other_company)

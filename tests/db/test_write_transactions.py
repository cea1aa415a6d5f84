"""Concurrent writers queue instead of failing: a unit of work declared as writing takes SQLite's
write lock at BEGIN, so a read-then-write transaction never meets a newer snapshot ("database is
locked" at once, whatever the busy timeout)."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from tests.conftest import new_company
from vivier.app import create_app
from vivier.companies.models import ApiKey, Company
from vivier.config import Settings
from vivier.db.session import Database


def _describe(db: Database, company_id: int, value: str, errors: list[Exception]) -> None:
    try:
        with db.unit_of_work(write=True) as session:
            session.execute(
                text("UPDATE companies SET description = :d WHERE id = :i"), {"d": value, "i": company_id}
            )
    except Exception as exc:  # reported to the test thread
        errors.append(exc)


def test_a_reading_writer_is_not_overtaken_by_another_writer(db: Database) -> None:
    with db.unit_of_work() as session:
        company_id = new_company(session, "Locks").company.id
    errors: list[Exception] = []
    other = threading.Thread(target=_describe, args=(db, company_id, "second", errors))
    with db.unit_of_work(write=True) as session:
        session.scalars(select(Company.description).where(Company.id == company_id)).all()
        other.start()
        other.join(timeout=0.5)  # on SQLite it waits for our write lock; without it, it would commit now
        session.execute(
            text("UPDATE companies SET description = :d WHERE id = :i"), {"d": "first", "i": company_id}
        )
    other.join(timeout=30)
    assert not other.is_alive() and errors == []
    with db.unit_of_work() as session:
        final = session.scalar(select(Company.description).where(Company.id == company_id))
    # SQLite serialises the writers (ours first); PostgreSQL lets the other commit first.
    assert final == ("second" if db.engine.dialect.name == "sqlite" else "first")


def test_a_read_request_still_notes_the_keys_last_use(db: Database, settings: Settings) -> None:
    with db.unit_of_work() as session:
        created = new_company(session, "Reader")
    key_id = created.api_key.key.id
    with TestClient(create_app(settings)) as client:
        response = client.get(
            "/flowtly/candidates", headers={"Authorization": f"Bearer {created.api_key.plaintext}"}
        )
    assert response.status_code == 200
    with db.unit_of_work() as session:
        assert session.scalar(select(ApiKey.last_used_at).where(ApiKey.id == key_id)) is not None

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vivier.companies.models import Company
from vivier.core.errors import Conflict
from vivier.db.hooks import after_commit
from vivier.db.session import Database


def test_unit_of_work_commits_on_success_and_rolls_back_on_error(db: Database) -> None:
    slug = f"uow-{uuid.uuid4().hex[:8]}"
    with pytest.raises(RuntimeError), db.unit_of_work() as session:
        session.add(Company(name="Rolled back", slug=slug))
        session.flush()
        raise RuntimeError("boom")
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).where(Company.slug == slug)) == 0
        session.add(Company(name="Kept", slug=slug))
    with db.unit_of_work() as session:
        assert session.scalar(select(Company.name).where(Company.slug == slug)) == "Kept"


def test_unique_violation_becomes_conflict(db: Database) -> None:
    slug = f"dup-{uuid.uuid4().hex[:8]}"
    with db.unit_of_work() as session:
        session.add(Company(name="First", slug=slug))
    with pytest.raises(Conflict), db.unit_of_work() as session:
        session.add(Company(name="Second", slug=slug))
    with db.unit_of_work() as session:
        assert session.scalar(select(func.count()).where(Company.slug == slug)) == 1


def _server_transaction_open(session: Session) -> bool:
    dbapi: Any = session.connection().connection.dbapi_connection
    if isinstance(dbapi, sqlite3.Connection):
        return dbapi.in_transaction
    return bool(dbapi.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)


def test_a_read_only_unit_of_work_needs_no_transaction_on_postgresql(db: Database) -> None:
    with db.unit_of_work(read_only=True) as session:
        session.scalar(select(func.count()).select_from(Company))
        reading = (_server_transaction_open(session), db.ends_without_io(session))
    with db.unit_of_work() as session:
        session.scalar(select(func.count()).select_from(Company))
        assert _server_transaction_open(session)  # an ordinary unit of work keeps its transaction
    # PostgreSQL: no BEGIN, so no COMMIT either, and nothing left to do off the event loop. SQLite
    # keeps a transaction, a read's single snapshot.
    assert reading == ((False, True) if db.engine.dialect.name == "postgresql" else (True, False))


def test_a_read_only_unit_of_work_with_pending_work_ends_off_the_event_loop(db: Database) -> None:
    with db.unit_of_work(read_only=True) as session:
        after_commit(session, lambda: None)
        assert not db.ends_without_io(session)
    slug = f"ro-{uuid.uuid4().hex[:8]}"
    with db.unit_of_work(read_only=True) as session:
        session.add(Company(name="Written anyway", slug=slug))
        assert not db.ends_without_io(session)
    # What a read-only block does write is still committed, not lost.
    with db.unit_of_work() as session:
        assert session.scalar(select(Company.name).where(Company.slug == slug)) == "Written anyway"

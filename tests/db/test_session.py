from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from vivier.companies.models import Company
from vivier.core.errors import Conflict
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

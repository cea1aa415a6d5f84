"""A generated company (the bulk generator's output) shared by the performance-shape tests."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from vivier.companies.context import Context
from vivier.companies.models import Company
from vivier.companies.service import admin_context
from vivier.db.session import Database
from vivier.files.store import LocalFileStore
from vivier.generate import Generated, generate


@pytest.fixture(scope="module")
def dataset(db: Database, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    store = LocalFileStore(Path(tmp_path_factory.mktemp("generated-files")))
    slug = f"perf-{uuid.uuid4().hex[:8]}"
    return generate(db.unit_of_work, db.engine, store, slug=slug, candidates=80, vacancies=5)


@pytest.fixture
def dataset_ctx(db: Database, dataset: Generated) -> Context:
    with db.unit_of_work() as session:
        company = session.scalars(select(Company).where(Company.public_id == dataset.company_id)).one()
        return admin_context(session, company)

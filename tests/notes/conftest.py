from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.notes.factories import make_application, make_candidate
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.files.store import LocalFileStore


@pytest.fixture
def candidate(session: Session, ctx: Context) -> Candidate:
    return make_candidate(session, ctx)


@pytest.fixture
def application(session: Session, ctx: Context, candidate: Candidate) -> Application:
    return make_application(session, ctx, candidate)


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")

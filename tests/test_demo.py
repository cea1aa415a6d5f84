from __future__ import annotations

from sqlalchemy import func, select

from vivier.applications.models import Application
from vivier.companies.auth import authenticate
from vivier.config import Settings
from vivier.db.session import Database
from vivier.demo import ensure_demo
from vivier.files.models import StoredFile
from vivier.files.store import LocalFileStore
from vivier.notes.models import Note
from vivier.vacancies.models import Vacancy


def count(db: Database, model: type, company_id: int) -> int:
    with db.unit_of_work() as session:
        return (
            session.scalar(select(func.count()).select_from(model).where(model.company_id == company_id)) or 0
        )


def test_demo_is_created_once_with_data_and_keeps_a_working_key(db: Database, settings: Settings) -> None:
    secret = settings.secret_key.get_secret_value()
    with db.unit_of_work() as session:
        first, created = ensure_demo(session, settings)
        company_id = authenticate(session, secret, first.api_key).company_id
    assert created
    assert (count(db, Vacancy, company_id), count(db, Application, company_id)) == (3, 12)
    assert count(db, Note, company_id) == 4
    with db.unit_of_work() as session:
        cvs = list(session.scalars(select(StoredFile).where(StoredFile.company_id == company_id)))
        columns = set(
            session.scalars(select(Application.column_id).where(Application.company_id == company_id))
        )
    assert len(cvs) == 12 and all(LocalFileStore(settings.files_dir).exists(f.digest) for f in cvs)
    assert len(columns) == 5  # spread over the pipeline

    with db.unit_of_work() as session:
        again, created = ensure_demo(session, settings)
    assert not created and again == first
    assert count(db, Application, company_id) == 12

    (settings.data_dir / "demo.json").unlink()
    with db.unit_of_work() as session:
        fresh, _ = ensure_demo(session, settings)
        assert fresh.api_key != first.api_key
        assert authenticate(session, secret, fresh.api_key).company_id == company_id

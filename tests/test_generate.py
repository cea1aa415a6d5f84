"""The bulk generator writes the same derived data the services would: search documents, lookup keys,
public ids, applications in the company's columns, notes, traits and stored CVs."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from tests.factories import daily_counts
from vivier import generate as generate_module
from vivier.app import create_app
from vivier.applications.models import Application, Apply
from vivier.candidates.models import Candidate, CandidateSearchDoc
from vivier.candidates.search import rebuild, search_candidates
from vivier.candidates.service import list_candidates
from vivier.companies.models import Company
from vivier.companies.service import admin_context
from vivier.config import Settings
from vivier.core.ids import is_public_id
from vivier.core.listing import ListQuery
from vivier.db.session import Database
from vivier.files.models import StoredFile
from vivier.files.store import LocalFileStore
from vivier.generate import Generated, generate
from vivier.notes.models import Note
from vivier.pipeline.models import PipelineColumn


def _generate(db: Database, tmp_path: Path, candidates: int = 120) -> Generated:
    slug = f"gen-{uuid.uuid4().hex[:8]}"
    return generate(
        db.unit_of_work, db.engine, LocalFileStore(tmp_path), slug=slug, candidates=candidates, vacancies=4
    )


def _documents(session: Session, company_id: int) -> dict[int, tuple[str, datetime]]:
    rows = session.execute(
        select(
            CandidateSearchDoc.candidate_id, CandidateSearchDoc.document, CandidateSearchDoc.created_at
        ).where(CandidateSearchDoc.company_id == company_id)
    ).all()
    return {candidate_id: (document, created) for candidate_id, document, created in rows}


def test_generated_rows_are_consistent(db: Database, tmp_path: Path) -> None:
    result = _generate(db, tmp_path)
    with db.unit_of_work() as session:
        company = session.scalars(select(Company).where(Company.public_id == result.company_id)).one()
        people = session.scalars(select(Candidate).where(Candidate.company_id == company.id)).all()
        assert len(people) == result.candidates == 120
        assert all(is_public_id(p.public_id) for p in people)
        assert all(p.email_key == p.email and p.lastname_key == p.lastname.casefold() for p in people)
        docs = _documents(session, company.id)
        rebuild(session, docs)  # what the services would have written
        rebuilt = _documents(session, company.id)
        assert docs == rebuilt and len(docs) == 120
        applications = session.scalars(select(Application).where(Application.company_id == company.id)).all()
        assert len(applications) == result.applications >= 120
        columns = set(
            session.scalars(select(PipelineColumn.id).where(PipelineColumn.company_id == company.id))
        )
        assert {a.column_id for a in applications} <= columns
        applies = session.scalar(
            select(func.count())
            .select_from(Apply)
            .join(Application)
            .where(Application.company_id == company.id)
        )
        assert applies == result.applications
        notes = session.scalar(select(func.count()).select_from(Note).where(Note.company_id == company.id))
        assert notes == result.notes
        files = session.scalars(select(StoredFile).where(StoredFile.company_id == company.id)).all()
        assert len(files) == result.files == 20 and all(f.candidate_id for f in files)


def test_generated_people_are_found_by_full_text_search(db: Database, tmp_path: Path) -> None:
    result = _generate(db, tmp_path, candidates=60)
    with db.unit_of_work() as session:
        company = session.scalars(select(Company).where(Company.public_id == result.company_id)).one()
        someone = session.scalars(select(Candidate).where(Candidate.company_id == company.id).limit(1)).one()
        page = search_candidates(session, admin_context(session, company), someone.email or "", ListQuery())
        assert [c.id for c in page.items] == [someone.id]


def test_generated_key_reaches_the_api(db: Database, tmp_path: Path, settings: Settings) -> None:
    result = _generate(db, tmp_path, candidates=10)
    with TestClient(create_app(settings)) as client:
        response = client.get(
            "/flowtly/candidates?itemsPerPage=5", headers={"Authorization": f"Bearer {result.api_key}"}
        )
    assert response.status_code == 200
    assert response.json()["hydra:totalItems"] == 10


def test_generating_again_extends_the_same_company(db: Database, tmp_path: Path) -> None:
    slug = f"gen-{uuid.uuid4().hex[:8]}"
    store = LocalFileStore(tmp_path)
    first = generate(db.unit_of_work, db.engine, store, slug=slug, candidates=30, vacancies=2)
    second = generate(db.unit_of_work, db.engine, store, slug=slug, candidates=30, vacancies=2)
    assert second.company_id == first.company_id and second.api_key != first.api_key
    with db.unit_of_work() as session:
        company = session.scalars(select(Company).where(Company.public_id == first.company_id)).one()
        ctx = admin_context(session, company)
        assert list_candidates(session, ctx, ListQuery()).total == 60
        created = session.scalars(select(Candidate.created_at).where(Candidate.company_id == company.id))
        assert daily_counts(session, company.id) == Counter(
            c.replace(hour=0, minute=0, second=0, microsecond=0) for c in created
        )
        assert (
            session.scalar(
                select(func.count()).select_from(Candidate).where(Candidate.company_id == company.id)
            )
            == 60
        )


Shape = tuple[str, tuple[str | None, ...], bool, str]


def _indexes(db: Database) -> dict[str, list[Shape]]:
    """Each bulk table's indexes: name, columns, uniqueness and PostgreSQL storage options."""
    tables = ("candidates", "candidate_search_docs", "applications", "applies", "notes", "traits")
    found = inspect(db.engine)
    return {
        table: sorted(
            (
                i["name"] or "",
                tuple(i["column_names"]),
                bool(i["unique"]),
                str(i.get("dialect_options", {}).get("postgresql_with", {})),
            )
            for i in found.get_indexes(table)
        )
        for table in tables
    }


def test_a_large_load_drops_the_indexes_and_builds_them_again(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _indexes(db)
    assert before["candidates"] and before["applications"]
    monkeypatch.setattr(generate_module, "REINDEX_FROM", 40)  # a "large" load, on both engines
    dropped: list[list[str]] = []
    drop = generate_module._Writer.drop_indexes

    def counting_drop(writer: generate_module._Writer, tables: list[object]) -> list[str]:
        dropped.append(drop(writer, tables))  # type: ignore[arg-type]
        return dropped[-1]

    monkeypatch.setattr(generate_module._Writer, "drop_indexes", counting_drop)
    result = _generate(db, tmp_path, candidates=50)
    assert dropped and dropped[0]  # the load ran without them...
    assert _indexes(db) == before  # ...and they are all back, as they were
    with db.unit_of_work() as session:
        company = session.scalars(select(Company).where(Company.public_id == result.company_id)).one()
        someone = session.scalars(select(Candidate).where(Candidate.company_id == company.id).limit(1)).one()
        page = search_candidates(session, admin_context(session, company), someone.email or "", ListQuery())
        assert [c.id for c in page.items] == [someone.id]


def test_a_small_load_queues_the_trigram_entries_then_merges_them(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's trigram index takes each entry at once (migration 0005), which makes a bulk load
    three times slower: during the load it queues them, and afterwards it is as it was, its queue
    merged."""
    before = _indexes(db)
    queued: list[list[str]] = []
    queue = generate_module._Writer.queue_gin

    def recording_queue(writer: generate_module._Writer, tables: list[object]) -> None:
        queue(writer, tables)  # type: ignore[arg-type]
        queued.append(list(writer.queued_gin))

    monkeypatch.setattr(generate_module._Writer, "queue_gin", recording_queue)
    _generate(db, tmp_path, candidates=30)
    postgres = db.engine.dialect.name == "postgresql"
    assert queued == [["ix_candidate_search_docs_trgm"] if postgres else []]
    assert _indexes(db) == before
    if postgres:
        assert "'fastupdate': 'off'" in str(before["candidate_search_docs"])
        with db.engine.begin() as connection:
            left = connection.exec_driver_sql(
                "SELECT gin_clean_pending_list('ix_candidate_search_docs_trgm'::regclass)"
            ).scalar()
        assert left == 0

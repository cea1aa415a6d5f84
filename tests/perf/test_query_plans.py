"""On PostgreSQL, the key queries have an index that serves them: with sequential scans disabled,
the plan of every statement they run reads through indexes only."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.applications.schemas import ApplicationSearch
from vivier.applications.search import search_applications
from vivier.applications.service import get_applicant_view
from vivier.candidates import pages
from vivier.candidates.models import Candidate
from vivier.candidates.search import search_candidates
from vivier.candidates.service import list_candidates
from vivier.companies.apikeys import resolve_key
from vivier.companies.context import Context
from vivier.core.listing import ListQuery
from vivier.db.session import Database
from vivier.generate import Generated
from vivier.pipeline.models import PipelineColumn
from vivier.vacancies.models import Vacancy


def _plans(
    db: Database, run: Callable[[Session], Any], settings: tuple[str, ...] = ("enable_seqscan = off",)
) -> list[str]:
    """The EXPLAIN output of each SELECT ``run`` issues, with sequential scans (or what ``settings``
    name) disabled."""
    captured: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    with db.unit_of_work() as session:
        connection = session.connection()
        event.listen(connection, "before_cursor_execute", record)
        try:
            run(session)
        finally:
            event.remove(connection, "before_cursor_execute", record)
        for setting in settings:
            connection.exec_driver_sql(f"SET LOCAL {setting}")
        plans = [
            "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))
            for sql, params in captured
        ]
        session.rollback()
    assert plans
    return plans


@pytest.fixture
def sample(db: Database, dataset_ctx: Context) -> dict[str, Any]:
    with db.unit_of_work() as session:
        row = session.execute(
            select(
                Application.public_id,
                Candidate.email,
                Candidate.lastname,
                Vacancy.public_id,
                PipelineColumn.title,
            )
            .join(Candidate, Candidate.id == Application.candidate_id)
            .join(Vacancy, Vacancy.id == Application.vacancy_id)
            .join(PipelineColumn, PipelineColumn.id == Application.column_id)
            .where(Application.company_id == dataset_ctx.company_id)
            .limit(1)
        ).one()
    return dict(zip(("applicant", "email", "lastname", "vacancy", "column"), row, strict=True))


KEY_QUERIES: dict[str, Callable[[Context, dict[str, Any], Generated], Callable[[Session], Any]]] = {
    "api key": lambda ctx, s, g: lambda session: resolve_key(session, g.api_key),
    "get applicant": lambda ctx, s, g: lambda session: get_applicant_view(session, ctx, s["applicant"]),
    "search by email": lambda ctx, s, g: (
        lambda session: search_applications(session, ctx, ApplicationSearch(email=s["email"]))
    ),
    "search by lastname": lambda ctx, s, g: (
        lambda session: search_applications(session, ctx, ApplicationSearch(lastname=s["lastname"]))
    ),
    "search by vacancy and column": lambda ctx, s, g: (
        lambda session: search_applications(
            session, ctx, ApplicationSearch(vacancy=s["vacancy"], column=s["column"])
        )
    ),
    "candidates page 1": lambda ctx, s, g: lambda session: list_candidates(session, ctx, ListQuery()),
    "candidates deep page": lambda ctx, s, g: (
        lambda session: list_candidates(session, ctx, ListQuery(page=100, per_page=30))
    ),
    "full-text search": lambda ctx, s, g: (
        lambda session: search_candidates(session, ctx, s["lastname"], ListQuery())
    ),
}


@pytest.mark.parametrize("name", KEY_QUERIES)
def test_key_queries_use_an_index(
    db: Database, dataset: Generated, dataset_ctx: Context, sample: dict[str, Any], name: str
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the engine for large companies")
    plans = _plans(db, KEY_QUERIES[name](dataset_ctx, sample, dataset))
    for plan in plans:
        assert "Seq Scan" not in plan, plan
        assert "Index" in plan or "Bitmap" in plan, plan


def test_a_deep_page_starts_at_its_day(
    db: Database, dataset: Generated, dataset_ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page and the day it starts from come in one statement; the walk starts at that day."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the engine for large companies")
    monkeypatch.setattr(pages, "SKIP_FROM", {})
    [plan] = _plans(db, lambda session: list_candidates(session, dataset_ctx, ListQuery(page=2, per_page=30)))
    assert "candidate_days" in plan and "Seq Scan" not in plan, plan
    assert re.search(r"Index Only Scan using ix_candidates_company_created .*\n.*created_at >= ", plan), plan


def test_a_search_never_walks_every_candidate(
    db: Database, dataset: Generated, dataset_ctx: Context, sample: dict[str, Any]
) -> None:
    """Even a planner set against sorting (as PostgreSQL 15 is, in effect, for a term it thinks common:
    it costs the window count as if the LIMIT stopped it early) cannot walk the candidates newest
    first probing each one's document: the hits are counted and ordered from the documents alone."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the engine for large companies")
    plans = _plans(
        db,
        lambda session: search_candidates(session, dataset_ctx, sample["lastname"], ListQuery()),
        ("enable_seqscan = off", "enable_sort = off"),
    )
    for plan in plans:
        assert "ix_candidates_company_created" not in plan, plan
    [plan] = plans
    assert "Index Scan using pk_candidates" in plan, plan  # just the page's people


def test_a_vacancy_and_column_search_reads_that_column_newest_first(
    db: Database, dataset: Generated, dataset_ctx: Context, sample: dict[str, Any]
) -> None:
    """A column named by its title is one id: an equality, so a (vacancy, column) index finds the rows
    (at scale, (vacancy, column, created) also gives them in order; on this small dataset the planner
    may pick (company, vacancy, column)); a list of ids led PostgreSQL to walk the company's
    applications newest first and filter them (52,000 rows for 100 at 1 M candidates)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("plans are checked on PostgreSQL, the engine for large companies")
    filters = ApplicationSearch(vacancy=sample["vacancy"], column=sample["column"])
    *_lookups, plan = _plans(
        db, lambda session: search_applications(session, dataset_ctx, filters, limit=100)
    )
    index = (
        r"ix_applications_(company_)?vacancy_column(_created)? .*\n"
        r".*Index Cond: \(.*\(vacancy_id = \d+\) AND \(column_id = \d+\)\)"
    )
    assert re.search(index, plan), plan

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy import text as text_of
from sqlalchemy.orm import Session

from tests.factories import QueryCounter
from vivier.candidates.models import Candidate, CandidateSearchDoc
from vivier.candidates.schemas import CandidateData
from vivier.candidates.search import _matching, rebuild_all, search_candidates
from vivier.candidates.service import create_candidate, update_candidate
from vivier.companies.context import Context
from vivier.core.listing import ListQuery
from vivier.notes.service import create_note, delete_note, update_note


def person(session: Session, ctx: Context, first: str, last: str, **extra: str | None) -> Candidate:
    data = CandidateData(firstname=first, lastname=last, email=f"{first}.{last}@example.org".lower(), **extra)
    return create_candidate(session, ctx, data)


def found(session: Session, ctx: Context, q: str, **filters: list[str]) -> list[str]:
    page = search_candidates(session, ctx, q, ListQuery(partial=filters))
    return [c.lastname for c in page.items]


def test_every_term_must_match_across_fields(session: Session, ctx: Context) -> None:
    person(session, ctx, "Ada", "Lovelace", location="Lyon", position="Backend developer")
    person(session, ctx, "Adèle", "Martin", location="Paris")
    person(session, ctx, "Bob", "Adams", location="Lyon")
    assert found(session, ctx, "ada lyon") == ["Adams", "Lovelace"]  # newest first
    assert found(session, ctx, "LOVELACE") == ["Lovelace"]
    assert found(session, ctx, "adele") == ["Martin"]  # accents folded
    assert found(session, ctx, "ADÈLE paris") == ["Martin"]
    assert found(session, ctx, "backend lyon") == ["Lovelace"]
    assert found(session, ctx, "example.org lovel") == ["Lovelace"]
    assert found(session, ctx, "nobody") == []
    assert found(session, ctx, "") == ["Adams", "Martin", "Lovelace"]
    assert found(session, ctx, "ada", lastname=["love"]) == ["Lovelace"]


def test_short_and_long_terms_together(session: Session, ctx: Context) -> None:
    # SQLite 3.40's FTS5 crashed on a short LIKE term followed by a long one.
    person(session, ctx, "Ada", "Lovelace")
    assert found(session, ctx, "a lovelace") == ["Lovelace"]
    assert found(session, ctx, "_x ada") == []
    assert found(session, ctx, "ad lov") == ["Lovelace"]


def test_wildcards_are_literal(session: Session, ctx: Context) -> None:
    person(session, ctx, "Percent", "Sign", position="100% remote")
    person(session, ctx, "Under", "Score", position="a_b")
    person(session, ctx, "Plain", "Text", position="axb 100x remote")
    person(session, ctx, "Slash", "Escape", position="c/d")
    assert found(session, ctx, "100%") == ["Sign"]
    assert found(session, ctx, "a_b") == ["Score"]
    assert found(session, ctx, "c/d") == ["Escape"]  # the escape character itself


def test_notes_summary_and_edits_are_searchable(session: Session, ctx: Context) -> None:
    ada = person(session, ctx, "Ada", "Lovelace")
    note = create_note(session, ctx, ada.public_id, "<p>Strong <b>Python</b> skills</p>")
    assert found(session, ctx, "python") == ["Lovelace"]
    update_note(session, ctx, note.note.public_id, {"content": "Prefers Rust"})
    assert found(session, ctx, "python") == [] and found(session, ctx, "rust") == ["Lovelace"]
    delete_note(session, ctx, note.note.public_id)
    assert found(session, ctx, "rust") == []
    update_candidate(session, ctx, ada.public_id, {"notes": "Speaks Français", "location": "Nantes"})
    assert found(session, ctx, "francais nantes") == ["Lovelace"]


def test_other_companies_are_invisible(session: Session, ctx: Context, other_ctx: Context) -> None:
    person(session, ctx, "Ada", "Lovelace")
    person(session, other_ctx, "Ada", "Byron")
    assert found(session, ctx, "ada") == ["Lovelace"]
    assert found(session, other_ctx, "ada") == ["Byron"]


def test_pagination_and_rebuild(session: Session, ctx: Context) -> None:
    for i in range(5):
        person(session, ctx, "Sam", f"Page{i}")
    page = search_candidates(session, ctx, "sam", ListQuery(page=2, per_page=2))
    assert page.total == 5 and [c.lastname for c in page.items] == ["Page2", "Page1"]
    last = search_candidates(session, ctx, "sam", ListQuery(page=3, per_page=2))
    assert last.total == 5 and [c.lastname for c in last.items] == ["Page0"]
    past_the_end = search_candidates(session, ctx, "sam", ListQuery(page=9, per_page=2))
    assert past_the_end.total == 5 and past_the_end.items == []
    nothing = search_candidates(session, ctx, "nobody-at-all", ListQuery())
    assert nothing.total == 0 and nothing.items == []
    session.execute(CandidateSearchDoc.__table__.delete())
    assert found(session, ctx, "sam") == []
    assert rebuild_all(session) >= 5
    assert len(found(session, ctx, "sam")) == 5
    docs = session.scalars(
        select(CandidateSearchDoc.document).where(CandidateSearchDoc.company_id == ctx.company_id)
    )
    assert all("sam" in d for d in docs)


def test_the_search_uses_its_index(session: Session, ctx: Context) -> None:
    if session.get_bind().dialect.name == "sqlite":
        stmt = _matching(session, ctx, ["lovelace"])
        compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
        plan = " ".join(str(r) for r in session.execute(text_of(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "candidate_search_fts VIRTUAL TABLE" in plan
    else:
        # The trigram condition alone: the company filter has an index of its own, which the
        # planner may prefer on a tiny table.
        session.execute(text_of("SET LOCAL enable_seqscan = off"))
        query = "EXPLAIN SELECT candidate_id FROM candidate_search_docs WHERE document LIKE '%lovelace%'"
        plan = " ".join(str(r) for r in session.execute(text_of(query)))
        assert "ix_candidate_search_docs_trgm" in plan


def test_a_search_page_and_its_total_take_one_statement(session: Session, ctx: Context) -> None:
    for i in range(4):
        person(session, ctx, "Quinn", f"Count{i}")
    session.flush()
    with QueryCounter(session) as counter:
        page = search_candidates(session, ctx, "quinn", ListQuery(per_page=3))
    assert page.total == 4 and len(page.items) == 3
    # The documents are counted and paged in a subquery; only the page's people are joined.
    assert len(counter) == 1, counter.statements
    assert counter.statements[0].count("FROM candidate_search_docs") == 1, counter.statements


def test_a_filtered_search_evaluates_the_search_once(session: Session, ctx: Context) -> None:
    for i in range(4):
        person(session, ctx, "Quinn", f"Count{i}")
    session.flush()
    with QueryCounter(session) as counter:
        page = search_candidates(
            session, ctx, "quinn", ListQuery(per_page=3, partial={"lastname": ["count"]})
        )
    assert page.total == 4 and len(page.items) == 3
    # The page's ids with the total, then the page's rows.
    assert len(counter) == 2, counter.statements
    assert sum("candidate_search_docs" in s for s in counter.statements) == 1, counter.statements


def test_a_new_document_is_searchable_without_a_pending_list(session: Session, ctx: Context) -> None:
    """PostgreSQL: documents go straight into the trigram index; none waits in a GIN pending list
    that every search would read until the next vacuum (migration 0005)."""
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 index has no pending list")
    person(session, ctx, "Ada", "Lovelace")
    session.flush()
    queued = session.scalar(
        text_of("SELECT gin_clean_pending_list('ix_candidate_search_docs_trgm'::regclass)")
    )
    assert queued == 0
    assert found(session, ctx, "lovel") == ["Lovelace"]

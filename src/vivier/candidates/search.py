"""Full-text search over candidates: every term must occur (case- and accent-insensitively) in the
names, email, position, location, summary, notes or CV text.

Each candidate has one folded search document (``candidate_search_docs``), rebuilt after every flush
that changes a searched field or a note. The document is indexed for substring matching by SQLite
FTS5 (trigram tokenizer) or PostgreSQL pg_trgm (migration 0002); the exact check runs on the
candidates the index returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.candidates.models import Candidate, CandidateSearchDoc
from vivier.candidates.pages import (
    CandidateCard,
    card_page,
    company_candidate_count,
    hits_page,
    hits_statement,
    matches_page,
)
from vivier.candidates.service import ORDERABLE, filter_candidates
from vivier.companies.context import Context
from vivier.core.ids import is_public_id
from vivier.core.listing import ListQuery, Page, apply_order
from vivier.core.text import fold
from vivier.db.scoping import TENANT_PARAM, restrict, scoped, tenant_params
from vivier.notes.models import Note
from vivier.vacancies.models import Vacancy

SEARCHED = ("firstname", "lastname", "email", "position", "location", "summary", "cv_text")
_TAGS = re.compile(r"<[^>]+>")
_PENDING = "vivier.search.pending"
_DOCUMENTED = (*SEARCHED, "created_at")  # a document also carries its candidate's creation date
TRIGRAM = 3


def document(values: Iterable[str | None]) -> str:
    """The folded text of a candidate; fields are kept on separate lines so terms never span two."""
    return "\n".join(fold(_TAGS.sub(" ", v)) for v in values if v)


def search_candidates(session: Session, ctx: Context, q: str, query: ListQuery) -> Page[CandidateCard]:
    """Candidates matching every whitespace-separated term of ``q`` (all of them when ``q`` is empty),
    with the candidate filters applied, newest first."""
    everyone = scoped(Candidate, ctx)
    stmt = filter_candidates(everyone, query)
    terms = [fold(term) for term in q.split()]
    if terms and stmt is everyone and not query.order:
        dialect = session.get_bind().dialect.name
        shape = (dialect, len(terms), _indexed(dialect, terms))
        params = term_params(dialect, ctx, terms)
        return hits_page(session, _hits_statement(*shape), matching_template(*shape), params, query)
    total = company_candidate_count(session, ctx) if not terms and stmt is everyone else None
    if terms:
        stmt = stmt.where(Candidate.id.in_(_matching(session, ctx, terms)))
    stmt = apply_order(stmt, query, ORDERABLE, default=(Candidate.created_at.desc(), Candidate.id.desc()))
    return matches_page(session, stmt, query) if terms else card_page(session, stmt, query, total=total)


@dataclass(frozen=True)
class LatestApplication:
    """A person's most recent application, for a search result line."""

    application_id: str
    vacancy_id: str
    vacancy_title: str
    applied_at: datetime
    count: int  # all of the person's applications in the company


@dataclass(frozen=True)
class CandidateHit:
    candidate: Candidate
    latest: LatestApplication | None


@dataclass(frozen=True)
class CandidateWindow:
    """One page of a keyset walk: ``next_after`` / ``previous_before`` are cursors (encoded ids) or None."""

    hits: list[CandidateHit]
    next_after: str | None
    previous_before: str | None


def browse_candidates(
    session: Session,
    ctx: Context,
    q: str,
    *,
    after: str | None = None,
    before: str | None = None,
    limit: int = 25,
) -> CandidateWindow:
    """Candidates matching ``q`` (as ``search_candidates``), newest first, ``limit`` at a time.

    Pages are keyset windows next to a cursor candidate (``after`` it or ``before`` it), so a page deep
    in a million people costs as much as the first one and nothing is counted. An unknown cursor (or
    one of another company) starts from the top. Each hit carries its latest application (one query).
    """
    stmt = scoped(Candidate, ctx)
    terms = [fold(term) for term in q.split()]
    if terms:
        stmt = stmt.where(Candidate.id.in_(_matching(session, ctx, terms)))
    cursor = _cursor(session, ctx, after or before)
    backwards = cursor is not None and not after
    if cursor is not None:
        stmt = stmt.where(_beyond(cursor, newer=backwards))
    order = (
        (Candidate.created_at, Candidate.id)
        if backwards
        else (Candidate.created_at.desc(), Candidate.id.desc())
    )
    found = list(session.scalars(stmt.order_by(*order).limit(limit + 1)))
    more, people = len(found) > limit, found[:limit]
    if backwards:
        people.reverse()
    has_next, has_previous = (True, more) if backwards else (more, cursor is not None)
    latest = latest_applications(session, ctx, [p.id for p in people])
    return CandidateWindow(
        hits=[CandidateHit(p, latest.get(p.id)) for p in people],
        next_after=people[-1].public_id if people and has_next else None,
        previous_before=people[0].public_id if people and has_previous else None,
    )


def _cursor(session: Session, ctx: Context, public_id: str | None) -> tuple[datetime, int] | None:
    if not public_id or not is_public_id(public_id):
        return None
    row = session.execute(
        scoped(Candidate, ctx)
        .where(Candidate.public_id == public_id)
        .with_only_columns(Candidate.created_at, Candidate.id)
    ).first()
    return (row[0], row[1]) if row is not None else None


def _beyond(cursor: tuple[datetime, int], *, newer: bool) -> ColumnElement[bool]:
    """Rows after the cursor in newest-first order (``newer=False``) or before it (``newer=True``)."""
    created, row_id = cursor
    if newer:
        return or_(
            Candidate.created_at > created, and_(Candidate.created_at == created, Candidate.id > row_id)
        )
    return or_(Candidate.created_at < created, and_(Candidate.created_at == created, Candidate.id < row_id))


def latest_applications(
    session: Session, ctx: Context, candidate_ids: list[int]
) -> dict[int, LatestApplication]:
    """Each person's newest application with its vacancy, for any number of people in one query."""
    if not candidate_ids:
        return {}
    rows = session.execute(
        restrict(
            select(
                Application.candidate_id,
                Application.public_id,
                Vacancy.public_id,
                Vacancy.title,
                Application.created_at,
            ).join(Vacancy, Vacancy.id == Application.vacancy_id),
            Application,
            ctx,
        )
        .where(Application.candidate_id.in_(candidate_ids))
        .order_by(Application.candidate_id, Application.created_at, Application.id)
    ).all()
    counts: dict[int, int] = {}
    newest: dict[int, tuple[str, str, str, datetime]] = {}
    for candidate_id, application_id, vacancy_id, title, created in rows:
        counts[candidate_id] = counts.get(candidate_id, 0) + 1
        newest[candidate_id] = (application_id, vacancy_id, title, created)
    return {cid: LatestApplication(*newest[cid], count=counts[cid]) for cid in newest}


def _matching(session: Session, ctx: Context, terms: list[str]) -> Select[int]:
    """The ids of the company's documents holding every term (the template, its values bound)."""
    dialect = session.get_bind().dialect.name
    return matching_template(dialect, len(terms), _indexed(dialect, terms)).params(
        term_params(dialect, ctx, terms)
    )


@lru_cache(maxsize=64)
def _hits_statement(dialect: str, terms: int, indexed: bool) -> Select[Any]:
    return hits_statement(matching_template(dialect, terms, indexed))


def term_params(dialect: str, ctx: Context, terms: list[str]) -> dict[str, Any]:
    """The values of a ``matching_template``'s parameters for this company and these terms."""
    params: dict[str, Any] = {**tenant_params(ctx)}
    if _indexed(dialect, terms):
        params[_FTS] = f"%{max(terms, key=len)}%"
    for i, term in enumerate(terms):  # instr() takes the term; LIKE a pattern, wildcards escaped
        params[f"{_TERM}{i}"] = term if dialect == "sqlite" else f"%{_escape_like(term)}%"
    return params


@lru_cache(maxsize=64)
def matching_template(dialect: str, terms: int, indexed: bool) -> Select[int]:
    """Document ids of the tenant's company (``restrict_bound``'s parameter) holding ``terms`` terms (parameters ``term_0``...), built
    once per shape; ``term_params`` gives the values."""
    docs = select(CandidateSearchDoc.candidate_id).where(
        CandidateSearchDoc.company_id == bindparam(TENANT_PARAM)
    )
    names = [bindparam(f"{_TERM}{i}", type_=String) for i in range(terms)]
    if dialect == "sqlite":
        # The FTS5 trigram index narrows on the longest term (its LIKE wildcards make that a superset);
        # instr() is exact. One indexed LIKE only: SQLite 3.40 crashes on several LIKE constraints
        # when one is shorter than a trigram. Terms under 3 characters cannot use the index anyway.
        if indexed:
            fts = text(f"SELECT rowid FROM candidate_search_fts WHERE document LIKE :{_FTS}").bindparams(
                bindparam(_FTS, type_=String)
            )
            docs = docs.where(CandidateSearchDoc.candidate_id.in_(fts))
        return docs.where(*(func.instr(CandidateSearchDoc.document, name) > 0 for name in names))
    # Served by the pg_trgm GIN index.
    return docs.where(*(CandidateSearchDoc.document.like(name, escape=_ESCAPE) for name in names))


def _indexed(dialect: str, terms: list[str]) -> bool:
    return dialect == "sqlite" and len(max(terms, key=len)) >= TRIGRAM


def _escape_like(term: str) -> str:
    return term.replace(_ESCAPE, _ESCAPE * 2).replace("%", f"{_ESCAPE}%").replace("_", f"{_ESCAPE}_")


_TERM = "term_"
_FTS = "fts_pattern"
_ESCAPE = "/"


def rebuild(session: Session, candidate_ids: Iterable[int]) -> None:
    """Recompute the search documents of these candidates (two reads, one delete, one insert)."""
    ids = sorted(set(candidate_ids))
    if not ids:
        return
    connection = session.connection()
    rows = connection.execute(
        select(
            Candidate.id,
            Candidate.company_id,
            Candidate.created_at,
            *(getattr(Candidate, f) for f in SEARCHED),
        ).where(Candidate.id.in_(ids))
    ).all()
    notes: dict[int, list[str]] = {}
    for candidate_id, note_text in connection.execute(
        select(Note.candidate_id, Note.text).where(Note.candidate_id.in_(ids)).order_by(Note.id)
    ):
        notes.setdefault(candidate_id, []).append(note_text)
    connection.execute(delete(CandidateSearchDoc).where(CandidateSearchDoc.candidate_id.in_(ids)))
    docs = [
        {
            "candidate_id": row[0],
            "company_id": row[1],
            "created_at": row[2],
            "document": document([*row[3:], *notes.get(row[0], [])]),
        }
        for row in rows
    ]
    if docs:
        connection.execute(insert(CandidateSearchDoc), docs)


def rebuild_all(session: Session, batch: int = 1000) -> int:
    """Rebuild every document (after a bulk import); returns the number of candidates."""
    done, last = 0, 0
    while ids := list(
        session.scalars(select(Candidate.id).where(Candidate.id > last).order_by(Candidate.id).limit(batch))
    ):
        rebuild(session, ids)
        done, last = done + len(ids), ids[-1]
    return done


# -- keeping documents in sync -----------------------------------------------------------------------


def _changed(obj: Any, names: Iterable[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_flush")
def _collect(session: Session, _context: Any, _instances: Any) -> None:
    pending: set[Any] = session.info.setdefault(_PENDING, set())
    for obj in session.new:
        if isinstance(obj, Candidate):
            pending.add(obj)
        elif isinstance(obj, Note):
            pending.add(obj.candidate_id)
    for obj in session.dirty:
        if isinstance(obj, Candidate) and _changed(obj, _DOCUMENTED):
            pending.add(obj)
        elif isinstance(obj, Note) and _changed(obj, ("text",)):
            pending.add(obj.candidate_id)
    for obj in session.deleted:
        if isinstance(obj, Note):
            pending.add(obj.candidate_id)


@event.listens_for(Session, "after_flush_postexec")
def _refresh(session: Session, _context: Any) -> None:
    pending = session.info.pop(_PENDING, None)
    if pending:
        # Candidates are kept as objects until flushed, since new ones have no id before.
        rebuild(session, {p.id if isinstance(p, Candidate) else p for p in pending if p is not None})


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, _previous: Any) -> None:
    session.info.pop(_PENDING, None)

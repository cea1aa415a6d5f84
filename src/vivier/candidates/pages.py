"""Pages of people as collections show them: the shown columns only (``CandidateCard``), and the
total from the same statement whenever the page has a row to carry it.

Unfiltered, in the default order (``created_at``, ``id``), the total is the company's
trigger-maintained counter and a deep page starts at the UTC day holding its first row
(``candidate_days``): it walks one day of index entries, not every row before it. A full-text search
counts and orders its hits from the search documents alone (they carry the creation date), then
joins just the page's people.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Integer, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate, CandidateCount, CandidateDay, CandidateSearchDoc
from vivier.companies.context import Context
from vivier.core.listing import ListQuery, Page, count, fetch_rows, ids_in_one_pass
from vivier.db.scoping import TENANT_PARAM, restrict_bound, tenant_params


class CandidateCard(NamedTuple):
    """The columns a collection shows of a person (named as on ``Candidate``)."""

    id: int
    public_id: str
    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    source: str | None
    location: str | None
    birth_date: date | None
    position: str | None
    url_linkedin: str | None
    summary: str | None
    expectations: str | None
    created_at: datetime
    updated_at: datetime


class CandidateView(Protocol):
    """What rendering a person reads: a ``Candidate`` or a ``CandidateCard``."""

    @property
    def public_id(self) -> str: ...
    @property
    def firstname(self) -> str: ...
    @property
    def lastname(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def location(self) -> str | None: ...
    @property
    def birth_date(self) -> date | None: ...
    @property
    def position(self) -> str | None: ...
    @property
    def url_linkedin(self) -> str | None: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def expectations(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...


CARD = tuple(getattr(Candidate, name) for name in CandidateCard._fields)
ORDER = (Candidate.created_at, Candidate.id)
# From this offset, a page of everyone starts at its day instead of walking there: about where the
# walk starts to cost more than summing the daily counts (SQLite walks an index several times faster).
SKIP_FROM = {"postgresql": 2000, "sqlite": 15000}

_LIMIT = bindparam("limit", type_=Integer)
_OFFSET = bindparam("offset", type_=Integer)
# The company's number of people: the sum of its counter's slots (tenant parameter bound).
_COUNT = restrict_bound(select(func.sum(CandidateCount.total)), CandidateCount)


def _first_pages() -> Select[Any]:
    """Everyone, in order, with the company's counter as the first column."""
    return restrict_bound(select(_counter(), *CARD), Candidate).order_by(*ORDER).limit(_LIMIT).offset(_OFFSET)


def _deep_pages() -> Select[Any]:
    """Everyone, in order, from the first day whose running count passes the offset (the day holding
    the page's first row), with the company's counter as the first column. The day, the rows before
    it and the page come from one snapshot."""
    per_day = func.sum(CandidateDay.total)  # of the day's slots
    days = (
        select(
            CandidateDay.day_start,
            per_day.label("total"),
            func.sum(per_day).over(order_by=CandidateDay.day_start).label("upto"),
        )
        .where(CandidateDay.company_id == bindparam(TENANT_PARAM))
        .group_by(CandidateDay.day_start)
        .subquery("days")
    )
    anchor = (
        select(days.c.day_start, (days.c.upto - days.c.total).label("before"))
        .where(days.c.upto > _OFFSET)
        .order_by(days.c.day_start)
        .limit(1)
        .cte("anchor")
    )
    ids = (
        restrict_bound(select(Candidate.id), Candidate)
        .where(Candidate.created_at >= select(anchor.c.day_start).scalar_subquery())
        .order_by(*ORDER)
        .limit(_LIMIT)
        # No day past the offset: no row either way, but SQLite refuses a NULL offset.
        .offset(func.coalesce(select(_OFFSET - anchor.c.before).scalar_subquery(), 0))
    )
    return (
        restrict_bound(select(_counter(), *CARD), Candidate)
        .where(Candidate.id.in_(ids.scalar_subquery()))
        .order_by(*ORDER)
    )


def _counter() -> ScalarSelect[int]:
    return _COUNT.scalar_subquery()


FIRST_PAGES = _first_pages()
DEEP_PAGES = _deep_pages()


def everyone_page(session: Session, ctx: Context, query: ListQuery) -> Page[CandidateCard]:
    """One page of all the company's people in the default order, and their number, in one statement
    (a page past the end reads the counter on its own)."""
    deep = query.offset >= SKIP_FROM.get(session.get_bind().dialect.name, 0)
    stmt = DEEP_PAGES if deep else FIRST_PAGES
    params = {**tenant_params(ctx), _LIMIT.key: query.per_page, _OFFSET.key: query.offset}
    rows = session.connection().execute(stmt, params).all()  # plain rows: no ORM result machinery
    if not rows:
        return Page([], company_candidate_count(session, ctx))
    return Page([CandidateCard._make(row[1:]) for row in rows], int(rows[0][0] or 0))


def company_candidate_count(session: Session, ctx: Context) -> int:
    """The company's number of people (exact: kept by triggers on insert and delete)."""
    return session.scalar(_COUNT, tenant_params(ctx)) or 0


def card_page(
    session: Session, stmt: Select[Any], query: ListQuery, *, total: int | None = None
) -> Page[CandidateCard]:
    """A page of ``stmt`` (people filtered and ordered any way) as cards, and their number (counted
    unless given)."""
    page = fetch_rows(session, stmt.with_only_columns(*CARD), query, total=total)
    return Page([CandidateCard._make(row) for row in page.items], page.total)


def hits_statement(docs: Select[int]) -> Select[Any]:
    """A page of the people whose search documents ``docs`` selects, newest first, with their number
    as the first column. The documents are counted and ordered on their own (a window count over
    narrow rows), then only the page's people are joined. Parameters: those of ``docs``, the tenant's,
    ``limit`` and ``offset``."""
    hits = (
        docs.with_only_columns(
            CandidateSearchDoc.candidate_id, CandidateSearchDoc.created_at, func.count().over().label("total")
        )
        .order_by(CandidateSearchDoc.created_at.desc(), CandidateSearchDoc.candidate_id.desc())
        .limit(_LIMIT)
        .offset(_OFFSET)
        .subquery("hits")
    )
    return restrict_bound(
        select(hits.c.total, *CARD).select_from(Candidate).join(hits, hits.c.candidate_id == Candidate.id),
        Candidate,
    ).order_by(hits.c.created_at.desc(), hits.c.candidate_id.desc())


def hits_page(
    session: Session, stmt: Select[Any], docs: Select[int], params: dict[str, Any], query: ListQuery
) -> Page[CandidateCard]:
    """A page of ``hits_statement(docs)`` run with ``params`` (a page past the end counts ``docs``)."""
    params = {**params, _LIMIT.key: query.per_page, _OFFSET.key: query.offset}
    rows = session.connection().execute(stmt, params).all()
    if not rows:
        return Page([], 0 if query.offset == 0 else count(session, docs, params))
    return Page([CandidateCard._make(row[1:]) for row in rows], int(rows[0][0]))


def matches_page(session: Session, stmt: Select[Any], query: ListQuery) -> Page[CandidateCard]:
    """A page of a search with filters or an ordering of its own: the page's ids and the total in
    one pass, then the page's cards by id."""
    ids, total = ids_in_one_pass(session, stmt, query)
    return Page(cards_by_id(session, ids), total)


def cards_by_id(session: Session, ids: Sequence[int]) -> list[CandidateCard]:
    """The cards of these people, in the order of ``ids``."""
    if not ids:
        return []
    found: dict[int, CandidateCard] = {
        row[0]: CandidateCard._make(row)
        for row in session.execute(select(*CARD).where(Candidate.id.in_(ids)))
    }
    return [found[i] for i in ids]

"""Flatchr applicant search (§7.5), built for very large companies.

One query joins application, candidate, vacancy, column and source and returns plain row tuples; the
filters hit the normalised, indexed ``*_key`` columns. Results are read in keyset batches (newest
first), so a face can stream a JSON array of any length with bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, false, not_, or_, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application, ApplicationStatus
from vivier.applications.schemas import ApplicationSearch, SearchRow
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Company
from vivier.companies.service import affiliate_ids
from vivier.core.errors import Constraint, Invalid
from vivier.core.ids import is_public_id
from vivier.core.text import digits, lookup_key
from vivier.db.lookup import IDS, WhereIdsIn, ids_in
from vivier.pipeline.models import PipelineColumn
from vivier.reference.models import Source
from vivier.vacancies.models import Vacancy

DEFAULT_BATCH = 1000

RowSelect = Select[*tuple[Any, ...]]

_COLUMNS = (
    Application.id,
    Application.public_id,
    Vacancy.title,
    Vacancy.id,
    PipelineColumn.title,
    PipelineColumn.hired,
    Application.external_id,
    Candidate.firstname,
    Candidate.lastname,
    Candidate.email,
    Candidate.phone,
    Application.status,
    Application.score,
    Application.created_at,
    Application.updated_at,
    Source.label,
)


def search_applications(
    session: Session,
    ctx: Context,
    filters: ApplicationSearch,
    *,
    limit: int | None = None,
    offset: int | None = None,
) -> list[SearchRow]:
    """Every matching row, newest application first (see ``iter_search_applications`` to stream)."""
    batches = iter_search_applications(session, ctx, filters, limit=limit, offset=offset)
    return [row for batch in batches for row in batch]


def iter_search_applications(
    session: Session,
    ctx: Context,
    filters: ApplicationSearch,
    *,
    limit: int | None = None,
    offset: int | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> Iterator[list[SearchRow]]:
    """Matching rows in batches, newest first. Filters are checked now (Invalid is raised before the
    first batch), so a face can start streaming only once the request is known to be valid."""
    if limit is not None and limit < 0:
        raise Invalid.one("limit", Constraint.MIN, "must be 0 or more", 0)
    if offset is not None and offset < 0:
        raise Invalid.one("offset", Constraint.MIN, "must be 0 or more", 0)
    filtered = _statement(session, ctx, filters)
    return _batches(session, filtered, limit, offset or 0, max(1, batch_size))


def _batches(
    session: Session, filtered: _Filtered, limit: int | None, offset: int, batch_size: int
) -> Iterator[list[SearchRow]]:
    first, following = _pages(filtered.shape, bool(offset))
    params = dict(filtered.params, offset=offset) if offset else dict(filtered.params)
    remaining = limit
    stmt = first
    while remaining is None or remaining > 0:
        size = batch_size if remaining is None else min(batch_size, remaining)
        batch = [SearchRow(*row) for row in session.execute(stmt, dict(params, limit=size))]
        if not batch:
            return
        yield batch
        if remaining is not None:
            remaining -= len(batch)
        if len(batch) < size:
            return
        stmt = following
        params.update(after_created=batch[-1].created_at, after_id=batch[-1].application_id)


# Built once: constructing the joins costs more than running an email search.
_JOINED: RowSelect = (
    select(*_COLUMNS)
    .select_from(Application)
    .join(Candidate, Candidate.id == Application.candidate_id)
    .join(Vacancy, Vacancy.id == Application.vacancy_id)
    .join(PipelineColumn, PipelineColumn.id == Application.column_id)
    .outerjoin(Source, Source.id == Application.source_id)
)
_NEWEST_FIRST = (Application.created_at.desc(), Application.id.desc())

_PERSON = (
    ("firstname", Candidate.firstname_key),
    ("lastname", Candidate.lastname_key),
    ("email", Candidate.email_key),
)
# Each date filter: its column, and whether it is the lower (inclusive) or upper (exclusive) bound.
_DATES = (
    ("start", Application.created_at, True),
    ("end", Application.created_at, False),
    ("start_update", Application.updated_at, True),
    ("end_update", Application.updated_at, False),
)


@dataclass(frozen=True)
class _Shape:
    """What a search statement looks like, its values aside (those are bound parameters)."""

    dialect: str
    one_company: bool
    phone: bool | None  # False: a phone without digits, which matches nothing
    hired: bool | None
    given: frozenset[str]  # the other filters present, by parameter name


@dataclass(frozen=True)
class _Filtered:
    shape: _Shape
    params: dict[str, Any]


def _statement(session: Session, ctx: Context, filters: ApplicationSearch) -> _Filtered:
    """The filters' shape and bound values; the statement itself is built once per shape (building
    it, and computing its cache key, cost more than running an email search)."""
    company_ids = _companies(session, ctx, filters.companies)
    params: dict[str, Any] = (
        {"company": company_ids[0]} if len(company_ids) == 1 else {"companies": company_ids}
    )
    for name, _ in _PERSON:
        key = lookup_key(getattr(filters, name))
        if key is not None:
            params[name] = key
    phone: bool | None = None
    if filters.phone is not None and filters.phone.strip():
        params["phone"] = digits(filters.phone)
        phone = bool(params["phone"])
    params.update(_column_ids(session, filters, company_ids))
    for name, _, lower in _DATES:
        day = getattr(filters, name)
        if day is not None:
            params[name] = _day_start(day if lower else day + timedelta(days=1))
    if filters.vacancy is not None:
        params["vacancy"] = _vacancy_id(session, filters.vacancy, company_ids)
    if filters.archived is not None:
        params["status"] = ApplicationStatus.ARCHIVED if filters.archived else ApplicationStatus.ACTIVE
    dialect = session.get_bind().dialect.name
    return _Filtered(_Shape(dialect, len(company_ids) == 1, phone, filters.hired, frozenset(params)), params)


@lru_cache(maxsize=64)
def _pages(shape: _Shape, offset: bool) -> tuple[RowSelect, RowSelect]:
    """The first batch (after ``offset`` rows) and the following ones (keyset: strictly after the
    last row in newest-first order)."""
    stmt = _filtered(shape)
    limit = bindparam("limit", type_=Integer)
    first = stmt.order_by(*_NEWEST_FIRST).limit(limit)
    if offset:
        first = first.offset(bindparam("offset", type_=Integer))
    created = bindparam("after_created", type_=Application.created_at.type)
    last_id = bindparam("after_id", type_=Integer)
    after = or_(
        Application.created_at < created, and_(Application.created_at == created, Application.id < last_id)
    )
    return first, stmt.where(after).order_by(*_NEWEST_FIRST).limit(limit)


def _filtered(shape: _Shape) -> RowSelect:
    stmt = _JOINED
    # The candidate filter is repeated so the (company_id, *_key) candidate indexes apply.
    for model in (Application, Candidate):
        if shape.one_company:
            stmt = stmt.where(model.company_id == bindparam("company", type_=Integer))
        else:
            # Affiliates: ``_companies`` has checked every id against the caller's own affiliations.
            stmt = stmt.where(ids_in(shape.dialect, model.company_id, "companies"))
    for name, column in _PERSON:
        if name in shape.given:
            stmt = stmt.where(column == bindparam(name))
    if shape.phone is not None:
        stmt = stmt.where(Candidate.phone_digits == bindparam("phone") if shape.phone else false())
    if "column_id" in shape.given:
        # One column (the usual case) is an equality, so (vacancy, column, created) serves the order.
        stmt = stmt.where(Application.column_id == bindparam("column_id", type_=Integer))
    if "column_ids" in shape.given:
        stmt = stmt.where(ids_in(shape.dialect, Application.column_id, "column_ids"))
    if shape.hired is not None:
        hired = ids_in(shape.dialect, Application.column_id, "hired_ids")
        stmt = stmt.where(hired if shape.hired else not_(hired))
    for name, when, lower in _DATES:
        if name in shape.given:
            stmt = stmt.where(when >= bindparam(name) if lower else when < bindparam(name))
    if "vacancy" in shape.given:
        stmt = stmt.where(Application.vacancy_id == bindparam("vacancy", type_=Integer))
    if "status" in shape.given:
        stmt = stmt.where(Application.status == bindparam("status", type_=Integer))
    return stmt


def _companies(session: Session, ctx: Context, refs: Sequence[str] | None) -> list[int]:
    """The companies searched: the caller's by default, or listed ones among it and its affiliates."""
    wanted = sorted({r.strip() for r in refs or () if isinstance(r, str) and r.strip()})
    if not wanted:
        return [ctx.company_id]
    allowed = {ctx.company_id, *affiliate_ids(session, ctx.company_id)}
    valid = [r for r in wanted if is_public_id(r)]
    found = {
        public_id: company_id
        for public_id, company_id in session.execute(
            select(Company.public_id, Company.id).where(Company.public_id.in_(valid))
        )
    }
    refused = [r for r in wanted if found.get(r) not in allowed]
    if refused:
        raise Invalid.one(
            "company", Constraint.REFERENCE, f"is not this company or one of its affiliates: {refused[0]}"
        )
    return sorted({found[r] for r in wanted})


# The lookups that resolve filters, built once as well (values bound at execution).
_COLUMNS_OF = WhereIdsIn(
    select(PipelineColumn.id, PipelineColumn.title, PipelineColumn.hired), PipelineColumn.company_id
)
_VACANCY_ID = WhereIdsIn(
    select(Vacancy.id).where(Vacancy.public_id == bindparam("public_id")), Vacancy.company_id
)


def _column_ids(session: Session, filters: ApplicationSearch, company_ids: list[int]) -> dict[str, Any]:
    """Column title and hired filters, resolved to column ids first (a handful of rows per company;
    Python case folding also handles accented titles, which SQLite's lower() does not)."""
    title = lookup_key(filters.column)
    if title is None and filters.hired is None:
        return {}
    rows = list(session.execute(_COLUMNS_OF(session), {IDS: company_ids}))
    found: dict[str, Any] = {}
    if title is not None:
        ids = [i for i, t, _ in rows if lookup_key(t) == title]
        found.update({"column_id": ids[0]} if len(ids) == 1 else {"column_ids": ids})
    if filters.hired is not None:
        found["hired_ids"] = [i for i, _, h in rows if h]
    return found


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _vacancy_id(session: Session, ref: str, company_ids: list[int]) -> int:
    ref = ref.strip()
    found = None
    if is_public_id(ref):
        found = session.scalar(_VACANCY_ID(session), {"public_id": ref, IDS: company_ids})
    if found is None:
        raise Invalid.one("vacancy", Constraint.REFERENCE, f"unknown vacancy {ref}")
    return found

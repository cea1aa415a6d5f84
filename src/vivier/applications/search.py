"""Flatchr applicant search (§7.5), built for very large companies.

One query joins application, candidate, vacancy, column and source and returns plain row tuples; the
filters hit the normalised, indexed ``*_key`` columns. Results are read in keyset batches (newest
first), so a face can stream a JSON array of any length with bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from vivier.applications.models import Application, ApplicationStatus
from vivier.applications.schemas import ApplicationSearch, SearchRow
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Company
from vivier.companies.service import affiliate_ids
from vivier.core.errors import Constraint, Invalid
from vivier.core.ids import is_public_id
from vivier.core.text import digits, lookup_key
from vivier.db.base import CompanyScoped
from vivier.db.scoping import restrict, restrict_any
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
    stmt = _statement(session, ctx, filters)
    return _batches(session, stmt, limit, offset or 0, max(1, batch_size))


def _batches(
    session: Session, stmt: RowSelect, limit: int | None, offset: int, batch_size: int
) -> Iterator[list[SearchRow]]:
    remaining = limit
    after: tuple[datetime, int] | None = None
    while remaining is None or remaining > 0:
        size = batch_size if remaining is None else min(batch_size, remaining)
        page = stmt
        if after is not None:
            # Keyset: continue strictly after the last row in (created_at desc, id desc) order.
            created, last_id = after
            page = page.where(
                or_(
                    Application.created_at < created,
                    and_(Application.created_at == created, Application.id < last_id),
                )
            )
        elif offset:
            page = page.offset(offset)
        batch = [SearchRow(*row) for row in session.execute(page.limit(size))]
        if not batch:
            return
        yield batch
        if remaining is not None:
            remaining -= len(batch)
        if len(batch) < size:
            return
        after = (batch[-1].created_at, batch[-1].application_id)


# Built once: constructing the joins costs more than running an email search.
_JOINED: RowSelect = (
    select(*_COLUMNS)
    .select_from(Application)
    .join(Candidate, Candidate.id == Application.candidate_id)
    .join(Vacancy, Vacancy.id == Application.vacancy_id)
    .join(PipelineColumn, PipelineColumn.id == Application.column_id)
    .outerjoin(Source, Source.id == Application.source_id)
)


def _statement(session: Session, ctx: Context, filters: ApplicationSearch) -> RowSelect:
    company_ids = _companies(session, ctx, filters.companies)
    stmt = _JOINED
    # The candidate filter is repeated so the (company_id, *_key) candidate indexes apply.
    stmt = _restrict(_restrict(stmt, Application, ctx, company_ids), Candidate, ctx, company_ids)
    stmt = _person_filters(stmt, filters)
    stmt = _column_filters(session, stmt, filters, company_ids)
    stmt = _date_filters(stmt, Application.created_at, filters.start, filters.end)
    stmt = _date_filters(stmt, Application.updated_at, filters.start_update, filters.end_update)
    if filters.vacancy is not None:
        stmt = stmt.where(Application.vacancy_id == _vacancy_id(session, filters.vacancy, company_ids))
    if filters.archived is not None:
        status = ApplicationStatus.ARCHIVED if filters.archived else ApplicationStatus.ACTIVE
        stmt = stmt.where(Application.status == status)
    return stmt.order_by(Application.created_at.desc(), Application.id.desc())


def _restrict(stmt: RowSelect, model: type[CompanyScoped], ctx: Context, company_ids: list[int]) -> RowSelect:
    if company_ids == [ctx.company_id]:
        return restrict(stmt, model, ctx)
    # Affiliates only: ``_companies`` has checked every id against the caller's own affiliations.
    return restrict_any(stmt, model, company_ids)


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


def _person_filters(stmt: RowSelect, filters: ApplicationSearch) -> RowSelect:
    for value, column in (
        (filters.firstname, Candidate.firstname_key),
        (filters.lastname, Candidate.lastname_key),
        (filters.email, Candidate.email_key),
    ):
        key = lookup_key(value)
        if key is not None:
            stmt = stmt.where(column == key)
    if filters.phone is not None and filters.phone.strip():
        wanted = digits(filters.phone)
        stmt = stmt.where(Candidate.phone_digits == wanted if wanted else false())
    return stmt


def _column_filters(
    session: Session, stmt: RowSelect, filters: ApplicationSearch, company_ids: list[int]
) -> RowSelect:
    """Column title and hired filters, resolved to column ids first (a handful of rows per company;
    Python case folding also handles accented titles, which SQLite's lower() does not)."""
    title = lookup_key(filters.column)
    if title is None and filters.hired is None:
        return stmt
    columns = session.execute(
        restrict_any(
            select(PipelineColumn.id, PipelineColumn.title, PipelineColumn.hired), PipelineColumn, company_ids
        )
    )
    rows = list(columns)
    if title is not None:
        stmt = stmt.where(Application.column_id.in_([i for i, t, _ in rows if lookup_key(t) == title]))
    if filters.hired is not None:
        hired = [i for i, _, h in rows if h]
        stmt = stmt.where(
            Application.column_id.in_(hired) if filters.hired else Application.column_id.not_in(hired)
        )
    return stmt


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _date_filters(
    stmt: RowSelect, column: InstrumentedAttribute[datetime], start: date | None, end: date | None
) -> RowSelect:
    """From the start of ``start`` to the end of ``end`` (UTC calendar days, both included)."""
    if start is not None:
        stmt = stmt.where(column >= _day_start(start))
    if end is not None:
        stmt = stmt.where(column < _day_start(end + timedelta(days=1)))
    return stmt


def _vacancy_id(session: Session, ref: str, company_ids: list[int]) -> int:
    ref = ref.strip()
    found = None
    if is_public_id(ref):
        found = session.scalar(
            restrict_any(select(Vacancy.id).where(Vacancy.public_id == ref), Vacancy, company_ids)
        )
    if found is None:
        raise Invalid.one("vacancy", Constraint.REFERENCE, f"unknown vacancy {ref}")
    return found

"""Collection queries shared by services: filters, date ranges, ordering and pages.

Faces parse their own query syntax into a ``ListQuery``; services declare which of their model's
columns each filter name maps to, and ``run_list_query`` builds the SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar, TypeVarTuple

from sqlalchemy import ColumnElement, Row, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from vivier.core.text import lookup_key

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

DateOp = Literal["after", "before", "strictly_after", "strictly_before"]
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class DateBound:
    field: str
    op: DateOp
    value: datetime


@dataclass
class ListQuery:
    """A face-neutral collection request. Unknown filter names are ignored by services."""

    page: int = 1
    per_page: int = 30
    exact: dict[str, list[str]] = field(default_factory=dict)  # any of the values
    partial: dict[str, list[str]] = field(default_factory=dict)  # case-insensitive substring
    dates: list[DateBound] = field(default_factory=list)
    order: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


Column = InstrumentedAttribute[Any]


def apply_filters(
    stmt: Select[*Ts],
    query: ListQuery,
    *,
    exact: Mapping[str, Column] = {},
    exact_ci: Mapping[str, Column] = {},
    partial: Mapping[str, Column] = {},
    dates: Mapping[str, Column] = {},
) -> Select[*Ts]:
    """Add the WHERE clauses for the filters a resource supports.

    ``exact_ci`` columns hold case-folded keys (see ``lookup_key``), compared against folded values.
    """
    for name, values in query.exact.items():
        if name in exact:
            stmt = stmt.where(exact[name].in_(values))
        elif name in exact_ci:
            stmt = stmt.where(exact_ci[name].in_([lookup_key(v) or "" for v in values]))
    for name, values in query.partial.items():
        if name in partial and values:
            column = partial[name]
            stmt = stmt.where(or_(*(func.lower(column).contains(v.lower(), autoescape=True) for v in values)))
    for bound in query.dates:
        if bound.field in dates:
            stmt = stmt.where(_compare(dates[bound.field], bound))
    return stmt


def _compare(column: Column, bound: DateBound) -> ColumnElement[bool]:
    if bound.op == "after":
        return column >= bound.value
    if bound.op == "before":
        return column <= bound.value
    if bound.op == "strictly_after":
        return column > bound.value
    return column < bound.value


def apply_order(
    stmt: Select[*Ts],
    query: ListQuery,
    orderable: Mapping[str, Column],
    default: Sequence[Column | ColumnElement[Any]],
) -> Select[*Ts]:
    """Requested orderings (unknown fields ignored), then the default order as a stable tie-break."""
    clauses = [
        orderable[f].desc() if desc else orderable[f].asc() for f, desc in query.order if f in orderable
    ]
    return stmt.order_by(*clauses, *default)


def fetch_page(session: Session, stmt: Select[T], query: ListQuery, *, total: int | None = None) -> Page[T]:
    """One page of ``stmt`` and the total count of matching rows (``total`` when the caller knows it)."""
    if total is None:
        total = count(session, stmt)
    return Page(list(session.scalars(page_of(stmt, query))), total)


def fetch_rows(
    session: Session, stmt: Select[*Ts], query: ListQuery, *, total: int | None = None
) -> Page[Row[*Ts]]:
    """``fetch_page`` for a select of columns: the page's rows."""
    if total is None:
        total = count(session, stmt)
    return Page(list(session.execute(page_of(stmt, query)).all()), total)


def count(session: Session, stmt: Select[*Ts], params: Mapping[str, Any] | None = None) -> int:
    """How many rows ``stmt`` matches (run with ``params`` when it has unbound parameters)."""
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()), params) or 0


def ids_in_one_pass(session: Session, stmt: Select[Any], query: ListQuery) -> tuple[list[int], int]:
    """The page's ids and the total for costly filters: one pass over narrow rows counts with a window
    (``count(*) over ()``), so the filter is not evaluated a second time just to count. A page past
    the end has no row to carry the total: it is counted then."""
    entity = stmt.column_descriptions[0]["entity"]
    found = session.execute(
        stmt.with_only_columns(entity.id, func.count().over()).limit(query.per_page).offset(query.offset)
    ).all()
    if not found:
        return [], 0 if query.offset == 0 else count(session, stmt)
    return [row[0] for row in found], int(found[0][1])


def page_of(stmt: Select[*Ts], query: ListQuery) -> Select[*Ts]:
    """Deep pages skip rows through the ids alone (an index-only walk of the ordering index), then
    load just the page's rows: the plain OFFSET would read every skipped row in full."""
    entity = stmt.column_descriptions[0].get("entity")
    key = getattr(entity, "id", None)
    if query.offset < DEFERRED_OFFSET or key is None:
        return stmt.limit(query.per_page).offset(query.offset)
    ids = stmt.with_only_columns(key).limit(query.per_page).offset(query.offset)
    return stmt.where(key.in_(ids.scalar_subquery()))


DEFERRED_OFFSET = 1000

"""Pipeline columns: company-wide stages, ordered by position; exactly one is the hired column."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid
from vivier.db.scoping import get_by_int_id, restrict, scoped
from vivier.events.audit import record
from vivier.pipeline.models import PipelineColumn
from vivier.reference.data import DEFAULT_COLUMNS, HIRED_COLUMN

MAX_TITLE = 255


def create_default_columns(session: Session, ctx: Context) -> list[PipelineColumn]:
    columns = [
        PipelineColumn(company_id=ctx.company_id, title=title, position=i, hired=title == HIRED_COLUMN)
        for i, title in enumerate(DEFAULT_COLUMNS, start=1)
    ]
    session.add_all(columns)
    session.flush()
    return columns


def list_columns(session: Session, ctx: Context) -> list[PipelineColumn]:
    return list(
        session.scalars(scoped(PipelineColumn, ctx).order_by(PipelineColumn.position, PipelineColumn.id))
    )


def get_column(session: Session, ctx: Context, column_id: int) -> PipelineColumn:
    return get_by_int_id(session, PipelineColumn, ctx, column_id, what="Column")


def column_param(session: Session, ctx: Context, column_id: int, field: str = "column_id") -> PipelineColumn:
    """A column named in a body or query parameter: unknown ids are a 400 on that field."""
    found = session.scalars(scoped(PipelineColumn, ctx).where(PipelineColumn.id == column_id)).one_or_none()
    if found is None:
        raise Invalid.one(field, Constraint.REFERENCE, "is not a column of this company")
    return found


def first_column(session: Session, ctx: Context) -> PipelineColumn:
    """Where new applications land: the lowest position."""
    return session.scalars(
        scoped(PipelineColumn, ctx).order_by(PipelineColumn.position, PipelineColumn.id).limit(1)
    ).one()


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise Invalid.one("title", Constraint.BLANK, "must not be blank")
    if len(title) > MAX_TITLE:
        raise Invalid.one("title", Constraint.LENGTH, "is too long", MAX_TITLE)
    return title


def create_column(session: Session, ctx: Context, title: str) -> PipelineColumn:
    ctx.require_admin()
    title = _clean_title(title)
    last = session.scalar(restrict(select(func.max(PipelineColumn.position)), PipelineColumn, ctx))
    column = PipelineColumn(company_id=ctx.company_id, title=title, position=(last or 0) + 1)
    session.add(column)
    session.flush()
    record(session, ctx, "column.create", "column", column.id, title=title)
    return column


def rename_column(session: Session, ctx: Context, column_id: int, title: str) -> PipelineColumn:
    ctx.require_admin()
    column = get_column(session, ctx, column_id)
    title = _clean_title(title)
    column.title = title
    record(session, ctx, "column.rename", "column", column.id, title=title)
    return column


def reorder_columns(session: Session, ctx: Context, column_ids: list[int]) -> list[PipelineColumn]:
    """Set positions 1..n in the given order; the list must name every column exactly once."""
    ctx.require_admin()
    columns = {c.id: c for c in list_columns(session, ctx)}
    if sorted(column_ids) != sorted(columns):
        raise Invalid.one("columns", Constraint.INVALID, "must list every column of the company once")
    for position, column_id in enumerate(column_ids, start=1):
        columns[column_id].position = position
    record(session, ctx, "column.reorder", "column", ",".join(map(str, column_ids)))
    return [columns[i] for i in column_ids]


def move_column(session: Session, ctx: Context, column_id: int, offset: int) -> list[PipelineColumn]:
    """Move one column ``offset`` places (negative: towards the first), stopping at either end."""
    ctx.require_admin()
    column = get_column(session, ctx, column_id)
    order = [c.id for c in list_columns(session, ctx)]
    target = max(0, min(len(order) - 1, order.index(column.id) + offset))
    order.remove(column.id)
    order.insert(target, column.id)
    return reorder_columns(session, ctx, order)


def set_hired_column(session: Session, ctx: Context, column_id: int) -> PipelineColumn:
    ctx.require_admin()
    chosen = get_column(session, ctx, column_id)
    for column in list_columns(session, ctx):
        column.hired = column.id == chosen.id
    record(session, ctx, "column.hired", "column", chosen.id)
    return chosen

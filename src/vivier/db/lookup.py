"""Batch loading by primary key that reuses what the session already holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import BindParameter, ColumnElement, Executable, Integer, any_, bindparam, inspect, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

M = TypeVar("M")
S = TypeVar("S", bound=Executable)
_REMEMBERED = "vivier.remembered"


def remember(session: Session, row: Any) -> None:
    """Keep ``row`` for the session's unit of work, so ``rows_by_id`` serves it without a query (the
    identity map holds rows weakly; remembered rows may also be copies that belong to no session)."""
    session.info.setdefault(_REMEMBERED, {})[identity_key(type(row), row.id)] = row


def rows_by_id(session: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Rows of ``model`` by integer id in one query at most; rows already loaded in the session
    (the caller's company after authentication, say) cost none."""
    wanted = set(ids)
    found: dict[int, M] = {}
    remembered = session.info.get(_REMEMBERED, {})
    for i in wanted:
        key = identity_key(model, i)
        loaded = remembered.get(key) or session.identity_map.get(key)
        # An expired row would reload itself on first access: one query per row, so fetch it anew.
        if loaded is not None and not inspect(loaded).expired_attributes:
            found[i] = loaded
    missing = wanted - found.keys()
    if missing:
        column: Any = model.id  # type: ignore[attr-defined]
        rows: Iterable[Any] = session.scalars(select(model).where(in_ids(session, column, missing)))
        found.update((row.id, row) for row in rows)
    return found


def in_ids(session: Session, column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN (ids)``; on PostgreSQL ``= ANY`` of one array parameter, so a list of 200 ids
    is not expanded into 200 parameters (and re-parsed) on every request."""
    return ids_in(session.get_bind().dialect.name, column, None, list(ids))


IDS = "ids"


class WhereIdsIn(Generic[S]):
    """A statement filtered by ``column IN :ids``, built once in both of ``in_ids``'s forms: run for
    a session's dialect with ``{IDS: [...]}``. Reusing one statement object also reuses its cache key,
    which SQLAlchemy would otherwise compute anew, walking every join, on each request."""

    def __init__(self, stmt: S, column: Any) -> None:
        self._any: S = stmt.where(ids_in("postgresql", column, IDS))  # type: ignore[attr-defined]
        self._in: S = stmt.where(ids_in("sqlite", column, IDS))  # type: ignore[attr-defined]

    def __call__(self, session: Session) -> S:
        return self._any if session.get_bind().dialect.name == "postgresql" else self._in


def ids_in(
    dialect: str, column: Any, name: str | None, values: list[int] | None = None
) -> ColumnElement[bool]:
    """``column IN :name``, a list of integer ids bound at execution (or ``values``, bound now): on
    PostgreSQL ``= ANY`` of one array parameter, so any number of ids is one statement text."""
    if dialect == "postgresql":
        return column == any_(_ids_param(name, values, type_=ARRAY(Integer)))  # type: ignore[no-any-return]
    return column.in_(_ids_param(name, values, expanding=True))  # type: ignore[no-any-return]


def _ids_param(name: str | None, values: list[int] | None, **options: Any) -> BindParameter[Any]:
    # Without values the parameter stays required: executing without it is an error, not NULL.
    return bindparam(name, **options) if values is None else bindparam(name, values, **options)

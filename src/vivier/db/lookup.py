"""Batch loading by primary key that reuses what the session already holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Integer, any_, bindparam, inspect, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

M = TypeVar("M")


def rows_by_id(session: Session, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """Rows of ``model`` by integer id in one query at most; rows already loaded in the session
    (the caller's company after authentication, say) cost none."""
    wanted = set(ids)
    found: dict[int, M] = {}
    for i in wanted:
        loaded = session.identity_map.get(identity_key(model, i))
        # An expired row would reload itself on first access: one query per row, so fetch it anew.
        if loaded is not None and not inspect(loaded).expired_attributes:
            found[i] = loaded
    missing = wanted - found.keys()
    if missing:
        key: Any = model.id  # type: ignore[attr-defined]
        rows: Iterable[Any] = session.scalars(select(model).where(in_ids(session, key, missing)))
        found.update((row.id, row) for row in rows)
    return found


def in_ids(session: Session, column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    """``column IN (ids)``; on PostgreSQL ``= ANY`` of one array parameter, so a list of 200 ids
    is not expanded into 200 parameters (and re-parsed) on every request."""
    values = list(ids)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(Integer)))  # type: ignore[no-any-return]
    return column.in_(values)  # type: ignore[no-any-return]

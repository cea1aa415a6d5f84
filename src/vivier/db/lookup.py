"""Batch loading by primary key that reuses what the session already holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import inspect, select
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
        found.update((row.id, row) for row in session.scalars(select(model).where(key.in_(missing))))  # type: ignore[attr-defined]
    return found

"""The deletion feed for incremental-sync clients: tombstones left by ``audit.bury``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.core.listing import ListQuery, Page, apply_filters, apply_order, fetch_page
from vivier.db.scoping import scoped
from vivier.events.models import Tombstone


def list_tombstones(
    session: Session, ctx: Context, entity_types: Sequence[str], query: ListQuery
) -> Page[Tombstone]:
    """A page of the tenant's tombstones of the given entity types (none given: nothing).

    Filters: ``deletedAt`` date bounds. Orders: ``deletedAt``; default oldest first, then id.
    """
    T = Tombstone
    stmt = scoped(T, ctx).where(T.entity_type.in_(list(entity_types)))
    stmt = apply_filters(stmt, query, dates={"deletedAt": T.deleted_at})
    stmt = apply_order(stmt, query, {"deletedAt": T.deleted_at}, [T.deleted_at, T.id])
    return fetch_page(session, stmt, query)

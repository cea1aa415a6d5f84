"""Rate-limit windows shared by every worker process, kept in the ``rate_windows`` table.

A window is claimed with one atomic upsert: insert the key, or move ``until`` forward only when the
previous window has ended. Whoever loses a race (concurrent insert or update) simply sees no row
changed, so two processes can never both be served inside the same window.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from vivier.core.clock import now
from vivier.core.errors import RateLimited
from vivier.events.models import RateWindow

CV_DOWNLOAD_WINDOW = timedelta(seconds=1)


def cv_download_key(company_id: int) -> str:
    return f"files.expire:{company_id}"


def claim_window(session: Session, key: str, window: timedelta) -> bool:
    """Start a window for ``key`` unless one is still running; True when this caller got it.

    A refused claim changes nothing, so rejected calls never extend the window.
    """
    current = now()
    values = {"key": key, "until": current + window}
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(RateWindow).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[RateWindow.key],
        set_={"until": stmt.excluded.until},
        where=RateWindow.until <= current,
    )
    # RETURNING yields the row only when it was inserted or moved forward (rowcount is unreliable
    # across drivers for upserts).
    return session.connection().execute(stmt.returning(RateWindow.key)).first() is not None


def claim_slot(session: Session, key: str, limit: int, window: timedelta) -> bool:
    """Take one of ``limit`` slots of ``key`` for ``window``: a counting limit built on claim_window.

    False when every slot is taken; nothing is changed then.
    """
    return any(claim_window(session, f"{key}#{slot}", window) for slot in range(limit))


def slots_exhausted(session: Session, key: str, limit: int) -> bool:
    """True while all ``limit`` slots of ``key`` are taken."""
    busy = session.scalar(
        select(func.count())
        .select_from(RateWindow)
        .where(RateWindow.key.in_([f"{key}#{slot}" for slot in range(limit)]), RateWindow.until > now())
    )
    return (busy or 0) >= limit


def acquire(session: Session, key: str, window: timedelta = CV_DOWNLOAD_WINDOW) -> None:
    """Claim the window in the caller's transaction, or raise RateLimited.

    The claim must be committed before the response is sent (the faces' unit of work does so); until
    then, a concurrent claim of the same key waits on the row (PostgreSQL) or the write lock (SQLite)
    and is refused once it sees the committed window.
    """
    if not claim_window(session, key, window):
        raise RateLimited("Too many requests: wait before downloading again", retry_after=retry_after(window))


def retry_after(window: timedelta) -> int:
    """Whole seconds a refused caller should wait (at least 1)."""
    return max(1, math.ceil(window.total_seconds()))

"""full-text search on PostgreSQL: the trigram index takes each change at once

By default a GIN index queues new entries in a pending list that every search then reads in full,
until a vacuum merges it (up to ``gin_pending_list_limit``, 4 MB). After a day of applications a
search paid for every document written since the last vacuum: at 10 k candidates, 1,700 queued
documents halved the searches per second; at 1 M, they added a fifth to each one. Without the list
a write costs a little more (creating a note: about 15 % fewer per second at 1 M) and a search costs
the same whatever was written before it. SQLite's FTS5 index has no such list.

Revision ID: 0005_search_no_pending
Revises: 0004_candidate_pages
Create Date: 2026-12-08
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_search_no_pending"
down_revision: str | None = "0004_candidate_pages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_candidate_search_docs_trgm"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX {INDEX} SET (fastupdate = off)")
        # Turning the list off does not empty it.
        op.execute(f"SELECT gin_clean_pending_list('{INDEX}'::regclass)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER INDEX {INDEX} RESET (fastupdate)")

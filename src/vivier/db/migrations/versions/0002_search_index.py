"""full-text search index on candidate_search_docs

SQLite: an external-content FTS5 table with the trigram tokenizer, kept in sync by triggers.
PostgreSQL: a pg_trgm GIN index. Both serve substring (LIKE '%term%') matching.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE candidate_search_fts USING fts5(
        document, content='candidate_search_docs', content_rowid='candidate_id', tokenize='trigram')""",
    """CREATE TRIGGER candidate_search_fts_ai AFTER INSERT ON candidate_search_docs BEGIN
        INSERT INTO candidate_search_fts(rowid, document) VALUES (new.candidate_id, new.document);
    END""",
    """CREATE TRIGGER candidate_search_fts_ad AFTER DELETE ON candidate_search_docs BEGIN
        INSERT INTO candidate_search_fts(candidate_search_fts, rowid, document)
        VALUES ('delete', old.candidate_id, old.document);
    END""",
    """CREATE TRIGGER candidate_search_fts_au AFTER UPDATE ON candidate_search_docs BEGIN
        INSERT INTO candidate_search_fts(candidate_search_fts, rowid, document)
        VALUES ('delete', old.candidate_id, old.document);
        INSERT INTO candidate_search_fts(rowid, document) VALUES (new.candidate_id, new.document);
    END""",
    "INSERT INTO candidate_search_fts(candidate_search_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS candidate_search_fts_au",
    "DROP TRIGGER IF EXISTS candidate_search_fts_ad",
    "DROP TRIGGER IF EXISTS candidate_search_fts_ai",
    "DROP TABLE IF EXISTS candidate_search_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_candidate_search_docs_trgm ON candidate_search_docs USING gin (document gin_trgm_ops)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_candidate_search_docs_trgm"]


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)

"""candidate pages at a million people: daily counts and the search documents' creation dates

``candidate_days`` counts each company's people per UTC day of ``created_at``, kept exact by
triggers on ``candidates`` (as ``candidate_counts``). A deep page of the default order
(``created_at``, ``id``) starts at the day holding its first row, so it walks one day of index
entries instead of every row before it.

``candidate_search_docs.created_at`` copies the candidate's creation date (it never changes): a
full-text search orders and counts its hits from the documents alone. Joined to ``candidates``,
PostgreSQL 15 could plan the search as a walk of every candidate newest first, probing each one's
document (seconds for a term it estimated common), because it costs the window count as if the
LIMIT stopped it early.

Revision ID: 0004_candidate_pages
Revises: 0003_perf_indexes
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_candidate_pages"
down_revision: str | None = "0003_perf_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Midnight UTC of a creation date, as each engine stores it (SQLite: SQLAlchemy's naive UTC text).
SQLITE_DAY = "date({}) || ' 00:00:00.000000'"
POSTGRES_DAY = "date_trunc('day', {}, 'UTC')"

FILL = (
    "INSERT INTO candidate_days (company_id, day_start, total) "
    "SELECT company_id, {day}, COUNT(*) FROM candidates GROUP BY company_id, {day}"
)

SQLITE_UP = [
    f"""CREATE TRIGGER candidate_days_ai AFTER INSERT ON candidates BEGIN
        INSERT INTO candidate_days (company_id, day_start, total)
        VALUES (new.company_id, {SQLITE_DAY.format("new.created_at")}, 1)
        ON CONFLICT (company_id, day_start) DO UPDATE SET total = total + 1;
    END""",
    f"""CREATE TRIGGER candidate_days_ad AFTER DELETE ON candidates BEGIN
        UPDATE candidate_days SET total = total - 1
        WHERE company_id = old.company_id AND day_start = {SQLITE_DAY.format("old.created_at")};
    END""",
    f"""CREATE TRIGGER candidate_days_au AFTER UPDATE OF company_id, created_at ON candidates
        WHEN old.company_id IS NOT new.company_id OR old.created_at IS NOT new.created_at BEGIN
        UPDATE candidate_days SET total = total - 1
        WHERE company_id = old.company_id AND day_start = {SQLITE_DAY.format("old.created_at")};
        INSERT INTO candidate_days (company_id, day_start, total)
        VALUES (new.company_id, {SQLITE_DAY.format("new.created_at")}, 1)
        ON CONFLICT (company_id, day_start) DO UPDATE SET total = total + 1;
    END""",
    # The FTS index only needs the document: a date written into the row must not re-index it.
    "DROP TRIGGER candidate_search_fts_au",
    """CREATE TRIGGER candidate_search_fts_au AFTER UPDATE OF document ON candidate_search_docs BEGIN
        INSERT INTO candidate_search_fts(candidate_search_fts, rowid, document)
        VALUES ('delete', old.candidate_id, old.document);
        INSERT INTO candidate_search_fts(rowid, document) VALUES (new.candidate_id, new.document);
    END""",
    # SQLite adds a NOT NULL column only with a default; every row gets its real date right after.
    "ALTER TABLE candidate_search_docs ADD COLUMN created_at DATETIME NOT NULL "
    "DEFAULT '1970-01-01 00:00:00.000000'",
    """UPDATE candidate_search_docs SET created_at =
        (SELECT c.created_at FROM candidates AS c WHERE c.id = candidate_search_docs.candidate_id)""",
]
SQLITE_DOWN = [
    "ALTER TABLE candidate_search_docs DROP COLUMN created_at",
    "DROP TRIGGER candidate_search_fts_au",
    """CREATE TRIGGER candidate_search_fts_au AFTER UPDATE ON candidate_search_docs BEGIN
        INSERT INTO candidate_search_fts(candidate_search_fts, rowid, document)
        VALUES ('delete', old.candidate_id, old.document);
        INSERT INTO candidate_search_fts(rowid, document) VALUES (new.candidate_id, new.document);
    END""",
    "DROP TRIGGER IF EXISTS candidate_days_au",
    "DROP TRIGGER IF EXISTS candidate_days_ad",
    "DROP TRIGGER IF EXISTS candidate_days_ai",
]
POSTGRES_UP = [
    f"""CREATE FUNCTION candidate_days_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candidate_days AS days (company_id, day_start, total)
        SELECT company_id, {POSTGRES_DAY.format("created_at")}, COUNT(*) FROM inserted
        GROUP BY company_id, {POSTGRES_DAY.format("created_at")}
        ON CONFLICT (company_id, day_start) DO UPDATE SET total = days.total + EXCLUDED.total;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION candidate_days_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE candidate_days AS days SET total = days.total - gone.n
        FROM (SELECT company_id, {POSTGRES_DAY.format("created_at")} AS day_start, COUNT(*) AS n
              FROM deleted GROUP BY company_id, {POSTGRES_DAY.format("created_at")}) AS gone
        WHERE days.company_id = gone.company_id AND days.day_start = gone.day_start;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION candidate_days_move() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE candidate_days SET total = total - 1
        WHERE company_id = OLD.company_id AND day_start = {POSTGRES_DAY.format("OLD.created_at")};
        INSERT INTO candidate_days AS days (company_id, day_start, total)
        VALUES (NEW.company_id, {POSTGRES_DAY.format("NEW.created_at")}, 1)
        ON CONFLICT (company_id, day_start) DO UPDATE SET total = days.total + 1;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER candidate_days_ai AFTER INSERT ON candidates REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_days_add()""",
    """CREATE TRIGGER candidate_days_ad AFTER DELETE ON candidates REFERENCING OLD TABLE AS deleted
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_days_remove()""",
    # Statement triggers with transition tables cannot name columns: a row trigger, for the rare
    # update that really changes a creation date or a company.
    """CREATE TRIGGER candidate_days_au AFTER UPDATE OF company_id, created_at ON candidates FOR EACH ROW
        WHEN (OLD.company_id IS DISTINCT FROM NEW.company_id OR OLD.created_at IS DISTINCT FROM NEW.created_at)
        EXECUTE FUNCTION candidate_days_move()""",
    # Every document row is rewritten once: cheaper without the trigram index, rebuilt after.
    "DROP INDEX IF EXISTS ix_candidate_search_docs_trgm",
    "ALTER TABLE candidate_search_docs ADD COLUMN created_at TIMESTAMP WITH TIME ZONE",
    """UPDATE candidate_search_docs AS d SET created_at = c.created_at
        FROM candidates AS c WHERE c.id = d.candidate_id""",
    "ALTER TABLE candidate_search_docs ALTER COLUMN created_at SET NOT NULL",
    "CREATE INDEX ix_candidate_search_docs_trgm ON candidate_search_docs USING gin (document gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "ALTER TABLE candidate_search_docs DROP COLUMN created_at",
    "DROP TRIGGER IF EXISTS candidate_days_au ON candidates",
    "DROP TRIGGER IF EXISTS candidate_days_ad ON candidates",
    "DROP TRIGGER IF EXISTS candidate_days_ai ON candidates",
    "DROP FUNCTION IF EXISTS candidate_days_move()",
    "DROP FUNCTION IF EXISTS candidate_days_remove()",
    "DROP FUNCTION IF EXISTS candidate_days_add()",
]


def upgrade() -> None:
    op.create_table(
        "candidate_days",
        sa.Column("day_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_candidate_days_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_days")),
        sa.UniqueConstraint("company_id", "day_start", name=op.f("uq_candidate_days_company_id_day_start")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(FILL.format(day=(SQLITE_DAY if sqlite else POSTGRES_DAY).format("created_at")))
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_table("candidate_days")

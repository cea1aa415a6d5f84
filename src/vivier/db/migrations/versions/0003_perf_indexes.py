"""performance at a million candidates: candidate counters and an ordered vacancy-column index

``candidate_counts`` holds each company's number of people, kept exact by triggers on ``candidates``
(row triggers on SQLite; statement triggers with transition tables on PostgreSQL, so bulk COPY pays
one update per statement), so unfiltered candidate lists do not count a million rows per page.
``ix_applications_vacancy_column_created`` serves the Flatchr search by vacancy and column in its
newest-first order without a sort.

Revision ID: 0003_perf_indexes
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_perf_indexes"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILL = "INSERT INTO candidate_counts (company_id, total) SELECT company_id, COUNT(*) FROM candidates GROUP BY company_id"
SQLITE_UP = [
    """CREATE TRIGGER candidate_counts_ai AFTER INSERT ON candidates BEGIN
        INSERT INTO candidate_counts (company_id, total) VALUES (new.company_id, 1)
        ON CONFLICT (company_id) DO UPDATE SET total = total + 1;
    END""",
    """CREATE TRIGGER candidate_counts_ad AFTER DELETE ON candidates BEGIN
        UPDATE candidate_counts SET total = total - 1 WHERE company_id = old.company_id;
    END""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS candidate_counts_ad", "DROP TRIGGER IF EXISTS candidate_counts_ai"]
POSTGRES_UP = [
    """CREATE FUNCTION candidate_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candidate_counts AS counts (company_id, total)
        SELECT company_id, COUNT(*) FROM inserted GROUP BY company_id
        ON CONFLICT (company_id) DO UPDATE SET total = counts.total + EXCLUDED.total;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION candidate_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE candidate_counts AS counts SET total = counts.total - gone.n
        FROM (SELECT company_id, COUNT(*) AS n FROM deleted GROUP BY company_id) AS gone
        WHERE counts.company_id = gone.company_id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER candidate_counts_ai AFTER INSERT ON candidates REFERENCING NEW TABLE AS inserted
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_counts_add()""",
    """CREATE TRIGGER candidate_counts_ad AFTER DELETE ON candidates REFERENCING OLD TABLE AS deleted
        FOR EACH STATEMENT EXECUTE FUNCTION candidate_counts_remove()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS candidate_counts_ad ON candidates",
    "DROP TRIGGER IF EXISTS candidate_counts_ai ON candidates",
    "DROP FUNCTION IF EXISTS candidate_counts_remove()",
    "DROP FUNCTION IF EXISTS candidate_counts_add()",
]


def upgrade() -> None:
    op.create_table(
        "candidate_counts",
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_candidate_counts_company_id_companies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_counts")),
        sa.UniqueConstraint("company_id", name=op.f("uq_candidate_counts_company_id")),
    )
    op.create_index(op.f("ix_candidate_counts_company_id"), "candidate_counts", ["company_id"])
    op.execute(FILL)
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)
    op.create_index(
        "ix_applications_vacancy_column_created",
        "applications",
        ["vacancy_id", "column_id", "created_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_applications_vacancy_column_created", table_name="applications")
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
    op.drop_index(op.f("ix_candidate_counts_company_id"), table_name="candidate_counts")
    op.drop_table("candidate_counts")

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from sqlalchemy import text

from vivier.db.described_cursor import DescribedOnceCursor
from vivier.db.session import Database


def _postgres(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg cursors and session time zones are PostgreSQL's")


def _described(db: Database, sql: str) -> tuple[Any, list[Any]]:
    """The raw cursor's description after running ``sql``, and psycopg's own for the same result."""
    with db.engine.connect() as connection:
        result = connection.exec_driver_sql(sql)
        cursor: Any = result.cursor
        described = cursor.description
        own = [tuple(c) for c in super(DescribedOnceCursor, cursor).description]
        result.close()
    return described, own


def test_the_cursor_describes_a_result_shape_once_and_exactly_as_psycopg(db: Database) -> None:
    _postgres(db)
    sql = "SELECT 1 AS one, 'x'::varchar(7) AS label, now() AS at"
    first, own = _described(db, sql)
    again, _ = _described(db, sql)
    assert [tuple(c) for c in first] == own
    assert [c.name for c in first] == ["one", "label", "at"]
    assert all(a is b for a, b in zip(first, again, strict=True))  # shared, not rebuilt
    assert first is not again  # a fresh list each time: a caller may change its own


def test_other_names_or_types_get_their_own_description(db: Database) -> None:
    _postgres(db)
    ints, _ = _described(db, "SELECT 1 AS one")
    texts, own_texts = _described(db, "SELECT 'a'::text AS one")
    renamed, _ = _described(db, "SELECT 1 AS two")
    assert [tuple(c) for c in texts] == own_texts
    assert ints[0].type_code != texts[0].type_code
    assert renamed[0].name == "two"


def test_postgresql_sessions_run_in_utc_whatever_the_server_zone(db: Database) -> None:
    _postgres(db)
    with db.engine.connect() as connection:
        zone = connection.execute(text("SHOW TimeZone")).scalar_one()
        at = connection.execute(text("SELECT now()")).scalar_one()
    assert zone == "UTC"
    assert at.tzinfo is UTC  # so as_utc returns it as it is

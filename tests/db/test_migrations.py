from __future__ import annotations

from sqlalchemy import inspect, select

from vivier.db.migrate import current_revision, pending_differences, upgrade
from vivier.db.models import Base, ContractType, EducationLevel, Metier, Source
from vivier.db.session import Database
from vivier.reference import data

HEAD = "0006_counter_slots"


def test_migrations_reach_head_and_match_the_models(db: Database) -> None:
    assert current_revision(db.engine) == HEAD
    assert pending_differences(db.engine) == []
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_upgrade_is_idempotent(db: Database) -> None:
    upgrade(db.engine)
    upgrade(db.engine)
    assert current_revision(db.engine) == HEAD


def test_reference_data_is_seeded_exactly(db: Database) -> None:
    with db.unit_of_work() as session:
        contracts = session.execute(
            select(ContractType.id, ContractType.label_fr, ContractType.label_en)
        ).all()
        levels = session.execute(
            select(EducationLevel.id, EducationLevel.label_fr, EducationLevel.label_en)
        ).all()
        metiers = session.execute(
            select(Metier.id, Metier.channel_id, Metier.label_fr, Metier.label_en)
        ).all()
        sources = session.execute(select(Source.id, Source.label)).all()
    assert sorted(map(tuple, contracts)) == sorted(data.CONTRACT_TYPES)
    assert sorted(map(tuple, levels)) == sorted(data.EDUCATION_LEVELS)
    assert sorted(map(tuple, metiers)) == sorted(data.METIERS)
    assert sorted(map(tuple, sources)) == sorted(data.SOURCES)
    assert (49, 2, "Commercial conseil", "Sales consultant") in metiers


def test_engine_pragmas_on_sqlite(db: Database) -> None:
    if db.engine.dialect.name != "sqlite":
        assert db.engine.dialect.driver == "psycopg"
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000

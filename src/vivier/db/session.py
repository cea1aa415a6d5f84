"""The unit of work: one transaction per request or CLI command, committed or rolled back whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from vivier.core.errors import Conflict
from vivier.db import models  # noqa: F401  (complete metadata and the search-document hooks for every session)
from vivier.db.engine import WRITE, build_engine
from vivier.db.hooks import forget_after_commit, has_after_commit, run_after_commit


class Database:
    """An engine and its session factory, built once per process."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = build_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL reads run without BEGIN and COMMIT: in READ COMMITTED each statement sees its own
        # snapshot anyway, so a transaction would only add two round trips. SQLite keeps one, which
        # gives a read a single snapshot (and takes no lock that could wait).
        self.autocommit_reads = self.engine.dialect.name == "postgresql"
        reads = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.autocommit_reads
            else self.engine
        )
        self._reads = sessionmaker(reads, expire_on_commit=False)

    @contextmanager
    def unit_of_work(self, *, write: bool = False, read_only: bool = False) -> Iterator[Session]:
        """Yield a session; commit when the block succeeds, roll back on any error.

        ``write``: the block will write, so SQLite takes its write lock at BEGIN (concurrent
        writers then queue instead of failing). ``read_only``: the block changes nothing (an HTTP
        read), so on PostgreSQL it needs no transaction; bookkeeping done through ``after_commit``
        still runs.
        """
        session = self._reads() if read_only else self._sessions()
        try:
            if write:
                session.connection(execution_options={WRITE: True})
            yield session
            session.commit()
            run_after_commit(session)
        except IntegrityError as exc:
            session.rollback()
            raise Conflict("The change conflicts with existing data") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            forget_after_commit(session)  # after a rollback, the work they followed never happened
            session.close()

    def ends_without_io(self, session: Session) -> bool:
        """Whether ending this read-only unit of work does no I/O (so it need not leave the event
        loop): a PostgreSQL read with nothing to flush and nothing to run after its commit."""
        pending = session.new or session.dirty or session.deleted
        return self.autocommit_reads and not pending and not has_after_commit(session)

    def dispose(self) -> None:
        self.engine.dispose()

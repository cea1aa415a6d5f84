"""Rows, fixtures and probes shared by the domain tests.

Rows are built straight through the ORM, so a package's tests do not depend on another package's
service rules (candidates, vacancies, applications).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, func, select
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD
from vivier.applications.models import Application
from vivier.candidates.models import Candidate, CandidateDay
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.companies.service import add_member
from vivier.core.clock import set_clock
from vivier.core.errors import Constraint, Invalid
from vivier.core.ids import new_public_id, new_slug_mail
from vivier.core.text import lookup_key, slugify
from vivier.files.store import LocalFileStore
from vivier.pipeline.service import first_column
from vivier.vacancies.models import Vacancy, VacancyStatus

# -- rows -------------------------------------------------------------------------------------------


def make_candidate(
    session: Session,
    ctx: Context,
    firstname: str = "Ada",
    lastname: str = "Lovelace",
    *,
    email: str | None = "auto",
) -> Candidate:
    """A person of ``ctx``'s company; ``email="auto"`` makes a unique address."""
    if email == "auto":
        email = f"{firstname.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    candidate = Candidate(
        company_id=ctx.company_id,
        firstname=firstname,
        lastname=lastname,
        email=email,
        email_key=lookup_key(email),
        firstname_key=lookup_key(firstname),
        lastname_key=lookup_key(lastname),
    )
    session.add(candidate)
    session.flush()
    return candidate


def make_vacancy(
    session: Session, ctx: Context, title: str = "Backend developer", *, status: int = VacancyStatus.DRAFT
) -> Vacancy:
    """A vacancy of ``ctx``'s company with a Flatchr-shaped slug (``<encoded id>-<title>``)."""
    public_id = new_public_id()
    vacancy = Vacancy(
        company_id=ctx.company_id,
        public_id=public_id,
        slug=f"{public_id.lower()}-{slugify(title)}",
        slug_mail=new_slug_mail(),
        title=title,
        experience=2,
        status=status,
        language="fr_FR",
        contract_type_id=1,
        education_level_id=6,
        activity_id=25,
        channel_id=2,
        metier_id=49,
    )
    session.add(vacancy)
    session.flush()
    return vacancy


def make_application(
    session: Session, ctx: Context, candidate: Candidate | None = None, vacancy: Vacancy | None = None
) -> Application:
    """An application in the first pipeline column (a new person and vacancy unless given)."""
    candidate = candidate or make_candidate(session, ctx)
    vacancy = vacancy or make_vacancy(session, ctx)
    application = Application(
        company_id=ctx.company_id,
        candidate_id=candidate.id,
        vacancy_id=vacancy.id,
        column_id=first_column(session, ctx).id,
    )
    session.add(application)
    session.flush()
    return application


def make_member(session: Session, ctx: Context, role: Role = Role.RECRUITER, name: str = "Rita") -> Context:
    """Add a member to ``ctx``'s company and return the context acting as that member."""
    member = add_member(
        session,
        ctx,
        email=f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org",
        password=PASSWORD,
        role_id=role,
        firstname=name,
        lastname="Member",
    )
    return Context(ctx.company_id, ctx.company_public_id, member.id, member.user_id, role)


# -- fixtures (re-exported by the conftest of the packages that use them) ---------------------------


@pytest.fixture
def candidate(session: Session, ctx: Context) -> Candidate:
    return make_candidate(session, ctx)


@pytest.fixture
def application(session: Session, ctx: Context, candidate: Candidate) -> Application:
    return make_application(session, ctx, candidate)


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")


# -- probes -----------------------------------------------------------------------------------------


class QueryCounter:
    """The SQL statements run on the session's connection inside a ``with`` block (``len`` / ``count``)."""

    def __init__(self, session: Session | Engine) -> None:
        # An engine counts every connection's statements (the app's, behind a test client).
        self.connection: Connection | Engine = (
            session if isinstance(session, Engine) else session.connection()
        )
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        event.listen(self.connection, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.connection, "before_cursor_execute", self._record)


@contextmanager
def settable_clock(start: datetime) -> Iterator[list[datetime]]:
    """Freeze ``vivier.core.clock.now`` at ``start``; tests move it by changing ``current[0]``."""
    current = [start]
    set_clock(lambda: current[0])
    try:
        yield current
    finally:
        set_clock(None)


def count_rows(session: Session, model: Any, company_id: int | None = None) -> int:
    """How many rows ``model`` has (of one company when given)."""
    stmt = select(func.count()).select_from(model)
    if company_id is not None:
        stmt = stmt.where(model.company_id == company_id)
    return session.scalar(stmt) or 0


def daily_counts(session: Session, company_id: int) -> dict[datetime, int]:
    """A company's people per UTC day, as the counters say (each day's slots added up)."""
    rows = session.execute(
        select(CandidateDay.day_start, func.sum(CandidateDay.total))
        .where(CandidateDay.company_id == company_id)
        .group_by(CandidateDay.day_start)
    ).all()
    return {day: int(total) for day, total in rows if total}


def violation_kinds(raised: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, Constraint]]:
    """``(field, constraint)`` of each violation, in order."""
    return [(v.field, v.constraint) for v in raised.value.violations]

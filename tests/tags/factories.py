"""Row factories for tests of packages that only reference candidates and applications.

The candidates/applications services are written elsewhere; these build valid rows with the ORM.
"""

from __future__ import annotations

import uuid

from sqlalchemy import event
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.pipeline.service import first_column
from vivier.vacancies.models import Vacancy


def make_candidate(
    session: Session, ctx: Context, firstname: str = "Ada", lastname: str = "Lovelace"
) -> Candidate:
    email = f"{uuid.uuid4().hex[:12]}@example.org"
    candidate = Candidate(
        company_id=ctx.company_id,
        firstname=firstname,
        lastname=lastname,
        email=email,
        email_key=email,
        firstname_key=firstname.casefold(),
        lastname_key=lastname.casefold(),
    )
    session.add(candidate)
    session.flush()
    return candidate


def make_vacancy(session: Session, ctx: Context, title: str = "Backend developer") -> Vacancy:
    vacancy = Vacancy(
        company_id=ctx.company_id,
        slug=f"{uuid.uuid4().hex}-vacancy",
        slug_mail="abc123",
        title=title,
        experience=2,
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


class QueryCounter:
    """Counts SQL statements run on the session's connection inside a ``with`` block."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.count = 0

    def _count(self, *_args: object) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(self.connection, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.connection, "before_cursor_execute", self._count)

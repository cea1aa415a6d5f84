"""Rows built straight through the ORM (the candidates/applications services are written elsewhere)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.companies.service import add_member
from vivier.core.ids import new_slug_mail
from vivier.core.text import lookup_key
from vivier.pipeline.service import first_column
from vivier.vacancies.models import Vacancy


def make_candidate(
    session: Session, ctx: Context, *, firstname: str = "Ada", email: str | None = "auto"
) -> Candidate:
    if email == "auto":
        email = f"{firstname.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    candidate = Candidate(
        company_id=ctx.company_id,
        firstname=firstname,
        lastname="Lovelace",
        email=email,
        email_key=lookup_key(email),
        firstname_key=lookup_key(firstname),
        lastname_key="lovelace",
    )
    session.add(candidate)
    session.flush()
    return candidate


def make_vacancy(session: Session, ctx: Context, title: str = "Backend developer") -> Vacancy:
    vacancy = Vacancy(
        company_id=ctx.company_id,
        slug=f"{uuid.uuid4().hex}-backend",
        slug_mail=new_slug_mail(),
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


@dataclass
class QueryCounter:
    count: int = 0


class count_queries:
    """Count SQL statements run on the session's connection inside the ``with`` block."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.counter = QueryCounter()

    def _on_execute(self, *_args: object) -> None:
        self.counter.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(self.connection, "before_cursor_execute", self._on_execute)
        return self.counter

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.connection, "before_cursor_execute", self._on_execute)

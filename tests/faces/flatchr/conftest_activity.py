"""Committed seed data for the comments/messages/tasks/traits/webhook tests (imported explicitly)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from vivier.applications.schemas import ApplicationInput
from vivier.applications.service import apply
from vivier.companies.models import Member, Role, User
from vivier.companies.service import add_member
from vivier.companies.tokens import FLATCHR_TTL, issue_token
from vivier.config import Settings
from vivier.db.session import Database
from vivier.files.store import LocalFileStore
from vivier.messages.models import Message
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import VacancyInput
from vivier.vacancies.service import create_vacancy

ISO_MS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
ENCODED = re.compile(r"^[A-Za-z0-9]{16}$")
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass(frozen=True)
class Seeded:
    """One committed vacancy with one applicant (candidate reached through the real services)."""

    vacancy_id: int
    vacancy_public_id: str
    vacancy_title: str
    applicant: str
    application_id: int
    candidate_id: int
    candidate_public_id: str
    email: str | None


def vacancy_input(title: str = "Account Executive SaaS H/F", status: int = 1) -> VacancyInput:
    return VacancyInput(
        title=title,
        description="<p>Description</p>",
        mission="<p>Mission</p>",
        profile="<p>Profil</p>",
        experience=2,
        status=status,
        contract_type_id=1,
        education_level_id=6,
        activity_id=25,
        channel_id=2,
        metier_id=49,
        language="fr_FR",
    )


def new_vacancy(db: Database, tenant: Tenant, title: str = "Account Executive SaaS H/F") -> Vacancy:
    with db.unit_of_work() as session:
        return create_vacancy(session, tenant.ctx, vacancy_input(title))


def seed_applicant(
    db: Database,
    settings: Settings,
    tenant: Tenant,
    *,
    firstname: str = "Juliette",
    lastname: str = "Larfoillou",
    email: str | None = "auto",
    vacancy: Vacancy | None = None,
) -> Seeded:
    """Apply to a (new) active vacancy through ``applications.service.apply``, committed."""
    if email == "auto":
        email = f"{firstname.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    vacancy = vacancy or new_vacancy(db, tenant)
    store = LocalFileStore(settings.files_dir)
    with db.unit_of_work() as session:
        result = apply(
            session,
            tenant.ctx,
            store,
            settings.max_upload_bytes,
            ApplicationInput(
                vacancy=vacancy.slug,
                firstname=firstname,
                lastname=lastname,
                type="link",
                resume="example.org/cv.pdf",
                email=email,
            ),
        )
        assert result.application is not None and result.candidate is not None
        return Seeded(
            vacancy.id,
            vacancy.public_id,
            vacancy.title,
            result.application.public_id,
            result.application.id,
            result.candidate.id,
            result.candidate.public_id,
            email,
        )


def retire_pending_mail(db: Database, tenant: Tenant) -> None:
    """Stop the tenant's committed messages from waiting for mail (no SMTP in most tests), so
    suites that sweep ``pending_message_ids`` later never see them."""
    with db.unit_of_work() as session:
        session.execute(
            update(Message)
            .where(Message.company_id == tenant.ctx.company_id, Message.mail_status.is_(None))
            .values(send_mail=False)
        )


def jwt_for(settings: Settings, user_public_id: str, company_public_id: str) -> dict[str, str]:
    """Bearer headers with a login token (as ``POST /user/login`` would issue)."""
    token = issue_token(
        settings.secret_key.get_secret_value(), user_public_id, company_public_id, FLATCHR_TTL
    )
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Colleague:
    member: Member
    user: User
    auth: dict[str, str]


def add_colleague(
    db: Database, settings: Settings, tenant: Tenant, role: Role = Role.RECRUITER, name: str = "Rita"
) -> Colleague:
    """A second member of the tenant's company, with a JWT."""
    with db.unit_of_work() as session:
        member = add_member(
            session,
            tenant.ctx,
            email=f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.org",
            password=PASSWORD,
            role_id=role,
            firstname=name,
            lastname="Member",
        )
        user = session.scalars(select(User).where(User.id == member.user_id)).one()
    return Colleague(member, user, jwt_for(settings, user.public_id, tenant.id))

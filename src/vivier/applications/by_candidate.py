"""One person's applications (web app profile)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.applications.schemas import ApplicantView
from vivier.applications.service import applicant_views
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid
from vivier.db.scoping import scoped


def candidate_applications(session: Session, ctx: Context, candidate_id: int) -> list[ApplicantView]:
    """Every application (archived ones too) of an already scoped person, newest first."""
    stmt = (
        scoped(Application, ctx)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    return applicant_views(session, list(session.scalars(stmt)))


def application_of(
    session: Session, ctx: Context, candidate_id: int, application_id: str, field: str = "application"
) -> Application:
    """The person's application ``application_id``, else Invalid(REFERENCE) on ``field``."""
    found = session.scalars(
        scoped(Application, ctx).where(
            Application.candidate_id == candidate_id, Application.public_id == application_id
        )
    ).one_or_none()
    if found is None:
        raise Invalid.one(field, Constraint.REFERENCE, "is not an application of this candidate")
    return found

"""One person's tags (Flatchr traits live on applications; web app profile)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vivier.applications.by_candidate import application_of
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import NotFound
from vivier.core.ids import is_public_id
from vivier.db.scoping import get_by_public_id, restrict, scoped
from vivier.tags.models import Tag, Trait
from vivier.tags.service import add_trait, remove_trait


@dataclass(frozen=True)
class CandidateTrait:
    """A tag value on one of the person's applications."""

    trait: Trait
    tag: Tag
    application_id: str


def candidate_traits(session: Session, ctx: Context, candidate_id: int) -> list[CandidateTrait]:
    """The traits of every application of an already scoped person, oldest first."""
    stmt = (
        scoped(Trait, ctx)
        .join(Application, Application.id == Trait.application_id)
        .join(Tag, Tag.id == Trait.tag_id)
        .add_columns(Tag, Application.public_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Trait.created_at, Trait.id)
    )
    rows = session.execute(restrict(restrict(stmt, Application, ctx), Tag, ctx)).all()
    return [CandidateTrait(trait, tag, application) for trait, tag, application in rows]


def tag_candidate(
    session: Session, ctx: Context, candidate_id: str, application_id: str, tag_ref: str, value: str
) -> Trait:
    """Give one of the person's applications a value of a candidates tag (``add_trait`` rules)."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    application = application_of(session, ctx, candidate.id, application_id)
    return add_trait(session, ctx, application, tag_ref, value)


def untag_candidate(session: Session, ctx: Context, candidate_id: str, trait_id: str) -> None:
    """Remove a trait from one of the person's applications (NotFound when it is not theirs)."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    found = (
        is_public_id(trait_id)
        and session.scalars(
            scoped(Trait, ctx)
            .join(Application, Application.id == Trait.application_id)
            .where(Trait.public_id == trait_id, Application.candidate_id == candidate.id)
        ).one_or_none()
    )
    if not found:
        raise NotFound("Tag not found")
    remove_trait(session, ctx, trait_id)

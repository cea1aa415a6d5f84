"""Company tags and traits (a tag value on an application)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.reference.data import DEFAULT_CANDIDATE_TAGS, DEFAULT_VACANCY_FOLDER
from vivier.tags.models import Tag


def create_default_tags(session: Session, ctx: Context) -> list[Tag]:
    tags = [
        Tag(company_id=ctx.company_id, title=t, values=v, type="candidates")
        for t, v in DEFAULT_CANDIDATE_TAGS
    ]
    tags.append(
        Tag(
            company_id=ctx.company_id,
            title=DEFAULT_VACANCY_FOLDER,
            values="",
            folder=True,
            visible=False,
            type="vacancies",
        )
    )
    session.add_all(tags)
    session.flush()
    return tags

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD, context_of, new_company
from vivier.companies.context import Context
from vivier.companies.service import NewCompany, create_company, list_members
from vivier.core.errors import Conflict, Invalid
from vivier.events.models import AuditEvent
from vivier.pipeline.service import list_columns
from vivier.tags.models import Tag


def test_new_company_gets_default_columns_tags_admin_and_audit(
    session: Session, company: NewCompany, ctx: Context
) -> None:
    ctx_company = company.company
    columns = list_columns(session, ctx)
    assert [c.title for c in columns] == [
        "À traiter",
        "Pré-qualification RH",
        "Entretien RH",
        "Entretien manager",
        "Recruté",
    ]
    assert [c.title for c in columns if c.hired] == ["Recruté"]
    tags = session.scalars(select(Tag).where(Tag.company_id == ctx_company.id).order_by(Tag.id)).all()
    assert [(t.title, t.type, t.folder, t.values) for t in tags] == [
        ("Diplôme", "candidates", False, "Bac;Bac +2;Bac +3;Bac +5"),
        ("Niveau", "candidates", False, "Junior;Confirmé;Senior"),
        ("Général", "vacancies", True, ""),
    ]
    assert company.admin.role_id == 2
    assert company.api_key.plaintext.startswith("viv_")
    assert len(ctx_company.public_id) == 16 and ctx_company.public_id.isalnum()
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == ctx_company.id)).all()
    assert "company.create" in actions


def test_duplicate_slug_is_refused(session: Session, company: NewCompany) -> None:
    with pytest.raises(Conflict, match="already exists"):
        create_company(
            session,
            name="Again",
            slug=company.company.slug,
            admin_email="someone@example.org",
            admin_password=PASSWORD,
        )


@pytest.mark.parametrize(
    ("name", "slug", "email", "field"),
    [
        ("", "ok-slug", "a@example.org", "name"),
        ("Name", "Bad Slug", "a@example.org", "slug"),
        ("Name", "ok-slug-2", "not-an-email", "admin_email"),
    ],
)
def test_invalid_company_input(session: Session, name: str, slug: str, email: str, field: str) -> None:
    with pytest.raises(Invalid) as info:
        create_company(session, name=name, slug=slug, admin_email=email, admin_password=PASSWORD)
    assert info.value.violations[0].field == field


def test_members_are_scoped_to_their_company(session: Session) -> None:
    first, second = new_company(session, "One"), new_company(session, "Two")
    members = list_members(session, context_of(first))
    assert [(m.id, m.user.email) for m in members] == [(first.admin.id, first.user.email)]
    assert second.admin.id not in {m.id for m in members}

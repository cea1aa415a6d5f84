from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.vacancies.conftest import MakeVacancy
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, NotFound
from vivier.events.models import AuditEvent
from vivier.vacancies.models import Distribution, Question, Vacancy
from vivier.vacancies.service import add_question, list_vacancies, set_intranet, set_vacancy_status


def distributions(session: Session, vacancy: Vacancy) -> list[tuple[int, bool]]:
    rows = session.scalars(
        select(Distribution).where(Distribution.vacancy_id == vacancy.id).order_by(Distribution.id)
    )
    return [(d.offer_id, d.published) for d in rows]


def test_publish_unpublish_archive_republish(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx, status=2)
    assert distributions(session, vacancy) == []
    set_vacancy_status(session, ctx, vacancy.public_id, 1)
    assert vacancy.status == 1
    assert distributions(session, vacancy) == [(98, True)]
    first = session.scalars(select(Distribution).where(Distribution.vacancy_id == vacancy.id)).one()
    set_vacancy_status(session, ctx, vacancy.public_id, 2)
    assert distributions(session, vacancy) == [(98, False)]
    set_vacancy_status(session, ctx, vacancy.public_id, 0)
    assert (vacancy.status, distributions(session, vacancy)) == (0, [(98, False)])
    set_vacancy_status(session, ctx, vacancy.public_id, 1)
    again = session.scalars(select(Distribution).where(Distribution.vacancy_id == vacancy.id)).one()
    assert (again.id, again.published) == (first.id, True)
    actions = session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.company_id == ctx.company_id, AuditEvent.action == "vacancy.status"
        )
    ).all()
    assert len(actions) == 4


def test_bad_status_and_other_company(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx)
    with pytest.raises(Invalid) as caught:
        set_vacancy_status(session, ctx, vacancy.public_id, 3)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("status", Constraint.CHOICE)]
    assert vacancy.status == 1
    with pytest.raises(NotFound):
        set_vacancy_status(session, other_ctx, vacancy.public_id, 0)
    assert vacancy.status == 1 and distributions(session, vacancy) == [(98, True)]


def test_intranet_switch(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx)
    created = set_intranet(session, ctx, vacancy.public_id, True)
    assert created is not None and (created.offer_id, created.published) == (152, True)
    assert set_intranet(session, ctx, vacancy.public_id, True) is created  # idempotent
    assert [v.id for v in list_vacancies(session, ctx, offer_id=152)] == [vacancy.id]
    set_vacancy_status(session, ctx, vacancy.public_id, 0)
    assert distributions(session, vacancy) == [(98, False), (152, False)]
    assert list_vacancies(session, ctx, offer_id=152) == []
    set_vacancy_status(session, ctx, vacancy.public_id, 1)
    assert distributions(session, vacancy) == [(98, True), (152, True)]
    assert set_intranet(session, ctx, vacancy.public_id, False) is None
    assert distributions(session, vacancy) == [(98, True)]
    set_vacancy_status(session, ctx, vacancy.public_id, 2)
    set_vacancy_status(session, ctx, vacancy.public_id, 1)
    assert distributions(session, vacancy) == [(98, True)]  # switched off stays off
    draft = make_vacancy(ctx, status=2)
    off = set_intranet(session, ctx, draft.public_id, True)
    assert off is not None and off.published is False
    with pytest.raises(NotFound):
        set_intranet(session, other_ctx, vacancy.public_id, True)
    assert distributions(session, vacancy) == [(98, True)]


def test_add_question(session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy) -> None:
    vacancy = make_vacancy(ctx)
    first = add_question(session, ctx, vacancy.public_id, " Your notice period? ", "text", True)
    second = add_question(session, ctx, vacancy.public_id, "Level", "select", False, "Junior;Senior")
    pinned = add_question(session, ctx, vacancy.public_id, "Portfolio", "file", position=0)
    assert (first.text, first.position, first.required, first.company_id) == (
        "Your notice period?",
        0,
        True,
        ctx.company_id,
    )
    assert (second.position, second.options) == (1, "Junior;Senior")
    assert pinned.position == 0
    with pytest.raises(Invalid) as caught:
        add_question(session, ctx, vacancy.public_id, "", "radio", position=-1)
    assert {v.field for v in caught.value.violations} == {"text", "type", "position"}
    with pytest.raises(Invalid) as select_error:
        add_question(session, ctx, vacancy.public_id, "Pick", "select")
    assert [v.field for v in select_error.value.violations] == ["options"]
    with pytest.raises(NotFound):
        add_question(session, other_ctx, vacancy.public_id, "Sneaky", "text")
    assert len(session.scalars(select(Question).where(Question.vacancy_id == vacancy.id)).all()) == 3

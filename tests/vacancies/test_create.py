from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.vacancies.conftest import MakeVacancy, body
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.db.scoping import scoped
from vivier.events.models import AuditEvent, OutboxEvent
from vivier.tags.models import Tag
from vivier.vacancies.models import Distribution, Vacancy, VacancyTag
from vivier.vacancies.schemas import VacancyInput, parse_vacancy_input
from vivier.vacancies.service import create_vacancy, get_vacancy, make_slug, update_vacancy


def vacancy_count(session: Session, ctx: Context) -> int:
    return session.scalar(select(func.count()).select_from(scoped(Vacancy, ctx).subquery())) or 0


def outbox(session: Session, ctx: Context) -> list[OutboxEvent]:
    return list(session.scalars(select(OutboxEvent).where(OutboxEvent.company_id == ctx.company_id)))


def fields(error: Invalid) -> set[str]:
    return {v.field for v in error.violations}


def vacancy_tag(session: Session, ctx: Context, title: str = "Tech", type: str = "vacancies") -> Tag:
    tag = Tag(company_id=ctx.company_id, title=title, type=type, folder=type == "vacancies")
    session.add(tag)
    session.flush()
    return tag


def test_create_documented_body(session: Session, ctx: Context, make_vacancy: MakeVacancy) -> None:
    vacancy = make_vacancy(ctx)
    assert vacancy.company_id == ctx.company_id
    assert vacancy.slug == f"{vacancy.public_id.lower()}-web-developer"
    assert re.fullmatch(r"[a-z0-9]{6}", vacancy.slug_mail)
    assert (vacancy.title, vacancy.reference, vacancy.status, vacancy.experience) == (
        "Web Developer",
        "dev-web-01",
        1,
        2,
    )
    assert (vacancy.salary, vacancy.salary_max, vacancy.currency, vacancy.mensuality, vacancy.remote) == (
        "40 000",
        "60 000",
        "EUR",
        "y",
        "parttime",
    )
    assert (vacancy.start_date, vacancy.end_date) == (date(2023, 5, 1), date(2024, 5, 1))
    assert (vacancy.created_by, vacancy.updated_by) == (ctx.user_id, ctx.user_id)
    assert (vacancy.driver_license, vacancy.handicap, vacancy.partial, vacancy.kanban) == (
        False,
        False,
        False,
        True,
    )
    assert vacancy.options == {
        "indeed": False,
        "linkedin": False,
        "motivation": False,
        "social_links": False,
        "optionals": [],
    }
    assert vacancy.address_locality is None and vacancy.address_formatted_address is None
    distributions = session.scalars(select(Distribution).where(Distribution.vacancy_id == vacancy.id)).all()
    assert [(d.offer_id, d.published, d.company_id) for d in distributions] == [(98, True, ctx.company_id)]
    events = outbox(session, ctx)
    assert [(e.event, e.subject) for e in events] == [("new_vacancy", {"vacancy_id": vacancy.id})]
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.company_id == ctx.company_id, AuditEvent.action == "vacancy.create"
        )
    ).one()
    assert audit.entity_id == vacancy.public_id


def test_defaults_and_draft_has_no_distribution(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(
        ctx,
        status=2,
        salary=...,
        salary_max=...,
        currency=...,
        mensuality=...,
        remote=...,
        reference=...,
        start_date=...,
        end_date=...,
    )
    assert (vacancy.salary, vacancy.salary_max, vacancy.currency, vacancy.mensuality, vacancy.remote) == (
        "0",
        None,
        "EUR",
        "y",
        "notime",
    )
    assert vacancy.reference is None and vacancy.start_date is None
    assert session.scalars(select(Distribution).where(Distribution.vacancy_id == vacancy.id)).all() == []


@pytest.mark.parametrize(
    ("remote", "stored"),
    [
        (True, "fulltime"),
        (False, "notime"),
        ("true", "fulltime"),
        ("false", "notime"),
        ("fulltime", "fulltime"),
    ],
)
def test_remote_accepts_booleans(
    session: Session, ctx: Context, make_vacancy: MakeVacancy, remote: object, stored: str
) -> None:
    assert make_vacancy(ctx, remote=remote).remote == stored


def test_coercions_numbers_and_flags(session: Session, ctx: Context, make_vacancy: MakeVacancy) -> None:
    vacancy = make_vacancy(
        ctx,
        salary=40000,
        salary_max=55000.5,
        experience="4",
        driver_license="true",
        kanban="0",
        handicap=1,
        options={"indeed": "true", "social_links": True, "optionals": ["cv"], "unknown": 1},
        reference="",
        note="  ",
        end_date="",
    )
    assert (vacancy.reference, vacancy.note, vacancy.end_date) == (None, None, None)
    assert (vacancy.salary, vacancy.salary_max, vacancy.experience) == ("40000", "55000.5", 4)
    assert (vacancy.driver_license, vacancy.kanban, vacancy.handicap) == (True, False, True)
    assert vacancy.options == {
        "indeed": True,
        "linkedin": False,
        "motivation": False,
        "social_links": True,
        "optionals": ["cv"],
    }


def test_address_is_formatted_and_coordinates_have_11_decimals(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(
        ctx,
        address={
            "street_number": 10,
            "route": "rue de Vaugirard",
            "postal_code": 75015,
            "locality": "Paris",
            "country": "France",
            "administrative_area_level_1": "Île-de-France",
            "location_lat": 48.8423897,
            "location_lng": "2.2945",
        },
    )
    assert vacancy.address_formatted_address == "10 rue de Vaugirard, 75015 Paris, France"
    assert (vacancy.address_street_number, vacancy.address_postal_code) == ("10", "75015")
    assert (vacancy.address_location_lat, vacancy.address_location_lng) == ("48.84238970000", "2.29450000000")
    given = make_vacancy(ctx, address={"locality": "Lyon", "formatted_address": "Lyon centre"})
    assert given.address_formatted_address == "Lyon centre"
    assert given.address_route is None


def test_long_slug_and_symbol_title(session: Session, ctx: Context, make_vacancy: MakeVacancy) -> None:
    long = make_vacancy(ctx, title="Développeur " + "x" * 243)
    assert len(long.title) == 255
    assert long.slug.startswith(f"{long.public_id.lower()}-developpeur-xxx")
    assert make_slug("AbCdEfGh12345678", "!!!") == "abcdefgh12345678"
    assert make_slug("AbCdEfGh12345678", "Account Executive SaaS (H/F)") == (
        "abcdefgh12345678-account-executive-saas-h-f"
    )


def test_every_bad_field_is_reported_and_nothing_stored(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    foreign_tag = vacancy_tag(session, other_ctx)
    bad = body(
        title="x" * 256,
        experience=3,
        status=5,
        contract_type_id=99,
        education_level_id=0,
        activity_id=31,
        language="de_DE",
        currency="JPY",
        mensuality="w",
        remote="sometimes",
        start_date="2024-05-01",
        end_date="2024-04-30",
        tags=[foreign_tag.public_id],
        address={"location_lat": "north", "location_lng": 200},
        options={"indeed": "maybe"},
    )
    with pytest.raises(Invalid) as caught:
        create_vacancy(session, ctx, parse_vacancy_input(bad))
    assert fields(caught.value) == {
        "title",
        "experience",
        "status",
        "contract_type_id",
        "education_level_id",
        "activity_id",
        "language",
        "currency",
        "mensuality",
        "remote",
        "end_date",
        "tags",
        "address.location_lat",
        "address.location_lng",
        "options.indeed",
    }
    kinds = {v.field: v.constraint for v in caught.value.violations}
    assert kinds["title"] == Constraint.LENGTH
    assert kinds["contract_type_id"] == Constraint.REFERENCE
    assert kinds["end_date"] == Constraint.RANGE
    assert kinds["status"] == Constraint.CHOICE
    assert vacancy_count(session, ctx) == 0
    assert outbox(session, ctx) == []
    assert session.scalars(select(Distribution).where(Distribution.company_id == ctx.company_id)).all() == []


def test_missing_required_fields(session: Session, ctx: Context) -> None:
    with pytest.raises(Invalid) as caught:
        create_vacancy(session, ctx, VacancyInput(title="  "))
    assert fields(caught.value) == {
        "title",
        "description",
        "mission",
        "profile",
        "experience",
        "status",
        "contract_type_id",
        "education_level_id",
        "activity_id",
        "channel_id",
        "metier_id",
        "language",
    }
    assert {v.constraint for v in caught.value.violations if v.field == "title"} == {Constraint.BLANK}
    assert vacancy_count(session, ctx) == 0


def test_metier_must_belong_to_channel(session: Session, ctx: Context) -> None:
    with pytest.raises(Invalid) as caught:
        create_vacancy(session, ctx, parse_vacancy_input(body(channel_id=5, metier_id=49)))
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("metier_id", Constraint.REFERENCE)]
    with pytest.raises(Invalid) as unknown:
        create_vacancy(session, ctx, parse_vacancy_input(body(metier_id=48)))
    assert fields(unknown.value) == {"metier_id"}
    assert vacancy_count(session, ctx) == 0


def test_type_errors_name_the_field() -> None:
    with pytest.raises(Invalid) as caught:
        parse_vacancy_input(
            body(experience="two", start_date="01/05/2023", tags="abc", address={"locality": []})
        )
    assert fields(caught.value) == {"experience", "start_date", "tags", "address.locality"}
    assert {v.constraint for v in caught.value.violations} == {Constraint.TYPE}


def test_tags_must_be_this_companys_vacancies_tags(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    folder = vacancy_tag(session, ctx)
    default = session.scalars(scoped(Tag, ctx).where(Tag.type == "vacancies", Tag.id != folder.id)).one()
    vacancy = make_vacancy(ctx, tags=[folder.public_id, default.public_id, folder.public_id])
    tag_ids = set(session.scalars(select(VacancyTag.tag_id).where(VacancyTag.vacancy_id == vacancy.id)))
    assert tag_ids == {folder.id, default.id}
    candidates_tag = session.scalars(scoped(Tag, ctx).where(Tag.type == "candidates")).first()
    assert candidates_tag is not None
    for ref in (candidates_tag.public_id, "notanid"):
        with pytest.raises(Invalid) as caught:
            make_vacancy(ctx, tags=[ref])
        assert fields(caught.value) == {"tags"}
    assert vacancy_count(session, ctx) == 1


def test_read_only_context_cannot_create(session: Session, ctx: Context, make_vacancy: MakeVacancy) -> None:
    manager = Context(ctx.company_id, ctx.company_public_id, ctx.member_id, ctx.user_id, Role.HIRING_MANAGER)
    with pytest.raises(Forbidden):
        make_vacancy(manager)
    assert vacancy_count(session, ctx) == 0


def test_update_keeps_slug_and_applies_rules(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx, status=2, address={"locality": "Paris"})
    slug = vacancy.slug
    tag = vacancy_tag(session, ctx)
    updated = update_vacancy(
        session,
        ctx,
        vacancy.public_id,
        VacancyInput(title="Senior Web Developer", status=1, tags=[tag.public_id], salary=None),
    )
    assert updated.id == vacancy.id
    assert (updated.title, updated.slug, updated.status, updated.salary) == (
        "Senior Web Developer",
        slug,
        1,
        "0",
    )
    assert updated.address_locality == "Paris"  # untouched fields stay
    assert updated.reference == "dev-web-01"
    assert list(session.scalars(select(VacancyTag.tag_id).where(VacancyTag.vacancy_id == vacancy.id))) == [
        tag.id
    ]
    assert [
        d.offer_id for d in session.scalars(select(Distribution).where(Distribution.vacancy_id == vacancy.id))
    ] == [98]
    update_vacancy(session, ctx, vacancy.public_id, VacancyInput(address=None, tags=[]))
    assert vacancy.address_locality is None and vacancy.address_formatted_address is None
    assert session.scalars(select(VacancyTag).where(VacancyTag.vacancy_id == vacancy.id)).all() == []


def test_invalid_update_changes_nothing(session: Session, ctx: Context, make_vacancy: MakeVacancy) -> None:
    vacancy = make_vacancy(ctx)
    with pytest.raises(Invalid) as caught:
        update_vacancy(
            session,
            ctx,
            vacancy.public_id,
            parse_vacancy_input({"title": "New", "metier_id": 14, "experience": 5}),
        )
    assert fields(caught.value) == {"metier_id", "experience"}
    session.expire_all()
    again = get_vacancy(session, ctx, vacancy.public_id)
    assert (again.title, again.metier_id, again.experience) == ("Web Developer", 49, 2)


def test_update_other_company_is_not_found(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    theirs = make_vacancy(other_ctx)
    with pytest.raises(NotFound):
        update_vacancy(session, ctx, theirs.public_id, VacancyInput(title="Mine"))
    assert theirs.title == "Web Developer"

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.conftest import context_of, new_company
from tests.factories import QueryCounter
from tests.vacancies.conftest import MakeVacancy
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.service import NewCompany, link_companies
from vivier.core.errors import NotFound
from vivier.db.scoping import scoped
from vivier.pipeline.service import list_columns
from vivier.tags.models import Tag
from vivier.vacancies.listing import listed_vacancies
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import VACANCY_COLUMNS, vacancy_columns
from vivier.vacancies.service import (
    active_vacancy_for_apply,
    add_question,
    careers_listing,
    column_counts,
    get_vacancy,
    list_vacancies,
    set_intranet,
    set_vacancy_status,
    vacancy_view,
    vacancy_views,
)


def test_get_vacancy_is_scoped(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx)
    assert get_vacancy(session, ctx, vacancy.public_id) is vacancy
    for ref in (vacancy.public_id, "short", vacancy.public_id.swapcase()):
        with pytest.raises(NotFound):
            get_vacancy(session, other_ctx, ref)


def test_list_vacancies_filters_and_order(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    active = make_vacancy(ctx, title="Active")
    draft = make_vacancy(ctx, title="Draft", status=2)
    archived = make_vacancy(ctx, title="Archived", status=1)
    set_vacancy_status(session, ctx, archived.public_id, 0)
    intranet = make_vacancy(ctx, title="Intranet")
    set_intranet(session, ctx, intranet.public_id, True)
    make_vacancy(other_ctx, title="Theirs")

    def titles(**kwargs: object) -> list[str]:
        return [v.title for v in list_vacancies(session, ctx, **kwargs)]  # type: ignore[arg-type]

    assert titles() == ["Intranet", "Archived", "Draft", "Active"]
    assert titles(status=1) == ["Intranet", "Active"]
    assert titles(status=2) == ["Draft"]
    assert titles(status=0) == ["Archived"]
    assert titles(offer_id=98) == ["Intranet", "Active"]
    assert titles(offer_id=152) == ["Intranet"]
    assert titles(offer_id=1) == []
    assert titles(limit=2, offset=1) == ["Archived", "Draft"]
    assert {active.id, draft.id} <= {v.id for v in list_vacancies(session, ctx)}
    assert [v.title for v in list_vacancies(session, other_ctx)] == ["Theirs"]


def test_vacancy_views_bundle_in_fixed_queries(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    folder = session.scalars(scoped(Tag, ctx).where(Tag.type == "vacancies")).one()
    english = make_vacancy(
        ctx, language="en_GB", tags=[folder.public_id], address={"locality": "London", "country": "UK"}
    )
    french = make_vacancy(ctx, status=2)
    add_question(session, ctx, english.public_id, "Second", "text", position=5)
    add_question(session, ctx, english.public_id, "First", "text", position=1)
    set_intranet(session, ctx, english.public_id, True)
    more = [make_vacancy(ctx, tags=[folder.public_id]) for _ in range(6)]
    for vacancy in more:
        add_question(session, ctx, vacancy.public_id, "Why?", "textarea")
    session.expire_all()
    vacancies = list_vacancies(session, ctx)
    with QueryCounter(session) as one:
        vacancy_views(session, vacancies[:1])
    with QueryCounter(session) as many:
        views = vacancy_views(session, vacancies)
    assert len(many) <= len(one) <= 9  # rows already loaded (the company) are not fetched again
    by_id = {view.vacancy.id: view for view in views}
    assert [view.vacancy.id for view in views] == [v.id for v in vacancies]
    view = by_id[english.id]
    assert (view.labels.contract_type, view.labels.education_level, view.labels.activity) == (
        "Permanent contract",
        "Master's degree (Bac +5)",
        "Internet",
    )
    assert (view.labels.channel, view.labels.metier) == ("Sales", "Sales consultant")
    assert view.address is not None
    assert (view.address["locality"], view.address["formatted_address"]) == ("London", "London, UK")
    assert [t.id for t in view.tags] == [folder.id]
    assert [q.text for q in view.questions] == ["First", "Second"]
    assert [(d.offer_id, d.published) for d in view.distributions] == [(98, True), (152, True)]
    assert view.company.id == ctx.company_id
    plain = by_id[french.id]
    assert (plain.labels.contract_type, plain.labels.education_level) == ("CDI", "Bac +5")
    assert (plain.address, plain.tags, plain.questions, plain.distributions) == (None, [], [], [])
    assert (
        vacancy_view(session, get_vacancy(session, ctx, english.public_id), "fr").labels.channel
        == "Commerce / Vente"
    )
    assert vacancy_views(session, []) == []


def test_careers_listing_filters(
    session: Session, company: NewCompany, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    slug = company.company.slug
    old = make_vacancy(
        ctx,
        title="Account Executive SaaS (H/F)",
        reference="AE-1",
        address={"locality": "Évry", "administrative_area_level_1": "Île-de-France"},
    )
    new = make_vacancy(
        ctx,
        title="Développeur",
        reference="dev-EXECUTIVE",
        activity_id=19,
        channel_id=5,
        metier_id=15,
        address={"locality": "Lyon"},
    )
    make_vacancy(ctx, title="Draft executive", status=2)
    archived = make_vacancy(ctx, title="Archived executive")
    set_vacancy_status(session, ctx, archived.public_id, 0)
    make_vacancy(other_ctx, title="Rival executive")

    def ids(**filters: object) -> list[int]:
        return [item.view.vacancy.id for item in careers_listing(session, slug, **filters)]  # type: ignore[arg-type]

    items = careers_listing(session, slug)
    assert [item.view.vacancy.id for item in items] == [new.id, old.id]
    first = items[1]
    assert (first.distribution.offer_id, first.distribution.published) == (98, True)
    assert first.view.company.slug == slug
    assert first.view.labels.metier == "Commercial conseil"
    assert first.view.vacancy.slug.endswith("-account-executive-saas-h-f")
    assert ids(filter="EXECUTIVE") == [new.id, old.id]
    assert ids(filter="saas") == [old.id]
    assert ids(filter="nothing") == []
    assert ids(locality="évry") == [old.id]
    assert ids(locality="Ev") == []
    assert ids(area1="ÎLE-DE-FRANCE") == [old.id]
    assert ids(activity=19) == [new.id]
    assert ids(metier=49) == [old.id]
    assert ids(id=old.public_id) == [old.id]
    assert ids(id="nope") == []
    assert ids(activity=25, filter="executive", locality="Évry") == [old.id]
    with pytest.raises(NotFound, match="Not available for slug no-such-company"):
        careers_listing(session, "no-such-company")


def test_careers_listing_merges_real_affiliates_only(
    session: Session,
    company: NewCompany,
    ctx: Context,
    other_company: NewCompany,
    other_ctx: Context,
    make_vacancy: MakeVacancy,
) -> None:
    child = new_company(session, "Child")
    child_ctx = context_of(child)
    link_companies(session, company.company, child.company)
    session.flush()
    mine = make_vacancy(ctx, title="Mine")
    childs = make_vacancy(child_ctx, title="Child job")
    make_vacancy(other_ctx, title="Not affiliated")
    slug = company.company.slug

    def titles(affiliated: object) -> list[str]:
        return [i.view.vacancy.title for i in careers_listing(session, slug, affiliated=affiliated)]  # type: ignore[arg-type]

    assert titles(None) == ["Mine"]
    assert titles(f"{child.company.public_id},{other_company.company.public_id}") == ["Child job", "Mine"]
    assert titles([other_company.company.public_id]) == ["Mine"]
    items = careers_listing(session, slug, affiliated=child.company.public_id)
    assert {i.view.vacancy.id: i.view.company.id for i in items} == {
        childs.id: child.company.id,
        mine.id: company.company.id,
    }
    # The child does not see its parent's vacancies.
    assert [
        i.view.vacancy.title
        for i in careers_listing(session, child.company.slug, affiliated=company.company.public_id)
    ] == ["Child job"]


def test_active_vacancy_for_apply(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx)
    draft = make_vacancy(ctx, status=2)
    assert active_vacancy_for_apply(session, ctx, vacancy.slug) is vacancy
    assert active_vacancy_for_apply(session, ctx, vacancy.public_id) is vacancy
    for ref in (draft.slug, draft.public_id, "unknown"):
        with pytest.raises(NotFound):
            active_vacancy_for_apply(session, ctx, ref)
    with pytest.raises(NotFound):
        active_vacancy_for_apply(session, other_ctx, vacancy.slug)
    set_vacancy_status(session, ctx, vacancy.public_id, 0)
    with pytest.raises(NotFound):
        active_vacancy_for_apply(session, ctx, vacancy.slug)


def test_column_counts(session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy) -> None:
    first, second, empty = make_vacancy(ctx), make_vacancy(ctx), make_vacancy(ctx)
    columns = list_columns(session, ctx)

    def apply(
        vacancy_id: int, column_id: int, n: int, status: int = 1, company_id: int = ctx.company_id
    ) -> None:
        candidate = Candidate(company_id=company_id, firstname="Ann", lastname=f"Lee{n}")
        session.add(candidate)
        session.flush()
        session.add(
            Application(
                company_id=company_id,
                candidate_id=candidate.id,
                vacancy_id=vacancy_id,
                column_id=column_id,
                status=status,
            )
        )

    apply(first.id, columns[0].id, 1)
    apply(first.id, columns[0].id, 2)
    apply(first.id, columns[2].id, 3)
    apply(first.id, columns[2].id, 4, status=0)
    apply(second.id, columns[4].id, 5)
    theirs = make_vacancy(other_ctx)
    apply(theirs.id, list_columns(session, other_ctx)[0].id, 6, company_id=other_ctx.company_id)
    session.flush()
    with QueryCounter(session) as statements:
        counts = column_counts(session, ctx, [first.id, second.id, empty.id, theirs.id])
    assert len(statements) == 1
    assert counts == {
        first.id: {columns[0].id: 2, columns[2].id: 1},
        second.id: {columns[4].id: 1},
        empty.id: {},
        theirs.id: {},
    }
    assert column_counts(session, ctx, []) == {}


def test_listed_vacancies_match_list_vacancies(
    session: Session, ctx: Context, other_ctx: Context, make_vacancy: MakeVacancy
) -> None:
    folder = session.scalars(scoped(Tag, ctx).where(Tag.type == "vacancies")).one()
    english = make_vacancy(ctx, title="English", language="en_GB", tags=[folder.public_id])
    add_question(session, ctx, english.public_id, "Why?", "text")
    set_intranet(session, ctx, english.public_id, True)
    make_vacancy(ctx, title="Draft", status=2)
    archived = make_vacancy(ctx, title="Archived", options={"indeed": True})
    set_vacancy_status(session, ctx, archived.public_id, 0)
    make_vacancy(other_ctx, title="Theirs")
    for tenant, filters in [
        (ctx, {}),
        (ctx, {"status": 1}),
        (ctx, {"status": 0}),
        (ctx, {"offer_id": 152}),
        (ctx, {"offer_id": 98, "status": 1}),
        (ctx, {"limit": 2, "offset": 1}),
        (ctx, {"limit": 1}),
        (ctx, {"offset": 2}),
        (other_ctx, {}),
    ]:
        expected = list_vacancies(session, tenant, **filters)
        listed = listed_vacancies(session, tenant, **filters)
        assert [v.columns for v in listed] == [_columns(v) for v in expected], filters
        assert [v.labels for v in listed] == [vacancy_view(session, v).labels for v in expected]
        assert all(v.company.id == tenant.company_id for v in listed)
    (bare,) = listed_vacancies(session, ctx, status=1)
    assert (bare.tags, bare.questions, bare.distributions) == ([], [], [])
    (full,) = listed_vacancies(session, ctx, status=1, tags=True, questions=True, distributions=True)
    view = vacancy_view(session, english)
    assert (full.tags, full.questions, full.distributions) == (view.tags, view.questions, view.distributions)
    assert full.labels.contract_type == "Permanent contract"


def test_vacancy_columns_reads_expired_attributes(
    session: Session, ctx: Context, make_vacancy: MakeVacancy
) -> None:
    vacancy = make_vacancy(ctx, title="Fresh")
    loaded = _columns(vacancy)
    assert loaded["title"] == "Fresh" and loaded["options"]["indeed"] is False
    session.expire(vacancy)
    assert "title" not in vacancy.__dict__
    assert dict(vacancy_columns(vacancy)) == loaded


def _columns(vacancy: Vacancy) -> dict[str, object]:
    values = vacancy_columns(vacancy)
    return {key: values[key] for key in VACANCY_COLUMNS}

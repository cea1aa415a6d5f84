from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.orm import Session

from tests.applications.conftest import MAX_BYTES, VacancyFactory, request
from tests.conftest import NewCompany, context_of, new_company
from vivier.applications.models import Application
from vivier.applications.schemas import ApplicationSearch
from vivier.applications.service import (
    apply,
    archive_application,
    iter_search_applications,
    move_application,
    search_applications,
)
from vivier.companies.context import Context
from vivier.companies.service import link_companies
from vivier.core.errors import Constraint, Invalid
from vivier.files.store import LocalFileStore
from vivier.pipeline.service import list_columns
from vivier.vacancies.models import Vacancy


@dataclass
class World:
    v1: Vacancy
    v2: Vacancy
    apps: dict[str, Application]
    foreign: Application
    foreign_vacancy: Vacancy


def _at(clock: list[datetime], *args: int) -> None:
    clock[0] = datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def world(
    session: Session,
    ctx: Context,
    other_ctx: Context,
    make_vacancy: VacancyFactory,
    store: LocalFileStore,
    clock: list[datetime],
) -> World:
    v1, v2 = make_vacancy(ctx, "Ingénieur Développement  H/F "), make_vacancy(ctx, "Sales")
    columns = {c.title: c for c in list_columns(session, ctx)}
    people = {
        "a1": (v1, "Juliette", "Larfoillou", "mail@mail.com", "+33 6 11 22 33 44", (2021, 11, 9, 10)),
        "a2": (v1, "Jean", "Dupont", "jean@example.org", None, (2021, 12, 25, 0)),
        "a3": (v2, "Marie", "Curie", "marie@example.org", "0102030405", (2022, 1, 1, 8)),
        "a4": (v2, "Paul", "Martin", "paul@example.org", None, (2022, 1, 10, 23, 59)),
        "a5": (v2, "Léa", "Martin", "lea@example.org", None, (2022, 1, 11, 0, 0)),
    }
    apps = {}
    for name, (vac, first, last, email, phone, when) in people.items():
        _at(clock, *when)
        result = apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(
                vac, firstname=first, lastname=last, email=email, phone=phone, type="link", resume="x.org/cv"
            ),
        )
        assert result.application is not None
        apps[name] = result.application
    _at(clock, 2021, 12, 1, 9)
    move_application(session, ctx, v1.public_id, apps["a1"].public_id, columns["Recruté"].id)
    _at(clock, 2022, 1, 10, 9)
    archive_application(session, ctx, v2.public_id, apps["a3"].public_id)
    _at(clock, 2022, 1, 12, 9)
    move_application(session, ctx, v2.public_id, apps["a4"].public_id, columns["Entretien RH"].id)
    foreign_vacancy = make_vacancy(other_ctx, "Foreign")
    foreign = apply(
        session,
        other_ctx,
        store,
        MAX_BYTES,
        request(
            foreign_vacancy,
            firstname="Juliette",
            lastname="Larfoillou",
            email="mail@mail.com",
            type="link",
            resume="x",
        ),
    ).application
    assert foreign is not None
    return World(v1, v2, apps, foreign, foreign_vacancy)


def ids(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.applicant for r in rows]


def names(world: World, *keys: str) -> list[str]:
    return [world.apps[k].public_id for k in keys]


def test_no_filter_lists_the_company_newest_first(session: Session, ctx: Context, world: World) -> None:
    rows = search_applications(session, ctx, ApplicationSearch())
    assert ids(rows) == names(world, "a5", "a4", "a3", "a2", "a1")
    first = rows[-1]
    assert (first.vacancy, first.vacancy_id, first.column, first.hired, first.source) == (
        "Ingénieur Développement  H/F ",
        world.v1.id,
        "Recruté",
        True,
        "Site carrière",
    )
    assert (first.firstname, first.lastname, first.email, first.phone, first.status, first.score) == (
        "Juliette",
        "Larfoillou",
        "mail@mail.com",
        "+33 6 11 22 33 44",
        1,
        0,
    )
    assert first.created_at == datetime(2021, 11, 9, 10, tzinfo=UTC)
    assert first.updated_at == datetime(2021, 12, 1, 9, tzinfo=UTC)
    assert first.external_id is None


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ApplicationSearch(lastname=" LARFOILLOU "), ["a1"]),
        (ApplicationSearch(lastname="larfo"), []),
        (ApplicationSearch(firstname="juliette"), ["a1"]),
        (ApplicationSearch(firstname="LÉA"), ["a5"]),
        (ApplicationSearch(lastname="martin"), ["a5", "a4"]),
        (ApplicationSearch(email="MAIL@mail.com"), ["a1"]),
        (ApplicationSearch(email=""), ["a5", "a4", "a3", "a2", "a1"]),
        (ApplicationSearch(phone="33 6 11 22 33 44"), ["a1"]),
        (ApplicationSearch(phone="01.02.03.04.05"), ["a3"]),
        (ApplicationSearch(phone="abc"), []),
        (ApplicationSearch(hired=True), ["a1"]),
        (ApplicationSearch(hired=False), ["a5", "a4", "a3", "a2"]),
        (ApplicationSearch(column="RECRUTÉ"), ["a1"]),
        (ApplicationSearch(column="entretien rh"), ["a4"]),
        (ApplicationSearch(column="à traiter", hired=False), ["a5", "a3", "a2"]),
        (ApplicationSearch(column="nope"), []),
        (ApplicationSearch(start=date(2021, 12, 25)), ["a5", "a4", "a3", "a2"]),
        (ApplicationSearch(start=date(2022, 1, 1), end=date(2022, 1, 10)), ["a4", "a3"]),
        (ApplicationSearch(end=date(2021, 12, 24)), ["a1"]),
        (ApplicationSearch(start_update=date(2021, 12, 1), end_update=date(2021, 12, 1)), ["a1"]),
        (ApplicationSearch(start_update=date(2022, 1, 10)), ["a5", "a4", "a3"]),
        (ApplicationSearch(end_update=date(2022, 1, 10)), ["a5", "a4", "a3", "a2", "a1"][2:]),
        (ApplicationSearch(archived=True), ["a3"]),
        (ApplicationSearch(archived=False), ["a5", "a4", "a2", "a1"]),
        (ApplicationSearch(hired=True, lastname="larfoillou", archived=False), ["a1"]),
    ],
)
def test_filters(
    session: Session, ctx: Context, world: World, filters: ApplicationSearch, expected: list[str]
) -> None:
    assert ids(search_applications(session, ctx, filters)) == names(world, *expected)


def test_vacancy_filter(session: Session, ctx: Context, world: World) -> None:
    rows = search_applications(session, ctx, ApplicationSearch(vacancy=world.v2.public_id))
    assert ids(rows) == names(world, "a5", "a4", "a3")
    for ref in ("unknown", "Zx81KpQa7TnW3mLd", world.foreign_vacancy.public_id):
        with pytest.raises(Invalid) as info:
            search_applications(session, ctx, ApplicationSearch(vacancy=ref))
        assert [(v.field, v.constraint) for v in info.value.violations] == [("vacancy", Constraint.REFERENCE)]


def test_company_filter_with_an_affiliate(
    session: Session, ctx: Context, company: NewCompany, other_company: NewCompany, world: World
) -> None:
    mine = company.company.public_id
    theirs = other_company.company.public_id
    with pytest.raises(Invalid) as info:
        search_applications(session, ctx, ApplicationSearch(companies=[theirs]))
    assert info.value.violations[0].field == "company"
    link_companies(session, company.company, other_company.company)
    session.flush()
    both = search_applications(
        session, ctx, ApplicationSearch(lastname="larfoillou", companies=[mine, theirs])
    )
    assert ids(both) == [world.foreign.public_id, world.apps["a1"].public_id]
    only = search_applications(session, ctx, ApplicationSearch(companies=[theirs]))
    assert ids(only) == [world.foreign.public_id]
    hired = search_applications(session, ctx, ApplicationSearch(hired=True, companies=[mine, theirs]))
    assert ids(hired) == names(world, "a1")
    by_vacancy = search_applications(
        session, ctx, ApplicationSearch(vacancy=world.foreign_vacancy.public_id, companies=[theirs])
    )
    assert ids(by_vacancy) == [world.foreign.public_id]
    # The affiliation is one-way: the child cannot search the parent.
    with pytest.raises(Invalid):
        search_applications(session, context_of(other_company), ApplicationSearch(companies=[mine]))


def test_a_foreign_company_is_refused(
    session: Session, ctx: Context, company: NewCompany, world: World
) -> None:
    stranger = new_company(session, "Stranger")
    for refs in ([stranger.company.public_id], [company.company.public_id, "nope"]):
        with pytest.raises(Invalid) as info:
            search_applications(session, ctx, ApplicationSearch(companies=refs))
        assert [(v.field, v.constraint) for v in info.value.violations] == [("company", Constraint.REFERENCE)]
    assert len(search_applications(session, ctx, ApplicationSearch(companies=[" ", ""]))) == 5


def test_other_company_sees_only_its_own(session: Session, other_ctx: Context, world: World) -> None:
    assert ids(search_applications(session, other_ctx, ApplicationSearch())) == [world.foreign.public_id]


def test_limit_offset_and_batches(session: Session, ctx: Context, world: World) -> None:
    everything = ids(search_applications(session, ctx, ApplicationSearch()))
    assert ids(search_applications(session, ctx, ApplicationSearch(), limit=3, offset=1)) == everything[1:4]
    assert search_applications(session, ctx, ApplicationSearch(), limit=0) == []
    batches = list(iter_search_applications(session, ctx, ApplicationSearch(), batch_size=2))
    assert [len(b) for b in batches] == [2, 2, 1]
    assert [r.applicant for b in batches for r in b] == everything
    windowed = list(
        iter_search_applications(session, ctx, ApplicationSearch(), limit=3, offset=1, batch_size=2)
    )
    assert [r.applicant for b in windowed for r in b] == everything[1:4]
    with pytest.raises(Invalid):
        search_applications(session, ctx, ApplicationSearch(), limit=-1)
    with pytest.raises(Invalid):
        iter_search_applications(session, ctx, ApplicationSearch(), offset=-1)


def test_invalid_filters_raise_before_streaming(session: Session, ctx: Context, world: World) -> None:
    with pytest.raises(Invalid):
        iter_search_applications(session, ctx, ApplicationSearch(vacancy="nope"))


def test_batches_are_exact_when_timestamps_tie(
    session: Session, ctx: Context, make_vacancy: VacancyFactory, store: LocalFileStore, clock: list[datetime]
) -> None:
    vacancy = make_vacancy(ctx, "Ties")
    for n in range(7):
        apply(
            session,
            ctx,
            store,
            MAX_BYTES,
            request(vacancy, email=f"p{n}@example.org", type="link", resume="x"),
        )
    rows = [r for b in iter_search_applications(session, ctx, ApplicationSearch(), batch_size=3) for r in b]
    assert len(rows) == 7 and len({r.applicant for r in rows}) == 7
    assert [r.application_id for r in rows] == sorted((r.application_id for r in rows), reverse=True)

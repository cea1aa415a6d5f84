from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD
from tests.factories import QueryCounter, count_rows, make_candidate, settable_clock, violation_kinds
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.companies.service import NewCompany, add_member
from vivier.core.errors import Constraint, Invalid, NotFound
from vivier.core.listing import DateBound, ListQuery
from vivier.events.models import Tombstone
from vivier.staffing.models import ResourceRequest, ResourceRequestCandidate, ResourceRequestOwner
from vivier.staffing.service import (
    create_proposal,
    create_request,
    delete_proposal,
    get_proposal,
    get_request,
    list_proposals,
    list_requests,
    proposals_for_candidate,
    update_proposal,
    update_request,
)

T0 = datetime(2026, 4, 3, 18, 31, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    """A settable clock: tests append or replace ``clock[0]``."""
    with settable_clock(T0) as current:
        yield current


# -- resource requests ------------------------------------------------------------------------------


def test_create_request_with_defaults_and_owners(session: Session, company: NewCompany, ctx: Context) -> None:
    rita = add_member(session, ctx, email="rita@example.org", password=PASSWORD, role_id=Role.RECRUITER)
    admin = company.admin.public_id
    view = create_request(
        session,
        ctx,
        {
            "client": "Acme SA",
            "position": "Java developer",
            "location": "Lyon",
            "start": "2026-05-01",
            "salaryRangeMin": 450000,
            "salaryRangeMax": 550000,
            "billingType": "monthly",
            "owners": [rita.public_id, admin, rita.public_id],
            "createdAt": "ignored",
        },
    )
    r = view.request
    assert (r.client, r.status, r.location, r.position, r.description) == (
        "Acme SA",
        "open",
        "Lyon",
        "Java developer",
        None,
    )
    assert (r.start, r.salary_range_min, r.salary_range_max, r.billing_type) == (
        date(2026, 5, 1),
        450000,
        550000,
        "monthly",
    )
    assert view.owners == (rita.public_id, admin)
    assert get_request(session, ctx, r.public_id).owners == (rita.public_id, admin)
    assert create_request(session, ctx, {}).request.status == "open"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"status": "weird"}, [("status", Constraint.CHOICE)]),
        ({"status": None}, [("status", Constraint.NULL)]),
        ({"billingType": "weekly"}, [("billingType", Constraint.CHOICE)]),
        ({"salaryRangeMin": -1}, [("salaryRangeMin", Constraint.MIN)]),
        ({"salaryRangeMax": -5}, [("salaryRangeMax", Constraint.MIN)]),
        ({"salaryRangeMin": 600000, "salaryRangeMax": 550000}, [("salaryRangeMax", Constraint.MIN)]),
        ({"salaryRangeMin": 2**63}, [("salaryRangeMin", Constraint.RANGE)]),
        ({"salaryRangeMin": 4500.5}, [("salaryRangeMin", Constraint.TYPE)]),
        ({"start": "01/05/2026"}, [("start", Constraint.TYPE)]),
        ({"client": 12}, [("client", Constraint.TYPE)]),
        ({"owners": "abc"}, [("owners", Constraint.TYPE)]),
        ({"owners": ["ZZZZZZZZZZZZZZZZ"]}, [("owners", Constraint.REFERENCE)]),
        ({"client": "x" * 256}, [("client", Constraint.LENGTH)]),
        ({"description": "x" * 65_536}, [("description", Constraint.LENGTH)]),
        (
            {"status": "nope", "billingType": "nope"},
            [("status", Constraint.CHOICE), ("billingType", Constraint.CHOICE)],
        ),
    ],
)
def test_invalid_request_stores_nothing(
    session: Session, ctx: Context, data: dict[str, Any], expected: list[Any]
) -> None:
    before = (count_rows(session, ResourceRequest), count_rows(session, ResourceRequestOwner))
    with pytest.raises(Invalid) as raised:
        create_request(session, ctx, data)
    assert violation_kinds(raised) == expected
    assert (count_rows(session, ResourceRequest), count_rows(session, ResourceRequestOwner)) == before


def test_salary_min_equal_max_is_fine(session: Session, ctx: Context) -> None:
    view = create_request(session, ctx, {"salaryRangeMin": 0, "salaryRangeMax": 0})
    assert (view.request.salary_range_min, view.request.salary_range_max) == (0, 0)


def test_owner_user_ids_and_foreign_members_are_refused(
    session: Session, company: NewCompany, ctx: Context, other_company: NewCompany
) -> None:
    for ref in (company.user.public_id, other_company.admin.public_id):
        with pytest.raises(Invalid) as raised:
            create_request(session, ctx, {"owners": [ref]})
        assert violation_kinds(raised) == [("owners", Constraint.REFERENCE)]


def test_update_request_merge_semantics(
    session: Session, company: NewCompany, ctx: Context, clock: list[datetime]
) -> None:
    admin = company.admin.public_id
    view = create_request(
        session, ctx, {"client": "Acme", "location": "Lyon", "salaryRangeMin": 100, "owners": [admin]}
    )
    r = view.request
    clock[0] = T0 + timedelta(minutes=1)
    updated = update_request(
        session, ctx, r.public_id, {"status": "in_progress", "owners": [], "location": None}
    )
    assert (r.status, r.client, r.location, r.salary_range_min, updated.owners) == (
        "in_progress",
        "Acme",
        None,
        100,
        (),
    )
    assert (r.created_at, r.updated_at) == (T0, clock[0])
    clock[0] = T0 + timedelta(minutes=2)
    assert update_request(session, ctx, r.public_id, {"owners": [admin]}).owners == (admin,)
    assert r.updated_at == clock[0]  # owners are the item's own field
    clock[0] = T0 + timedelta(minutes=3)
    update_request(session, ctx, r.public_id, {"client": "Acme"})
    assert r.updated_at == T0 + timedelta(minutes=2)  # nothing changed
    with pytest.raises(Invalid) as raised:
        update_request(session, ctx, r.public_id, {"salaryRangeMax": 50, "client": "Other"})
    assert violation_kinds(raised) == [("salaryRangeMax", Constraint.MIN)]
    with pytest.raises(Invalid) as raised:
        update_request(session, ctx, r.public_id, {"owners": ["ZZZZZZZZZZZZZZZZ"], "client": "Other"})
    assert violation_kinds(raised) == [("owners", Constraint.REFERENCE)]
    assert (r.client, r.salary_range_max) == ("Acme", None)
    assert get_request(session, ctx, r.public_id).owners == (admin,)
    assert update_request(session, ctx, r.public_id, {"owners": None}).owners == ()


def test_request_tenancy(session: Session, ctx: Context, other_ctx: Context) -> None:
    foreign = create_request(session, other_ctx, {"client": "Theirs"}).request
    with pytest.raises(NotFound):
        get_request(session, ctx, foreign.public_id)
    with pytest.raises(NotFound):
        update_request(session, ctx, foreign.public_id, {"client": "Mine"})
    assert foreign.client == "Theirs"
    assert list_requests(session, ctx, ListQuery()).total == 0


def test_request_list_filters_orders_pages(session: Session, ctx: Context, clock: list[datetime]) -> None:
    for i in range(33):
        clock[0] = T0 + timedelta(minutes=i)
        status = "open" if i % 3 else "filled"
        create_request(
            session, ctx, {"client": f"Client {i:02d}", "status": status, "start": date(2026, 1, 1 + i % 28)}
        )
    page1, page2 = list_requests(session, ctx, ListQuery()), list_requests(session, ctx, ListQuery(page=2))
    assert (len(page1.items), len(page2.items), page1.total) == (30, 3, 33)
    assert page1.items[0].request.client == "Client 00"
    filled = list_requests(session, ctx, ListQuery(exact={"status": ["filled"]}, per_page=100))
    assert filled.total == 11 and {v.request.status for v in filled.items} == {"filled"}
    acme = list_requests(
        session, ctx, ListQuery(partial={"client": ["client 1"]}, order=[("createdAt", True)])
    )
    assert [v.request.client for v in acme.items] == [f"Client {i}" for i in range(19, 9, -1)]
    by_start = list_requests(session, ctx, ListQuery(order=[("start", True)], per_page=2))
    assert [v.request.start for v in by_start.items] == [date(2026, 1, 28), date(2026, 1, 27)]
    recent = ListQuery(dates=[DateBound("updatedAt", "strictly_after", T0 + timedelta(minutes=30))])
    assert [v.request.client for v in list_requests(session, ctx, recent).items] == ["Client 31", "Client 32"]


def test_request_views_use_a_fixed_number_of_queries(
    session: Session, company: NewCompany, ctx: Context
) -> None:
    admin = company.admin.public_id
    for _ in range(2):
        create_request(session, ctx, {"owners": [admin]})
    session.expire_all()
    with QueryCounter(session) as few:
        list_requests(session, ctx, ListQuery())
    for _ in range(7):
        create_request(session, ctx, {"owners": [admin]})
    session.expire_all()
    with QueryCounter(session) as many:
        page = list_requests(session, ctx, ListQuery())
    assert page.total == 9 and all(v.owners == (admin,) for v in page.items)
    assert many.count == few.count


# -- resource-request candidates --------------------------------------------------------------------


def test_proposal_lifecycle(session: Session, ctx: Context) -> None:
    request = create_request(session, ctx, {"client": "Acme"}).request
    candidate = make_candidate(session, ctx)
    view = create_proposal(
        session, ctx, {"resourceRequest": request.public_id, "candidate": candidate.public_id}
    )
    assert (view.proposal.status, view.resource_request_id, view.candidate_id) == (
        "proposed",
        request.public_id,
        candidate.public_id,
    )
    with pytest.raises(Invalid) as raised:
        create_proposal(
            session, ctx, {"resourceRequest": request.public_id, "candidate": candidate.public_id}
        )
    assert violation_kinds(raised) == [("candidate", Constraint.UNIQUE)]
    other = make_candidate(session, ctx, "Grace", "Hopper")
    updated = update_proposal(
        session, ctx, view.proposal.public_id, {"status": "interviewing", "candidate": other.public_id}
    )
    assert (updated.proposal.status, updated.candidate_id) == ("interviewing", candidate.public_id)
    assert get_proposal(session, ctx, view.proposal.public_id).proposal.status == "interviewing"
    assert [v.proposal.id for v in proposals_for_candidate(session, ctx, candidate.id)] == [view.proposal.id]
    delete_proposal(session, ctx, view.proposal.public_id)
    with pytest.raises(NotFound):
        get_proposal(session, ctx, view.proposal.public_id)
    buried = session.scalars(
        select(Tombstone.entity_id).where(
            Tombstone.entity_type == "resource_request_candidate", Tombstone.company_id == ctx.company_id
        )
    ).all()
    assert buried == [view.proposal.public_id]
    again = create_proposal(
        session,
        ctx,
        {"resourceRequest": request.public_id, "candidate": candidate.public_id, "status": "accepted"},
    )
    assert again.proposal.status == "accepted" and again.proposal.public_id != view.proposal.public_id


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"status": "hired"}, [("status", Constraint.CHOICE)]),
        ({"status": None}, [("status", Constraint.NULL)]),
        ({"candidate": None}, [("candidate", Constraint.NULL)]),
        ({"resourceRequest": None}, [("resourceRequest", Constraint.NULL)]),
        ({"candidate": "ZZZZZZZZZZZZZZZZ"}, [("candidate", Constraint.REFERENCE)]),
        ({"resourceRequest": "ZZZZZZZZZZZZZZZZ"}, [("resourceRequest", Constraint.REFERENCE)]),
        ({"candidate": 3}, [("candidate", Constraint.TYPE)]),
    ],
)
def test_invalid_proposal_stores_nothing(
    session: Session, ctx: Context, data: dict[str, Any], expected: list[Any]
) -> None:
    request = create_request(session, ctx, {}).request
    candidate = make_candidate(session, ctx)
    body = {"resourceRequest": request.public_id, "candidate": candidate.public_id, **data}
    with pytest.raises(Invalid) as raised:
        create_proposal(session, ctx, body)
    assert violation_kinds(raised) == expected
    assert count_rows(session, ResourceRequestCandidate, ctx.company_id) == 0


def test_invalid_status_update(session: Session, ctx: Context) -> None:
    request = create_request(session, ctx, {}).request
    candidate = make_candidate(session, ctx)
    view = create_proposal(
        session, ctx, {"resourceRequest": request.public_id, "candidate": candidate.public_id}
    )
    with pytest.raises(Invalid) as raised:
        update_proposal(session, ctx, view.proposal.public_id, {"status": "hired"})
    assert violation_kinds(raised) == [("status", Constraint.CHOICE)]
    assert view.proposal.status == "proposed"


def test_proposal_tenancy(session: Session, ctx: Context, other_ctx: Context) -> None:
    mine_request = create_request(session, ctx, {}).request
    mine_candidate = make_candidate(session, ctx)
    theirs_request = create_request(session, other_ctx, {}).request
    theirs_candidate = make_candidate(session, other_ctx)
    with pytest.raises(Invalid) as raised:
        create_proposal(
            session, ctx, {"resourceRequest": theirs_request.public_id, "candidate": mine_candidate.public_id}
        )
    assert violation_kinds(raised) == [("resourceRequest", Constraint.REFERENCE)]
    with pytest.raises(Invalid) as raised:
        create_proposal(
            session, ctx, {"resourceRequest": mine_request.public_id, "candidate": theirs_candidate.public_id}
        )
    assert violation_kinds(raised) == [("candidate", Constraint.REFERENCE)]
    foreign = create_proposal(
        session,
        other_ctx,
        {"resourceRequest": theirs_request.public_id, "candidate": theirs_candidate.public_id},
    )
    for call in (get_proposal, delete_proposal):
        with pytest.raises(NotFound):
            call(session, ctx, foreign.proposal.public_id)
    with pytest.raises(NotFound):
        update_proposal(session, ctx, foreign.proposal.public_id, {"status": "rejected"})
    assert foreign.proposal.status == "proposed"
    assert list_proposals(session, ctx, ListQuery()).total == 0
    assert (
        list_proposals(session, ctx, ListQuery(exact={"resourceRequest": [theirs_request.public_id]})).total
        == 0
    )


def test_proposal_list_filters(session: Session, ctx: Context) -> None:
    r1 = create_request(session, ctx, {}).request
    r2 = create_request(session, ctx, {}).request
    ada, grace = make_candidate(session, ctx), make_candidate(session, ctx, "Grace", "Hopper")
    p1 = create_proposal(session, ctx, {"resourceRequest": r1.public_id, "candidate": ada.public_id})
    p2 = create_proposal(
        session, ctx, {"resourceRequest": r1.public_id, "candidate": grace.public_id, "status": "rejected"}
    )
    p3 = create_proposal(session, ctx, {"resourceRequest": r2.public_id, "candidate": ada.public_id})

    def ids(query: ListQuery) -> list[str]:
        return [v.proposal.public_id for v in list_proposals(session, ctx, query).items]

    assert ids(ListQuery()) == [p1.proposal.public_id, p2.proposal.public_id, p3.proposal.public_id]
    assert ids(ListQuery(exact={"resourceRequest": [r1.public_id]})) == [
        p1.proposal.public_id,
        p2.proposal.public_id,
    ]
    assert ids(ListQuery(exact={"candidate": [ada.public_id]})) == [
        p1.proposal.public_id,
        p3.proposal.public_id,
    ]
    assert ids(ListQuery(exact={"status": ["rejected"]})) == [p2.proposal.public_id]
    assert ids(ListQuery(exact={"candidate": ["nope"]})) == []
    both = ListQuery(
        exact={"resourceRequest": [r1.public_id], "candidate": [ada.public_id]}, order=[("createdAt", True)]
    )
    assert ids(both) == [p1.proposal.public_id]
    views = list_proposals(session, ctx, ListQuery(exact={"resourceRequest": [r2.public_id]})).items
    assert [(v.resource_request_id, v.candidate_id) for v in views] == [(r2.public_id, ada.public_id)]

"""The web app's view of a resource request and its proposal actions (ids in the URL)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import QueryCounter, make_candidate, make_member, violation_kinds
from vivier.companies.context import Context
from vivier.companies.models import Member, Role
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.staffing.service import create_request
from vivier.staffing.shortlist import (
    owner_choices,
    propose_candidate,
    request_sheet,
    set_proposal_status,
    withdraw_proposal,
)


def new_request(session: Session, ctx: Context) -> str:
    return create_request(session, ctx, {"client": "Acme"}).request.public_id


def test_sheet_lists_proposals_with_names_in_constant_queries(session: Session, ctx: Context) -> None:
    request_id = new_request(session, ctx)
    first = make_candidate(session, ctx, "Ada", "Lovelace")
    propose_candidate(session, ctx, request_id, first.public_id)
    with QueryCounter(session) as one:
        request_sheet(session, ctx, request_id)
    for n in range(3):
        propose_candidate(session, ctx, request_id, make_candidate(session, ctx, f"P{n}", "Person").public_id)
    with QueryCounter(session) as four:
        sheet = request_sheet(session, ctx, request_id)
    assert one.count == four.count
    assert [p.name for p in sheet.proposals] == ["Ada Lovelace", "P0 Person", "P1 Person", "P2 Person"]
    assert sheet.proposals[0].candidate_id == first.public_id and sheet.proposals[0].email == first.email


def test_proposals_check_company_request_and_input(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    request_id, other_request = new_request(session, ctx), new_request(session, ctx)
    person = make_candidate(session, ctx)
    foreign = make_candidate(session, other_ctx)
    with pytest.raises(NotFound):
        request_sheet(session, other_ctx, request_id)
    with pytest.raises(NotFound):
        propose_candidate(session, ctx, request_id, foreign.public_id)
    with pytest.raises(Invalid) as blank:
        propose_candidate(session, ctx, request_id, "")
    assert violation_kinds(blank) == [("candidate", Constraint.NULL)]
    proposal = propose_candidate(session, ctx, request_id, person.public_id).proposal.public_id
    with pytest.raises(Invalid) as twice:
        propose_candidate(session, ctx, request_id, person.public_id)
    assert violation_kinds(twice) == [("candidate", Constraint.UNIQUE)]
    with pytest.raises(NotFound):
        set_proposal_status(session, ctx, other_request, proposal, "accepted")
    with pytest.raises(Forbidden):
        set_proposal_status(
            session, make_member(session, ctx, Role.HIRING_MANAGER), request_id, proposal, "accepted"
        )
    assert set_proposal_status(session, ctx, request_id, proposal, "accepted").proposal.status == "accepted"
    with pytest.raises(NotFound):
        withdraw_proposal(session, ctx, other_request, proposal)
    withdraw_proposal(session, ctx, request_id, proposal)
    assert request_sheet(session, ctx, request_id).proposals == []


def test_owner_choices_are_the_companys_active_members(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    make_member(session, ctx, name="Rita")
    make_member(session, other_ctx, name="Foreign")
    gone = make_member(session, ctx, name="Gone")
    member = session.get(Member, gone.member_id)
    assert member is not None
    member.active = False
    names = [o.name for o in owner_choices(session, ctx)]
    assert names == ["Eva Laurent", "Rita Member"]

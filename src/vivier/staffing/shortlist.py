"""A resource request as the web app shows it (owners' names, proposed candidates with their names),
and the web app's proposal actions, which name the request in the URL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Member, User
from vivier.core.errors import NotFound
from vivier.db.scoping import get_by_public_id, restrict
from vivier.staffing.models import ResourceRequest, ResourceRequestCandidate
from vivier.staffing.schemas import ProposalView, RequestView
from vivier.staffing.service import create_proposal, delete_proposal, get_request, update_proposal


@dataclass(frozen=True)
class Owner:
    member_id: str
    name: str


@dataclass(frozen=True)
class ProposedCandidate:
    proposal: ResourceRequestCandidate
    candidate_id: str
    name: str
    email: str | None


@dataclass(frozen=True)
class RequestSheet:
    view: RequestView
    proposals: list[ProposedCandidate]


def owner_choices(session: Session, ctx: Context) -> list[Owner]:
    """The company's active members, by name: who may own a request."""
    rows = session.execute(
        restrict(
            select(Member.public_id, User.firstname, User.lastname, User.email).join(
                User, User.id == Member.user_id
            ),
            Member,
            ctx,
        )
        .where(Member.active.is_(True))
        .order_by(User.lastname, User.firstname, Member.id)
    ).all()
    return [Owner(pid, f"{first} {last}".strip() or email) for pid, first, last, email in rows]


def request_sheet(session: Session, ctx: Context, public_id: str) -> RequestSheet:
    """A request with the candidates proposed for it (oldest proposal first), in two more queries."""
    view = get_request(session, ctx, public_id)
    P = ResourceRequestCandidate
    rows = session.execute(
        restrict(
            select(P, Candidate.public_id, Candidate.firstname, Candidate.lastname, Candidate.email).join(
                Candidate, Candidate.id == P.candidate_id
            ),
            P,
            ctx,
        )
        .where(P.resource_request_id == view.request.id)
        .order_by(P.created_at, P.id)
    ).all()
    proposals = [
        ProposedCandidate(proposal, pid, f"{first} {last}".strip(), email)
        for proposal, pid, first, last, email in rows
    ]
    return RequestSheet(view, proposals)


def propose_candidate(session: Session, ctx: Context, request_id: str, candidate_id: str) -> ProposalView:
    """Propose a candidate for a request; either id unknown to the company is NotFound (a page, not a
    field); a blank candidate is the service's NULL violation on ``candidate``."""
    request = get_by_public_id(session, ResourceRequest, ctx, request_id, what="ResourceRequest")
    if candidate_id:
        get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    data = {"resourceRequest": request.public_id, "candidate": candidate_id or None}
    return create_proposal(session, ctx, data)


def _check_pair(session: Session, ctx: Context, request_id: str, proposal_id: str) -> None:
    """NotFound unless the proposal belongs to that request (both of the company)."""
    proposal = get_by_public_id(
        session, ResourceRequestCandidate, ctx, proposal_id, what="ResourceRequestCandidate"
    )
    request = get_by_public_id(session, ResourceRequest, ctx, request_id, what="ResourceRequest")
    if proposal.resource_request_id != request.id:
        raise NotFound("ResourceRequestCandidate not found")


def set_proposal_status(
    session: Session, ctx: Context, request_id: str, proposal_id: str, status: str
) -> ProposalView:
    """Change a proposal's status; a proposal of another request is NotFound."""
    _check_pair(session, ctx, request_id, proposal_id)
    return update_proposal(session, ctx, proposal_id, {"status": status})


def withdraw_proposal(session: Session, ctx: Context, request_id: str, proposal_id: str) -> None:
    """Withdraw a candidate from a request (as the Flowtly DELETE: tombstone, may be proposed again)."""
    _check_pair(session, ctx, request_id, proposal_id)
    delete_proposal(session, ctx, proposal_id)

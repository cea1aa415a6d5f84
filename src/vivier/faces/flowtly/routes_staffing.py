"""Resource requests and the candidates proposed for them (§6.6-6.7, §7.7-7.8)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from vivier.faces.common import DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.auth import FlowtlyContext
from vivier.faces.flowtly.resources import CANDIDATES, MEMBERS, PROPOSALS, REQUESTS
from vivier.faces.flowtly.wire import (
    DATE,
    INTEGER,
    STRING,
    Item,
    PatchBody,
    PostBody,
    created,
    day,
    fields_of,
    item,
    item_response,
    no_content,
    paged,
    ref,
    refs,
    rfc3339,
)
from vivier.staffing.schemas import ProposalView, RequestView
from vivier.staffing.service import (
    create_proposal,
    create_request,
    delete_proposal,
    get_proposal,
    get_request,
    list_proposals,
    list_requests,
    update_proposal,
    update_request,
)

router = APIRouter()
REQUEST_FIELDS = {
    "client": STRING,
    "status": STRING,
    "location": STRING,
    "position": STRING,
    "description": STRING,
    "start": DATE,
    "salaryRangeMin": INTEGER,
    "salaryRangeMax": INTEGER,
    "billingType": STRING,
    "owners": refs("members"),
}
PROPOSAL_FIELDS = {
    "resourceRequest": ref("resource-requests"),
    "candidate": ref("candidates"),
    "status": STRING,
}
PROPOSAL_UPDATE = {"status": STRING}  # the request and candidate are fixed at creation


def render_request(view: RequestView) -> Item:
    request = view.request
    return item(
        REQUESTS,
        {
            "id": request.public_id,
            "client": request.client,
            "status": request.status,
            "location": request.location,
            "position": request.position,
            "description": request.description,
            "start": day(request.start),
            # Stored as the wire integer (amount x price multiplier): no conversion either way.
            "salaryRangeMin": request.salary_range_min,
            "salaryRangeMax": request.salary_range_max,
            "billingType": request.billing_type,
            "owners": [MEMBERS.iri(m) for m in view.owners],
            "createdAt": rfc3339(request.created_at),
            "updatedAt": rfc3339(request.updated_at),
        },
    )


@router.get("/resource-requests", **docs.collection(REQUESTS.type, REQUESTS.type))
def requests(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    return paged(request, REQUESTS, lambda query: list_requests(session, ctx, query), render_request)


@router.post("/resource-requests", **docs.create(REQUESTS.type, REQUESTS.type))
def create_request_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody
) -> JSONResponse:
    """``status`` defaults to ``open``, ``owners`` (member IRIs) to ``[]``."""
    view = create_request(session, ctx, fields_of(body, REQUEST_FIELDS))
    return created(request, REQUESTS, render_request(view))


@router.get("/resource-requests/{id}", **docs.read(REQUESTS.type, REQUESTS.type))
def read_request(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, REQUESTS, render_request(get_request(session, ctx, id)))


@router.patch("/resource-requests/{id}", **docs.update(REQUESTS.type, REQUESTS.type))
def update_request_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    """``owners`` is replaced whole; status transitions are free."""
    view = update_request(session, ctx, id, fields_of(body, REQUEST_FIELDS))
    return item_response(request, REQUESTS, render_request(view))


def render_proposal(view: ProposalView) -> Item:
    proposal = view.proposal
    return item(
        PROPOSALS,
        {
            "id": proposal.public_id,
            "resourceRequest": REQUESTS.iri(view.resource_request_id),
            "candidate": CANDIDATES.iri(view.candidate_id),
            "status": proposal.status,
            "createdAt": rfc3339(proposal.created_at),
            "updatedAt": rfc3339(proposal.updated_at),
        },
    )


@router.get("/resource-request-candidates", **docs.collection(PROPOSALS.type, PROPOSALS.type))
def proposals(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    return paged(request, PROPOSALS, lambda query: list_proposals(session, ctx, query), render_proposal)


@router.post("/resource-request-candidates", **docs.create(PROPOSALS.type, PROPOSALS.type))
def create_proposal_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody
) -> JSONResponse:
    """A (resourceRequest, candidate) pair exists once: a duplicate is a 422 on ``candidate``."""
    view = create_proposal(session, ctx, fields_of(body, PROPOSAL_FIELDS))
    return created(request, PROPOSALS, render_proposal(view))


@router.get("/resource-request-candidates/{id}", **docs.read(PROPOSALS.type, PROPOSALS.type))
def read_proposal(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, PROPOSALS, render_proposal(get_proposal(session, ctx, id)))


@router.patch("/resource-request-candidates/{id}", **docs.update(PROPOSALS.type, PROPOSALS.type))
def update_proposal_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    view = update_proposal(session, ctx, id, fields_of(body, PROPOSAL_UPDATE))
    return item_response(request, PROPOSALS, render_proposal(view))


@router.delete(
    "/resource-request-candidates/{id}",
    response_class=Response,
    **docs.remove(PROPOSALS.type, PROPOSALS.type),
)
def delete_proposal_route(session: DbSession, ctx: FlowtlyContext, id: str) -> Response:
    """204; the pair may be proposed again, and ``GET /deletions`` reports it."""
    delete_proposal(session, ctx, id)
    return no_content()

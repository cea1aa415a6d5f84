"""Staffing (Flowtly §6.6-6.7): a client's resource requests and the candidates proposed for them.

Checks run as in ``vivier.assessments.service``: wrong types (``TYPE``), then unknown relations
(``REFERENCE``: Flowtly 400 ``Item not found``), then every constraint at once (Flowtly 422).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Member
from vivier.core.clock import now
from vivier.core.errors import Constraint, Violation
from vivier.core.listing import ListQuery, Page, apply_filters, apply_order, fetch_page
from vivier.core.validation import (
    MAX_STRING,
    MAX_TEXT,
    assign,
    choice_violations,
    merged,
    null_violation,
    raise_all,
    reference_error,
    text_violations,
    typed,
)
from vivier.db.scoping import get_by_public_id, ids_by_public_id, public_ids, reference, restrict, scoped
from vivier.events.audit import bury, record
from vivier.staffing.models import (
    BILLING_TYPES,
    PROPOSAL_STATUSES,
    REQUEST_STATUSES,
    ResourceRequest,
    ResourceRequestCandidate,
    ResourceRequestOwner,
)
from vivier.staffing.schemas import (
    MAX_MONEY,
    PROPOSAL_FIELDS,
    PROPOSAL_FIXED,
    REQUEST_ATTRS,
    REQUEST_FIELDS,
    ProposalView,
    RequestView,
)

# -- resource requests ------------------------------------------------------------------------------


def _owner_ids(session: Session, ctx: Context, refs: Sequence[str]) -> list[int]:
    """Member ids for member encoded ids, in order without repeats; an unknown one raises REFERENCE."""
    found = dict(
        session.execute(
            scoped(Member, ctx)
            .where(Member.public_id.in_(set(refs)))
            .with_only_columns(Member.public_id, Member.id)
        ).all()
    )
    ids: list[int] = []
    for ref in refs:
        if ref not in found:
            raise reference_error("owners", ref)
        if found[ref] not in ids:
            ids.append(found[ref])
    return ids


def _request_violations(state: Mapping[str, Any]) -> list[Violation]:
    violations: list[Violation] = []
    for name in ("client", "location", "position"):
        violations += text_violations(name, state[name], required=False, max_len=MAX_STRING)
    violations += text_violations("description", state["description"], required=False, max_len=MAX_TEXT)
    violations += choice_violations("status", state["status"], REQUEST_STATUSES, required=True)
    violations += choice_violations("billingType", state["billingType"], BILLING_TYPES, required=False)
    low, high = state["salaryRangeMin"], state["salaryRangeMax"]
    for name, amount in (("salaryRangeMin", low), ("salaryRangeMax", high)):
        if amount is None:
            continue
        if amount < 0:
            message = "This value should be greater than or equal to 0."
            violations.append(Violation(name, Constraint.MIN, message, 0))
        elif amount > MAX_MONEY:
            violations.append(Violation(name, Constraint.RANGE, "This value is too large.", (0, MAX_MONEY)))
    if low is not None and high is not None and 0 <= low <= MAX_MONEY and high >= 0 and high < low:
        message = f"This value should be greater than or equal to {low}."
        violations.append(Violation("salaryRangeMax", Constraint.MIN, message, low))
    return violations


def request_views(session: Session, ctx: Context, requests: Sequence[ResourceRequest]) -> list[RequestView]:
    """Requests with their owners' member encoded ids, in one query for any number of requests."""
    owners: dict[int, list[str]] = defaultdict(list)
    if requests:
        rows = session.execute(
            restrict(
                select(ResourceRequestOwner.resource_request_id, Member.public_id).join(
                    Member, Member.id == ResourceRequestOwner.member_id
                ),
                Member,
                ctx,
            )
            .where(ResourceRequestOwner.resource_request_id.in_([r.id for r in requests]))
            .order_by(ResourceRequestOwner.resource_request_id, ResourceRequestOwner.position)
        ).all()
        for request_id, member_pid in rows:
            owners[request_id].append(member_pid)
    return [RequestView(r, tuple(owners[r.id])) for r in requests]


def _set_owners(session: Session, request: ResourceRequest, member_ids: list[int]) -> None:
    session.execute(
        delete(ResourceRequestOwner).where(ResourceRequestOwner.resource_request_id == request.id)
    )
    session.add_all(
        ResourceRequestOwner(resource_request_id=request.id, member_id=m, position=i)
        for i, m in enumerate(member_ids)
    )


def create_request(session: Session, ctx: Context, data: Mapping[str, Any]) -> RequestView:
    """A new resource request; ``status`` defaults to ``open`` and ``owners`` to none."""
    ctx.require_write()
    values = typed(data, REQUEST_FIELDS)
    owner_ids = _owner_ids(session, ctx, values.get("owners") or [])
    state = {name: values.get(name) for name in REQUEST_ATTRS}
    if "status" not in values:
        state["status"] = "open"
    raise_all(_request_violations(state))
    request = ResourceRequest(company_id=ctx.company_id)
    for wire, attr in REQUEST_ATTRS.items():
        setattr(request, attr, state[wire])
    session.add(request)
    session.flush()
    _set_owners(session, request, owner_ids)
    session.flush()
    record(session, ctx, "resource_request.create", "resource_request", request.public_id)
    return request_views(session, ctx, [request])[0]


def _request(session: Session, ctx: Context, public_id: str) -> ResourceRequest:
    return get_by_public_id(session, ResourceRequest, ctx, public_id, what="ResourceRequest")


def get_request(session: Session, ctx: Context, public_id: str) -> RequestView:
    return request_views(session, ctx, [_request(session, ctx, public_id)])[0]


def update_request(session: Session, ctx: Context, public_id: str, changes: Mapping[str, Any]) -> RequestView:
    """Merge-patch a request; ``owners`` is replaced whole (``null`` counts as ``[]``)."""
    ctx.require_write()
    request = _request(session, ctx, public_id)
    values = typed(changes, REQUEST_FIELDS)
    owner_ids = _owner_ids(session, ctx, values["owners"] or []) if "owners" in values else None
    raise_all(_request_violations(merged(request, REQUEST_ATTRS, values)))
    changed = assign(request, REQUEST_ATTRS, values)
    if owner_ids is not None and owner_ids != _current_owner_ids(session, request):
        _set_owners(session, request, owner_ids)
        request.updated_at = now()  # owners are one of the item's own fields
        changed.append("owners")
    session.flush()
    record(session, ctx, "resource_request.update", "resource_request", request.public_id, fields=changed)
    return request_views(session, ctx, [request])[0]


def _current_owner_ids(session: Session, request: ResourceRequest) -> list[int]:
    return list(
        session.scalars(
            select(ResourceRequestOwner.member_id)
            .where(ResourceRequestOwner.resource_request_id == request.id)
            .order_by(ResourceRequestOwner.position)
        )
    )


def list_requests(session: Session, ctx: Context, query: ListQuery) -> Page[RequestView]:
    """Filters: ``status`` (exact), ``client`` (partial), dates. Orders: createdAt, updatedAt, start."""
    R = ResourceRequest
    stmt = apply_filters(
        scoped(R, ctx),
        query,
        exact={"status": R.status},
        partial={"client": R.client},
        dates={"createdAt": R.created_at, "updatedAt": R.updated_at},
    )
    orderable = {"createdAt": R.created_at, "updatedAt": R.updated_at, "start": R.start}
    page = fetch_page(session, apply_order(stmt, query, orderable, [R.created_at, R.id]), query)
    return Page(request_views(session, ctx, page.items), page.total)


# -- resource-request candidates --------------------------------------------------------------------


def proposal_views(
    session: Session, ctx: Context, proposals: Sequence[ResourceRequestCandidate]
) -> list[ProposalView]:
    """Proposals with their request's and candidate's encoded ids (two queries for any number)."""
    if not proposals:
        return []
    requests = public_ids(session, ResourceRequest, ctx, (p.resource_request_id for p in proposals))
    candidates = public_ids(session, Candidate, ctx, (p.candidate_id for p in proposals))
    return [ProposalView(p, requests[p.resource_request_id], candidates[p.candidate_id]) for p in proposals]


def create_proposal(session: Session, ctx: Context, data: Mapping[str, Any]) -> ProposalView:
    """Propose a candidate (encoded id) for a request (encoded id); a pair exists once (UNIQUE on ``candidate``)."""
    ctx.require_write()
    values = typed(data, PROPOSAL_FIELDS)
    request_ref, candidate_ref = values.get("resourceRequest"), values.get("candidate")
    request = (
        reference(session, ResourceRequest, ctx, "resourceRequest", request_ref)
        if request_ref is not None
        else None
    )
    candidate = (
        reference(session, Candidate, ctx, "candidate", candidate_ref) if candidate_ref is not None else None
    )
    status = values.get("status", "proposed")
    violations = choice_violations("status", status, PROPOSAL_STATUSES, required=True)
    if request is None:
        violations.insert(0, null_violation("resourceRequest"))
    if candidate is None:
        violations.insert(0, null_violation("candidate"))
    elif request is not None and _pair_exists(session, ctx, request.id, candidate.id):
        violations.insert(0, Violation("candidate", Constraint.UNIQUE, "This value is already used."))
    raise_all(violations)
    assert request is not None and candidate is not None
    proposal = ResourceRequestCandidate(
        company_id=ctx.company_id, resource_request_id=request.id, candidate_id=candidate.id, status=status
    )
    session.add(proposal)
    session.flush()
    record(
        session,
        ctx,
        "resource_request_candidate.create",
        "resource_request_candidate",
        proposal.public_id,
        resource_request=request.public_id,
    )
    return ProposalView(proposal, request.public_id, candidate.public_id)


def _pair_exists(session: Session, ctx: Context, request_id: int, candidate_id: int) -> bool:
    stmt = scoped(ResourceRequestCandidate, ctx).where(
        ResourceRequestCandidate.resource_request_id == request_id,
        ResourceRequestCandidate.candidate_id == candidate_id,
    )
    return session.scalars(stmt.limit(1)).first() is not None


def _proposal(session: Session, ctx: Context, public_id: str) -> ResourceRequestCandidate:
    return get_by_public_id(
        session, ResourceRequestCandidate, ctx, public_id, what="ResourceRequestCandidate"
    )


def get_proposal(session: Session, ctx: Context, public_id: str) -> ProposalView:
    return proposal_views(session, ctx, [_proposal(session, ctx, public_id)])[0]


def update_proposal(
    session: Session, ctx: Context, public_id: str, changes: Mapping[str, Any]
) -> ProposalView:
    """Merge-patch ``status``; the request and candidate are fixed (ignored here)."""
    ctx.require_write()
    proposal = _proposal(session, ctx, public_id)
    values = typed(changes, PROPOSAL_FIELDS, skip=PROPOSAL_FIXED)
    if "status" in values:
        raise_all(choice_violations("status", values["status"], PROPOSAL_STATUSES, required=True))
        if proposal.status != values["status"]:
            proposal.status = values["status"]
            session.flush()
    record(
        session,
        ctx,
        "resource_request_candidate.update",
        "resource_request_candidate",
        proposal.public_id,
        status=proposal.status,
    )
    return proposal_views(session, ctx, [proposal])[0]


def delete_proposal(session: Session, ctx: Context, public_id: str) -> None:
    """Withdraw a proposal (the pair may be proposed again) and leave a tombstone for sync clients."""
    ctx.require_write()
    proposal = _proposal(session, ctx, public_id)
    session.delete(proposal)
    session.flush()
    record(session, ctx, "resource_request_candidate.delete", "resource_request_candidate", public_id)
    bury(session, ctx, "resource_request_candidate", public_id)


def list_proposals(session: Session, ctx: Context, query: ListQuery) -> Page[ProposalView]:
    """Filters: ``resourceRequest``, ``candidate`` (encoded ids), ``status`` (exact), dates.
    Orders: createdAt, updatedAt."""
    P = ResourceRequestCandidate
    stmt = apply_filters(
        scoped(P, ctx),
        query,
        exact={"status": P.status},
        dates={"createdAt": P.created_at, "updatedAt": P.updated_at},
    )
    if "resourceRequest" in query.exact:
        requests = ids_by_public_id(ResourceRequest, ctx, query.exact["resourceRequest"])
        stmt = stmt.where(P.resource_request_id.in_(requests))
    if "candidate" in query.exact:
        stmt = stmt.where(P.candidate_id.in_(ids_by_public_id(Candidate, ctx, query.exact["candidate"])))
    orderable = {"createdAt": P.created_at, "updatedAt": P.updated_at}
    page = fetch_page(session, apply_order(stmt, query, orderable, [P.created_at, P.id]), query)
    return Page(proposal_views(session, ctx, page.items), page.total)


def proposals_for_candidate(session: Session, ctx: Context, candidate_id: int) -> list[ProposalView]:
    """A candidate's proposals, oldest first (web app profile)."""
    P = ResourceRequestCandidate
    stmt = scoped(P, ctx).where(P.candidate_id == candidate_id).order_by(P.created_at, P.id)
    return proposal_views(session, ctx, list(session.scalars(stmt)))

"""The resource requests one person is proposed for (web app profile)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.db.scoping import restrict, scoped
from vivier.staffing.models import ResourceRequest, ResourceRequestCandidate


@dataclass(frozen=True)
class Proposed:
    proposal: ResourceRequestCandidate
    request: ResourceRequest


def candidate_proposals(session: Session, ctx: Context, candidate_id: int) -> list[Proposed]:
    """An already scoped person's proposals with their requests, oldest first."""
    P = ResourceRequestCandidate
    stmt = (
        scoped(P, ctx)
        .join(ResourceRequest, ResourceRequest.id == P.resource_request_id)
        .add_columns(ResourceRequest)
        .where(P.candidate_id == candidate_id)
        .order_by(P.created_at, P.id)
    )
    return [Proposed(p, r) for p, r in session.execute(restrict(stmt, ResourceRequest, ctx)).all()]

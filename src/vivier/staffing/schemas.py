"""Staffing data: views handed to the faces and the input field kinds (checks: ``core.validation``).

Inputs are mappings keyed by Flowtly field names; ``owners`` are member encoded ids, ``resourceRequest``
and ``candidate`` are encoded ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from vivier.core.validation import Kind
from vivier.staffing.models import ResourceRequest, ResourceRequestCandidate

MAX_MONEY = 2**63 - 1  # the BIGINT ceiling

REQUEST_FIELDS: dict[str, Kind] = {
    "client": "string",
    "status": "string",
    "location": "string",
    "position": "string",
    "description": "string",
    "start": "date",
    "salaryRangeMin": "integer",
    "salaryRangeMax": "integer",
    "billingType": "string",
    "owners": "string_list",
}
# Wire name -> column of the scalar fields (owners live in their own table).
REQUEST_ATTRS: dict[str, str] = {
    "client": "client",
    "status": "status",
    "location": "location",
    "position": "position",
    "description": "description",
    "start": "start",
    "salaryRangeMin": "salary_range_min",
    "salaryRangeMax": "salary_range_max",
    "billingType": "billing_type",
}
PROPOSAL_FIELDS: dict[str, Kind] = {"resourceRequest": "str_ref", "candidate": "str_ref", "status": "string"}
PROPOSAL_FIXED = ("resourceRequest", "candidate")


@dataclass(frozen=True)
class RequestView:
    """A resource request with its owners' member encoded ids, in the order given."""

    request: ResourceRequest
    owners: tuple[str, ...]


@dataclass(frozen=True)
class ProposalView:
    """A resource-request candidate with the encoded ids of its request and candidate."""

    proposal: ResourceRequestCandidate
    resource_request_id: str
    candidate_id: str

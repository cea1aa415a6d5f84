"""Candidates (§6.1, §7.2) and full-text search (§4.3)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate
from vivier.candidates.pages import CandidateView
from vivier.candidates.schemas import CandidateData
from vivier.candidates.search import search_candidates
from vivier.candidates.service import create_candidate, get_candidate, list_candidates, update_candidate
from vivier.companies.context import Context
from vivier.core.errors import Invalid, Violation
from vivier.faces.common import DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.auth import FlowtlyContext
from vivier.faces.flowtly.resources import CANDIDATES
from vivier.faces.flowtly.wire import (
    DATE,
    STRING,
    Field,
    Item,
    PatchBody,
    PostBody,
    created,
    day,
    fields_of,
    item_response,
    paged,
    rfc3339,
)

router = APIRouter()
TAG = "Candidate"

WRITABLE: dict[str, Field] = {
    "firstname": STRING,
    "lastname": STRING,
    "email": STRING,
    "phoneNumber": STRING,
    "source": STRING,
    "location": STRING,
    "birthDate": DATE,
    "position": STRING,
    "linkedinProfile": STRING,
    "notes": STRING,
    "expectations": STRING,
}
# Wire name -> candidates service name, where they differ.
_DOMAIN = {"phoneNumber": "phone", "linkedinProfile": "linkedin", "birthDate": "birth_date"}
_WIRE = {domain: wire for wire, domain in _DOMAIN.items()}


def render(candidate: CandidateView) -> Item:
    """A person (from the ORM or a collection's card)."""
    public_id = candidate.public_id
    return Item(
        CANDIDATES.iri(public_id),
        CANDIDATES.type,
        {
            "id": public_id,
            "firstname": candidate.firstname,
            "lastname": candidate.lastname,
            "email": candidate.email or "",
            "phoneNumber": candidate.phone,
            "source": candidate.source,
            "location": candidate.location,
            "birthDate": day(candidate.birth_date),
            "position": candidate.position,
            "linkedinProfile": candidate.url_linkedin,
            "notes": candidate.summary,
            "expectations": candidate.expectations,
            "createdAt": rfc3339(candidate.created_at),
            "updatedAt": rfc3339(candidate.updated_at),
        },
    )


def _domain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {_DOMAIN.get(name, name): value for name, value in values.items()}


@contextmanager
def _wire_names() -> Iterator[None]:
    """Violations name the wire fields (``phoneNumber``, not the service's ``phone``)."""
    try:
        yield
    except Invalid as exc:
        raise Invalid(
            [Violation(_WIRE.get(v.field, v.field), v.constraint, v.message, v.limit) for v in exc.violations]
        ) from exc


@router.get("/candidates", **docs.collection("Candidate", TAG))
def candidates(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    """The tenant's candidates (every person, including applicants from the Flatchr face)."""
    return paged(request, CANDIDATES, lambda query: list_candidates(session, ctx, query), render)


@router.get("/candidates/search", **docs.collection("Candidate", TAG))
def search(request: Request, session: DbSession, ctx: FlowtlyContext, q: str = "") -> JSONResponse:
    """Every whitespace-separated term of ``q`` in names, email, position, location, notes or CV text."""
    return paged(
        request,
        CANDIDATES,
        lambda query: search_candidates(session, ctx, q, query),
        render,
        collection_iri=f"{CANDIDATES.collection_iri}/search",
        leading=("q",),
    )


@router.post("/candidates", **docs.create("Candidate", TAG))
def create(request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody) -> JSONResponse:
    return created(request, CANDIDATES, render(create_from_wire(session, ctx, body)))


def create_from_wire(session: Session, ctx: Context, body: Mapping[str, Any]) -> Candidate:
    with _wire_names():
        return create_candidate(session, ctx, CandidateData(**_domain(fields_of(body, WRITABLE))))


@router.get("/candidates/{id}", **docs.read("Candidate", TAG))
def read(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, CANDIDATES, render(get_candidate(session, ctx, id)))


@router.patch("/candidates/{id}", **docs.update("Candidate", TAG))
def update(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    """Merge-patch: absent keys unchanged, null clears; the result is validated as a whole."""
    return item_response(request, CANDIDATES, render(update_from_wire(session, ctx, id, body)))


def update_from_wire(session: Session, ctx: Context, id: str, body: Mapping[str, Any]) -> Candidate:
    with _wire_names():
        return update_candidate(session, ctx, id, _domain(fields_of(body, WRITABLE)))

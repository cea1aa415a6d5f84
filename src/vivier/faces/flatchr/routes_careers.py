"""Flatchr careers host (mounted under ``/careers``): the public listing (7.2) and candidate creation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.applications.service import apply
from vivier.companies.auth import authenticate
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.errors import NotFound
from vivier.faces.common import AppSettings, DbSession, Store, bearer
from vivier.faces.flatchr.auth import credential
from vivier.faces.flatchr.inputs import read_body, to_int, to_str
from vivier.faces.flatchr.openapi import request_body
from vivier.faces.flatchr.render_vacancy import distribution_json, respond
from vivier.faces.flatchr.schemas_applicant import (
    CandidateCreatedOut,
    CandidateIn,
    CandidateTestOut,
    application_input,
)
from vivier.faces.flatchr.schemas_vacancy import CareersOut
from vivier.files.store import FileStore
from vivier.vacancies.service import careers_listing

router = APIRouter()

Text = Annotated[str | None, Query()]


@router.get("/careers/company/{slug}.json", response_model=CareersOut, tags=["Careers"])
def active_vacancies(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    slug: Annotated[str, Path()],
    id: Annotated[str | None, Query(description="encoded vacancy id")] = None,
    activity: Annotated[str | None, Query(description="activity_id")] = None,
    metier: Annotated[str | None, Query(description="metier_id")] = None,
    locality: Text = None,
    administrative_area_level_1: Text = None,
    filter: Annotated[str | None, Query(description="substring of title or reference")] = None,
    affiliated: Annotated[str | None, Query(description="comma-separated affiliate company ids")] = None,
) -> JSONResponse:
    """7.2 Retrieve Active Vacancies (public; any credential sent is ignored): the career-site items
    of the company's active vacancies, newest first."""
    try:
        return respond(active_vacancies_json(session, settings, slug, request.query_params))
    except NotFound:
        raise NotFound(f"Not available for slug {slug} with url: {request.url.path}") from None


def active_vacancies_json(
    session: Session, settings: Settings, slug: str, query: Mapping[str, Any]
) -> dict[str, Any]:
    """7.2 from its query parameters; NotFound for an unknown slug."""
    text = {name: to_str(query, name) for name in ("locality", "administrative_area_level_1", "filter")}
    items = careers_listing(
        session,
        slug,
        id=to_str(query, "id") or None,
        activity=to_int(query, "activity"),
        metier=to_int(query, "metier"),
        locality=text["locality"],
        area1=text["administrative_area_level_1"],
        filter=text["filter"],
        affiliated=to_str(query, "affiliated"),
    )
    body: dict[str, Any] = {} if text["filter"] is None else {"filter": text["filter"]}
    body["items"] = [
        distribution_json(item.distribution, item.view, settings, with_vacancy=True) for item in items
    ]
    return body


# -- 7.9-7.11 Create Candidate ---------------------------------------------------------------------
CandidateBody = Annotated[dict[str, Any], Depends(read_body)]
_CREATE_DOC = request_body(CandidateIn, form=True, required=False)


def _create_candidate(
    request: Request,
    session: Session,
    settings: Settings,
    store: FileStore,
    body: dict[str, Any],
    *,
    test_mode: bool,
) -> JSONResponse:
    """Authenticate (Bearer, body ``token``, ``?token=``, ``?api_key=``), parse, apply, answer."""
    token = body.get("token")
    key = bearer(request) or (token.strip() if isinstance(token, str) and token.strip() else None)
    ctx = authenticate(session, settings.secret_key.get_secret_value(), key or credential(request))
    return respond(candidate_created_json(session, ctx, store, settings, body, test_mode=test_mode))


def candidate_created_json(
    session: Session,
    ctx: Context,
    store: FileStore,
    settings: Settings,
    body: Mapping[str, Any],
    *,
    test_mode: bool,
) -> dict[str, Any]:
    """7.9-7.11 once authenticated: apply (or only validate, in test mode) and answer."""
    result = apply(
        session, ctx, store, settings.max_upload_bytes, application_input(body), test_mode=test_mode
    )
    if result.application is None:
        return {"status": 200, "response": "applicant test ok"}
    return {"status": 200, "response": "applicant created", "applicant": result.application.public_id}


@router.post(
    "/careers/vacancy/candidate/json",
    response_model=CandidateCreatedOut,
    openapi_extra=_CREATE_DOC,
    tags=["Careers"],
)
def create_candidate_json(
    request: Request, session: DbSession, settings: AppSettings, store: Store, body: CandidateBody
) -> JSONResponse:
    """7.9 Create Candidate: apply to an active vacancy; a duplicate returns the existing applicant."""
    return _create_candidate(request, session, settings, store, body, test_mode=False)


@router.post(
    "/careers/vacancy/candidate/custom",
    response_model=CandidateCreatedOut,
    openapi_extra=_CREATE_DOC,
    tags=["Careers"],
)
def create_candidate_custom(
    request: Request, session: DbSession, settings: AppSettings, store: Store, body: CandidateBody
) -> JSONResponse:
    """7.10 Create Candidate (custom form): as 7.9, also taking a multipart file part ``resume``."""
    return _create_candidate(request, session, settings, store, body, test_mode=False)


@router.post(
    "/careers/vacancy/candidate/test",
    response_model=CandidateTestOut,
    openapi_extra=_CREATE_DOC,
    tags=["Careers"],
)
def create_candidate_test(
    request: Request, session: DbSession, settings: AppSettings, store: Store, body: CandidateBody
) -> JSONResponse:
    """7.11 Create Candidate (test): validates everything, stores and fires nothing."""
    return _create_candidate(request, session, settings, store, body, test_mode=True)

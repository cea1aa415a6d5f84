"""Flatchr careers host (mounted under ``/careers``): the public listing (7.2) and candidate creation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.applications.service import apply
from vivier.companies.auth import authenticate
from vivier.config import Settings
from vivier.core.errors import NotFound
from vivier.faces.common import AppSettings, DbSession, Store, bearer
from vivier.faces.flatchr.auth import credential
from vivier.faces.flatchr.inputs import read_body, to_int
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
    query = request.query_params
    activity_id, metier_id = to_int(query, "activity"), to_int(query, "metier")
    try:
        items = careers_listing(
            session,
            slug,
            id=id or None,
            activity=activity_id,
            metier=metier_id,
            locality=locality,
            area1=administrative_area_level_1,
            filter=filter,
            affiliated=affiliated,
        )
    except NotFound:
        raise NotFound(f"Not available for slug {slug} with url: {request.url.path}") from None
    body: dict[str, object] = {} if filter is None else {"filter": filter}
    body["items"] = [
        distribution_json(item.distribution, item.view, settings, with_vacancy=True) for item in items
    ]
    return respond(body)


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
    result = apply(
        session, ctx, store, settings.max_upload_bytes, application_input(body), test_mode=test_mode
    )
    if result.application is None:
        return respond({"status": 200, "response": "applicant test ok"})
    return respond(
        {"status": 200, "response": "applicant created", "applicant": result.application.public_id}
    )


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

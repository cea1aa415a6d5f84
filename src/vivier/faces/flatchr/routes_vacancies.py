"""Flatchr vacancy routes (7.1, 7.3, 7.4) and the company's tags and members (7.22, 7.23)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.companies.auth import authenticate
from vivier.companies.context import Context
from vivier.companies.service import get_company, list_members
from vivier.config import Settings
from vivier.core.errors import NotFound
from vivier.faces.common import AppSettings, DbSession
from vivier.faces.flatchr.auth import CompanyContext, credential
from vivier.faces.flatchr.inputs import fields_param, read_body, to_int
from vivier.faces.flatchr.openapi import request_body
from vivier.faces.flatchr.render_vacancy import (
    CREATED_FIELDS,
    DETAIL_FIELDS,
    LIST_FIELDS,
    member_json,
    respond,
    tag_json,
    vacancy_json,
)
from vivier.faces.flatchr.schemas_vacancy import MemberOut, TagOut, VacancyIn, VacancyOut
from vivier.tags.service import list_tags
from vivier.vacancies.listing import listed_vacancies
from vivier.vacancies.schemas import parse_vacancy_input
from vivier.vacancies.service import (
    create_vacancy,
    get_vacancy,
    vacancy_company_public_id,
    vacancy_view,
)

router = APIRouter()

# The body is read before the route runs, so the route itself can stay synchronous (thread pool).
Body = Annotated[dict[str, Any], Depends(read_body)]
FieldsQuery = Annotated[str | None, Query(description="comma-separated optional blocks")]


@router.get("/company/{companyId}/vacancies", response_model=list[VacancyOut], tags=["Vacancies"])
def retrieve_vacancies(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    ctx: CompanyContext,
    fields: FieldsQuery = None,
    status: Annotated[str | None, Query(description="0, 1 or 2")] = None,
    offer_id: Annotated[str | None, Query(description="98 career site, 152 intranet")] = None,
    limit: Annotated[str | None, Query(description="Vivier extension")] = None,
    offset: Annotated[str | None, Query(description="Vivier extension")] = None,
) -> JSONResponse:
    """7.1 Retrieve Vacancies: the company's vacancies, newest ``vacancy_id`` first."""
    return respond(vacancies_json(session, ctx, settings, request.query_params))


def vacancies_json(
    session: Session, ctx: Context, settings: Settings, query: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """7.1 from its query parameters (``status``, ``offer_id``, ``fields``, ``limit``, ``offset``)."""
    wanted = fields_param(query.get("fields")) & LIST_FIELDS
    vacancies = listed_vacancies(
        session,
        ctx,
        status=to_int(query, "status"),
        offer_id=to_int(query, "offer_id"),
        limit=to_int(query, "limit"),
        offset=to_int(query, "offset"),
        tags="tags" in wanted,
        questions="questions" in wanted,
        distributions="items" in wanted,
    )
    return [vacancy_json(view, wanted, settings) for view in vacancies]


def vacancy_context(session: DbSession, settings: AppSettings, request: Request, vacancy_id: str) -> Context:
    """The credential acting for the vacancy's company; 404 when it cannot (401 when invalid)."""
    secret = settings.secret_key.get_secret_value()
    owner = vacancy_company_public_id(session, vacancy_id)
    if owner is None:
        authenticate(session, secret, credential(request))
        raise NotFound("Vacancy not found")
    try:
        return authenticate(session, secret, credential(request), company_public_id=owner)
    except NotFound:
        raise NotFound("Vacancy not found") from None


@router.get("/vacancy/{vacancyId}", response_model=VacancyOut, tags=["Vacancies"])
def retrieve_vacancy(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    vacancy_id: Annotated[str, Path(alias="vacancyId")],
    fields: FieldsQuery = None,
) -> JSONResponse:
    """7.3 Retrieve Vacancy: a vacancy of a company the credential acts for."""
    ctx = vacancy_context(session, settings, request, vacancy_id)
    return respond(vacancy_detail_json(session, ctx, settings, vacancy_id, fields))


def vacancy_detail_json(
    session: Session, ctx: Context, settings: Settings, vacancy_id: str, fields: str | None
) -> dict[str, Any]:
    view = vacancy_view(session, get_vacancy(session, ctx, vacancy_id))
    return vacancy_json(view, fields_param(fields) & DETAIL_FIELDS, settings)


@router.post(
    "/company/{companyId}/vacancy",
    status_code=201,
    response_model=VacancyOut,
    tags=["Vacancies"],
    openapi_extra=request_body(VacancyIn),
)
def create_vacancy_route(
    session: DbSession, settings: AppSettings, ctx: CompanyContext, body: Body
) -> JSONResponse:
    """7.4 Create Vacancy: 201 with the full vacancy; fires ``new_vacancy``."""
    return respond(created_vacancy_json(session, ctx, settings, body), 201)


def created_vacancy_json(
    session: Session, ctx: Context, settings: Settings, body: Mapping[str, Any]
) -> dict[str, Any]:
    vacancy = create_vacancy(session, ctx, parse_vacancy_input(body))
    return vacancy_json(vacancy_view(session, vacancy), CREATED_FIELDS, settings)


@router.get("/company/{companyId}/tags", response_model=list[TagOut], tags=["Tags"])
def retrieve_tags(session: DbSession, ctx: CompanyContext) -> JSONResponse:
    """7.22 Retrieve Company Tags: both types, by position (unpositioned last) then ``tag_id``."""
    return respond([tag_json(tag) for tag in list_tags(session, ctx)])


@router.get("/company/{companyId}/members", response_model=list[MemberOut], tags=["Members"])
def list_members_route(session: DbSession, ctx: CompanyContext, fields: FieldsQuery = None) -> JSONResponse:
    """7.23 List Members: oldest first; ``fields=user`` adds the user."""
    return respond(members_json(session, ctx, fields))


def members_json(session: Session, ctx: Context, fields: str | None) -> list[dict[str, Any]]:
    with_user = "user" in fields_param(fields)
    members = list_members(session, ctx, with_user=with_user)
    name = get_company(session, ctx.company_public_id).name if with_user else ""
    return [member_json(m, name, with_user=with_user) for m in members]

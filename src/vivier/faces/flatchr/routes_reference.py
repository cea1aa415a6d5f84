"""Flatchr public routes: reference lists (7.25-7.29) and login (7.30). Credentials are ignored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.companies.auth import default_company, login
from vivier.companies.tokens import FLATCHR_TTL, issue_token
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.core.text import is_number
from vivier.faces.common import AppSettings, DbSession
from vivier.faces.flatchr.inputs import read_body, to_str
from vivier.faces.flatchr.openapi import request_body
from vivier.faces.flatchr.render_vacancy import respond
from vivier.faces.flatchr.schemas_vacancy import LoginIn, LoginOut, MetierOut, RefItemOut
from vivier.reference.service import (
    RefItem,
    list_activities,
    list_channels,
    list_contract_types,
    list_education_levels,
    list_metiers,
)

router = APIRouter()

Lang = Annotated[str | None, Query(description="fr (default) or en")]


def items_json(items: list[RefItem]) -> list[dict[str, Any]]:
    return [{"id": item.id, "text": item.text} for item in items]


def _items(items: list[RefItem]) -> JSONResponse:
    return respond(items_json(items))


def metiers_json(session: Session, channel_id: str, lang: str | None) -> list[dict[str, Any]]:
    """The job categories of a channel (path id as text); 404 for an unknown channel."""
    if not is_number(channel_id):
        raise NotFound("Channel not found")
    rows = list_metiers(session, int(channel_id), lang)
    return [{"id": m.id, "text": m.text, "channel_id": m.channel_id} for m in rows]


@router.get("/activities", response_model=list[RefItemOut], tags=["Reference"])
def activities(session: DbSession, lang: Lang = None) -> JSONResponse:
    """7.25 List Business Sectors, ordered by id."""
    return _items(list_activities(session, lang))


@router.get("/channels", response_model=list[RefItemOut], tags=["Reference"])
def channels(session: DbSession, lang: Lang = None) -> JSONResponse:
    """7.26 List Channels, ordered by id."""
    return _items(list_channels(session, lang))


@router.get("/channels/{channelId}/metiers", response_model=list[MetierOut], tags=["Reference"])
def metiers(
    session: DbSession, channel_id: Annotated[str, Path(alias="channelId")], lang: Lang = None
) -> JSONResponse:
    """7.27 List Channel Job Categories; 404 for an unknown channel."""
    return respond(metiers_json(session, channel_id, lang))


@router.get("/contracts", response_model=list[RefItemOut], tags=["Reference"])
def contracts(session: DbSession, lang: Lang = None) -> JSONResponse:
    """7.28 List Contract Types, ordered by id."""
    return _items(list_contract_types(session, lang))


@router.get("/educationLevels", response_model=list[RefItemOut], tags=["Reference"])
def education_levels(session: DbSession, lang: Lang = None) -> JSONResponse:
    """7.29 List Education Levels, ordered by id."""
    return _items(list_education_levels(session, lang))


def _required(body: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    """The named string fields, all present and non-empty, else one 400 naming every missing one."""
    values = [to_str(body, name) for name in names]
    missing = [
        Violation(n, Constraint.BLANK, "is required") for n, v in zip(names, values, strict=True) if not v
    ]
    if missing:
        raise Invalid(missing)
    return [v or "" for v in values]


@router.post(
    "/user/login",
    response_model=LoginOut,
    tags=["Login"],
    openapi_extra=request_body(LoginIn, form=True),
)
def user_login(
    session: DbSession, settings: AppSettings, body: Annotated[dict[str, Any], Depends(read_body)]
) -> JSONResponse:
    """7.30 Login: a 7-day JWT for the user (``company`` = their default company); sets ``last_login``."""
    email, password = _required(body, ("email", "password"))
    user = login(session, email, password)
    company = default_company(session, user)
    token = issue_token(
        settings.secret_key.get_secret_value(),
        user.public_id,
        company.public_id if company is not None else None,
        FLATCHR_TTL,
    )
    return respond({"statusCode": 200, "token": token})

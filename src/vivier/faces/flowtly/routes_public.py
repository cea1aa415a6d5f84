"""Public routes: ``POST /login`` (§2, §7.1) and ``GET /contexts/{Type}`` (§3.2)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from vivier.companies.auth import authenticate, default_company, login
from vivier.companies.tokens import FLOWTLY_TTL, issue_token
from vivier.core.errors import AuthFailure, NotFound, Unauthenticated
from vivier.core.validation import json_type
from vivier.faces.common import AppSettings, DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.errors import JSON, LD, FaceError, type_error
from vivier.faces.flowtly.resources import context_document
from vivier.faces.flowtly.wire import PostBody

router = APIRouter()


def _credential(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if value is None:
        raise FaceError(400, f'The key "{key}" must be provided.')
    if not isinstance(value, str):
        raise type_error(key, "string", json_type(value))
    return value


@router.post("/login", **docs.login())
def sign_in(session: DbSession, settings: AppSettings, body: PostBody) -> JSONResponse:
    """``{username, password, company?}`` -> ``{token}``: a JWT (HS256, 1 hour) for one of the user's companies."""
    username, password = _credential(body, "username"), _credential(body, "password")
    company = body.get("company")
    if company is not None and not isinstance(company, str):
        raise type_error("company", "string", json_type(company))
    user = login(session, username, password)
    if company is None:
        default = default_company(session, user)
        if default is None:
            raise Unauthenticated("No company", AuthFailure.BAD_LOGIN)
        company = default.public_id
    secret = settings.secret_key.get_secret_value()
    token = issue_token(secret, user.public_id, company, FLOWTLY_TTL)
    try:  # the requested company must be one of the user's active memberships
        authenticate(session, secret, token)
    except NotFound as exc:
        raise Unauthenticated("Not a member", AuthFailure.BAD_LOGIN) from exc
    return JSONResponse({"token": token}, media_type=JSON)


@router.get("/contexts/{type}", **docs.context())
def contexts(type: str) -> JSONResponse:
    """The JSON-LD context of a resource type (also ``Error`` and ``ConstraintViolationList``)."""
    document = context_document(type)
    if document is None:
        raise NotFound("Unknown context")
    return JSONResponse(document, media_type=LD)

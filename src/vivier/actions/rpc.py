"""``GET /actions`` (the catalogue) and ``POST /actions/rpc`` (run one action), on the main app.

RPC callers authenticate as on the faces (``Authorization: Bearer`` API key or JWT) and act for the
credential's company; a refused call answers ``{"status", "error", "message", "fields"?}``.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.actions.catalogue import matching
from vivier.actions.runner import InvalidInput, error_body, execute
from vivier.companies.auth import authenticate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, DomainError, RateLimited, TooLarge, Unauthenticated
from vivier.faces.common import bearer, database, file_store, settings_of

router = APIRouter(prefix="/actions", include_in_schema=False)
log = logging.getLogger("vivier.actions")


@router.get("")
def catalogue(glob: Annotated[str | None, Query(description="e.g. flatchr_*")] = None) -> JSONResponse:
    """Every action (name, label, description, category, schemas, hints), filtered by a name glob."""
    return JSONResponse([action.describe() for action in matching(glob)])


@router.post("/rpc")
async def rpc(request: Request) -> JSONResponse:
    """Run ``{"action", "path", "query", "body"}``; answers ``{"data", "next"}``."""
    try:
        settings = settings_of(request)
        name, raw = _envelope(await _body(request, settings.max_body_mb * 1024 * 1024))
        credential = bearer(request)

        def caller(session: Session) -> Context:
            return authenticate(session, settings.secret_key.get_secret_value(), credential)

        result = await run_in_threadpool(
            execute, database(request), settings, file_store(request), caller, name, raw
        )
    except DomainError as exc:
        return refusal(exc)
    except Exception:
        log.exception("action failed")
        return JSONResponse(
            {"status": 500, "error": "Internal Server Error", "message": "Unexpected error"}, 500
        )
    return JSONResponse({"data": result.data, "next": result.next})


async def _body(request: Request, max_bytes: int) -> bytes:
    """The request body, refused past the faces' body limit (a CV travels as base64)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise TooLarge(f"Request body is larger than {max_bytes // (1024 * 1024)} MiB")
        chunks.append(chunk)
    return b"".join(chunks)


def _envelope(raw: bytes) -> tuple[str, dict[str, Any]]:
    try:
        payload = json.loads(raw or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput.one("body", Constraint.TYPE, "must be valid JSON") from None
    if not isinstance(payload, dict):
        raise InvalidInput.one("body", Constraint.TYPE, 'must be {"action", "path", "query", "body"}')
    name = payload.pop("action", None)
    if not isinstance(name, str) or not name:
        raise InvalidInput.one("action", Constraint.BLANK, "is required (an action name)")
    return name, payload


def refusal(error: DomainError) -> JSONResponse:
    status, body = error_body(error)
    headers = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status, headers=headers)

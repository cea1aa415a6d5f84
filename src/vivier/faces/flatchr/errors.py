"""Flatchr's error body ``{"statusCode", "error", "message"}``, and the one table mapping domain errors to it."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivier.core.errors import (
    AuthFailure,
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
)

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    Invalid: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooLarge: 413,
    RateLimited: 429,
}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"statusCode": status, "error": HTTPStatus(status).phrase, "message": message}
    return JSONResponse(body, status_code=status, headers=headers)


AUTH_MESSAGES = {
    AuthFailure.MISSING: "Missing authentication",
    AuthFailure.INVALID_JWT: "Invalid token",
    AuthFailure.INVALID_KEY: "Invalid token",
    AuthFailure.EXPIRED_JWT: "Expired token",
    AuthFailure.EXPIRED_KEY: "Expired token",
    AuthFailure.BAD_LOGIN: "Invalid email or password",
}


def message_of(error: DomainError) -> str:
    if isinstance(error, Unauthenticated):
        return AUTH_MESSAGES[error.reason]
    if isinstance(error, Invalid):
        return ", ".join(f'"{v.field}" {v.message}' for v in error.violations)
    return error.message


def install(app: FastAPI) -> None:
    async def on_domain_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        status = next((s for kind, s in STATUS_BY_ERROR.items() if isinstance(exc, kind)), 400)
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return error_response(status, message_of(exc), headers)

    async def on_http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))

    async def on_validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        fields = [str(err["loc"][-1]) for err in exc.errors() if err.get("loc")]
        return error_response(400, ", ".join(f'"{f}" is invalid' for f in fields) or "Invalid request")

    async def on_overflow(_: Request, exc: Exception) -> JSONResponse:
        # An integer id beyond 64 bits (SQLite refuses to bind it) names nothing.
        return error_response(404, "Not Found")

    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        return error_response(500, "An internal server error occurred")

    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(OverflowError, on_overflow)
    app.add_exception_handler(Exception, on_unexpected)

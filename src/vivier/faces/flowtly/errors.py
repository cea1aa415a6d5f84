"""API Platform error bodies (hydra:Error / problem+json, 422 violations, 401 ``{code, message}``)
and the one table mapping domain errors to them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivier.core.errors import (
    AuthFailure,
    Conflict,
    Constraint,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
    Violation,
)

PREFIX = "/flowtly"
LD = "application/ld+json; charset=utf-8"
JSON = "application/json; charset=utf-8"
PROBLEM = "application/problem+json; charset=utf-8"

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    TooLarge: 413,
    RateLimited: 429,
}

AUTH_MESSAGES = {
    AuthFailure.MISSING: "JWT Token not found",
    AuthFailure.INVALID_JWT: "Invalid JWT Token",
    AuthFailure.EXPIRED_JWT: "Expired JWT Token",
    AuthFailure.INVALID_KEY: "Invalid API key",
    AuthFailure.EXPIRED_KEY: "Invalid API key",
    AuthFailure.BAD_LOGIN: "Invalid credentials.",
}

# Symfony validator messages and codes (flowtly-api.md §5.3).
CONSTRAINTS: dict[Constraint, tuple[str, str]] = {
    Constraint.BLANK: ("This value should not be blank.", "c1051bb4-d103-4f74-8988-acbcafc7fdc3"),
    Constraint.NULL: ("This value should not be null.", "ad32d13f-c3d4-423b-909a-857b961eb720"),
    Constraint.EMAIL: ("This value is not a valid email address.", "bd79c0ab-ddba-46cc-a703-a7a4b08de310"),
    Constraint.CHOICE: (
        "The value you selected is not a valid choice.",
        "8e179f1b-97aa-4560-a02f-2a8b42e49df7",
    ),
    Constraint.RANGE: (
        "This value should be between {low} and {high}.",
        "04b91c99-a946-4221-afc5-e65ebac401eb",
    ),
    Constraint.MIN: (
        "This value should be greater than or equal to {limit}.",
        "ea4e51d1-3342-48bd-87f1-9e672cd90cad",
    ),
    Constraint.LENGTH: (
        "This value is too long. It should have {limit} characters or less.",
        "d94b19cc-114f-4f44-9cc4-4138e80a87b9",
    ),
    Constraint.UNIQUE: ("This value is already used.", "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"),
    Constraint.INVALID: ("This value is not valid.", "ff645ce4-2ec8-4d8d-a41c-3f0e6ef3e5b0"),
}

# Relation fields of request bodies -> the resource path their IRIs name (for "Item not found").
RELATION_RESOURCES = {
    "candidate": "candidates",
    "recruitmentTaskGroup": "recruitment-task-groups",
    "recruitmentTask": "recruitment-tasks",
    "resourceRequest": "resource-requests",
    "owners": "members",
}


class FaceError(DomainError):
    """A wire-level refusal of this face (400 syntax/IRI/type, 405, 415), rendered as a problem."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.headers = headers


def type_error(field: str, expected: str, given: str) -> FaceError:
    return FaceError(400, f'The type of the "{field}" attribute must be "{expected}", "{given}" given.')


def invalid_iri(value: object) -> FaceError:
    return FaceError(400, f'Invalid IRI "{value}".')


def item_not_found(iri: str) -> FaceError:
    return FaceError(400, f'Item not found for "{iri}".')


def wants_json(request: Request) -> bool:
    """Plain JSON only when ``application/json`` is preferred over JSON-LD; anything else gets
    JSON-LD (never 406). Ties go to the type listed first."""
    best: tuple[float, int, bool] | None = None
    for position, part in enumerate(request.headers.get("accept", "").split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if media not in ("application/json", "application/ld+json"):
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0:
            continue
        candidate = (quality, -position, media == "application/json")
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best is not None and best[2]


def problem(
    request: Request, status: int, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "title": "An error occurred",
        "detail": detail,
        "status": status,
        "type": f"/errors/{status}",
    }
    if wants_json(request):
        return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)
    ld = {"@context": f"{PREFIX}/contexts/Error", "@id": f"{PREFIX}/errors/{status}", "@type": "hydra:Error"}
    ld |= body | {"hydra:title": "An error occurred", "hydra:description": detail}
    return JSONResponse(ld, status_code=status, media_type=LD, headers=headers)


def _violation_message(violation: Violation) -> tuple[str, str]:
    template, code = CONSTRAINTS.get(violation.constraint, CONSTRAINTS[Constraint.INVALID])
    if violation.constraint == Constraint.RANGE:
        bounds = violation.limit
        if not (isinstance(bounds, tuple) and len(bounds) == 2):
            return "This value is not valid.", code
        return template.format(low=bounds[0], high=bounds[1]), code
    return template.format(limit=violation.limit), code


def violations_response(request: Request, violations: list[Violation]) -> JSONResponse:
    items = []
    for violation in violations:
        message, code = _violation_message(violation)
        items.append({"propertyPath": violation.field, "message": message, "code": code})
    body: dict[str, Any] = {
        "title": "An error occurred",
        "detail": "\n".join(f"{v['propertyPath']}: {v['message']}" for v in items),
        "status": 422,
        "type": f"/validation_errors/{items[0]['code']}",
        "violations": items,
    }
    if wants_json(request):
        return JSONResponse(body, status_code=422, media_type=PROBLEM)
    ld = {"@context": f"{PREFIX}/contexts/ConstraintViolationList", "@type": "ConstraintViolationList"} | body
    return JSONResponse(ld, status_code=422, media_type=LD)


def bad_request_detail(violation: Violation) -> str:
    """The 400 detail of a TYPE or REFERENCE violation raised by a service.

    The face checks types and IRI shapes itself; these are fallbacks in the same wording. A service
    REFERENCE carries the bare id as ``limit`` (or last in its message), which we turn back into an IRI.
    """
    if violation.constraint == Constraint.TYPE:
        expected = violation.limit if isinstance(violation.limit, str) else "string"
        given = violation.message.rsplit('"', 2)[-2] if violation.message.count('"') >= 4 else "unknown"
        return f'The type of the "{violation.field}" attribute must be "{expected}", "{given}" given.'
    ident = violation.limit if violation.limit is not None else violation.message.rsplit(" ", 1)[-1]
    resource = RELATION_RESOURCES.get(violation.field.split(".")[0].split("[")[0])
    if resource is None:
        return f'Invalid IRI "{ident}".'
    return f'Item not found for "{PREFIX}/{resource}/{ident}".'


def unauthorized(reason: AuthFailure) -> JSONResponse:
    return JSONResponse(
        {"code": 401, "message": AUTH_MESSAGES[reason]},
        status_code=401,
        media_type="application/json",
        headers={"WWW-Authenticate": "Bearer"},
    )


def not_allowed_detail(method: str, path: str, allow: str) -> str:
    return f'No route found for "{method} {path}": Method Not Allowed (Allow: {allow})'


def install(app: FastAPI) -> None:
    async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        if isinstance(exc, FaceError):
            return problem(request, exc.status, exc.message, exc.headers)
        if isinstance(exc, Unauthenticated):
            return unauthorized(exc.reason)
        if isinstance(exc, Invalid):
            typed = [v for v in exc.violations if v.constraint in (Constraint.TYPE, Constraint.REFERENCE)]
            if typed:  # wrong JSON types and bad references are 400s, not violations
                return problem(request, 400, bad_request_detail(typed[0]))
            return violations_response(request, exc.violations)
        status = next((s for kind, s in STATUS_BY_ERROR.items() if isinstance(exc, kind)), 400)
        detail = HTTPStatus(status).phrase if isinstance(exc, NotFound) else exc.message
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return problem(request, status, detail, headers)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = str(exc.detail)
        path = PREFIX + request.scope.get("path", "").removeprefix(PREFIX)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f'No route found for "{request.method} {path}"'
        elif exc.status_code == 405:
            detail = not_allowed_detail(request.method, path, (exc.headers or {}).get("Allow", ""))
        return problem(request, exc.status_code, detail, dict(exc.headers or {}))

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(request, 400, "Invalid request")

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem(request, 500, "Internal Server Error")

    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)

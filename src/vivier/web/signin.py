"""Sign-in and sign-out pages of the recruiter app, with a login rate limit.

Failed attempts are counted per email address and per client address in the shared
``rate_windows`` table (so every worker process sees them), in their own transaction: a failed
login rolls its request back, but the failure must still count.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from vivier.companies.auth import default_company, login
from vivier.core.errors import Unauthenticated
from vivier.faces.common import AppSettings, database
from vivier.files.ratelimit import claim_slot, slots_exhausted
from vivier.web.csrf import require_csrf
from vivier.web.i18n import local_path
from vivier.web.sessions import COOKIE, TTL, issue_session
from vivier.web.templating import templates

FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 20
FAILURE_WINDOW = timedelta(minutes=15)

router = APIRouter(dependencies=[Depends(require_csrf)])


def _limits(request: Request, email: str) -> list[tuple[str, int]]:
    address = request.client.host if request.client else "unknown"
    return [(f"login:email:{email}", FAILURES_PER_EMAIL), (f"login:addr:{address}", FAILURES_PER_ADDRESS)]


def _form(
    request: Request, next_path: str, email: str = "", error: str | None = None, status: int = 200
) -> Response:
    return templates.TemplateResponse(
        request, "app/login.html", {"next": next_path, "email": email, "error": error}, status_code=status
    )


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return _form(request, local_path(next))


@router.post("/login")
def sign_in(
    request: Request,
    settings: AppSettings,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
) -> Response:
    email = email.strip().lower()
    next_path = local_path(next)
    limits = _limits(request, email)
    db = database(request)
    with db.unit_of_work() as session:
        if any(slots_exhausted(session, key, limit) for key, limit in limits):
            error = "Too many attempts. Please wait a moment and try again."
            return _form(request, next_path, email, error, status=429)
    try:
        with db.unit_of_work() as session:
            user = login(session, email, password)
            company = default_company(session, user)
            if company is None:
                raise Unauthenticated("Invalid email or password")
            token = issue_session(settings.secret_key.get_secret_value(), user, company)
    except Unauthenticated:
        with db.unit_of_work() as session:
            for key, limit in limits:
                claim_slot(session, key, limit, FAILURE_WINDOW)
        return _form(request, next_path, email, "Invalid email or password", status=401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=settings.public_url.startswith("https://"),
    )
    return response


@router.post("/logout")
def sign_out() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response

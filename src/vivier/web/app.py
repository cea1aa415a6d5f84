"""The recruiter web app (``/``) and the public career site (``/jobs/{slug}``)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivier.config import Settings
from vivier.core.errors import DomainError, Forbidden, NotFound, RateLimited, TooLarge
from vivier.web import (
    board,
    candidate_search,
    careers,
    i18n,
    profile,
    resource_requests,
    settings_pages,
    signin,
    tasks_page,
    vacancies,
)
from vivier.web.csrf import CsrfCookie
from vivier.web.sessions import SignedIn, SignInRequired
from vivier.web.templating import templates

ERROR_STATUS: dict[type[DomainError], int] = {NotFound: 404, Forbidden: 403, RateLimited: 429, TooLarge: 413}


def build(settings: Settings) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    routers = (careers, i18n, signin, vacancies, board, candidate_search, tasks_page, resource_requests)
    # profile last: its /candidates/{id} must not shadow fixed paths under /candidates/
    for module in (*routers, settings_pages, profile):
        app.include_router(module.router)

    @app.get("/")
    def home(recruiter: SignedIn) -> Response:
        return RedirectResponse("/vacancies", status_code=303)  # the recruiter's day starts there

    async def sign_in_first(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        if request.headers.get("hx-request"):  # htmx follows this header with a full page load
            return Response(status_code=401, headers={"HX-Redirect": exc.login_url})
        return RedirectResponse(exc.login_url, status_code=303)

    async def error_page(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException):
            status, message = exc.status_code, "Page not found" if exc.status_code == 404 else str(exc.detail)
        else:
            status = next((code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind)), 400)
            message = "Page not found" if status == 404 else str(exc)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    app.add_exception_handler(SignInRequired, sign_in_first)
    app.add_exception_handler(DomainError, error_page)
    app.add_exception_handler(StarletteHTTPException, error_page)
    app.add_middleware(CsrfCookie, secure=settings.public_url.startswith("https://"))
    return app

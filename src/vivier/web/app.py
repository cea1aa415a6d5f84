"""The recruiter web app (``/``) and the public career site (``/jobs/{slug}``)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivier.config import Settings
from vivier.core.errors import DomainError, Forbidden, NotFound, RateLimited, TooLarge
from vivier.web import careers, i18n
from vivier.web.csrf import CsrfCookie
from vivier.web.templating import templates

ERROR_STATUS: dict[type[DomainError], int] = {NotFound: 404, Forbidden: 403, RateLimited: 429, TooLarge: 413}


def build(settings: Settings) -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.include_router(careers.router)
    app.include_router(i18n.router)

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Vivier</title></head>"
            "<body><h1>Vivier</h1><p>Applicant tracking. The APIs are at "
            "<a href='/flatchr/docs'>/flatchr</a> and <a href='/flowtly/docs'>/flowtly</a>.</p></body></html>"
        )

    async def error_page(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StarletteHTTPException):
            status, message = exc.status_code, "Page not found" if exc.status_code == 404 else str(exc.detail)
        else:
            status = next((code for kind, code in ERROR_STATUS.items() if isinstance(exc, kind)), 400)
            message = "Page not found" if status == 404 else str(exc)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    app.add_exception_handler(DomainError, error_page)
    app.add_exception_handler(StarletteHTTPException, error_page)
    app.add_middleware(CsrfCookie, secure=settings.public_url.startswith("https://"))
    return app

"""The recruiter web app (``/``) and the public career site (``/jobs/{slug}``)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from vivier.config import Settings
from vivier.core.errors import NotFound
from vivier.web import careers, i18n

NOT_FOUND_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Not found</title></head>"
    "<body><h1>Page not found</h1><p><a href='/'>Vivier</a></p></body></html>"
)


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

    async def not_found(_: Request, exc: Exception) -> HTMLResponse:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 404
        return HTMLResponse(NOT_FOUND_PAGE if status == 404 else "Error", status_code=status)

    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(StarletteHTTPException, not_found)
    return app

"""The Flatchr-compatible face, mounted at ``/flatchr`` (API host) with the careers host under ``/careers``."""

from __future__ import annotations

from fastapi import FastAPI

from vivier.config import Settings
from vivier.faces.common import BodyLimit
from vivier.faces.flatchr import (
    errors,
    routes,
    routes_activity,
    routes_applicants,
    routes_careers,
    routes_reference,
    routes_vacancies,
)


def build(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="Vivier — Flatchr-compatible API",
        version="1",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    errors.install(app)
    for module in (
        routes,
        routes_reference,
        routes_vacancies,
        routes_applicants,
        routes_careers,
        routes_activity,
    ):
        # Their routes join the app's own list rather than being included: FastAPI then matches a
        # request against one flat list, not through a nested router per module (costly per request).
        app.router.routes.extend(module.router.routes)
    limit = settings.max_body_mb * 1024 * 1024
    app.add_middleware(
        BodyLimit,
        max_bytes=limit,
        reject=lambda: errors.error_response(413, f"Request body is larger than {settings.max_body_mb} MiB"),
    )
    return app

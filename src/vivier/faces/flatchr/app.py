"""The Flatchr-compatible face, mounted at ``/flatchr`` (API host) with the careers host under ``/careers``."""

from __future__ import annotations

from fastapi import FastAPI

from vivier.faces.flatchr import errors
from vivier.faces.flatchr.routes import router


def build() -> FastAPI:
    app = FastAPI(
        title="Vivier — Flatchr-compatible API",
        version="1",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    errors.install(app)
    app.include_router(router)
    return app

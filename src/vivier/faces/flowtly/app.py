"""The Flowtly-compatible face (API Platform conventions), mounted at ``/flowtly``."""

from __future__ import annotations

from fastapi import FastAPI

from vivier.faces.flowtly import errors


def build() -> FastAPI:
    app = FastAPI(
        title="Vivier — Flowtly-compatible API",
        version="2.0.0",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    errors.install(app)
    return app

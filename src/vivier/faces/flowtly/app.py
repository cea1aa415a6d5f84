"""The Flowtly-compatible face (API Platform conventions), mounted at ``/flowtly``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from vivier.faces.common import BodyLimit
from vivier.faces.flowtly import (
    docs,
    errors,
    routes_assessments,
    routes_candidates,
    routes_members,
    routes_notes,
    routes_public,
    routes_staffing,
)
from vivier.faces.flowtly.errors import PROBLEM, FaceError, not_allowed_detail
from vivier.faces.flowtly.resources import DELETIONS, RESOURCES
from vivier.faces.flowtly.wire import refuse_nul_query

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _refuse(allow: tuple[str, ...]) -> Any:
    async def method_not_allowed(request: Request) -> None:
        detail = not_allowed_detail(request.method, request.url.path, ", ".join(allow))
        raise FaceError(405, detail, {"Allow": ", ".join(allow)})

    return method_not_allowed


def not_allowed_router() -> APIRouter:
    """405 + ``Allow`` for every method a path does not serve (PUT everywhere). Included first, so
    ``PATCH /candidates/search`` is a 405 and not a candidate named "search"."""
    router = APIRouter(include_in_schema=False)
    paths: list[tuple[str, tuple[str, ...]]] = [
        ("/login", ("POST",)),
        ("/contexts/{type}", ("GET",)),
        ("/candidates/search", ("GET",)),
        (f"/{DELETIONS.path}", DELETIONS.methods),
    ]
    for resource in RESOURCES:
        paths += [
            (f"/{resource.path}", resource.methods),
            (f"/{resource.path}/{{id}}", resource.item_methods),
        ]
    for path, allow in paths:
        refused = [m for m in METHODS if m not in allow]
        router.add_api_route(path, _refuse(allow), methods=refused)
    return router


class SettingsBodyLimit:
    """``BodyLimit`` sized from ``app.state.settings`` (set by ``create_app`` after ``build``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.limited: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limited is None:
            settings = getattr(scope["app"].state, "settings", None)
            if settings is None:
                await self.app(scope, receive, send)
                return
            megabytes = settings.max_body_mb
            detail = f"Request body is larger than {megabytes} MiB"
            body = {"title": "An error occurred", "detail": detail, "status": 413, "type": "/errors/413"}
            self.limited = BodyLimit(
                self.app, megabytes * 1024 * 1024, lambda: JSONResponse(body, 413, media_type=PROBLEM)
            )
        await self.limited(scope, receive, send)


def build() -> FastAPI:
    app = FastAPI(
        title="Vivier — Flowtly-compatible API",
        version="2.0.0",
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        dependencies=[Depends(refuse_nul_query)],
    )
    errors.install(app)
    app.include_router(not_allowed_router())
    for module in (
        routes_public,
        routes_candidates,
        routes_notes,
        routes_assessments,
        routes_staffing,
        routes_members,
    ):
        app.include_router(module.router)

    def openapi() -> dict[str, Any]:
        return docs.openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(SettingsBodyLimit)
    return app

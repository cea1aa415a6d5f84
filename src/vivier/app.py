"""The ASGI application: mounts every face on one database, file store and settings."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.routing import Route

from vivier import __version__
from vivier.actions import rpc
from vivier.actions.mcp_server import HttpEndpoint
from vivier.companies.credential_cache import credentials
from vivier.config import Settings
from vivier.db.session import Database
from vivier.faces.common import AccessLog, CollapseSlashes
from vivier.faces.flatchr.app import build as build_flatchr
from vivier.faces.flowtly.app import build as build_flowtly
from vivier.files.store import LocalFileStore
from vivier.web.app import build as build_web


def create_app(settings: Settings) -> FastAPI:
    """Build the application; the database engine is created once and disposed at shutdown."""
    db = Database(settings.database_url)
    credentials.seconds = settings.auth_cache_seconds
    store = LocalFileStore(settings.files_dir)
    mcp = HttpEndpoint(db, settings, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with mcp.running():
            yield
        db.dispose()

    app = FastAPI(title="Vivier", version=__version__, lifespan=lifespan, openapi_url=None, docs_url=None)
    faces = [build_flatchr(settings), build_flowtly(), build_web(settings)]
    for sub in [app, *faces]:
        sub.state.settings = settings
        sub.state.db = db
        sub.state.store = store

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(rpc.router)
    app.router.routes.append(Route("/mcp", mcp))  # an ASGI app: every method goes to the MCP transport
    flatchr, flowtly, web = faces
    app.mount("/flatchr", flatchr)
    app.mount("/flowtly", flowtly)
    app.mount("/", web)
    app.add_middleware(CollapseSlashes)
    app.add_middleware(AccessLog)
    logging.getLogger("vivier").setLevel(settings.log_level.upper())
    return app

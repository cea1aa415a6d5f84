"""Plumbing shared by every face: per-request unit of work, credentials, path normalisation, logs."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vivier.companies.auth import authenticate, remembered_context
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.text import is_number
from vivier.db.session import Database
from vivier.files.store import FileStore

log = logging.getLogger("vivier.access")
_SLASHES = re.compile(r"/{2,}")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_READS_ONLY = "vivier_reads_only"
F = TypeVar("F", bound=Callable[..., Any])


def database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def file_store(request: Request) -> FileStore:
    store: FileStore = request.app.state.store
    return store


async def unit_of_work(request: Request) -> AsyncIterator[Session]:
    """One transaction per request, committed after the route returns and before the response leaves.

    A plain ``def`` generator would cost two thread-pool hops per request. Opening a reading session
    does no I/O (the connection is taken on first use, in the route's thread), and on PostgreSQL
    neither does ending it (see ``Database.ends_without_io``); only the rest runs in the pool: a
    writing session's start (SQLite may wait for its lock at BEGIN) and any commit or rollback.
    """
    db = database(request)
    writes = _writes(request)
    work = db.unit_of_work(write=writes, read_only=not writes)
    session = await run_in_threadpool(work.__enter__) if writes else work.__enter__()
    try:
        yield session
    except BaseException as exc:
        if not await _end(db, session, work.__exit__, type(exc), exc, exc.__traceback__):
            raise
    else:
        await _end(db, session, work.__exit__, None, None, None)


async def _end(db: Database, session: Session, end: Callable[..., bool | None], *args: Any) -> bool | None:
    if db.ends_without_io(session):
        return end(*args)
    return await run_in_threadpool(end, *args)


def reads_only(endpoint: F) -> F:
    """Mark a POST route that only reads (Flatchr's search): its unit of work takes no write lock,
    so on SQLite such requests run side by side instead of queueing behind each other."""
    setattr(endpoint, _READS_ONLY, True)
    return endpoint


def _writes(request: Request) -> bool:
    if request.method in SAFE_METHODS:
        return False
    endpoint = getattr(request.scope.get("route"), "endpoint", None)
    return not getattr(endpoint, _READS_ONLY, False)


# FastAPI runs a plain ``def`` dependency in the thread pool: one thread hop per request for an
# attribute read. These only read app state, so they run on the event loop.
async def _settings_dependency(request: Request) -> Settings:
    return settings_of(request)


async def _store_dependency(request: Request) -> FileStore:
    return file_store(request)


async def _database_dependency(request: Request) -> Database:
    return database(request)


DbSession = Annotated[Session, Depends(unit_of_work, scope="function")]
AppSettings = Annotated[Settings, Depends(_settings_dependency)]
Store = Annotated[FileStore, Depends(_store_dependency)]
AppDatabase = Annotated[Database, Depends(_database_dependency)]


async def authenticated(
    session: Session, settings: Settings, credential: str | None, company_public_id: str | None = None
) -> Context:
    """``authenticate``, with no thread hop when the credential was verified moments ago."""
    known = remembered_context(session, credential, company_public_id)
    if known is not None:
        return known
    secret = settings.secret_key.get_secret_value()
    return await run_in_threadpool(
        authenticate, session, secret, credential, company_public_id=company_public_id
    )


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class CollapseSlashes:
    """Runs of ``/`` collapse to one before routing, so base URLs ending in ``/`` still work."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "//" in scope["path"]:
            path = _SLASHES.sub("/", scope["path"])
            scope = dict(scope, path=path, raw_path=path.encode())
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (by Content-Length, or while streaming) with ``reject``."""

    def __init__(self, app: ASGIApp, max_bytes: int, reject: Callable[[], Response]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.reject = reject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and is_number(declared) and int(declared) > self.max_bytes:
            await self.reject()(scope, receive, send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self.reject()(scope, receive, send)


class AccessLog:
    """One line per request: method, path (never the query string, which may carry a token), status, time."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], scope["path"], status, elapsed)

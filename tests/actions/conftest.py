"""A committed company with one of everything, and helpers to call actions through RPC."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import anyio
import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from sqlalchemy import func, select, update

from tests.faces import conftest as faces
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import applicant, make_vacancy
from vivier.app import create_app
from vivier.config import Settings
from vivier.core.clock import now
from vivier.db.session import Database
from vivier.events.models import OutboxEvent

T = TypeVar("T")


@dataclass(frozen=True)
class World:
    """Ids of a seeded tenant: a vacancy, an applicant with a CV, a comment, a message, a task."""

    tenant: Tenant
    vacancy: str
    vacancy_slug: str
    applicant: str
    email: str
    cv_key: str
    comment: int
    task: str
    candidate_tag: str
    column: int

    @property
    def company(self) -> str:
        return f"/flatchr/company/{self.tenant.id}"


def seed_world(client: TestClient, db: Database, settings: Settings, tenant: Tenant) -> World:
    vacancy = make_vacancy(db, tenant, "Account Executive H/F")
    app = applicant(db, settings, tenant, vacancy, firstname="Elsa", lastname="Ivern")
    base, auth = f"/flatchr/company/{tenant.id}", tenant.auth
    got = client.get(f"{base}/applicant/{app.public_id}", headers=auth).json()
    comment = client.post(f"{base}/applicant/{app.public_id}/comment", json={"text": "Bien"}, headers=auth)
    client.post(
        f"{base}/applicant/{app.public_id}/message", json={"html": "<p>Hi</p>", "mail": False}, headers=auth
    )
    members = client.get(f"{base}/members?fields=user", headers=auth).json()
    task = client.post(
        f"{base}/task",
        json={
            "description": "Call back",
            "date": "2030-01-02T10:00:00.000Z",
            "value": [f"applicant={app.public_id}"],
            "users": [members[0]["user"]["id"]],
        },
        headers=auth,
    )
    tags = client.get(f"{base}/tags", headers=auth).json()
    columns = client.get(f"{base}/columns", headers=auth).json()
    diploma = next(t["id"] for t in tags if t["title"] == "Diplôme")
    trait = client.post(
        f"{base}/applicant/{app.public_id}/trait", json={"tag": diploma, "value": "Bac"}, headers=auth
    )
    assert comment.status_code == 200 and task.status_code == 200 and trait.status_code == 200
    return World(
        tenant,
        vacancy.public_id,
        vacancy.slug,
        app.public_id,
        got["candidate"]["email"],
        got["candidate"]["aws"]["key"],
        comment.json()["id"],
        task.json()["id"],
        next(t["id"] for t in tags if t["type"] == "candidates" and t["title"] == "Niveau"),
        columns[2]["id"],
    )


client, tenant, other_tenant = faces.client, faces.tenant, faces.other_tenant  # shared fixtures


@pytest.fixture(autouse=True, scope="module")
def _no_pending_events(db: Database) -> Iterator[None]:
    """Mark the events these tests fired as dispatched: a later suite's worker pass handles a batch of
    the oldest pending events and must find its own among them."""
    with db.unit_of_work() as session:
        first = session.scalar(select(func.max(OutboxEvent.id))) or 0
    yield
    with db.unit_of_work() as session:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id > first, OutboxEvent.dispatched_at.is_(None))
            .values(dispatched_at=now())
        )


@pytest.fixture
def world(client: TestClient, db: Database, settings: Settings, tenant: Tenant) -> World:
    return seed_world(client, db, settings, tenant)


@pytest.fixture(scope="module")
def live_url(settings: Settings) -> Iterator[str]:
    """The real app served by uvicorn on a free loopback port, in a thread (for MCP over HTTP)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/mcp"
    server.should_exit = True
    thread.join(timeout=30)


def mcp_session(url: str, key: str, work: Callable[[Client], Awaitable[T]]) -> T:
    """Run ``work`` in a real MCP client session (the SDK's Streamable HTTP client, Bearer key)."""

    async def session() -> T:
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}) as http,
            Client(streamable_http_client(url, http_client=http)) as client,
        ):
            return await work(client)

    return anyio.run(session)


def rpc(
    client: TestClient,
    auth: dict[str, str],
    action: str,
    path: dict[str, Any] | None = None,
    query: dict[str, Any] | None = None,
    body: dict[str, Any] | None = None,
) -> Any:
    """The response of ``POST /actions/rpc``."""
    payload = {"action": action, "path": path, "query": query, "body": body}
    return client.post("/actions/rpc", json=payload, headers=auth)

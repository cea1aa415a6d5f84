"""Helpers for the Flowtly face tests: a client bound to a tenant, both media types, shape checks."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.faces.conftest import Tenant
from tests.factories import settable_clock
from vivier.candidates.schemas import CandidateData
from vivier.candidates.service import create_candidate
from vivier.db.session import Database
from vivier.faces.flowtly.schemas import SHAPES

LD_TYPE = "application/ld+json; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
PROBLEM_TYPE = "application/problem+json; charset=utf-8"
MERGE = "application/merge-patch+json"
MODES = ("ld", "json")
START = datetime(2026, 4, 3, 18, 31, tzinfo=UTC)


class Api:
    """Requests as one tenant, in JSON-LD (``mode="ld"``, no Accept) or plain JSON (``mode="json"``)."""

    def __init__(self, client: TestClient, tenant: Tenant, mode: str = "ld") -> None:
        self.client = client
        self.tenant = tenant
        self.mode = mode

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = dict(self.tenant.auth)
        if self.mode == "json":
            headers["Accept"] = "application/json"
        return headers | (extra or {})

    def get(self, path: str, **params: Any) -> Response:
        return self.client.get(path, params=params or None, headers=self.headers())

    def post(self, path: str, body: Any = None, content_type: str = "application/json") -> Response:
        import json

        content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        return self.client.post(path, content=content, headers=self.headers({"Content-Type": content_type}))

    def patch(self, path: str, body: Any = None, content_type: str = MERGE) -> Response:
        import json

        content = b"" if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        return self.client.patch(path, content=content, headers=self.headers({"Content-Type": content_type}))

    def delete(self, path: str) -> Response:
        return self.client.delete(path, headers=self.headers())

    def as_mode(self, mode: str) -> Api:
        return Api(self.client, self.tenant, mode)

    def fields(self, response: Response) -> dict[str, Any]:
        """An item's fields, without the JSON-LD keys."""
        body = response.json()
        return {k: v for k, v in body.items() if not k.startswith("@")}

    def members(self, response: Response) -> list[dict[str, Any]]:
        """A collection's items (fields only) in either mode."""
        body = response.json()
        items = body if self.mode == "json" else body["hydra:member"]
        return [{k: v for k, v in i.items() if not k.startswith("@")} for i in items]


DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def check_formats(fields: dict[str, Any]) -> None:
    """RFC 3339 UTC datetimes with whole seconds; ``YYYY-MM-DD`` dates (checklist 40)."""
    assert "updatedAt" in fields or "deletedAt" in fields
    for name in ("createdAt", "updatedAt", "deletedAt"):
        if name in fields:
            assert DATETIME.match(fields[name]), (name, fields[name])
    for name in ("birthDate", "start"):
        if fields.get(name) is not None:
            assert DAY.match(fields[name]), (name, fields[name])


def check_item(type_name: str, response: Response, mode: str) -> None:
    """The body has exactly the documented shape, and the right content type."""
    shapes = SHAPES[type_name]
    check_formats(response.json())
    if mode == "json":
        assert response.headers["content-type"] == JSON_TYPE
        shapes.plain.model_validate(response.json())
    else:
        assert response.headers["content-type"] == LD_TYPE
        shapes.item_ld.model_validate(response.json())
        assert response.json()["@context"] == f"/flowtly/contexts/{type_name}"
        assert response.json()["@type"] == type_name


def check_collection(type_name: str, response: Response, mode: str) -> None:
    shapes = SHAPES[type_name]
    if mode == "json":
        assert response.headers["content-type"] == JSON_TYPE
        assert isinstance(response.json(), list)
        for entry in response.json():
            shapes.plain.model_validate(entry)
            check_formats(entry)
    else:
        assert response.headers["content-type"] == LD_TYPE
        shapes.collection_ld.model_validate(response.json())
        for entry in response.json()["hydra:member"]:
            assert "@context" not in entry
            assert entry["@id"].startswith("/flowtly/")
            check_formats(entry)


def problem(response: Response, status: int, detail: str | None = None, mode: str = "ld") -> dict[str, Any]:
    """Assert an API Platform problem body (hydra:Error or problem+json)."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    if mode == "json":
        assert response.headers["content-type"] == PROBLEM_TYPE
        assert "@type" not in body
    else:
        assert response.headers["content-type"] == LD_TYPE
        assert body["@type"] == "hydra:Error"
        assert body["hydra:description"] == body["detail"]
    assert body["status"] == status
    assert body["title"] == "An error occurred"
    if detail is not None:
        assert body["detail"] == detail
    return body


def violations(response: Response, mode: str = "ld") -> list[tuple[str, str]]:
    """``(propertyPath, code)`` of a 422 body, after checking its shape."""
    assert response.status_code == 422, response.text
    body = response.json()
    found = [(v["propertyPath"], v["code"]) for v in body["violations"]]
    assert body["type"] == f"/validation_errors/{found[0][1]}"
    assert body["detail"] == "\n".join(f"{v['propertyPath']}: {v['message']}" for v in body["violations"])
    if mode == "ld":
        assert body["@type"] == "ConstraintViolationList"
    else:
        assert response.headers["content-type"] == PROBLEM_TYPE
    return found


BLANK = "c1051bb4-d103-4f74-8988-acbcafc7fdc3"
NULL = "ad32d13f-c3d4-423b-909a-857b961eb720"
EMAIL = "bd79c0ab-ddba-46cc-a703-a7a4b08de310"
CHOICE = "8e179f1b-97aa-4560-a02f-2a8b42e49df7"
RANGE = "04b91c99-a946-4221-afc5-e65ebac401eb"
MIN = "ea4e51d1-3342-48bd-87f1-9e672cd90cad"
LENGTH = "d94b19cc-114f-4f44-9cc4-4138e80a87b9"
UNIQUE = "23bd9dbf-6b9b-41cd-a99e-4844bcf3077f"


@pytest.fixture
def api(client: TestClient, tenant: Tenant) -> Api:
    return Api(client, tenant)


@pytest.fixture
def other_api(client: TestClient, other_tenant: Tenant) -> Api:
    return Api(client, other_tenant)


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    """A frozen clock at START; move it with ``clock[0] = ...``."""
    with settable_clock(START) as current:
        yield current


CandidateFactory = Callable[..., str]


@pytest.fixture
def make_candidates(db: Database) -> CandidateFactory:
    """Committed candidates through the service; returns the encoded id of the last one."""

    def make(tenant: Tenant, count: int = 1, **fields: Any) -> str:
        last = ""
        with db.unit_of_work() as session:
            for i in range(count):
                values = {"firstname": f"First{i:02d}", "lastname": f"Last{i:02d}"} | fields
                values.setdefault("email", f"{uuid.uuid4().hex[:12]}@example.org")
                if count > 1 and "email" in fields:
                    values["email"] = f"{i}-{fields['email']}"
                last = create_candidate(session, tenant.ctx, CandidateData(**values)).public_id
        return last

    return make

"""Property-based runs over each face's OpenAPI document: whatever the input, never a server error."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.faces.conftest import Tenant, make_tenant
from vivier.app import create_app
from vivier.config import Settings
from vivier.db.session import Database

EXAMPLES = 20


def fuzz(app_settings: Settings, openapi_path: str, tenant: Tenant) -> list[str]:
    """Every operation of the document, EXAMPLES generated cases each; returns the server errors."""
    schema = schemathesis.openapi.from_asgi(openapi_path, create_app(app_settings))
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, f"{openapi_path} documents no operation"
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def run(case: Any) -> None:
            if "companyId" in (case.path_parameters or {}):
                case.path_parameters["companyId"] = tenant.id
            response = case.call(headers=tenant.auth)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:200]}"
                )

        run()
    return failures


def test_flatchr_never_answers_a_server_error(settings: Settings, db: Database) -> None:
    assert fuzz(settings, "/flatchr/openapi.json", make_tenant(db, "FuzzFlatchr")) == []


def test_flowtly_never_answers_a_server_error(settings: Settings, db: Database) -> None:
    assert fuzz(settings, "/flowtly/openapi.json", make_tenant(db, "FuzzFlowtly")) == []

from __future__ import annotations
from typing import Any
import schemathesis
from hypothesis import HealthCheck, given, settings as hsettings
from tests.faces.conftest import make_tenant
from tests.faces.flatchr.conftest_activity import seed_applicant
from vivier.app import create_app
from vivier.config import Settings
from vivier.db.session import Database

def test_fuzz(settings: Settings, db: Database) -> None:
    tenant = make_tenant(db, "Fuzz")
    seeded = seed_applicant(db, settings, tenant)
    schema = schemathesis.openapi.from_asgi("/flatchr/openapi.json", create_app(settings))
    failures: list[str] = []
    ops = [r.ok() for r in schema.get_all_operations()]
    ops = [o for o in ops if any(k in o.path for k in ("comment", "message", "task", "trait"))]
    assert len(ops) == 10
    for operation in ops:
        @given(case=operation.as_strategy())
        @hsettings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def run(case: Any) -> None:
            params = case.path_parameters or {}
            params["companyId"] = tenant.id
            if "applicantId" in params and len(failures) % 2 == 0:
                params["applicantId"] = seeded.applicant
            response = case.call(headers=tenant.auth)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.body!r} {case.query!r} -> {response.status_code}: {response.text[:200]}")
        run()
    assert failures == []

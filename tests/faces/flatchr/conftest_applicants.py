"""Helpers for the Flatchr applicant tests: committed vacancies and applicants, counters, a clock.

Imported explicitly by the test modules (pytest only auto-loads files named ``conftest.py``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.faces.conftest import Tenant
from vivier.applications.models import Application
from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.applications.service import apply, move_application
from vivier.candidates.models import Candidate
from vivier.config import Settings
from vivier.core.clock import set_clock
from vivier.core.ids import new_public_id
from vivier.db.session import Database
from vivier.events.models import OutboxEvent
from vivier.files.models import StoredFile
from vivier.files.store import LocalFileStore
from vivier.pipeline.service import list_columns
from vivier.vacancies.models import Vacancy, VacancyStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PDF_B64 = base64.b64encode(PDF).decode()


class Clock:
    """A settable clock installed through ``vivier.core.clock.set_clock``."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def at(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> None:
        self.current = datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(name="clock")
def clock_fixture() -> Iterator[Clock]:
    fake = Clock(datetime(2022, 1, 5, 12, 0, tzinfo=UTC))
    set_clock(fake)
    try:
        yield fake
    finally:
        set_clock(None)


def make_vacancy(db: Database, tenant: Tenant, title: str = "Technicien H/F", status: int = 1) -> Vacancy:
    """A committed vacancy of ``tenant`` (active by default)."""
    with db.unit_of_work() as session:
        return factories.make_vacancy(session, tenant.ctx, title, status=status)


def applicant(
    db: Database,
    settings: Settings,
    tenant: Tenant,
    vacancy: Vacancy,
    *,
    column: str | None = None,
    document: bool = True,
    **overrides: Any,
) -> Application:
    """Apply through the service (committed), then optionally move to the column with that title."""
    values: dict[str, Any] = {
        "vacancy": vacancy.slug,
        "firstname": "Johnny",
        "lastname": "Doe",
        "email": f"{new_public_id().lower()}@example.org",
        "type": "document" if document else "link",
        "resume": DocumentResume(PDF_B64, "CV_John_Doe", "application/pdf")
        if document
        else "example.org/cv.pdf",
    }
    values.update(overrides)
    store = LocalFileStore(settings.files_dir)
    with db.unit_of_work() as session:
        result = apply(session, tenant.ctx, store, settings.max_upload_bytes, ApplicationInput(**values))
        assert result.application is not None
        application = result.application
        if column is not None:
            target = next(c for c in list_columns(session, tenant.ctx) if c.title == column)
            move_application(session, tenant.ctx, vacancy.public_id, application.public_id, target.id)
    return application


def count(db: Database, model: type[Any], company_id: int | None = None, **where: Any) -> int:
    with db.unit_of_work() as session:
        stmt = select(func.count()).select_from(model)
        if company_id is not None:
            stmt = stmt.where(model.company_id == company_id)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return int(session.scalar(stmt) or 0)


def counts(db: Database, tenant: Tenant) -> tuple[int, int, int, int]:
    """Applications, candidates, files and outbox events of the tenant (to prove nothing was stored)."""
    cid = tenant.ctx.company_id
    return (
        count(db, Application, cid),
        count(db, Candidate, cid),
        count(db, StoredFile, cid),
        count(db, OutboxEvent, cid),
    )


def outbox(db: Database, tenant: Tenant, event: str) -> list[dict[str, Any]]:
    with db.unit_of_work() as session:
        rows = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.company_id == tenant.ctx.company_id, OutboxEvent.event == event)
            .order_by(OutboxEvent.id)
        )
        return [dict(r.subject) for r in rows]


def columns(db: Database, tenant: Tenant) -> dict[str, int]:
    with db.unit_of_work() as session:
        return {c.title: c.id for c in list_columns(session, tenant.ctx)}


def flatchr_error(body: dict[str, Any], status: int) -> None:
    """The §3 error body."""
    assert body["statusCode"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["message"], str)


ACTIVE = VacancyStatus.ACTIVE

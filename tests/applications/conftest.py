"""Fixtures for the applications tests: a file store, vacancies and request builders."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from tests.factories import make_vacancy as _make_vacancy
from tests.factories import settable_clock, store
from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.companies.context import Context
from vivier.vacancies.models import Vacancy, VacancyStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MAX_BYTES = 4096

VacancyFactory = Callable[..., Vacancy]
__all__ = ["store"]  # the shared file store fixture


@pytest.fixture
def make_vacancy(session: Session) -> VacancyFactory:
    def make(ctx: Context, title: str = "Technicien H/F", status: int = VacancyStatus.ACTIVE) -> Vacancy:
        return _make_vacancy(session, ctx, title, status=status)

    return make


@pytest.fixture
def vacancy(ctx: Context, make_vacancy: VacancyFactory) -> Vacancy:
    return make_vacancy(ctx)


def pdf_resume(data: bytes = PDF, content_type: str | None = "application/pdf") -> DocumentResume:
    return DocumentResume(base64.b64encode(data).decode(), "CV_John_Doe", content_type)


def request(vacancy: Vacancy | str, **overrides: object) -> ApplicationInput:
    values: dict[str, object] = {
        "vacancy": vacancy if isinstance(vacancy, str) else vacancy.slug,
        "firstname": "Johnny",
        "lastname": "Doe",
        "email": "john.doe@example.org",
        "type": "document",
        "resume": pdf_resume(),
    }
    values.update(overrides)
    return ApplicationInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    with settable_clock(datetime(2022, 1, 5, 12, 0, tzinfo=UTC)) as current:
        yield current

"""Fixtures for the applications tests: a file store, vacancies and request builders."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.companies.context import Context
from vivier.core.clock import set_clock
from vivier.core.ids import new_public_id, new_slug_mail
from vivier.core.text import slugify
from vivier.files.store import LocalFileStore
from vivier.vacancies.models import Vacancy, VacancyStatus

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MAX_BYTES = 4096

VacancyFactory = Callable[..., Vacancy]


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "files")


@pytest.fixture
def make_vacancy(session: Session) -> VacancyFactory:
    def make(ctx: Context, title: str = "Technicien H/F", status: int = VacancyStatus.ACTIVE) -> Vacancy:
        public_id = new_public_id()
        vacancy = Vacancy(
            company_id=ctx.company_id,
            public_id=public_id,
            slug=f"{public_id.lower()}-{slugify(title)}",
            slug_mail=new_slug_mail(),
            title=title,
            experience=1,
            status=status,
            language="fr_FR",
            contract_type_id=1,
            education_level_id=1,
            activity_id=1,
            channel_id=1,
            metier_id=1,
        )
        session.add(vacancy)
        session.flush()
        return vacancy

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
    current = [datetime(2022, 1, 5, 12, 0, tzinfo=UTC)]
    set_clock(lambda: current[0])
    yield current
    set_clock(None)

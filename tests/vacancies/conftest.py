"""Helpers for vacancy tests: a valid §7.4 body, a vacancy factory and a query counter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import parse_vacancy_input
from vivier.vacancies.service import create_vacancy


def body(**overrides: Any) -> dict[str, Any]:
    """The §7.4 documented request, with overrides."""
    data: dict[str, Any] = {
        "title": "Web Developer",
        "reference": "dev-web-01",
        "description": "<p>Join us</p>",
        "mission": "<p>Build things</p>",
        "profile": "<p>You</p>",
        "experience": 2,
        "salary": "40 000",
        "salary_max": "60 000",
        "contract_type_id": 1,
        "education_level_id": 6,
        "activity_id": 25,
        "channel_id": 2,
        "metier_id": 49,
        "currency": "EUR",
        "language": "fr_FR",
        "status": 1,
        "mensuality": "y",
        "remote": "parttime",
        "start_date": "2023-05-01",
        "end_date": "2024-05-01",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not ...}


MakeVacancy = Callable[..., Vacancy]


@pytest.fixture
def make_vacancy(session: Session) -> MakeVacancy:
    def make(ctx: Context, **overrides: Any) -> Vacancy:
        return create_vacancy(session, ctx, parse_vacancy_input(body(**overrides)))

    return make

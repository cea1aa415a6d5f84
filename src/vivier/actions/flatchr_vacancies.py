"""Flatchr vacancies: list (7.1), the public active listing (7.2), one (7.3), create (7.4)."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.orm import Session

from vivier.actions.framework import Call, Page, Part, Result, closed, define, paged
from vivier.companies.context import Context
from vivier.companies.service import get_company
from vivier.config import Settings
from vivier.faces.flatchr.routes_careers import active_vacancies_json
from vivier.faces.flatchr.routes_vacancies import created_vacancy_json, vacancies_json, vacancy_detail_json
from vivier.faces.flatchr.schemas_vacancy import CareersOut, VacancyIn, VacancyOut
from vivier.files.store import FileStore

CATEGORY = "vacancies"


class VacanciesQuery(Page):
    fields: str | None = Field(None, description="comma-separated blocks: address, tags, questions, items")
    status: int | None = Field(None, description="0 archived, 1 active, 2 draft; default all")
    offer_id: int | None = Field(
        None, description="only vacancies on that source: 98 career site, 152 intranet"
    )


class CareersPath(Part):
    slug: str | None = Field(None, description="a company's career-site slug; default: the caller's company")


class CareersQuery(Part):
    id: str | None = Field(None, description="encoded vacancy id")
    activity: int | None = Field(None, description="activity_id")
    metier: int | None = Field(None, description="metier_id")
    locality: str | None = Field(None, description="case-insensitive exact match")
    administrative_area_level_1: str | None = Field(None, description="region, case-insensitive exact match")
    filter: str | None = Field(None, description="case-insensitive substring of title or reference")
    affiliated: str | None = Field(None, description="comma-separated encoded ids of affiliated companies")


class VacancyPath(Part):
    vacancyId: str = Field(description="encoded vacancy id")


class VacancyQuery(Part):
    fields: str | None = Field(
        None, description="comma-separated blocks: address, tags, questions, faqs, benefits"
    )


def _vacancies(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return paged(
        call,
        lambda limit, offset: vacancies_json(
            session, ctx, settings, {**call.query, "limit": limit, "offset": offset}
        ),
    )


def _active(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    slug = call.path.get("slug") or get_company(session, ctx.company_public_id).slug
    return Result(active_vacancies_json(session, settings, slug, call.query))


def _vacancy(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    data = vacancy_detail_json(session, ctx, settings, call.path["vacancyId"], call.query.get("fields"))
    return Result(data)


def _create(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(created_vacancy_json(session, ctx, settings, call.body))


ACTIONS = [
    define(
        "flatchr_retrieve_vacancies",
        "Retrieve Vacancies",
        "The company's vacancies, newest first, optionally filtered by status or source.",
        CATEGORY,
        _vacancies,
        list[VacancyOut],
        query=VacanciesQuery,
        read_only=True,
    ),
    define(
        "flatchr_retrieve_active_vacancies",
        "Retrieve Active Vacancies",
        "The public career-site listing of a company's active vacancies, newest first.",
        CATEGORY,
        _active,
        CareersOut,
        path=CareersPath,
        query=CareersQuery,
        read_only=True,
    ),
    define(
        "flatchr_retrieve_vacancy",
        "Retrieve Vacancy",
        "One vacancy of the company, with optional blocks.",
        CATEGORY,
        _vacancy,
        VacancyOut,
        path=VacancyPath,
        query=VacancyQuery,
        read_only=True,
    ),
    define(
        "flatchr_create_vacancy",
        "Create Vacancy",
        "Create a vacancy (status 1 publishes it on the career site); fires new_vacancy.",
        CATEGORY,
        _create,
        VacancyOut,
        body=closed(VacancyIn),
    ),
]

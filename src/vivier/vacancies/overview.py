"""What the recruiter app shows around vacancies: the list with pipeline counts, and the edit form's choices."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.db.scoping import restrict, scoped
from vivier.pipeline.models import PipelineColumn
from vivier.pipeline.service import list_columns
from vivier.reference.service import (
    MetierItem,
    RefItem,
    VacancyLabels,
    labels_for,
    list_activities,
    list_all_metiers,
    list_channels,
    list_contract_types,
    list_education_levels,
)
from vivier.tags.models import Tag
from vivier.tags.service import list_tags
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import VacancyView
from vivier.vacancies.service import column_counts, get_vacancy, vacancy_view


@dataclass(frozen=True)
class VacancyRow:
    """A listed vacancy, its reference labels and its active applications per column id."""

    vacancy: Vacancy
    labels: VacancyLabels
    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class VacancyOverview:
    """One page of the vacancy list, the pipeline columns heading it, and vacancies per status."""

    columns: list[PipelineColumn]
    rows: list[VacancyRow]
    per_status: dict[int, int]
    has_more: bool


def vacancy_overview(
    session: Session,
    ctx: Context,
    statuses: Collection[int] | None = None,
    *,
    lang: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> VacancyOverview:
    """The company's vacancies (newest first) with one of ``statuses`` (all when None), with labels in
    ``lang`` and per-column counts: a fixed number of queries whatever the page size."""
    stmt = scoped(Vacancy, ctx)
    if statuses is not None:
        stmt = stmt.where(Vacancy.status.in_(list(statuses)))
    page = list(session.scalars(stmt.order_by(Vacancy.id.desc()).limit(limit + 1).offset(max(offset, 0))))
    vacancies = page[:limit]
    labels = labels_for(session, vacancies, lang)
    counts = column_counts(session, ctx, [v.id for v in vacancies])
    per_status: dict[int, int] = {
        status: total
        for status, total in session.execute(
            restrict(select(Vacancy.status, func.count()).group_by(Vacancy.status), Vacancy, ctx)
        )
    }
    return VacancyOverview(
        columns=list_columns(session, ctx),
        rows=[VacancyRow(v, labels[v.id], counts[v.id]) for v in vacancies],
        per_status=per_status,
        has_more=len(page) > limit,
    )


@dataclass(frozen=True)
class VacancyChoices:
    """The options of the vacancy form: reference lists in one language, and the company's vacancy tags."""

    contract_types: list[RefItem]
    education_levels: list[RefItem]
    activities: list[RefItem]
    channels: list[RefItem]
    metiers: list[MetierItem]
    tags: list[Tag]


@dataclass(frozen=True)
class VacancyForm:
    """The vacancy being edited (None when creating) and the form's choices."""

    view: VacancyView | None
    choices: VacancyChoices


def vacancy_form(session: Session, ctx: Context, public_id: str | None, lang: str | None) -> VacancyForm:
    """What the create (``public_id`` None) or edit form needs; NotFound for another company's vacancy."""
    view = None if public_id is None else vacancy_view(session, get_vacancy(session, ctx, public_id), lang)
    choices = VacancyChoices(
        contract_types=list_contract_types(session, lang),
        education_levels=list_education_levels(session, lang),
        activities=list_activities(session, lang),
        channels=list_channels(session, lang),
        metiers=list_all_metiers(session, lang),
        tags=list_tags(session, ctx, type="vacancies"),
    )
    return VacancyForm(view, choices)

"""Vacancy lists read as plain column values: rendering 200 vacancies then builds no ORM instance
and reads no instrumented attribute (most of a list's CPU time otherwise)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, Select, Text, bindparam, cast, select
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.companies.models import Company
from vivier.db.lookup import rows_by_id
from vivier.db.scoping import restrict_bound, tenant_params
from vivier.reference.service import vacancy_labels
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import VACANCY_COLUMNS, ListedVacancy
from vivier.vacancies.service import listing_filter, side_lists

# ``options`` comes as its JSON text, decoded once per distinct value: a company's vacancies share
# a handful of option sets.
_SELECT_COLUMNS = select(
    *(cast(Vacancy.options, Text) if key == "options" else getattr(Vacancy, key) for key in VACANCY_COLUMNS)
)
_OPTIONS = VACANCY_COLUMNS.index("options")


@lru_cache(maxsize=16)
def _statement(status: bool, offer_id: bool, limit: bool, offset: bool) -> Select[Any]:
    """One statement object per combination of filters, values bound at execution. Running the
    very same object again skips building it and re-keying its result (its cached compilation was
    made for another object otherwise: some 50 column comparisons per request)."""
    stmt = listing_filter(
        restrict_bound(_SELECT_COLUMNS, Vacancy),
        bindparam("status", type_=Integer) if status else None,
        bindparam("offer_id", type_=Integer) if offer_id else None,
    ).order_by(Vacancy.id.desc())
    if limit:
        stmt = stmt.limit(bindparam("limit", type_=Integer))
    if offset:
        stmt = stmt.offset(bindparam("offset", type_=Integer))
    return stmt


def _column_values(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    decoded: dict[str | None, Any] = {None: None}
    columns = []
    for row in rows:
        values = dict(zip(VACANCY_COLUMNS, row, strict=True))
        text = row[_OPTIONS]
        if text not in decoded:
            decoded[text] = json.loads(text)
        values["options"] = decoded[text]  # shared between rows: read-only
        columns.append(values)
    return columns


def listed_vacancies(
    session: Session,
    ctx: Context,
    *,
    status: int | None = None,
    offer_id: int | None = None,
    limit: int | None = None,
    offset: int | None = None,
    tags: bool = False,
    questions: bool = False,
    distributions: bool = False,
) -> list[ListedVacancy]:
    """``list_vacancies`` as render bundles; only the side lists asked for are loaded."""
    params: dict[str, int] = tenant_params(ctx)
    given = {"status": status, "offer_id": offer_id, "limit": limit, "offset": offset}
    params.update((name, value) for name, value in given.items() if value is not None)
    stmt = _statement(status is not None, offer_id is not None, limit is not None, offset is not None)
    session.flush()  # Core execution below skips the session's autoflush
    # On the session's connection: plain rows, without the ORM's per-row loading machinery.
    columns = _column_values(session.connection().execute(stmt, params).all())
    if not columns:
        return []
    side = side_lists(
        session, [c["id"] for c in columns], tags=tags, questions=questions, distributions=distributions
    )
    company = rows_by_id(session, Company, [ctx.company_id])[ctx.company_id]
    return [
        ListedVacancy(
            columns=c,
            labels=vacancy_labels(
                c["language"],
                c["contract_type_id"],
                c["education_level_id"],
                c["activity_id"],
                c["channel_id"],
                c["metier_id"],
            ),
            tags=side.tags.get(c["id"], []),
            questions=side.questions.get(c["id"], []),
            distributions=side.distributions.get(c["id"], []),
            company=company,
        )
        for c in columns
    ]

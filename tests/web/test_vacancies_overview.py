"""The vacancy list and form services, the form mapping, and the French catalogue of these pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from tests.factories import QueryCounter, make_application, make_vacancy
from vivier.companies.context import Context
from vivier.core.errors import Invalid, NotFound
from vivier.pipeline.service import list_columns
from vivier.vacancies.models import VacancyStatus
from vivier.vacancies.overview import vacancy_form, vacancy_overview
from vivier.vacancies.schemas import parse_vacancy_input
from vivier.web import vacancies_form
from vivier.web.i18n import catalogue
from vivier.web.vacancies_form import vacancy_data

WEB = Path(vacancies_form.__file__).parent


def test_the_list_takes_a_fixed_number_of_queries(session: Session, ctx: Context) -> None:
    make_application(session, ctx, vacancy=make_vacancy(session, ctx, "One"))
    session.expire_all()
    with QueryCounter(session) as few:
        vacancy_overview(session, ctx)
    for i in range(6):
        vacancy = make_vacancy(session, ctx, f"Role {i}", status=VacancyStatus.ACTIVE)
        make_application(session, ctx, vacancy=vacancy)
        make_application(session, ctx, vacancy=vacancy)
    session.expire_all()
    with QueryCounter(session) as many:
        overview = vacancy_overview(session, ctx, lang="en", limit=5)
    assert many.count == few.count
    first = list_columns(session, ctx)[0].id
    assert len(overview.rows) == 5 and overview.has_more
    assert all(row.counts == {first: 2} and row.total == 2 for row in overview.rows)
    assert overview.rows[0].labels.contract_type == "Permanent contract"
    assert overview.per_status == {VacancyStatus.DRAFT: 1, VacancyStatus.ACTIVE: 6}


def test_the_list_filters_on_statuses(session: Session, ctx: Context, other_ctx: Context) -> None:
    draft = make_vacancy(session, ctx, "Draft")
    archived = make_vacancy(session, ctx, "Archived", status=VacancyStatus.ARCHIVED)
    make_vacancy(session, other_ctx, "Theirs")
    assert [r.vacancy.id for r in vacancy_overview(session, ctx, [VacancyStatus.DRAFT]).rows] == [draft.id]
    everything = vacancy_overview(session, ctx, lang="fr").rows
    assert [r.vacancy.id for r in everything] == [archived.id, draft.id]
    assert everything[0].labels.contract_type == "CDI"


def test_the_form_choices_follow_the_page_language(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    english = vacancy_form(session, ctx, None, "en")
    assert english.view is None and english.choices.contract_types[0].text == "Permanent contract"
    assert {m.channel_id for m in english.choices.metiers} >= {c.id for c in english.choices.channels[:3]}
    assert [t.type for t in english.choices.tags] == ["vacancies"]
    vacancy = make_vacancy(session, ctx)
    french = vacancy_form(session, ctx, vacancy.public_id, "fr")
    assert french.view is not None and french.view.vacancy.id == vacancy.id
    assert french.choices.education_levels[0].text == "Sans diplôme"
    with pytest.raises(NotFound):
        vacancy_form(session, other_ctx, vacancy.public_id, "fr")


def test_blank_and_null_integer_fields_are_missing_not_a_crash() -> None:
    assert parse_vacancy_input({"experience": "", "metier_id": None}).experience is None
    with pytest.raises(Invalid):
        parse_vacancy_input({"experience": 2**31})


def test_unchecked_boxes_are_false_and_the_status_is_only_set_at_creation() -> None:
    posted = FormData([("title", "T"), ("status", "1"), ("partial", "true"), ("tags", "a"), ("tags", "b")])
    created = vacancy_data(posted, creating=True)
    assert created["status"] == "1" and created["partial"] is True and created["driver_license"] is False
    assert created["tags"] == ["a", "b"] and created["options"]["indeed"] is False
    assert "status" not in vacancy_data(posted, creating=False)
    assert "description" not in created  # absent fields stay unset (unchanged on edit)


def _english_texts() -> set[str]:
    """Every text of the vacancy and board pages, as written in English."""
    texts: set[str] = set()
    for template in [*WEB.glob("templates/app/vacancies/*.html"), *WEB.glob("templates/app/board/*.html")]:
        source = template.read_text(encoding="utf-8")
        texts |= {text for _, text in re.findall(r"""_\((["'])(.+?)\1""", source)}
        texts |= set(re.findall(r'"\w+": "([^"]+)"', source))  # the filter names of the list
    for choices in vacancies_form.FORM_CHOICES.values():
        texts |= {label for key, label in choices.items() if key not in vacancies_form.CURRENCIES}
    for module in ("vacancies_form.py", "board.py"):
        texts |= set(
            re.findall(r'(?:return|translate\(lang,) "([^"]+)"', (WEB / module).read_text(encoding="utf-8"))
        )
    return texts


def test_every_text_of_these_pages_has_a_french_translation() -> None:
    texts = _english_texts()
    assert {"Move to", "Street", "This field is required.", "{n} d", "Drafts", "Profile sought"} <= texts
    missing = sorted(t for t in texts if t not in catalogue("fr"))
    assert missing == []

"""Vacancy pages of the recruiter app: the list with pipeline counts, the create/edit form, status buttons."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vivier.core.errors import Invalid, NotFound
from vivier.faces.common import DbSession
from vivier.vacancies.models import VacancyStatus
from vivier.vacancies.overview import VacancyForm, vacancy_form, vacancy_overview
from vivier.vacancies.schemas import parse_vacancy_input
from vivier.vacancies.service import create_vacancy, set_vacancy_status, update_vacancy
from vivier.web.csrf import require_csrf
from vivier.web.i18n import local_path, negotiate
from vivier.web.sessions import Recruiter, SignedIn
from vivier.web.templating import templates
from vivier.web.vacancies_form import (
    FORM_CHOICES,
    field_errors,
    form_values,
    reference_options,
    vacancy_data,
    view_values,
    whole_number,
)

router = APIRouter(dependencies=[Depends(require_csrf)])

PAGE_SIZE = 50
# Filter name -> vacancy statuses; "open" (published and drafts) is the default view.
FILTERS: dict[str, tuple[int, ...] | None] = {
    "open": (VacancyStatus.ACTIVE, VacancyStatus.DRAFT),
    "published": (VacancyStatus.ACTIVE,),
    "draft": (VacancyStatus.DRAFT,),
    "archived": (VacancyStatus.ARCHIVED,),
    "all": None,
}
STATUS_ACTIONS = {
    "publish": VacancyStatus.ACTIVE,
    "unpublish": VacancyStatus.DRAFT,
    "archive": VacancyStatus.ARCHIVED,
}


async def posted_form(request: Request) -> FormData:
    """The posted form (already parsed and cached by the CSRF check), for synchronous routes."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


@router.get("/vacancies")
def vacancy_list(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    status: Annotated[str, Query()] = "open",
    page: Annotated[str, Query()] = "1",
) -> Response:
    status = status if status in FILTERS else "open"
    page_number = whole_number(page, default=1, low=1)
    overview = vacancy_overview(
        session,
        recruiter.ctx,
        FILTERS[status],
        lang=negotiate(request),
        limit=PAGE_SIZE,
        offset=(page_number - 1) * PAGE_SIZE,
    )
    context = {
        "overview": overview,
        "status": status,
        "filters": FILTERS,
        "filter_totals": {
            name: sum(n for s, n in overview.per_status.items() if statuses is None or s in statuses)
            for name, statuses in FILTERS.items()
        },
        "page": page_number,
        "can_write": recruiter.ctx.can_write,
    }
    return templates.TemplateResponse(request, "app/vacancies/list.html", context)


def _render_form(
    request: Request,
    form: VacancyForm,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "form": form,
        "vacancy": form.view.vacancy if form.view else None,
        "values": values,
        "errors": errors or {},
        "saved": request.query_params.get("saved") == "1",
        "refs": reference_options(form.choices),
        **FORM_CHOICES,
    }
    return templates.TemplateResponse(request, "app/vacancies/form.html", context, status_code=status_code)


def _refused(
    request: Request,
    session: Session,
    recruiter: Recruiter,
    public_id: str | None,
    exc: Invalid,
    form: FormData,
) -> Response:
    """The form again, with a message next to each refused field and everything typed kept (422).

    The services validate before writing anything, so there is nothing to roll back here.
    """
    lang = negotiate(request)
    choices = vacancy_form(session, recruiter.ctx, public_id, lang)
    return _render_form(request, choices, form_values(form), field_errors(exc, lang), status_code=422)


@router.get("/vacancies/new")
def new_vacancy(request: Request, session: DbSession, recruiter: SignedIn) -> Response:
    recruiter.ctx.require_write()
    form = vacancy_form(session, recruiter.ctx, None, negotiate(request))
    return _render_form(request, form, view_values(None))


@router.post("/vacancies/new")
def create_vacancy_page(
    request: Request, session: DbSession, recruiter: SignedIn, form: PostedForm
) -> Response:
    try:
        data = parse_vacancy_input(vacancy_data(form, creating=True))
        vacancy = create_vacancy(session, recruiter.ctx, data)
    except Invalid as exc:
        return _refused(request, session, recruiter, None, exc, form)
    return RedirectResponse(f"/vacancies/{vacancy.public_id}/edit?saved=1", status_code=303)


@router.get("/vacancies/{vacancy_id}")
def vacancy_page(vacancy_id: str, recruiter: SignedIn) -> Response:
    """A vacancy's address leads to its board (which answers 404 for another company's vacancy)."""
    return RedirectResponse(f"/vacancies/{quote(vacancy_id)}/board", status_code=303)


@router.get("/vacancies/{vacancy_id}/edit")
def edit_vacancy(request: Request, session: DbSession, recruiter: SignedIn, vacancy_id: str) -> Response:
    form = vacancy_form(session, recruiter.ctx, vacancy_id, negotiate(request))
    recruiter.ctx.require_write()
    return _render_form(request, form, view_values(form.view))


@router.post("/vacancies/{vacancy_id}/edit")
def update_vacancy_page(
    request: Request, session: DbSession, recruiter: SignedIn, vacancy_id: str, form: PostedForm
) -> Response:
    try:
        data = parse_vacancy_input(vacancy_data(form, creating=False))
        vacancy = update_vacancy(session, recruiter.ctx, vacancy_id, data)
    except Invalid as exc:
        return _refused(request, session, recruiter, vacancy_id, exc, form)
    return RedirectResponse(f"/vacancies/{vacancy.public_id}/edit?saved=1", status_code=303)


@router.post("/vacancies/{vacancy_id}/{action}")
def change_status(
    session: DbSession,
    recruiter: SignedIn,
    vacancy_id: str,
    action: str,
    next: Annotated[str, Form()] = "/vacancies",
) -> Response:
    """Publish, unpublish (back to draft) or archive, then back to the page the button was on."""
    if action not in STATUS_ACTIONS:
        raise NotFound("Page not found")
    set_vacancy_status(session, recruiter.ctx, vacancy_id, STATUS_ACTIONS[action])
    return RedirectResponse(local_path(next, "/vacancies"), status_code=303)

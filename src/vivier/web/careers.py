"""The public career site: ``/jobs/{slug}`` lists published vacancies, ``/jobs/{slug}/{vacancy}``
shows one with its apply form.

Server-rendered and usable without JavaScript (filters are a GET form, applying is a plain POST
followed by a redirect). Recruiter HTML is shown as text paragraphs, so no markup from the back
office reaches candidates' browsers.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vivier.companies.service import get_company_by_slug
from vivier.core.errors import NotFound, TooLarge
from vivier.core.text import is_number
from vivier.faces.common import AppSettings, DbSession, Store, settings_of
from vivier.files.ratelimit import retry_after
from vivier.reference.service import list_contract_types
from vivier.vacancies.schemas import VacancyView
from vivier.vacancies.service import careers_listing
from vivier.web.careers_apply import (
    ACCEPT,
    APPLY_WINDOW,
    HONEYPOT,
    ApplyForm,
    claim_apply_slot,
    field_errors,
    submit_application,
)
from vivier.web.careers_listing import Filters, contract_ids, filter_items, locations
from vivier.web.csrf import require_csrf
from vivier.web.i18n import Translator, negotiate
from vivier.web.templating import templates

_HIDDEN = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def paragraphs(html: str | None) -> list[str]:
    """Text paragraphs of an HTML fragment (block tags split paragraphs, other tags are dropped, and
    so is the content of scripts and styles)."""
    text = _BLOCK.sub("\n", _HIDDEN.sub("", html or ""))
    return [line for line in (unescape(_TAG.sub("", part)).strip() for part in text.split("\n")) if line]


templates.env.filters["paragraphs"] = paragraphs


def limit_body(request: Request) -> None:
    """Refuse an oversized body from its declared length, before the form is parsed."""
    declared = request.headers.get("content-length", "")
    settings = settings_of(request)
    if is_number(declared) and int(declared) > settings.max_body_mb * 1024 * 1024:
        raise TooLarge(f"The form is larger than {settings.max_body_mb} MB")


async def posted_form(request: Request) -> FormData:
    return await request.form()  # already parsed (and cached) by the CSRF check


router = APIRouter(dependencies=[Depends(limit_body), Depends(require_csrf)])
PostedForm = Annotated[FormData, Depends(posted_form)]


def contract_labels(session: Session, lang: str) -> dict[int, str]:
    return {item.id: item.text for item in list_contract_types(session, lang)}


@router.get("/jobs/{slug}", response_class=HTMLResponse)
def career_site(
    request: Request, session: DbSession, slug: str, q: str = "", contract: str = "", location: str = ""
) -> HTMLResponse:
    everything = careers_listing(session, slug)
    company = everything[0].view.company if everything else get_company_by_slug(session, slug)
    filters = Filters.read(q, contract, location)
    items = filter_items(
        careers_listing(session, slug, locality=filters.location, filter=filters.text)
        if filters.location or filters.text
        else everything,
        filters,
    )
    context = {
        "company": company,
        "items": items,
        "total": len(everything),
        "filters": filters,
        "locations": locations(everything),
        "contract_ids": contract_ids(everything),
        "contracts": contract_labels(session, negotiate(request)),
    }
    return templates.TemplateResponse(request, "careers/list.html", context)


def published_view(session: Session, slug: str, vacancy_slug: str) -> VacancyView:
    """A vacancy of this company published on its career site; NotFound otherwise."""
    found = (i.view for i in careers_listing(session, slug) if i.view.vacancy.slug == vacancy_slug)
    view = next(found, None)
    if view is None:
        raise NotFound("Vacancy not found")
    return view


def _vacancy_page(
    request: Request,
    session: Session,
    view: VacancyView,
    form: ApplyForm | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    vacancy = view.vacancy
    titles = ("Description", "Missions", "Profile")
    sections = [
        (title, html)
        for title, html in zip(titles, (vacancy.description, vacancy.mission, vacancy.profile), strict=True)
        if html
    ]
    context: dict[str, Any] = {
        "company": view.company,
        "vacancy": vacancy,
        "view": view,
        "sections": sections,
        "contracts": contract_labels(session, negotiate(request)),
        "form": form or ApplyForm(),
        "errors": errors or {},
        "accept": ACCEPT,
        "honeypot": HONEYPOT,
    }
    return templates.TemplateResponse(request, "careers/vacancy.html", context, status_code=status_code)


@router.get("/jobs/{slug}/{vacancy_slug}", response_class=HTMLResponse)
def career_vacancy(request: Request, session: DbSession, slug: str, vacancy_slug: str) -> HTMLResponse:
    return _vacancy_page(request, session, published_view(session, slug, vacancy_slug))


@router.get("/jobs/{slug}/{vacancy_slug}/apply")
def apply_form(session: DbSession, slug: str, vacancy_slug: str) -> RedirectResponse:
    """The form lives on the vacancy page; this address only matters after a refused POST."""
    published_view(session, slug, vacancy_slug)
    return RedirectResponse(f"/jobs/{slug}/{vacancy_slug}#apply", status_code=303)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/jobs/{slug}/{vacancy_slug}/apply")
def apply_to_vacancy(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    store: Store,
    posted: PostedForm,
    slug: str,
    vacancy_slug: str,
) -> Response:
    """Apply, then redirect to the thank-you page; a refused form comes back with messages (422)."""
    view = published_view(session, slug, vacancy_slug)
    form = ApplyForm.read(posted)
    thanks = RedirectResponse(f"/jobs/{slug}/{vacancy_slug}/applied", status_code=303)
    if form.honeypot:
        return thanks  # a bot: pretend it worked, keep nothing
    if not claim_apply_slot(session, client_address(request)):
        wait = retry_after(APPLY_WINDOW)
        return templates.TemplateResponse(
            request,
            "careers/too_many.html",
            {"company": view.company, "vacancy": view.vacancy, "minutes": wait // 60},
            status_code=429,
            headers={"Retry-After": str(wait)},
        )
    problems = submit_application(
        session, view.company, view.vacancy.slug, form, store, settings.max_upload_bytes
    )
    if problems:
        errors = field_errors(problems, Translator(negotiate(request)))
        return _vacancy_page(request, session, view, form, errors, status_code=422)
    return thanks


@router.get("/jobs/{slug}/{vacancy_slug}/applied", response_class=HTMLResponse)
def applied(request: Request, session: DbSession, slug: str, vacancy_slug: str) -> HTMLResponse:
    view = published_view(session, slug, vacancy_slug)
    context = {"company": view.company, "vacancy": view.vacancy}
    return templates.TemplateResponse(request, "careers/thanks.html", context)

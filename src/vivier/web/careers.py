"""The public career site: ``/jobs/{slug}`` lists published vacancies, ``/jobs/{slug}/{vacancy}`` shows one.

Server-rendered and readable without JavaScript. Recruiter HTML is shown as text paragraphs, so no
markup from the back office reaches candidates' browsers.
"""

from __future__ import annotations

import re
from html import unescape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from vivier.companies.service import get_company_by_slug
from vivier.core.errors import NotFound
from vivier.faces.common import DbSession
from vivier.vacancies.service import careers_listing
from vivier.web.i18n import negotiate
from vivier.web.templating import templates

router = APIRouter()
_BLOCK = re.compile(r"</(p|div|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def paragraphs(html: str | None) -> list[str]:
    """Text paragraphs of an HTML fragment (block tags split paragraphs, other tags are dropped)."""
    text = _BLOCK.sub("\n", html or "")
    return [line for line in (unescape(_TAG.sub("", part)).strip() for part in text.split("\n")) if line]


templates.env.filters["paragraphs"] = paragraphs


@router.get("/jobs/{slug}", response_class=HTMLResponse)
def career_site(request: Request, session: DbSession, slug: str) -> HTMLResponse:
    items = careers_listing(session, slug)
    company = items[0].view.company if items else get_company_by_slug(session, slug)
    return templates.TemplateResponse(request, "career_list.html", {"company": company, "items": items})


@router.get("/jobs/{slug}/{vacancy_slug}", response_class=HTMLResponse)
def career_vacancy(request: Request, session: DbSession, slug: str, vacancy_slug: str) -> HTMLResponse:
    view = next((i.view for i in careers_listing(session, slug) if i.view.vacancy.slug == vacancy_slug), None)
    if view is None:
        raise NotFound("Vacancy not found")
    lang = negotiate(request)
    titles = ("Description", "Missions", "Profil") if lang == "fr" else ("Description", "Missions", "Profile")
    vacancy = view.vacancy
    sections = [
        (t, h)
        for t, h in zip(titles, (vacancy.description, vacancy.mission, vacancy.profile), strict=True)
        if h
    ]
    return templates.TemplateResponse(
        request,
        "career_vacancy.html",
        {"company": view.company, "vacancy": vacancy, "view": view, "sections": sections},
    )

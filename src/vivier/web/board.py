"""The pipeline board of a vacancy: lanes of applicant cards, moves (drag and drop or "Move to") and archive.

Moves answer with a redirect back to the board (plain forms, no JavaScript needed) or, when the page's
script asks for JSON, with the vacancy's new lane counts so the script updates them in place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from vivier.applications.board import LANE_LIMIT, archive_card, move_card, vacancy_board
from vivier.core.clock import as_utc, now
from vivier.core.errors import Constraint, Invalid
from vivier.core.text import is_number
from vivier.faces.common import DbSession
from vivier.web.csrf import require_csrf
from vivier.web.i18n import negotiate, translate
from vivier.web.sessions import SignedIn
from vivier.web.templating import templates
from vivier.web.vacancies_form import whole_number

router = APIRouter(dependencies=[Depends(require_csrf)])


def card_age(created_at: datetime, lang: str, moment: datetime | None = None) -> str:
    """How long ago an application came in, shortly: "5 min", "3 h", "12 d", "4 mo"."""
    minutes = max(int(((moment or now()) - as_utc(created_at)).total_seconds() // 60), 0)
    if minutes < 60:
        return translate(lang, "{n} min", n=minutes)
    if minutes < 24 * 60:
        return translate(lang, "{n} h", n=minutes // 60)
    days = minutes // (24 * 60)
    if days < 60:
        return translate(lang, "{n} d", n=days)
    return translate(lang, "{n} mo", n=days // 30)


@router.get("/vacancies/{vacancy_id}/board")
def board(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    vacancy_id: str,
    column: Annotated[str | None, Query()] = None,
    offset: Annotated[str | None, Query()] = None,
) -> Response:
    """The whole board, or with ``column`` one lane from ``offset`` on (its "show more" pages)."""
    lane = None if column is None else whole_number(column, default=0)  # there is no column 0: not found
    page = vacancy_board(
        session,
        recruiter.ctx,
        vacancy_id,
        limit=LANE_LIMIT,
        column_id=lane,
        offset=whole_number(offset, default=0),
    )
    lang = negotiate(request)
    moment = now()
    context = {
        "board": page,
        "single_lane": lane is not None,
        "can_write": recruiter.ctx.can_write,
        "age": lambda created_at: card_age(created_at, lang, moment),
    }
    return templates.TemplateResponse(request, "app/board/board.html", context)


def _column_id(raw: str) -> int:
    text = raw.strip()
    if not is_number(text) or len(text) > 10 or int(text) >= 2**31:  # beyond an integer column: no such id
        raise Invalid.one("column_id", Constraint.TYPE, "must be a column id")
    return int(text)


def _answer(request: Request, vacancy_id: str, application_id: str, counts: dict[int, int]) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"application": application_id, "counts": {str(k): v for k, v in counts.items()}})
    return RedirectResponse(f"/vacancies/{vacancy_id}/board#card-{application_id}", status_code=303)


@router.post("/vacancies/{vacancy_id}/board/{application_id}/move")
def move(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    vacancy_id: str,
    application_id: str,
    column_id: Annotated[str, Form()] = "",
) -> Response:
    """Move a card to another lane through the API's service (the ``drag_applicant`` webhook fires)."""
    counts = move_card(session, recruiter.ctx, vacancy_id, application_id, _column_id(column_id))
    return _answer(request, vacancy_id, application_id, counts)


@router.post("/vacancies/{vacancy_id}/board/{application_id}/archive")
def archive(
    request: Request, session: DbSession, recruiter: SignedIn, vacancy_id: str, application_id: str
) -> Response:
    counts = archive_card(session, recruiter.ctx, vacancy_id, application_id)
    return _answer(request, vacancy_id, application_id, counts)

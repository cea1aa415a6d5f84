"""Settings › pipeline columns: add, rename, reorder (buttons, or drag and drop), choose the hired column.

Columns are not deleted: applications (archived ones included) and webhook filters refer to them,
and Flatchr clients cache their ids; renaming covers the common need without losing history.
"""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.core.errors import Invalid
from vivier.faces.common import DbSession
from vivier.pipeline.service import (
    create_column,
    list_columns,
    move_column,
    rename_column,
    reorder_columns,
    set_hired_column,
)
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router, to_int

router = settings_router()
PAGE = "/settings/columns"
MOVES = {"up": -1, "down": 1}


def _page(
    request: Request, session: DbSession, recruiter: SignedInAdmin, state: FormState | None = None
) -> Response:
    columns = list_columns(session, recruiter.ctx)
    return render(request, "columns.html", {"columns": columns}, state=state)


@router.get(PAGE)
def columns_page(request: Request, session: DbSession, recruiter: SignedInAdmin) -> Response:
    return _page(request, session, recruiter)


@router.post(PAGE)
def add_column(
    request: Request, session: DbSession, recruiter: SignedInAdmin, title: str = Form("")
) -> Response:
    try:
        create_column(session, recruiter.ctx, title)
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed("add-column", exc, {"title": title}))
    return see_other(PAGE)


@router.post(PAGE + "/order")
def reorder(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    column: list[str] = Form(default_factory=list),
) -> Response:
    """The whole order at once (sent by drag and drop)."""
    try:
        reorder_columns(session, recruiter.ctx, [to_int(c) for c in column])
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed("order", exc, {}))
    return see_other(PAGE)


@router.post(PAGE + "/{column_id}/rename")
def rename(
    request: Request, session: DbSession, recruiter: SignedInAdmin, column_id: int, title: str = Form("")
) -> Response:
    try:
        rename_column(session, recruiter.ctx, column_id, title)
    except Invalid as exc:
        return _page(
            request, session, recruiter, FormState.failed(f"rename-{column_id}", exc, {"title": title})
        )
    return see_other(PAGE)


@router.post(PAGE + "/{column_id}/move")
def move(
    request: Request, session: DbSession, recruiter: SignedInAdmin, column_id: int, direction: str = Form("")
) -> Response:
    move_column(session, recruiter.ctx, column_id, MOVES.get(direction, 0))
    return see_other(PAGE)


@router.post(PAGE + "/{column_id}/hired")
def choose_hired(session: DbSession, recruiter: SignedInAdmin, column_id: int) -> Response:
    set_hired_column(session, recruiter.ctx, column_id)
    return see_other(PAGE)

"""The tasks page: my tasks or all of the company's, open or closed; close and reopen a task.

Closing is a POST that comes back to the list (POST-redirect-GET); with htmx the row is replaced in place.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vivier.core.clock import now
from vivier.faces.common import DbSession
from vivier.tasks.worklist import set_task_done, task_worklist
from vivier.web.csrf import require_csrf
from vivier.web.i18n import local_path
from vivier.web.sessions import SignedIn
from vivier.web.templating import templates

MAX_PAGE = 10_000  # deeper offsets are refused (422) rather than sent to the database
PER_PAGE = 50

router = APIRouter(dependencies=[Depends(require_csrf)])


@router.get("/tasks")
def tasks_page(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    scope: Literal["mine", "all"] = "mine",
    state: Literal["open", "closed"] = "open",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    worklist = task_worklist(
        session, recruiter.ctx, mine=scope == "mine", done=state == "closed", page=page, per_page=PER_PAGE
    )
    context = {
        "worklist": worklist,
        "scope": scope,
        "state": state,
        "page": page,
        "now": now(),
        "can_write": recruiter.ctx.can_write,
    }
    return templates.TemplateResponse(request, "app/tasks/list.html", context)


def _set_done(
    request: Request, session: DbSession, recruiter: SignedIn, task_id: str, done: bool, back: str
) -> Response:
    row = set_task_done(session, recruiter.ctx, task_id, done)
    if request.headers.get("hx-request"):
        return templates.TemplateResponse(
            request, "app/tasks/row.html", {"row": row, "back": back, "now": now(), "can_write": True}
        )
    return RedirectResponse(local_path(back, "/tasks"), status_code=303)


@router.post("/tasks/{task_id}/close")
def close(
    request: Request, session: DbSession, recruiter: SignedIn, task_id: str, back: str = Form("/tasks")
) -> Response:
    return _set_done(request, session, recruiter, task_id, True, back)


@router.post("/tasks/{task_id}/reopen")
def reopen(
    request: Request, session: DbSession, recruiter: SignedIn, task_id: str, back: str = Form("/tasks")
) -> Response:
    return _set_done(request, session, recruiter, task_id, False, back)

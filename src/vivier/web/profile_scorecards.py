"""Profile scorecards: fill a recruitment task group for the candidate (its own page, then back)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from vivier.assessments.scorecards import ScoreEntry, fill_scorecard, group_questions
from vivier.candidates.service import get_candidate
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.core.text import is_number
from vivier.db.scoping import MAX_INT_ID
from vivier.faces.common import DbSession
from vivier.web.sessions import SignedIn
from vivier.web.templating import templates

router = APIRouter()


def _group_id(raw: object) -> int:
    """A group id from a query or form value; anything else is an unknown group."""
    if isinstance(raw, str) and is_number(raw) and 0 < int(raw) <= MAX_INT_ID:
        return int(raw)
    raise NotFound("RecruitmentTaskGroup not found")


def _form_page(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    candidate_id: str,
    group_id: int,
    *,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    candidate = get_candidate(session, recruiter.ctx, candidate_id)
    group, tasks = group_questions(session, recruiter.ctx, group_id)
    context = {
        "candidate": candidate,
        "group": group,
        "tasks": tasks,
        "errors": errors or {},
        "values": values or {},
        "can_write": recruiter.ctx.can_write,
    }
    return templates.TemplateResponse(
        request, "app/profile/scorecard.html", context, status_code=422 if errors else 200
    )


@router.get("/candidates/{candidate_id}/scorecard")
def scorecard_form(
    request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str, group: str = ""
) -> Response:
    return _form_page(request, session, recruiter, candidate_id, _group_id(group))


def _entries(form: Mapping[str, str], task_ids: list[int]) -> list[ScoreEntry]:
    """One entry per question of the form; a score that is not a whole number is refused here."""
    entries, violations = [], []
    for task_id in task_ids:
        raw = form.get(f"score-{task_id}", "").strip()
        if raw and not (is_number(raw)):
            violations.append(Violation(f"score-{task_id}", Constraint.TYPE, "must be a whole number"))
        score = int(raw) if is_number(raw) else None
        entries.append(ScoreEntry(task_id, form.get(f"answer-{task_id}"), score))
    if violations:
        raise Invalid(violations)
    return entries


async def form_fields(request: Request) -> dict[str, str]:
    """The posted form's text fields (the route itself stays synchronous, like every DB route)."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


@router.post("/candidates/{candidate_id}/scorecard")
def fill(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    candidate_id: str,
    form: Annotated[dict[str, str], Depends(form_fields)],
) -> Response:
    group_id = _group_id(form.get("group"))
    task_ids = [
        int(k[len("answer-") :]) for k in form if k.startswith("answer-") and is_number(k[len("answer-") :])
    ]
    try:
        fill_scorecard(session, recruiter.ctx, candidate_id, group_id, _entries(form, task_ids))
    except Invalid as exc:
        errors = {v.field: v.message for v in exc.violations}
        return _form_page(request, session, recruiter, candidate_id, group_id, errors=errors, values=form)
    return RedirectResponse(f"/candidates/{candidate_id}#scorecards", status_code=303)

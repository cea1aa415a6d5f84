"""One person's tasks: those linked to any of their applications (web app profile)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from vivier.applications.by_candidate import application_of
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import NotFound
from vivier.core.ids import is_public_id
from vivier.db.scoping import get_by_public_id, scoped
from vivier.tasks.models import Task, TaskLink
from vivier.tasks.schemas import APPLICANT_PREFIX, MEMBER_PREFIX, TaskView
from vivier.tasks.service import close_task, create_task, task_views


def _linked_to(candidate_id: int) -> Select[int]:
    return (
        select(TaskLink.task_id)
        .join(Application, Application.id == TaskLink.application_id)
        .where(Application.candidate_id == candidate_id)
    )


def candidate_tasks(session: Session, ctx: Context, candidate_id: int) -> list[TaskView]:
    """Tasks about an already scoped person's applications: open ones first, then by due date."""
    stmt = (
        scoped(Task, ctx).where(Task.id.in_(_linked_to(candidate_id))).order_by(Task.done, Task.date, Task.id)
    )
    return task_views(session, list(session.scalars(stmt)))


def create_candidate_task(
    session: Session,
    ctx: Context,
    candidate_id: str,
    application_id: str,
    description: str,
    due: datetime | None,
    assignee: str | None = None,
) -> TaskView:
    """A task about one of the person's applications, assigned to (and shown to) a member if given."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    application = application_of(session, ctx, candidate.id, application_id)
    value = [APPLICANT_PREFIX + application.public_id]
    users: list[str] = []
    if assignee:
        value.append(MEMBER_PREFIX + assignee)
        users.append(assignee)
    # A missing date is reported by create_task together with the other violations.
    return create_task(session, ctx, description, due, value, users)  # type: ignore[arg-type]


def close_candidate_task(
    session: Session, ctx: Context, candidate_id: str, task_id: str, done: bool = True
) -> TaskView:
    """Close (or reopen) one of the person's tasks; NotFound when the task is not about them."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    linked = (
        is_public_id(task_id)
        and session.scalars(
            scoped(Task, ctx).where(Task.public_id == task_id, Task.id.in_(_linked_to(candidate.id)))
        ).one_or_none()
    )
    if not linked:
        raise NotFound("Task not found")
    return close_task(session, ctx, task_id, done)

"""The web app's task list: my tasks or the whole company's, open or closed, a page at a time, each task
with the candidates it concerns (through its ``applicant=`` links)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import User
from vivier.db.scoping import restrict, scoped
from vivier.tasks.models import Task, TaskLink, TaskUser
from vivier.tasks.schemas import TaskView
from vivier.tasks.service import close_task, task_views
from vivier.vacancies.models import Vacancy


@dataclass(frozen=True)
class TaskSubject:
    """A candidate a task is about, through one of their applications."""

    candidate_id: str
    name: str
    vacancy_title: str


@dataclass(frozen=True)
class TaskRow:
    view: TaskView
    subjects: tuple[TaskSubject, ...]
    assignees: tuple[str, ...]  # names of the members the task is shown to


@dataclass(frozen=True)
class TaskWorklist:
    rows: list[TaskRow]
    has_more: bool


def task_worklist(
    session: Session, ctx: Context, *, mine: bool, done: bool, page: int = 1, per_page: int = 50
) -> TaskWorklist:
    """One page of tasks, open ones by due date (soonest first), closed ones latest due first.

    ``mine``: tasks the acting member is shown (``users``), is the subject of (``member=``) or created,
    as ``list_tasks_for_member``; otherwise every task of the company. Nothing is counted: ``has_more``
    says whether another page follows.
    """
    stmt = scoped(Task, ctx).where(Task.done.is_(done))
    if mine:
        who = ctx.member_id if ctx.member_id is not None else -1
        shown = select(TaskUser.task_id).where(TaskUser.member_id == who)
        about = select(TaskLink.task_id).where(TaskLink.member_id == who)
        stmt = stmt.where(or_(Task.creator_member_id == who, Task.id.in_(shown), Task.id.in_(about)))
    order = (Task.date.desc(), Task.id.desc()) if done else (Task.date, Task.id)
    page = max(page, 1)
    found = list(session.scalars(stmt.order_by(*order).offset((page - 1) * per_page).limit(per_page + 1)))
    tasks = found[:per_page]
    return TaskWorklist(_rows(session, ctx, task_views(session, tasks)), has_more=len(found) > per_page)


def _rows(session: Session, ctx: Context, views: list[TaskView]) -> list[TaskRow]:
    subjects = _subjects(session, ctx, [v.task.id for v in views])
    names = _names(session, {u for v in views for u in v.users})
    return [
        TaskRow(v, tuple(subjects[v.task.id]), tuple(names[u] for u in v.users if u in names)) for v in views
    ]


def _names(session: Session, user_ids: set[str]) -> dict[str, str]:
    """Display names of users by encoded id (ids taken from the tasks' own member links)."""
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.public_id, User.firstname, User.lastname, User.email).where(User.public_id.in_(user_ids))
    )
    return {pid: f"{first} {last}".strip() or email for pid, first, last, email in rows}


def _subjects(session: Session, ctx: Context, task_ids: list[int]) -> dict[int, list[TaskSubject]]:
    """The candidates of the tasks' ``applicant=`` links, in link order, in one query."""
    found: dict[int, list[TaskSubject]] = defaultdict(list)
    if not task_ids:
        return found
    rows = session.execute(
        restrict(
            select(
                TaskLink.task_id, Candidate.public_id, Candidate.firstname, Candidate.lastname, Vacancy.title
            )
            .join(Application, Application.id == TaskLink.application_id)
            .join(Candidate, Candidate.id == Application.candidate_id)
            .join(Vacancy, Vacancy.id == Application.vacancy_id),
            Application,
            ctx,
        )
        .where(TaskLink.task_id.in_(task_ids))
        .order_by(TaskLink.task_id, TaskLink.position, TaskLink.id)
    ).all()
    for task_id, candidate_id, firstname, lastname, title in rows:
        found[task_id].append(TaskSubject(candidate_id, f"{firstname} {lastname}".strip(), title))
    return found


def set_task_done(session: Session, ctx: Context, public_id: str, done: bool) -> TaskRow:
    """Close (or reopen) a task and return its list row, for an in-place update of the page."""
    return _rows(session, ctx, [close_task(session, ctx, public_id, done)])[0]

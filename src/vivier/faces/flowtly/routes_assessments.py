"""Scorecards: recruitment task groups, tasks and answers (§6.3-6.5, §7.4-7.6). Integer ids."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from vivier.assessments.models import RecruitmentTask
from vivier.assessments.schemas import AnswerView, GroupView
from vivier.assessments.service import (
    create_answer,
    create_group,
    create_recruitment_task,
    get_answer,
    get_group,
    get_recruitment_task,
    list_answers,
    list_groups,
    list_recruitment_tasks,
    update_answer,
    update_group,
    update_recruitment_task,
)
from vivier.core.errors import NotFound
from vivier.faces.common import DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.auth import FlowtlyContext
from vivier.faces.flowtly.resources import ANSWERS, CANDIDATES, GROUPS, TASKS
from vivier.faces.flowtly.wire import (
    INTEGER,
    STRING,
    STRINGS,
    Item,
    PatchBody,
    PostBody,
    created,
    fields_of,
    int_path_id,
    item,
    item_response,
    paged,
    ref,
    rfc3339,
)

router = APIRouter()
GROUP_FIELDS = {"name": STRING, "description": STRING}
TASK_FIELDS = {"question": STRING, "options": STRINGS, "recruitmentTaskGroup": ref("recruitment-task-groups")}
ANSWER_FIELDS = {
    "recruitmentTask": ref("recruitment-tasks"),
    "candidate": ref("candidates"),
    "answer": STRING,
    "score": INTEGER,
}
ANSWER_UPDATE = {"answer": STRING, "score": INTEGER}  # task and candidate are fixed at creation


def int_id(value: str, what: str) -> int:
    """A path id of an integer-id resource; anything else names nothing (404)."""
    number = int_path_id(value)
    if number is None:
        raise NotFound(f"{what} not found")
    return number


# -- groups -----------------------------------------------------------------------------------------


def render_group(view: GroupView) -> Item:
    group = view.group
    return item(
        GROUPS,
        {
            "id": group.id,
            "name": group.name,
            "description": group.description,
            "recruitmentTasks": [TASKS.iri(t) for t in view.task_ids],
            "createdAt": rfc3339(group.created_at),
            "updatedAt": rfc3339(group.updated_at),
        },
    )


@router.get("/recruitment-task-groups", **docs.collection(GROUPS.type, GROUPS.type))
def groups(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    return paged(request, GROUPS, lambda query: list_groups(session, ctx, query), render_group)


@router.post("/recruitment-task-groups", **docs.create(GROUPS.type, GROUPS.type))
def create_group_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody
) -> JSONResponse:
    return created(request, GROUPS, render_group(create_group(session, ctx, fields_of(body, GROUP_FIELDS))))


@router.get("/recruitment-task-groups/{id}", **docs.read(GROUPS.type, GROUPS.type))
def read_group(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    view = get_group(session, ctx, int_id(id, GROUPS.type))
    return item_response(request, GROUPS, render_group(view))


@router.patch("/recruitment-task-groups/{id}", **docs.update(GROUPS.type, GROUPS.type))
def update_group_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    view = update_group(session, ctx, int_id(id, GROUPS.type), fields_of(body, GROUP_FIELDS))
    return item_response(request, GROUPS, render_group(view))


# -- tasks ------------------------------------------------------------------------------------------


def render_task(task: RecruitmentTask) -> Item:
    return item(
        TASKS,
        {
            "id": task.id,
            "question": task.question,
            "options": task.options,
            "recruitmentTaskGroup": GROUPS.iri(task.group_id),
            "updatedAt": rfc3339(task.updated_at),
        },
    )


@router.get("/recruitment-tasks", **docs.collection(TASKS.type, TASKS.type))
def tasks(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    return paged(request, TASKS, lambda query: list_recruitment_tasks(session, ctx, query), render_task)


@router.post("/recruitment-tasks", **docs.create(TASKS.type, TASKS.type))
def create_task(request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody) -> JSONResponse:
    task = create_recruitment_task(session, ctx, fields_of(body, TASK_FIELDS))
    return created(request, TASKS, render_task(task))


@router.get("/recruitment-tasks/{id}", **docs.read(TASKS.type, TASKS.type))
def read_task(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(
        request, TASKS, render_task(get_recruitment_task(session, ctx, int_id(id, TASKS.type)))
    )


@router.patch("/recruitment-tasks/{id}", **docs.update(TASKS.type, TASKS.type))
def update_task(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    """``options`` is replaced whole; the group may change."""
    task = update_recruitment_task(session, ctx, int_id(id, TASKS.type), fields_of(body, TASK_FIELDS))
    return item_response(request, TASKS, render_task(task))


# -- answers ----------------------------------------------------------------------------------------


def render_answer(view: AnswerView) -> Item:
    answer = view.answer
    return item(
        ANSWERS,
        {
            "id": answer.id,
            "recruitmentTask": TASKS.iri(answer.task_id),
            "candidate": CANDIDATES.iri(view.candidate_id),
            "answer": answer.answer,
            "score": answer.score,
            "createdAt": rfc3339(answer.created_at),
            "updatedAt": rfc3339(answer.updated_at),
        },
    )


@router.get("/recruitment-task-answers", **docs.collection(ANSWERS.type, ANSWERS.type))
def answers(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    return paged(request, ANSWERS, lambda query: list_answers(session, ctx, query), render_answer)


@router.post("/recruitment-task-answers", **docs.create(ANSWERS.type, ANSWERS.type))
def create_answer_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody
) -> JSONResponse:
    return created(
        request, ANSWERS, render_answer(create_answer(session, ctx, fields_of(body, ANSWER_FIELDS)))
    )


@router.get("/recruitment-task-answers/{id}", **docs.read(ANSWERS.type, ANSWERS.type))
def read_answer(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, ANSWERS, render_answer(get_answer(session, ctx, int_id(id, ANSWERS.type))))


@router.patch("/recruitment-task-answers/{id}", **docs.update(ANSWERS.type, ANSWERS.type))
def update_answer_route(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    """``answer`` and ``score``; the task and candidate are fixed after creation (ignored)."""
    view = update_answer(session, ctx, int_id(id, ANSWERS.type), fields_of(body, ANSWER_UPDATE))
    return item_response(request, ANSWERS, render_answer(view))

"""Scorecards (Flowtly §6.3-6.5): task groups, recruitment tasks (questions) and candidates' answers.

Inputs are mappings keyed by Flowtly field names (see ``schemas``). Checks run in API Platform's order,
each step raising alone: wrong JSON types (``Constraint.TYPE``, Flowtly 400), then relations naming
nothing the tenant owns (``Constraint.REFERENCE`` on the relation field, Flowtly 400 ``Item not found``),
then every constraint at once (Flowtly 422). Unknown or foreign ids in a path raise ``NotFound``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.assessments.models import RecruitmentTask, RecruitmentTaskAnswer, RecruitmentTaskGroup
from vivier.assessments.schemas import (
    ANSWER_FIELDS,
    ANSWER_FIXED,
    GROUP_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    TASK_FIELDS,
    AnswerView,
    GroupView,
)
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Violation
from vivier.core.listing import ListQuery, Page, apply_filters, apply_order, fetch_page
from vivier.core.text import is_number
from vivier.core.validation import (
    MAX_STRING,
    MAX_TEXT,
    NOT_BLANK,
    assign,
    merged,
    null_violation,
    raise_all,
    text_violations,
    typed,
)
from vivier.db.scoping import get_by_int_id, ids_by_public_id, public_ids, reference, scoped
from vivier.events.audit import record


def _int_ids(values: Sequence[str]) -> list[int]:
    """Bare integer ids of a relation filter; anything else matches nothing."""
    return [int(v) for v in values if isinstance(v, str) and is_number(v)]


# -- groups -----------------------------------------------------------------------------------------

_GROUP_ATTRS = {"name": "name", "description": "description"}


def _group_violations(state: Mapping[str, Any]) -> list[Violation]:
    return [
        *text_violations("name", state["name"], required=True, max_len=MAX_STRING),
        *text_violations("description", state["description"], required=False, max_len=MAX_TEXT),
    ]


def group_views(session: Session, groups: Sequence[RecruitmentTaskGroup]) -> list[GroupView]:
    """Groups with their task ids (ascending), in one query for any number of groups."""
    task_ids: dict[int, list[int]] = defaultdict(list)
    if groups:
        rows = session.execute(
            select(RecruitmentTask.group_id, RecruitmentTask.id)
            .where(RecruitmentTask.group_id.in_([g.id for g in groups]))
            .order_by(RecruitmentTask.id)
        ).all()
        for group_id, task_id in rows:
            task_ids[group_id].append(task_id)
    return [GroupView(g, tuple(task_ids[g.id])) for g in groups]


def create_group(session: Session, ctx: Context, data: Mapping[str, Any]) -> GroupView:
    """A new task group: ``name`` (required, <= 255), ``description`` (optional, <= 65,535)."""
    ctx.require_write()
    values = typed(data, GROUP_FIELDS)
    state = {"name": values.get("name"), "description": values.get("description")}
    raise_all(_group_violations(state))
    group = RecruitmentTaskGroup(company_id=ctx.company_id, **state)
    session.add(group)
    session.flush()
    record(session, ctx, "recruitment_task_group.create", "recruitment_task_group", group.id)
    return GroupView(group, ())


def _group(session: Session, ctx: Context, group_id: int) -> RecruitmentTaskGroup:
    return get_by_int_id(session, RecruitmentTaskGroup, ctx, group_id, what="RecruitmentTaskGroup")


def get_group(session: Session, ctx: Context, group_id: int) -> GroupView:
    return group_views(session, [_group(session, ctx, group_id)])[0]


def update_group(session: Session, ctx: Context, group_id: int, changes: Mapping[str, Any]) -> GroupView:
    """Merge-patch a group; the result is validated as a whole."""
    ctx.require_write()
    group = _group(session, ctx, group_id)
    values = typed(changes, GROUP_FIELDS)
    raise_all(_group_violations(merged(group, _GROUP_ATTRS, values)))
    changed = assign(group, _GROUP_ATTRS, values)
    session.flush()
    record(session, ctx, "recruitment_task_group.update", "recruitment_task_group", group.id, fields=changed)
    return group_views(session, [group])[0]


def list_groups(session: Session, ctx: Context, query: ListQuery) -> Page[GroupView]:
    """Filters: ``name`` (partial), createdAt/updatedAt dates. Orders: id, name, createdAt, updatedAt."""
    G = RecruitmentTaskGroup
    stmt = apply_filters(
        scoped(G, ctx),
        query,
        partial={"name": G.name},
        dates={"createdAt": G.created_at, "updatedAt": G.updated_at},
    )
    orderable = {"id": G.id, "name": G.name, "createdAt": G.created_at, "updatedAt": G.updated_at}
    page = fetch_page(session, apply_order(stmt, query, orderable, [G.created_at, G.id]), query)
    return Page(group_views(session, page.items), page.total)


# -- recruitment tasks ------------------------------------------------------------------------------

_TASK_ATTRS = {"question": "question", "options": "options", "recruitmentTaskGroup": "group_id"}


def _check_group_ref(session: Session, ctx: Context, values: Mapping[str, Any]) -> None:
    group_id = values.get("recruitmentTaskGroup")
    if group_id is not None:
        reference(session, RecruitmentTaskGroup, ctx, "recruitmentTaskGroup", group_id, by="id")


def _task_violations(state: Mapping[str, Any]) -> list[Violation]:
    violations = text_violations("question", state["question"], required=True, max_len=MAX_TEXT)
    options = state["options"]
    if options is not None:
        if any(not o.strip() for o in options):
            violations.append(Violation("options", Constraint.BLANK, NOT_BLANK))
        elif any(len(o) > MAX_STRING for o in options):
            violations.append(Violation("options", Constraint.LENGTH, "an option is too long", MAX_STRING))
    if state["recruitmentTaskGroup"] is None:
        violations.append(null_violation("recruitmentTaskGroup"))
    return violations


def create_recruitment_task(session: Session, ctx: Context, data: Mapping[str, Any]) -> RecruitmentTask:
    """A question in one of the tenant's groups: ``question``, ``options`` (list or null), ``recruitmentTaskGroup``."""
    ctx.require_write()
    values = typed(data, TASK_FIELDS)
    _check_group_ref(session, ctx, values)
    state = {name: values.get(name) for name in TASK_FIELDS}
    raise_all(_task_violations(state))
    task = RecruitmentTask(
        company_id=ctx.company_id,
        group_id=state["recruitmentTaskGroup"],
        question=state["question"],
        options=state["options"],
    )
    session.add(task)
    session.flush()
    record(session, ctx, "recruitment_task.create", "recruitment_task", task.id, group=task.group_id)
    return task


def get_recruitment_task(session: Session, ctx: Context, task_id: int) -> RecruitmentTask:
    return get_by_int_id(session, RecruitmentTask, ctx, task_id, what="RecruitmentTask")


def update_recruitment_task(
    session: Session, ctx: Context, task_id: int, changes: Mapping[str, Any]
) -> RecruitmentTask:
    """Merge-patch a task; ``options`` is replaced whole and the group may be changed."""
    ctx.require_write()
    task = get_recruitment_task(session, ctx, task_id)
    values = typed(changes, TASK_FIELDS)
    _check_group_ref(session, ctx, values)
    raise_all(_task_violations(merged(task, _TASK_ATTRS, values)))
    changed = assign(task, _TASK_ATTRS, values)
    session.flush()
    record(session, ctx, "recruitment_task.update", "recruitment_task", task.id, fields=changed)
    return task


def list_recruitment_tasks(session: Session, ctx: Context, query: ListQuery) -> Page[RecruitmentTask]:
    """Filters: ``recruitmentTaskGroup`` (relation, bare ids), updatedAt dates. Orders: id, updatedAt.

    Tasks have no createdAt: the default order is by id.
    """
    T = RecruitmentTask
    stmt = apply_filters(scoped(T, ctx), query, dates={"updatedAt": T.updated_at})
    if "recruitmentTaskGroup" in query.exact:
        stmt = stmt.where(T.group_id.in_(_int_ids(query.exact["recruitmentTaskGroup"])))
    stmt = apply_order(stmt, query, {"id": T.id, "updatedAt": T.updated_at}, [T.id])
    return fetch_page(session, stmt, query)


# -- answers ----------------------------------------------------------------------------------------

_ANSWER_ATTRS = {"answer": "answer", "score": "score"}


def _answer_violations(state: Mapping[str, Any]) -> list[Violation]:
    violations = text_violations("answer", state["answer"], required=False, max_len=MAX_TEXT)
    score = state["score"]
    if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
        message = f"This value should be between {SCORE_MIN} and {SCORE_MAX}."
        violations.append(Violation("score", Constraint.RANGE, message, (SCORE_MIN, SCORE_MAX)))
    return violations


def answer_views(
    session: Session, ctx: Context, answers: Sequence[RecruitmentTaskAnswer]
) -> list[AnswerView]:
    """Answers with their candidates' encoded ids, in one query."""
    public = public_ids(session, Candidate, ctx, (a.candidate_id for a in answers))
    return [AnswerView(a, public[a.candidate_id]) for a in answers]


def create_answer(session: Session, ctx: Context, data: Mapping[str, Any]) -> AnswerView:
    """A candidate's answer to a task: ``recruitmentTask`` (int), ``candidate`` (encoded id), ``answer``, ``score``.

    Several answers may exist for the same task and candidate.
    """
    ctx.require_write()
    values = typed(data, ANSWER_FIELDS)
    task_id, candidate_ref = values.get("recruitmentTask"), values.get("candidate")
    task = (
        reference(session, RecruitmentTask, ctx, "recruitmentTask", task_id, by="id")
        if task_id is not None
        else None
    )
    candidate = (
        reference(session, Candidate, ctx, "candidate", candidate_ref) if candidate_ref is not None else None
    )
    violations = _answer_violations({"answer": values.get("answer"), "score": values.get("score")})
    if task is None:
        violations.insert(0, null_violation("recruitmentTask"))
    if candidate is None:
        violations.insert(0, null_violation("candidate"))
    raise_all(violations)
    assert task is not None and candidate is not None
    answer = RecruitmentTaskAnswer(
        company_id=ctx.company_id,
        task_id=task.id,
        candidate_id=candidate.id,
        answer=values.get("answer"),
        score=values.get("score"),
    )
    session.add(answer)
    session.flush()
    record(session, ctx, "recruitment_task_answer.create", "recruitment_task_answer", answer.id, task=task.id)
    return AnswerView(answer, candidate.public_id)


def _answer(session: Session, ctx: Context, answer_id: int) -> RecruitmentTaskAnswer:
    return get_by_int_id(session, RecruitmentTaskAnswer, ctx, answer_id, what="RecruitmentTaskAnswer")


def get_answer(session: Session, ctx: Context, answer_id: int) -> AnswerView:
    return answer_views(session, ctx, [_answer(session, ctx, answer_id)])[0]


def update_answer(session: Session, ctx: Context, answer_id: int, changes: Mapping[str, Any]) -> AnswerView:
    """Merge-patch ``answer`` and ``score``; the task and candidate are fixed (ignored here)."""
    ctx.require_write()
    row = _answer(session, ctx, answer_id)
    values = typed(changes, ANSWER_FIELDS, skip=ANSWER_FIXED)
    raise_all(_answer_violations(merged(row, _ANSWER_ATTRS, values)))
    changed = assign(row, _ANSWER_ATTRS, values)
    session.flush()
    record(session, ctx, "recruitment_task_answer.update", "recruitment_task_answer", row.id, fields=changed)
    return answer_views(session, ctx, [row])[0]


def list_answers(session: Session, ctx: Context, query: ListQuery) -> Page[AnswerView]:
    """Filters: ``recruitmentTask`` (int ids), ``candidate`` (encoded ids), dates. Orders: id, createdAt, updatedAt."""
    A = RecruitmentTaskAnswer
    stmt = apply_filters(scoped(A, ctx), query, dates={"createdAt": A.created_at, "updatedAt": A.updated_at})
    if "recruitmentTask" in query.exact:
        stmt = stmt.where(A.task_id.in_(_int_ids(query.exact["recruitmentTask"])))
    if "candidate" in query.exact:
        stmt = stmt.where(A.candidate_id.in_(ids_by_public_id(Candidate, ctx, query.exact["candidate"])))
    orderable = {"id": A.id, "createdAt": A.created_at, "updatedAt": A.updated_at}
    page = fetch_page(session, apply_order(stmt, query, orderable, [A.created_at, A.id]), query)
    return Page(answer_views(session, ctx, page.items), page.total)


def answers_for_candidate(session: Session, ctx: Context, candidate_id: int) -> list[RecruitmentTaskAnswer]:
    """A candidate's answers, oldest first (web app profile)."""
    A = RecruitmentTaskAnswer
    stmt = scoped(A, ctx).where(A.candidate_id == candidate_id).order_by(A.created_at, A.id)
    return list(session.scalars(stmt))

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.factories import QueryCounter, count_rows, make_candidate, settable_clock, violation_kinds
from vivier.assessments.models import RecruitmentTask, RecruitmentTaskAnswer, RecruitmentTaskGroup
from vivier.assessments.service import (
    answers_for_candidate,
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
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, NotFound
from vivier.core.listing import DateBound, ListQuery

T0 = datetime(2026, 4, 3, 18, 31, tzinfo=UTC)


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    """A settable clock: tests append or replace ``clock[0]``."""
    with settable_clock(T0) as current:
        yield current


# -- groups -----------------------------------------------------------------------------------------


def test_group_lifecycle_and_task_ids(session: Session, ctx: Context) -> None:
    view = create_group(
        session, ctx, {"name": "Backend interview", "description": "Technical round", "id": 99}
    )
    assert (view.group.name, view.group.description, view.task_ids) == (
        "Backend interview",
        "Technical round",
        (),
    )
    assert view.group.id != 99
    t1 = create_recruitment_task(session, ctx, {"question": "Q1", "recruitmentTaskGroup": view.group.id})
    t2 = create_recruitment_task(session, ctx, {"question": "Q2", "recruitmentTaskGroup": str(view.group.id)})
    assert get_group(session, ctx, view.group.id).task_ids == (t1.id, t2.id)
    updated = update_group(session, ctx, view.group.id, {"description": None})
    assert (updated.group.name, updated.group.description) == ("Backend interview", None)
    assert updated.task_ids == (t1.id, t2.id)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"description": "x"}, [("name", Constraint.BLANK)]),
        ({"name": "  "}, [("name", Constraint.BLANK)]),
        ({"name": None}, [("name", Constraint.BLANK)]),
        ({"name": "x" * 256}, [("name", Constraint.LENGTH)]),
        ({"name": "ok", "description": "x" * 65_536}, [("description", Constraint.LENGTH)]),
        ({"name": 42}, [("name", Constraint.TYPE)]),
        (
            {"name": "", "description": "x" * 65_536},
            [("name", Constraint.BLANK), ("description", Constraint.LENGTH)],
        ),
    ],
)
def test_invalid_group(session: Session, ctx: Context, data: dict[str, Any], expected: list[Any]) -> None:
    before = count_rows(session, RecruitmentTaskGroup)
    with pytest.raises(Invalid) as raised:
        create_group(session, ctx, data)
    assert violation_kinds(raised) == expected
    assert count_rows(session, RecruitmentTaskGroup) == before


def test_type_violation_names_expected_and_given(session: Session, ctx: Context) -> None:
    with pytest.raises(Invalid) as raised:
        create_group(session, ctx, {"name": 42})
    violation = raised.value.violations[0]
    assert violation.limit == "string" and '"int" given' in violation.message


def test_group_update_merges_and_validates_the_whole(
    session: Session, ctx: Context, clock: list[datetime]
) -> None:
    group = create_group(session, ctx, {"name": "G", "description": "D"}).group
    clock[0] = T0 + timedelta(minutes=5)
    update_group(session, ctx, group.id, {"name": "H"})
    assert (group.name, group.description, group.created_at, group.updated_at) == ("H", "D", T0, clock[0])
    with pytest.raises(Invalid) as raised:
        update_group(session, ctx, group.id, {"name": " ", "description": "changed"})
    assert violation_kinds(raised) == [("name", Constraint.BLANK)]
    assert (group.name, group.description) == ("H", "D")
    clock[0] = T0 + timedelta(minutes=9)
    update_group(session, ctx, group.id, {})
    assert group.updated_at == T0 + timedelta(minutes=5)  # nothing changed, updatedAt kept


def test_group_pages_filters_and_orders(session: Session, ctx: Context, other_ctx: Context) -> None:
    for i in range(35):
        create_group(session, ctx, {"name": f"Group {i:02d}"})
    create_group(session, other_ctx, {"name": "Group foreign"})
    first = list_groups(session, ctx, ListQuery())
    second = list_groups(session, ctx, ListQuery(page=2))
    assert (len(first.items), first.total, len(second.items), second.total) == (30, 35, 5, 35)
    assert [v.group.name for v in second.items] == [f"Group {i:02d}" for i in range(30, 35)]
    assert list_groups(session, ctx, ListQuery(page=3)).items == []
    named = list_groups(session, ctx, ListQuery(partial={"name": ["GROUP 1"]}))
    assert [v.group.name for v in named.items] == [f"Group 1{i}" for i in range(10)]
    desc = list_groups(session, ctx, ListQuery(order=[("name", True), ("bogus", False)], per_page=2))
    assert [v.group.name for v in desc.items] == ["Group 34", "Group 33"]
    by_id = list_groups(session, ctx, ListQuery(order=[("id", True)], per_page=1))
    assert by_id.items[0].group.name == "Group 34"


def test_group_date_filters(session: Session, ctx: Context, clock: list[datetime]) -> None:
    create_group(session, ctx, {"name": "old"})
    clock[0] = T0 + timedelta(days=1)
    create_group(session, ctx, {"name": "new"})
    after = ListQuery(dates=[DateBound("createdAt", "strictly_after", T0)])
    assert [v.group.name for v in list_groups(session, ctx, after).items] == ["new"]
    before = ListQuery(dates=[DateBound("updatedAt", "before", T0)])
    assert [v.group.name for v in list_groups(session, ctx, before).items] == ["old"]


def test_group_views_use_a_fixed_number_of_queries(session: Session, ctx: Context) -> None:
    def make(n: int) -> None:
        for i in range(n):
            group = create_group(session, ctx, {"name": f"g{i}"}).group
            create_recruitment_task(session, ctx, {"question": "q", "recruitmentTaskGroup": group.id})

    make(2)
    session.expire_all()
    with QueryCounter(session) as few:
        list_groups(session, ctx, ListQuery())
    make(6)
    session.expire_all()
    with QueryCounter(session) as many:
        page = list_groups(session, ctx, ListQuery())
    assert page.total == 8 and all(len(v.task_ids) == 1 for v in page.items)
    assert many.count == few.count


def test_other_company_groups_are_invisible(session: Session, ctx: Context, other_ctx: Context) -> None:
    foreign = create_group(session, other_ctx, {"name": "theirs"}).group
    with pytest.raises(NotFound):
        get_group(session, ctx, foreign.id)
    with pytest.raises(NotFound):
        update_group(session, ctx, foreign.id, {"name": "mine"})
    assert foreign.name == "theirs"
    assert list_groups(session, ctx, ListQuery()).total == 0


# -- tasks ------------------------------------------------------------------------------------------


def test_task_create_update_options_and_group(session: Session, ctx: Context, clock: list[datetime]) -> None:
    g1 = create_group(session, ctx, {"name": "G1"}).group
    g2 = create_group(session, ctx, {"name": "G2"}).group
    task = create_recruitment_task(
        session,
        ctx,
        {"question": "Preferred stack?", "options": ["Django", "FastAPI"], "recruitmentTaskGroup": g1.id},
    )
    assert (task.question, task.options, task.group_id) == ("Preferred stack?", ["Django", "FastAPI"], g1.id)
    clock[0] = T0 + timedelta(hours=1)
    update_recruitment_task(session, ctx, task.id, {"options": ["Django", "FastAPI", "Flask"]})
    session.expire_all()
    fresh = get_recruitment_task(session, ctx, task.id)
    assert (fresh.question, fresh.options, fresh.updated_at) == (
        "Preferred stack?",
        ["Django", "FastAPI", "Flask"],
        clock[0],
    )
    update_recruitment_task(session, ctx, task.id, {"options": None, "recruitmentTaskGroup": g2.id})
    assert (fresh.options, fresh.group_id) == (None, g2.id)
    assert get_group(session, ctx, g1.id).task_ids == ()
    assert get_group(session, ctx, g2.id).task_ids == (task.id,)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"question": "Q"}, [("recruitmentTaskGroup", Constraint.NULL)]),
        ({"question": " ", "recruitmentTaskGroup": "G"}, [("question", Constraint.BLANK)]),
        ({"question": "x" * 65_536, "recruitmentTaskGroup": "G"}, [("question", Constraint.LENGTH)]),
        (
            {"question": "Q", "options": ["a", " "], "recruitmentTaskGroup": "G"},
            [("options", Constraint.BLANK)],
        ),
        ({"question": "Q", "options": ["a", 1], "recruitmentTaskGroup": "G"}, [("options", Constraint.TYPE)]),
        ({"question": "Q", "options": "a", "recruitmentTaskGroup": "G"}, [("options", Constraint.TYPE)]),
        (
            {"question": "Q", "recruitmentTaskGroup": 999_999},
            [("recruitmentTaskGroup", Constraint.REFERENCE)],
        ),
        ({"question": "Q", "recruitmentTaskGroup": "/x/1"}, [("recruitmentTaskGroup", Constraint.TYPE)]),
        ({}, [("question", Constraint.BLANK), ("recruitmentTaskGroup", Constraint.NULL)]),
    ],
)
def test_invalid_task(session: Session, ctx: Context, data: dict[str, Any], expected: list[Any]) -> None:
    group = create_group(session, ctx, {"name": "G"}).group
    data = {k: group.id if v == "G" else v for k, v in data.items()}
    before = count_rows(session, RecruitmentTask)
    with pytest.raises(Invalid) as raised:
        create_recruitment_task(session, ctx, data)
    assert violation_kinds(raised) == expected
    assert count_rows(session, RecruitmentTask) == before


def test_task_update_keeps_a_group(session: Session, ctx: Context, other_ctx: Context) -> None:
    group = create_group(session, ctx, {"name": "G"}).group
    task = create_recruitment_task(session, ctx, {"question": "Q", "recruitmentTaskGroup": group.id})
    with pytest.raises(Invalid) as raised:
        update_recruitment_task(session, ctx, task.id, {"recruitmentTaskGroup": None, "question": "New"})
    assert violation_kinds(raised) == [("recruitmentTaskGroup", Constraint.NULL)]
    foreign = create_group(session, other_ctx, {"name": "F"}).group
    with pytest.raises(Invalid) as raised:
        update_recruitment_task(session, ctx, task.id, {"recruitmentTaskGroup": foreign.id})
    assert violation_kinds(raised) == [("recruitmentTaskGroup", Constraint.REFERENCE)]
    assert (task.question, task.group_id) == ("Q", group.id)


def test_task_list_filters_orders_and_tenancy(session: Session, ctx: Context, other_ctx: Context) -> None:
    g1 = create_group(session, ctx, {"name": "G1"}).group
    g2 = create_group(session, ctx, {"name": "G2"}).group
    a = create_recruitment_task(session, ctx, {"question": "a", "recruitmentTaskGroup": g1.id})
    b = create_recruitment_task(session, ctx, {"question": "b", "recruitmentTaskGroup": g2.id})
    c = create_recruitment_task(session, ctx, {"question": "c", "recruitmentTaskGroup": g1.id})
    fg = create_group(session, other_ctx, {"name": "F"}).group
    foreign = create_recruitment_task(session, other_ctx, {"question": "f", "recruitmentTaskGroup": fg.id})
    assert [t.id for t in list_recruitment_tasks(session, ctx, ListQuery()).items] == [a.id, b.id, c.id]
    by_group = ListQuery(exact={"recruitmentTaskGroup": [str(g1.id)]})
    assert [t.id for t in list_recruitment_tasks(session, ctx, by_group).items] == [a.id, c.id]
    for values in ([str(fg.id)], ["nope"], ["/flowtly/x"]):
        query = ListQuery(exact={"recruitmentTaskGroup": values})
        assert list_recruitment_tasks(session, ctx, query).total == 0
    desc = ListQuery(order=[("id", True), ("createdAt", False)])
    assert [t.id for t in list_recruitment_tasks(session, ctx, desc).items] == [c.id, b.id, a.id]
    with pytest.raises(NotFound):
        get_recruitment_task(session, ctx, foreign.id)
    with pytest.raises(NotFound):
        update_recruitment_task(session, ctx, foreign.id, {"question": "x"})


# -- answers ----------------------------------------------------------------------------------------


@pytest.fixture
def task(session: Session, ctx: Context) -> RecruitmentTask:
    group = create_group(session, ctx, {"name": "G"}).group
    return create_recruitment_task(session, ctx, {"question": "Stack?", "recruitmentTaskGroup": group.id})


def test_answer_lifecycle(session: Session, ctx: Context, task: RecruitmentTask) -> None:
    candidate = make_candidate(session, ctx)
    other = make_candidate(session, ctx, "Grace", "Hopper")
    view = create_answer(
        session,
        ctx,
        {"recruitmentTask": task.id, "candidate": candidate.public_id, "answer": "FastAPI", "score": 8},
    )
    assert (view.answer.task_id, view.candidate_id, view.answer.answer, view.answer.score) == (
        task.id,
        candidate.public_id,
        "FastAPI",
        8,
    )
    again = create_answer(
        session, ctx, {"recruitmentTask": task.id, "candidate": candidate.public_id, "score": None}
    )
    assert again.answer.id != view.answer.id and again.answer.score is None  # several answers allowed
    updated = update_answer(
        session, ctx, view.answer.id, {"score": 9, "candidate": other.public_id, "recruitmentTask": 999}
    )
    assert (updated.answer.score, updated.candidate_id, updated.answer.task_id, updated.answer.answer) == (
        9,
        candidate.public_id,
        task.id,
        "FastAPI",
    )
    cleared = update_answer(session, ctx, view.answer.id, {"answer": None, "score": None})
    assert (cleared.answer.answer, cleared.answer.score) == (None, None)
    assert get_answer(session, ctx, view.answer.id).candidate_id == candidate.public_id
    assert [a.id for a in answers_for_candidate(session, ctx, candidate.id)] == [
        view.answer.id,
        again.answer.id,
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"score": 11}, [("score", Constraint.RANGE)]),
        ({"score": -1}, [("score", Constraint.RANGE)]),
        ({"score": "8"}, [("score", Constraint.TYPE)]),
        ({"score": 8.5}, [("score", Constraint.TYPE)]),
        ({"score": True}, [("score", Constraint.TYPE)]),
        ({"answer": "x" * 65_536}, [("answer", Constraint.LENGTH)]),
        ({"candidate": None}, [("candidate", Constraint.NULL)]),
        ({"recruitmentTask": None}, [("recruitmentTask", Constraint.NULL)]),
        ({"candidate": "ZZZZZZZZZZZZZZZZ"}, [("candidate", Constraint.REFERENCE)]),
        ({"recruitmentTask": 999_999}, [("recruitmentTask", Constraint.REFERENCE)]),
    ],
)
def test_invalid_answer(
    session: Session, ctx: Context, task: RecruitmentTask, data: dict[str, Any], expected: list[Any]
) -> None:
    candidate = make_candidate(session, ctx)
    body = {"recruitmentTask": task.id, "candidate": candidate.public_id, "answer": "a", "score": 5, **data}
    with pytest.raises(Invalid) as raised:
        create_answer(session, ctx, body)
    assert violation_kinds(raised) == expected
    assert count_rows(session, RecruitmentTaskAnswer, ctx.company_id) == 0


def test_invalid_answer_update_changes_nothing(session: Session, ctx: Context, task: RecruitmentTask) -> None:
    candidate = make_candidate(session, ctx)
    view = create_answer(
        session, ctx, {"recruitmentTask": task.id, "candidate": candidate.public_id, "score": 3}
    )
    with pytest.raises(Invalid) as raised:
        update_answer(session, ctx, view.answer.id, {"answer": "new", "score": 11})
    assert violation_kinds(raised) == [("score", Constraint.RANGE)]
    assert (view.answer.answer, view.answer.score) == (None, 3)


def test_answer_tenancy(session: Session, ctx: Context, other_ctx: Context, task: RecruitmentTask) -> None:
    mine = make_candidate(session, ctx)
    theirs = make_candidate(session, other_ctx)
    fg = create_group(session, other_ctx, {"name": "F"}).group
    foreign_task = create_recruitment_task(
        session, other_ctx, {"question": "f", "recruitmentTaskGroup": fg.id}
    )
    with pytest.raises(Invalid) as raised:
        create_answer(session, ctx, {"recruitmentTask": task.id, "candidate": theirs.public_id})
    assert violation_kinds(raised) == [("candidate", Constraint.REFERENCE)]
    with pytest.raises(Invalid) as raised:
        create_answer(session, ctx, {"recruitmentTask": foreign_task.id, "candidate": mine.public_id})
    assert violation_kinds(raised) == [("recruitmentTask", Constraint.REFERENCE)]
    foreign = create_answer(
        session, other_ctx, {"recruitmentTask": foreign_task.id, "candidate": theirs.public_id}
    )
    with pytest.raises(NotFound):
        get_answer(session, ctx, foreign.answer.id)
    with pytest.raises(NotFound):
        update_answer(session, ctx, foreign.answer.id, {"score": 1})
    assert list_answers(session, ctx, ListQuery()).total == 0


def test_answer_list_filters(session: Session, ctx: Context, task: RecruitmentTask) -> None:
    ada, grace = make_candidate(session, ctx), make_candidate(session, ctx, "Grace", "Hopper")
    task2 = create_recruitment_task(
        session, ctx, {"question": "Other", "recruitmentTaskGroup": task.group_id}
    )
    a1 = create_answer(session, ctx, {"recruitmentTask": task.id, "candidate": ada.public_id}).answer
    a2 = create_answer(session, ctx, {"recruitmentTask": task2.id, "candidate": ada.public_id}).answer
    a3 = create_answer(session, ctx, {"recruitmentTask": task.id, "candidate": grace.public_id}).answer

    def ids(query: ListQuery) -> list[int]:
        return [v.answer.id for v in list_answers(session, ctx, query).items]

    assert ids(ListQuery()) == [a1.id, a2.id, a3.id]
    assert ids(ListQuery(exact={"candidate": [ada.public_id]})) == [a1.id, a2.id]
    assert ids(ListQuery(exact={"candidate": [ada.public_id], "recruitmentTask": [str(task.id)]})) == [a1.id]
    assert ids(ListQuery(exact={"recruitmentTask": [str(task.id)]}, order=[("id", True)])) == [a3.id, a1.id]
    assert ids(ListQuery(exact={"candidate": ["unknown"]})) == []
    page = list_answers(session, ctx, ListQuery(exact={"candidate": [grace.public_id]}))
    assert [v.candidate_id for v in page.items] == [grace.public_id]

"""The web tasks page's query: mine / all, open / closed, pages, candidates of each task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.factories import QueryCounter, make_application, make_candidate, make_member
from vivier.companies.context import Context
from vivier.companies.models import Role, User
from vivier.core.errors import Forbidden, NotFound
from vivier.tasks.service import close_task, create_task
from vivier.tasks.worklist import set_task_done, task_worklist

DUE = datetime(2030, 1, 1, 9, tzinfo=UTC)


def user_of(session: Session, ctx: Context) -> str:
    user = session.get(User, ctx.user_id)
    assert user is not None
    return user.public_id


def task(session: Session, ctx: Context, text: str, days: int, value: list[str], users: list[str]) -> str:
    return create_task(session, ctx, text, DUE + timedelta(days=days), value, users).task.public_id


def descriptions(session: Session, ctx: Context, **kwargs: bool) -> list[str]:
    return [row.view.task.description for row in task_worklist(session, ctx, **kwargs).rows]


def test_mine_all_open_closed(session: Session, ctx: Context, other_ctx: Context) -> None:
    rita = make_member(session, ctx, name="Rita")
    me, her = user_of(session, ctx), user_of(session, rita)
    task(session, ctx, "shown to me", 2, [f"member={her}"], [me])
    task(session, ctx, "about me", 1, [f"member={me}"], [])
    task(session, rita, "hers only", 0, [f"member={her}"], [her])
    closed = task(session, ctx, "done, mine", 3, [f"member={me}"], [me])
    close_task(session, ctx, closed, True)
    task(session, other_ctx, "other company", 0, [f"member={user_of(session, other_ctx)}"], [])
    assert descriptions(session, ctx, mine=True, done=False) == ["about me", "shown to me"]  # soonest first
    assert descriptions(session, ctx, mine=False, done=False) == ["hers only", "about me", "shown to me"]
    assert descriptions(session, ctx, mine=True, done=True) == ["done, mine"]
    assert descriptions(session, rita, mine=True, done=False) == ["hers only", "shown to me"]  # about her


def test_pages_and_candidates_in_constant_queries(session: Session, ctx: Context) -> None:
    me = user_of(session, ctx)
    for n in range(6):
        application = make_application(session, ctx, make_candidate(session, ctx, f"Cand{n}", "Doe"))
        task(session, ctx, f"t{n}", n, [f"applicant={application.public_id}", f"member={me}"], [me])
    with QueryCounter(session) as small:
        first = task_worklist(session, ctx, mine=False, done=False, per_page=2)
    with QueryCounter(session) as large:
        everything = task_worklist(session, ctx, mine=False, done=False, per_page=10)
    assert small.count == large.count and first.has_more and not everything.has_more
    assert [r.view.task.description for r in first.rows] == ["t0", "t1"]
    second = task_worklist(session, ctx, mine=False, done=False, page=2, per_page=2)
    assert [r.view.task.description for r in second.rows] == ["t2", "t3"]
    row = everything.rows[5]
    assert [s.name for s in row.subjects] == ["Cand5 Doe"] and row.assignees == ("Eva Laurent",)


def test_set_task_done_checks_role_and_company(session: Session, ctx: Context, other_ctx: Context) -> None:
    me = user_of(session, ctx)
    public_id = task(session, ctx, "close me", 0, [f"member={me}"], [me])
    row = set_task_done(session, ctx, public_id, True)
    assert row.view.task.done and row.assignees == ("Eva Laurent",)
    with pytest.raises(NotFound):
        set_task_done(session, other_ctx, public_id, False)
    with pytest.raises(Forbidden):
        set_task_done(session, make_member(session, ctx, Role.HIRING_MANAGER), public_id, False)

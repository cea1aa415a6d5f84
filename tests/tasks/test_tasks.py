from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD
from tests.factories import QueryCounter, count_rows, make_application
from vivier.companies.context import Context
from vivier.companies.models import Member, Role, User
from vivier.companies.service import NewCompany, add_member
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.events.models import AuditEvent
from vivier.tasks.models import Task, TaskLink, TaskUser
from vivier.tasks.service import (
    close_task,
    create_task,
    get_task,
    list_tasks,
    list_tasks_for_member,
    notification_mails,
)

WHEN = datetime(2022, 2, 12, 18, 55, tzinfo=UTC)


def _recruiter(session: Session, ctx: Context, email: str = "rita@example.org") -> Member:
    return add_member(session, ctx, email=email, password=PASSWORD, role_id=Role.RECRUITER)


def test_create_task_with_member_and_applicant_values(
    session: Session, company: NewCompany, ctx: Context
) -> None:
    application = make_application(session, ctx)
    rita = _recruiter(session, ctx)
    admin_user = company.user.public_id
    view = create_task(
        session,
        ctx,
        description="  Traiter ses mails ",
        date=WHEN,
        value=[f"applicant={application.public_id}", f"member={admin_user}", f"member={rita.public_id}"],
        users=[admin_user, rita.public_id, admin_user],
        member_ref=None,
        email=True,
    )
    rita_public = session.get(User, rita.user_id)
    assert rita_public is not None
    assert view.task.description == "Traiter ses mails"
    assert view.task.date == WHEN
    assert view.task.type == "task" and view.task.done is False and view.task.email is True
    assert view.value == (
        f"applicant={application.public_id}",
        f"member={admin_user}",
        f"member={rita_public.public_id}",  # a member's encoded id is shown as its user's id
    )
    assert view.users == (admin_user, rita_public.public_id)  # repeats dropped, order kept
    assert view.member_id == admin_user  # defaults to the acting member
    assert len(view.task.public_id) == 16
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == ctx.company_id)).all()
    assert "task.create" in actions


def test_member_id_names_the_creator(session: Session, company: NewCompany, ctx: Context) -> None:
    rita = _recruiter(session, ctx)
    view = create_task(
        session,
        ctx,
        "Call back",
        WHEN,
        [f"member={rita.public_id}"],
        [],
        member_ref=rita.public_id,
        email=False,
    )
    user = session.get(User, rita.user_id)
    assert user is not None
    assert view.member_id == user.public_id
    assert view.task.creator_member_id == rita.id
    assert view.users == ()


@pytest.mark.parametrize(
    ("kwargs", "field", "constraint"),
    [
        ({"description": "   "}, "description", Constraint.BLANK),
        ({"value": []}, "value", Constraint.BLANK),
        ({"value": ["someone=abc"]}, "value", Constraint.INVALID),
        ({"value": ["member="]}, "value", Constraint.INVALID),
        ({"value": ["member=ZZZZZZZZZZZZZZZZ"]}, "value", Constraint.REFERENCE),
        ({"value": ["applicant=ZZZZZZZZZZZZZZZZ"]}, "value", Constraint.REFERENCE),
        ({"users": ["ZZZZZZZZZZZZZZZZ"]}, "users", Constraint.REFERENCE),
        ({"member_ref": "ZZZZZZZZZZZZZZZZ"}, "memberId", Constraint.REFERENCE),
        ({"date": "2022-02-12"}, "date", Constraint.TYPE),
        ({"date": None}, "date", Constraint.NULL),
    ],
)
def test_invalid_task_names_the_field_and_stores_nothing(
    session: Session,
    company: NewCompany,
    ctx: Context,
    kwargs: dict[str, object],
    field: str,
    constraint: Constraint,
) -> None:
    args: dict[str, object] = {
        "description": "Do it",
        "date": WHEN,
        "value": [f"member={company.user.public_id}"],
        "users": [company.user.public_id],
        "member_ref": None,
        "email": False,
    }
    args.update(kwargs)
    before = (count_rows(session, Task), count_rows(session, TaskLink), count_rows(session, TaskUser))
    with pytest.raises(Invalid) as raised:
        create_task(session, ctx, **args)  # type: ignore[arg-type]
    assert [(v.field, v.constraint) for v in raised.value.violations] == [(field, constraint)]
    assert (count_rows(session, Task), count_rows(session, TaskLink), count_rows(session, TaskUser)) == before


def test_every_bad_field_is_reported_at_once(session: Session, company: NewCompany, ctx: Context) -> None:
    with pytest.raises(Invalid) as raised:
        create_task(session, ctx, "", WHEN, [], ["nobody"], member_ref="nobody")
    assert {v.field for v in raised.value.violations} == {"description", "value", "users", "memberId"}


def test_other_company_ids_are_refused(
    session: Session, company: NewCompany, ctx: Context, other_company: NewCompany, other_ctx: Context
) -> None:
    foreign_app = make_application(session, other_ctx)
    foreign_user = other_company.user.public_id
    for value, users in (
        ([f"applicant={foreign_app.public_id}"], []),
        ([f"member={foreign_user}"], []),
        ([f"member={company.user.public_id}"], [foreign_user]),
    ):
        with pytest.raises(Invalid):
            create_task(session, ctx, "x", WHEN, value, users)
    mine = create_task(session, other_ctx, "theirs", WHEN, [f"member={foreign_user}"], [foreign_user])
    with pytest.raises(NotFound):
        close_task(session, ctx, mine.task.public_id, True)
    with pytest.raises(NotFound):
        get_task(session, ctx, mine.task.public_id)
    assert list_tasks(session, ctx) == []


def test_close_and_reopen(session: Session, company: NewCompany, ctx: Context) -> None:
    view = create_task(session, ctx, "x", WHEN, [f"member={company.user.public_id}"], [])
    closed = close_task(session, ctx, view.task.public_id, True)
    assert closed.task.done is True
    assert closed.value == view.value
    assert get_task(session, ctx, view.task.public_id).task.done is True
    assert close_task(session, ctx, view.task.public_id, False).task.done is False
    with pytest.raises(NotFound):
        close_task(session, ctx, "ZZZZZZZZZZZZZZZZ", True)


def test_read_only_context_cannot_write(session: Session, company: NewCompany, ctx: Context) -> None:
    read_only = Context(ctx.company_id, ctx.company_public_id, ctx.member_id, ctx.user_id, ctx.role_id, True)
    with pytest.raises(Forbidden):
        create_task(session, read_only, "x", WHEN, [f"member={company.user.public_id}"], [])


def test_list_by_date_with_window(session: Session, company: NewCompany, ctx: Context) -> None:
    me = f"member={company.user.public_id}"
    application = make_application(session, ctx)
    for days, text in ((3, "c"), (0, "a"), (1, "b"), (10, "d")):
        value = [me] if days % 2 == 0 else [f"applicant={application.public_id}"]
        create_task(session, ctx, text, WHEN + timedelta(days=days), value, [])
    assert [v.task.description for v in list_tasks(session, ctx)] == ["a", "b", "c", "d"]
    assert [v.task.description for v in list_tasks(session, ctx, WHEN + timedelta(days=1))] == ["b", "c", "d"]
    assert [v.task.description for v in list_tasks(session, ctx, WHEN, 3)] == ["a", "b"]
    assert [v.task.description for v in list_tasks(session, ctx, limit=2, offset=1)] == ["b", "c"]
    mixed = list_tasks(session, ctx)
    assert mixed[0].value == (me,) and mixed[1].value == (f"applicant={application.public_id}",)
    with pytest.raises(Invalid) as raised:
        list_tasks(session, ctx, WHEN, -1)
    assert raised.value.violations[0].field == "delay"


def test_list_uses_a_fixed_number_of_queries(session: Session, company: NewCompany, ctx: Context) -> None:
    me = company.user.public_id

    def make(n: int) -> None:
        for i in range(n):
            application = make_application(session, ctx)
            create_task(
                session, ctx, f"t{i}", WHEN, [f"member={me}", f"applicant={application.public_id}"], [me]
            )

    make(2)
    session.expire_all()
    with QueryCounter(session) as few:
        assert len(list_tasks(session, ctx)) == 2
    make(8)
    session.expire_all()
    with QueryCounter(session) as many:
        views = list_tasks(session, ctx)
    assert len(views) == 10
    assert many.count == few.count
    assert all(len(v.value) == 2 and v.users == (me,) and v.member_id == me for v in views)


def test_tasks_for_member(session: Session, company: NewCompany, ctx: Context) -> None:
    rita = _recruiter(session, ctx)
    rita_ctx = Context(ctx.company_id, ctx.company_public_id, rita.id, rita.user_id, Role.RECRUITER)
    admin = company.user.public_id
    create_task(session, ctx, "admin only", WHEN, [f"member={admin}"], [admin])
    create_task(session, ctx, "shown to rita", WHEN, [f"member={admin}"], [rita.public_id])
    create_task(session, ctx, "about rita", WHEN, [f"member={rita.public_id}"], [])
    done = create_task(session, rita_ctx, "by rita", WHEN, [f"member={admin}"], [])
    close_task(session, rita_ctx, done.task.public_id, True)
    mine = [v.task.description for v in list_tasks_for_member(session, rita_ctx)]
    assert mine == ["shown to rita", "about rita"]
    everything = list_tasks_for_member(session, rita_ctx, include_done=True)
    assert [v.task.description for v in everything] == ["shown to rita", "about rita", "by rita"]


def test_notification_mails_go_to_the_users_shown_when_asked(
    session: Session, company: NewCompany, ctx: Context
) -> None:
    rita = _recruiter(session, ctx)
    rita_user = session.get(User, rita.user_id)
    assert rita_user is not None
    notified = create_task(session, ctx, "Appeler <Ada>", WHEN, [f"member={rita.public_id}"], [rita.public_id],
                           member_ref=None, email=True)  # fmt: skip
    quiet = create_task(session, ctx, "Quiet", WHEN, [f"member={rita.public_id}"], [rita.public_id],
                        member_ref=None, email=False)  # fmt: skip
    [mail] = notification_mails(session, notified.task.id)
    assert mail.to == rita_user.email and "Appeler <Ada>" in mail.subject
    assert "&lt;Ada&gt;" in mail.html and "Appeler <Ada>" in mail.text
    assert notification_mails(session, quiet.task.id) == []

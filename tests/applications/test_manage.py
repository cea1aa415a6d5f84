from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from tests.applications.conftest import MAX_BYTES, VacancyFactory, request
from vivier.applications.models import Application, Apply
from vivier.applications.service import (
    applicant_views,
    apply,
    archive_application,
    get_application,
    list_applications_for_vacancy,
    move_application,
    set_score,
)
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.events.models import OutboxEvent
from vivier.files.store import LocalFileStore
from vivier.pipeline.models import PipelineColumn
from vivier.pipeline.service import list_columns
from vivier.vacancies.models import Vacancy


def new_app(
    session: Session, ctx: Context, store: LocalFileStore, vacancy: Vacancy, email: str, **kw: object
) -> Application:
    result = apply(session, ctx, store, MAX_BYTES, request(vacancy, email=email, **kw))
    assert result.application is not None
    return result.application


def drag_events(session: Session, ctx: Context) -> list[dict[str, int]]:
    rows = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.company_id == ctx.company_id, OutboxEvent.event == "drag_applicant")
        .order_by(OutboxEvent.id)
    )
    return [row.subject for row in rows]


def columns(session: Session, ctx: Context) -> list[PipelineColumn]:
    return list_columns(session, ctx)


def test_move_to_another_column(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, clock: list[datetime]
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    created = app.updated_at
    first, second = columns(session, ctx)[:2]
    clock[0] += timedelta(hours=1)
    moved = move_application(session, ctx, vacancy.public_id, app.public_id, second.id)
    assert moved is app and app.column_id == second.id
    assert app.updated_at == clock[0] and app.updated_at > created
    assert drag_events(session, ctx) == [
        {"application_id": app.id, "from_column_id": first.id, "to_column_id": second.id}
    ]


def test_no_column_or_same_column_changes_nothing(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, clock: list[datetime]
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    before = (app.column_id, app.updated_at)
    clock[0] += timedelta(hours=1)
    move_application(session, ctx, vacancy.public_id, app.public_id, None)
    move_application(session, ctx, vacancy.public_id, app.public_id, app.column_id)
    session.flush()
    session.refresh(app)
    assert (app.column_id, app.updated_at) == before
    assert drag_events(session, ctx) == []


def test_move_keeps_an_archived_application_archived(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    archive_application(session, ctx, vacancy.public_id, app.public_id)
    last = columns(session, ctx)[-1]
    move_application(session, ctx, vacancy.public_id, app.public_id, last.id)
    assert (app.status, app.column_id) == (0, last.id)


def test_move_errors(
    session: Session,
    ctx: Context,
    other_ctx: Context,
    make_vacancy: VacancyFactory,
    store: LocalFileStore,
) -> None:
    vacancy, other_vacancy = make_vacancy(ctx, "One"), make_vacancy(ctx, "Two")
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    theirs_vacancy = make_vacancy(other_ctx, "Theirs")
    theirs = new_app(session, other_ctx, store, theirs_vacancy, "t@example.org")
    target = columns(session, ctx)[1].id
    for vac, ref in (
        (other_vacancy.public_id, app.public_id),  # not this vacancy's applicant
        (theirs_vacancy.public_id, theirs.public_id),  # another company's ids
        (vacancy.public_id, theirs.public_id),
        (theirs_vacancy.public_id, app.public_id),
        ("nope", app.public_id),
    ):
        with pytest.raises(NotFound):
            move_application(session, ctx, vac, ref, target)
        with pytest.raises(NotFound):
            archive_application(session, ctx, vac, ref)
    their_column = columns(session, other_ctx)[1].id
    with pytest.raises(Invalid) as info:
        move_application(session, ctx, vacancy.public_id, app.public_id, "2")  # type: ignore[arg-type]
    assert [(v.field, v.constraint) for v in info.value.violations] == [("column_id", Constraint.TYPE)]
    for column_id in (their_column, 999999):
        with pytest.raises(Invalid) as info:
            move_application(session, ctx, vacancy.public_id, app.public_id, column_id)
        assert [(v.field, v.constraint) for v in info.value.violations] == [
            ("column_id", Constraint.REFERENCE)
        ]
    assert app.status == 1 and app.column_id == columns(session, ctx)[0].id
    assert theirs.status == 1 and drag_events(session, ctx) == []


def test_archive_is_idempotent(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore, clock: list[datetime]
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    column = app.column_id
    clock[0] += timedelta(hours=1)
    archived = archive_application(session, ctx, vacancy.public_id, app.public_id)
    assert (archived.status, archived.column_id, archived.updated_at) == (0, column, clock[0])
    stamp = archived.updated_at
    clock[0] += timedelta(hours=1)
    again = archive_application(session, ctx, vacancy.public_id, app.public_id)
    session.flush()
    assert (again.status, again.updated_at) == (0, stamp)


def test_read_only_context_cannot_change(
    session: Session, ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    reader = Context(ctx.company_id, ctx.company_public_id, ctx.member_id, ctx.user_id, 4)
    with pytest.raises(Forbidden):
        move_application(session, reader, vacancy.public_id, app.public_id, columns(session, ctx)[1].id)
    with pytest.raises(Forbidden):
        archive_application(session, reader, vacancy.public_id, app.public_id)
    with pytest.raises(Forbidden):
        apply(session, reader, store, MAX_BYTES, request(vacancy, email="r@example.org"))


def test_get_application_is_scoped(
    session: Session, ctx: Context, other_ctx: Context, vacancy: Vacancy, store: LocalFileStore
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    assert get_application(session, ctx, app.public_id) is app
    with pytest.raises(NotFound):
        get_application(session, other_ctx, app.public_id)


@contextmanager
def counting(session: Session) -> Iterator[list[str]]:
    statements: list[str] = []
    engine = session.get_bind()

    def listen(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def test_applicant_views_use_a_fixed_number_of_queries(
    session: Session, ctx: Context, make_vacancy: VacancyFactory, store: LocalFileStore
) -> None:
    one, two = make_vacancy(ctx, "One"), make_vacancy(ctx, "Two")
    apps = [new_app(session, ctx, store, one, f"p{n}@example.org") for n in range(4)]
    apps.append(new_app(session, ctx, store, two, "link@example.org", type="link", resume="x.org/cv"))
    apps.append(new_app(session, ctx, store, two, "p0@example.org", offerer_id=2))
    session.add(Apply(application_id=apps[0].id, source_id=2, imported=True, created_at=datetime.now(UTC)))
    session.flush()
    session.expire_all()
    fresh = [get_application(session, ctx, a.public_id) for a in apps]
    with counting(session) as single:
        applicant_views(session, fresh[:1])
    session.expire_all()
    fresh = [get_application(session, ctx, a.public_id) for a in apps]
    with counting(session) as many:
        views = applicant_views(session, fresh)
    assert len(many) == len(single) <= 8
    assert [v.application.public_id for v in views] == [a.public_id for a in apps]
    first, link, reused = views[0], views[4], views[5]
    assert first.vacancy.public_id == one.public_id and first.company.id == ctx.company_id
    assert first.column.title == "À traiter" and first.cv is not None and first.cv.extension == "pdf"
    # One row per apply: a second one joins the first's view, in order, and duplicates no view.
    assert [(a.apply.source_id, a.apply.imported) for a in first.applies] == [(98, False), (2, True)]
    assert first.applies[0].source is not None and first.applies[0].source.label == "Site carrière"
    assert [len(v.applies) for v in views[1:]] == [1] * (len(views) - 1)
    assert link.cv is None and link.candidate.cv_link == "https://x.org/cv"
    assert "cv_text" not in vars(first.candidate)  # never rendered, often kilobytes: not loaded
    assert reused.candidate.id == first.candidate.id and reused.applies[0].apply.source_id == 2
    assert applicant_views(session, []) == []


def test_board_groups_by_column(
    session: Session,
    ctx: Context,
    other_ctx: Context,
    vacancy: Vacancy,
    store: LocalFileStore,
    clock: list[datetime],
) -> None:
    cols = columns(session, ctx)
    a = new_app(session, ctx, store, vacancy, "a@example.org", firstname="Ann")
    clock[0] += timedelta(minutes=1)
    b = new_app(session, ctx, store, vacancy, "b@example.org", firstname="Bob")
    clock[0] += timedelta(minutes=1)
    c = new_app(session, ctx, store, vacancy, "c@example.org", firstname="Cid")
    move_application(session, ctx, vacancy.public_id, b.public_id, cols[2].id)
    archive_application(session, ctx, vacancy.public_id, c.public_id)
    set_score(session, ctx, a.public_id, 4)
    board = list_applications_for_vacancy(session, ctx, vacancy.public_id)
    assert board.vacancy is vacancy
    assert [bc.column.id for bc in board.columns] == [col.id for col in cols]
    cards = {bc.column.title: [(card.firstname, card.score) for card in bc.cards] for bc in board.columns}
    assert cards["À traiter"] == [("Ann", 4)] and cards["Entretien RH"] == [("Bob", 0)]
    assert sum(len(bc.cards) for bc in board.columns) == 2
    full = list_applications_for_vacancy(session, ctx, vacancy.public_id, include_archived=True)
    first = full.columns[0].cards
    assert [(card.firstname, card.status) for card in first] == [("Ann", 1), ("Cid", 0)]
    assert first[0].application_id == a.public_id and first[0].created_at == a.created_at
    with pytest.raises(NotFound):
        list_applications_for_vacancy(session, other_ctx, vacancy.public_id)


@pytest.mark.parametrize("score", [-1, 6, True, "3"])
def test_set_score_rules(
    session: Session, ctx: Context, other_ctx: Context, vacancy: Vacancy, store: LocalFileStore, score: object
) -> None:
    app = new_app(session, ctx, store, vacancy, "a@example.org")
    with pytest.raises(Invalid) as info:
        set_score(session, ctx, app.public_id, score)  # type: ignore[arg-type]
    assert info.value.violations[0].field == "score"
    assert set_score(session, ctx, app.public_id, 5).score == 5
    with pytest.raises(NotFound):
        set_score(session, other_ctx, app.public_id, 1)

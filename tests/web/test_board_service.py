"""The board's service: bounded lanes in a fixed number of queries, tags in batch, the API's moves."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.factories import QueryCounter, make_application, make_candidate, make_vacancy
from vivier.applications.board import archive_card, move_card, vacancy_board
from vivier.companies.context import Context
from vivier.pipeline.service import list_columns
from vivier.tags.service import add_trait, list_tags
from vivier.vacancies.models import Vacancy


def _fill(session: Session, ctx: Context, vacancy: Vacancy, count: int) -> None:
    """``count`` applications in the first two columns, each with two tag values."""
    columns = list_columns(session, ctx)
    tags = {t.title: t for t in list_tags(session, ctx, type="candidates")}
    for i in range(count):
        application = make_application(session, ctx, make_candidate(session, ctx, f"P{i}"), vacancy)
        application.column_id = columns[i % 2].id
        add_trait(session, ctx, application, tags["Niveau"].id, "Junior")
        add_trait(session, ctx, application, tags["Diplôme"].id, "Bac +5")


def test_the_board_takes_a_fixed_number_of_queries(session: Session, ctx: Context) -> None:
    small, big = make_vacancy(session, ctx, "Small"), make_vacancy(session, ctx, "Big")
    _fill(session, ctx, small, 1)
    _fill(session, ctx, big, 12)
    session.flush()
    small_id, big_id = small.public_id, big.public_id
    session.expire_all()
    with QueryCounter(session) as few:
        vacancy_board(session, ctx, small_id)
    session.expire_all()
    with QueryCounter(session) as many:
        board = vacancy_board(session, ctx, big_id, limit=4)
    assert many.count == few.count == 5
    first, second = board.lanes[0], board.lanes[1]
    assert (first.count, len(first.cards), first.more) == (6, 4, True)
    assert (second.count, len(second.cards)) == (6, 4)
    assert all(len(card.tags) == 2 for card in first.cards)
    assert [t.value for t in first.cards[0].tags] == ["Bac +5", "Junior"]  # tag order, not arrival


def test_one_lane_from_an_offset(session: Session, ctx: Context) -> None:
    vacancy = make_vacancy(session, ctx)
    _fill(session, ctx, vacancy, 10)
    column = list_columns(session, ctx)[0].id
    page = vacancy_board(session, ctx, vacancy.public_id, limit=3, column_id=column, offset=3)
    assert [lane.column.id for lane in page.lanes] == [column]
    lane = page.lanes[0]
    assert (lane.count, len(lane.cards), lane.offset, lane.more) == (5, 2, 3, False)
    assert len(page.targets) == len(list_columns(session, ctx))


def test_moves_and_archives_return_the_new_counts(session: Session, ctx: Context) -> None:
    vacancy = make_vacancy(session, ctx)
    application = make_application(session, ctx, vacancy=vacancy)
    columns = list_columns(session, ctx)
    assert move_card(session, ctx, vacancy.public_id, application.public_id, columns[2].id) == {
        columns[2].id: 1
    }
    assert archive_card(session, ctx, vacancy.public_id, application.public_id) == {}

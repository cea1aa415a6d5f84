"""Pages of everyone: the daily counts behind deep pages, and the search documents' creation dates."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.conftest import context_of, new_company
from tests.factories import daily_counts, make_candidate, settable_clock
from vivier.candidates import pages
from vivier.candidates.models import COUNTER_SLOTS, Candidate, CandidateDay, CandidateSearchDoc
from vivier.candidates.schemas import CandidateData
from vivier.candidates.search import search_candidates
from vivier.candidates.service import create_candidate, list_candidates, update_candidate
from vivier.companies.context import Context
from vivier.core.listing import ListQuery
from vivier.db.migrate import downgrade, upgrade
from vivier.db.session import Database

MIDNIGHT = datetime(2026, 4, 3, tzinfo=UTC)
TINY = timedelta(microseconds=1)
# Around midnight UTC, equal instants (ties broken by id), and days apart.
MOMENTS = [
    MIDNIGHT - TINY,
    MIDNIGHT,
    MIDNIGHT,
    MIDNIGHT + TINY,
    MIDNIGHT + timedelta(hours=12),
    MIDNIGHT + timedelta(days=1) - TINY,
    MIDNIGHT + timedelta(days=1),
    MIDNIGHT + timedelta(days=4, hours=5),
    MIDNIGHT - timedelta(days=30, hours=1),
]


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    with settable_clock(MIDNIGHT) as current:
        yield current


@pytest.fixture
def crowd(session: Session, ctx: Context, clock: list[datetime]) -> list[Candidate]:
    """People of ``ctx`` (and of another company, at the same instants) created in a shuffled order,
    then a few deleted and one moved to another day, so counts go up and down."""
    if session.get_bind().dialect.name == "postgresql":  # days are UTC whatever the session's zone
        session.execute(text("SET LOCAL TIME ZONE 'Asia/Kathmandu'"))
    rival = context_of(new_company(session, "Rival"))
    rng = random.Random(6)
    moments = MOMENTS * 3 + [MIDNIGHT + timedelta(minutes=rng.randrange(8000)) for _ in range(12)]
    rng.shuffle(moments)
    people = []
    for i, moment in enumerate(moments):
        clock[0] = moment
        people.append(make_candidate(session, ctx, "Ada", f"Crowd{i}"))
        make_candidate(session, rival, "Rex", f"Rival{i}")
    for gone in people[3:6]:
        session.delete(gone)
    people[7].created_at = MIDNIGHT + timedelta(days=9)
    session.flush()
    return [p for p in people if p not in people[3:6]]


def _in_order(people: list[Candidate]) -> list[int]:
    return [p.id for p in sorted(people, key=lambda p: (p.created_at, p.id))]


def test_daily_counts_follow_inserts_deletes_and_moves(
    session: Session, ctx: Context, crowd: list[Candidate]
) -> None:
    expected = Counter(p.created_at.replace(hour=0, minute=0, second=0, microsecond=0) for p in crowd)
    assert daily_counts(session, ctx.company_id) == expected
    slots = session.execute(
        select(CandidateDay.day_start, CandidateDay.slot, CandidateDay.total).where(
            CandidateDay.company_id == ctx.company_id
        )
    ).all()
    # Each slot counts the people whose id falls in it.
    spread = COUNTER_SLOTS[session.get_bind().dialect.name]
    assert Counter({(day, slot): total for day, slot, total in slots if total}) == Counter(
        (p.created_at.replace(hour=0, minute=0, second=0, microsecond=0), p.id % spread) for p in crowd
    )


@pytest.mark.parametrize("per_page", [1, 2, 3, 7, 30])
def test_every_page_from_its_day_is_the_plain_offset_page(
    session: Session, ctx: Context, crowd: list[Candidate], monkeypatch: pytest.MonkeyPatch, per_page: int
) -> None:
    monkeypatch.setattr(pages, "SKIP_FROM", {})  # every page starts from its day
    ordered = _in_order(crowd)
    for number in range(1, len(ordered) // per_page + 3):
        page = list_candidates(session, ctx, ListQuery(page=number, per_page=per_page))
        start = (number - 1) * per_page
        assert [c.id for c in page.items] == ordered[start : start + per_page], (number, per_page)
        assert page.total == len(ordered)


def test_first_pages_carry_the_counter(session: Session, ctx: Context, crowd: list[Candidate]) -> None:
    ordered = _in_order(crowd)
    page = list_candidates(session, ctx, ListQuery(page=2, per_page=4))
    assert [c.id for c in page.items] == ordered[4:8] and page.total == len(ordered)
    past = list_candidates(session, ctx, ListQuery(page=99, per_page=4))
    assert past.items == [] and past.total == len(ordered)


@pytest.mark.parametrize("from_its_day", [False, True])
def test_a_company_without_people_has_empty_pages(
    session: Session, ctx: Context, monkeypatch: pytest.MonkeyPatch, from_its_day: bool
) -> None:
    if from_its_day:
        monkeypatch.setattr(pages, "SKIP_FROM", {})
    for number in (1, 3):
        page = list_candidates(session, ctx, ListQuery(page=number))
        assert page.items == [] and page.total == 0


def test_search_documents_keep_the_creation_date(
    session: Session, ctx: Context, crowd: list[Candidate]
) -> None:
    update_candidate(session, ctx, crowd[0].public_id, {"position": "Analyst"})  # rebuilds its document
    session.flush()
    dated = session.execute(
        select(CandidateSearchDoc.candidate_id, CandidateSearchDoc.created_at).where(
            CandidateSearchDoc.company_id == ctx.company_id
        )
    ).all()
    assert dict(dated) == {p.id: p.created_at for p in crowd}
    page = search_candidates(session, ctx, "ada", ListQuery(per_page=5, page=2))
    newest_first = _in_order(crowd)[::-1]
    assert [c.id for c in page.items] == newest_first[5:10] and page.total == len(crowd)


def test_the_migration_fills_counts_and_dates_of_existing_people(db: Database) -> None:
    with db.unit_of_work() as session:
        ctx = context_of(new_company(session, "Legacy"))
        with settable_clock(MIDNIGHT) as clock:
            for i, moment in enumerate(MOMENTS):
                clock[0] = moment
                make_candidate(session, ctx, "Old", f"Timer{i}")
        session.commit()
    try:
        downgrade(db.engine, "0003_perf_indexes")  # drops the counts and the documents' dates
    finally:
        upgrade(db.engine)
    with db.unit_of_work() as session:
        people = session.scalars(select(Candidate).where(Candidate.company_id == ctx.company_id)).all()
        days = daily_counts(session, ctx.company_id)
        dated = session.execute(
            select(CandidateSearchDoc.candidate_id, CandidateSearchDoc.created_at).where(
                CandidateSearchDoc.company_id == ctx.company_id
            )
        ).all()
    assert days == Counter(p.created_at.replace(hour=0, minute=0, second=0, microsecond=0) for p in people)
    assert dict(dated) == {p.id: p.created_at for p in people}


def test_people_added_at_once_do_not_wait_for_each_other(db: Database) -> None:
    """PostgreSQL: two transactions adding people to one company both go ahead before either commits;
    with one counter row per company, the second waited for the first's commit (migration 0006)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    with db.unit_of_work() as session:
        ctx = context_of(new_company(session, "Busy"))
        session.commit()
    with Session(db.engine) as first, Session(db.engine) as second:
        create_candidate(
            first, ctx, CandidateData(firstname="Ada", lastname="First", email="ada@example.org")
        )
        first.flush()
        second.execute(text("SET LOCAL lock_timeout = '2s'"))  # a wait fails the test, it does not hang
        create_candidate(
            second, ctx, CandidateData(firstname="Bob", lastname="Second", email="bob@example.org")
        )
        second.flush()
        first.commit()
        second.commit()
    with db.unit_of_work() as session:
        assert list_candidates(session, ctx, ListQuery()).total == 2
        assert sum(daily_counts(session, ctx.company_id).values()) == 2

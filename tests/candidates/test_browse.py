"""Keyset pages of the candidate search (web app): no count query, one query for the latest applications."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.factories import QueryCounter, make_application, make_candidate
from vivier.candidates.search import browse_candidates
from vivier.companies.context import Context


def test_pages_cost_the_same_whatever_the_hits_and_count_nothing(
    session: Session, ctx: Context, other_ctx: Context
) -> None:
    people = [make_candidate(session, ctx, "Walker", f"N{n}") for n in range(4)]
    for person in people:
        make_application(session, ctx, person)
        make_application(session, ctx, person)
    make_candidate(session, other_ctx, "Walker", "Foreign")
    session.flush()
    with QueryCounter(session) as one:
        small = browse_candidates(session, ctx, "walker", limit=1)
    with QueryCounter(session) as many:
        full = browse_candidates(session, ctx, "walker", limit=10)
    assert len(small.hits) == 1 and len(full.hits) == 4 and one.count == many.count
    assert not any("count(" in s.lower() for s in many.statements)
    assert [h.candidate.lastname for h in full.hits] == ["N3", "N2", "N1", "N0"]
    assert all(h.latest is not None and h.latest.count == 2 for h in full.hits)
    assert full.next_after is None and full.previous_before is None
    assert small.next_after == people[3].public_id


def test_walks_forward_and_back(session: Session, ctx: Context) -> None:
    people = [make_candidate(session, ctx, "Step", f"S{n}") for n in range(5)]
    ids = [p.public_id for p in reversed(people)]  # newest first
    first = browse_candidates(session, ctx, "step", limit=2)
    assert [h.candidate.public_id for h in first.hits] == ids[:2] and first.previous_before is None
    second = browse_candidates(session, ctx, "step", after=first.next_after, limit=2)
    assert [h.candidate.public_id for h in second.hits] == ids[2:4]
    third = browse_candidates(session, ctx, "step", after=second.next_after, limit=2)
    assert [h.candidate.public_id for h in third.hits] == ids[4:] and third.next_after is None
    back = browse_candidates(session, ctx, "step", before=third.previous_before, limit=2)
    assert [h.candidate.public_id for h in back.hits] == ids[2:4] and back.next_after == ids[3]
    top = browse_candidates(session, ctx, "step", before=back.previous_before, limit=2)
    assert [h.candidate.public_id for h in top.hits] == ids[:2] and top.previous_before is None

"""Scorecards of one person: totals and averages, and filling a group all at once or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import count_rows, make_candidate
from vivier.assessments.models import RecruitmentTaskAnswer
from vivier.assessments.scorecards import ScoreEntry, candidate_scorecards, fill_scorecard
from vivier.assessments.service import create_group, create_recruitment_task
from vivier.companies.context import Context
from vivier.core.errors import Invalid, NotFound


def _group(session: Session, ctx: Context, name: str, questions: int) -> tuple[int, list[int]]:
    group = create_group(session, ctx, {"name": name}).group.id
    ids = [
        create_recruitment_task(session, ctx, {"question": f"Q{i}", "recruitmentTaskGroup": group}).id
        for i in range(questions)
    ]
    return group, ids


def test_total_and_average_over_scored_answers(session: Session, ctx: Context) -> None:
    person = make_candidate(session, ctx)
    group, (q1, q2, _q3) = _group(session, ctx, "Tech", 3)
    _group(session, ctx, "Unanswered", 1)
    fill_scorecard(
        session, ctx, person.public_id, group, [ScoreEntry(q1, "a", 6), ScoreEntry(q2, "text only", None)]
    )
    fill_scorecard(session, ctx, person.public_id, group, [ScoreEntry(q1, None, 9)])
    [card] = candidate_scorecards(session, ctx, person.id)
    assert card.group.id == group and [len(t.answers) for t in card.tasks] == [2, 1, 0]
    assert (card.total, card.out_of, card.average) == (15, 20, 7.5)
    assert candidate_scorecards(session, ctx, make_candidate(session, ctx).id) == []


def test_a_bad_line_stores_nothing(session: Session, ctx: Context, other_ctx: Context) -> None:
    person = make_candidate(session, ctx)
    group, (q1, q2) = _group(session, ctx, "Tech", 2)
    _, (foreign,) = _group(session, other_ctx, "Theirs", 1)
    with pytest.raises(Invalid) as raised:
        fill_scorecard(
            session,
            ctx,
            person.public_id,
            group,
            [ScoreEntry(q1, "fine", 7), ScoreEntry(q2, None, 11), ScoreEntry(foreign, "x", None)],
        )
    assert [v.field for v in raised.value.violations] == [f"score-{q2}", f"task-{foreign}"]
    with pytest.raises(Invalid):
        fill_scorecard(session, ctx, person.public_id, group, [ScoreEntry(q1, "  ", None)])
    assert count_rows(session, RecruitmentTaskAnswer, ctx.company_id) == 0
    with pytest.raises(NotFound):
        fill_scorecard(session, other_ctx, person.public_id, group, [ScoreEntry(q1, "x", 1)])

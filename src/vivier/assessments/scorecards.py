"""Scorecards of one person (web app profile): a task group's questions with the person's answers.

Vivier decision (the specs define no aggregate): a scorecard's ``total`` is the sum of the scored
answers, ``average`` their mean on the 0-10 scale, over every answer given (several per task allowed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vivier.assessments.models import RecruitmentTask, RecruitmentTaskAnswer, RecruitmentTaskGroup
from vivier.assessments.schemas import SCORE_MAX, AnswerView
from vivier.assessments.service import _answer_violations, create_answer
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, Violation
from vivier.db.scoping import get_by_int_id, get_by_public_id, scoped


@dataclass(frozen=True)
class ScoredTask:
    task: RecruitmentTask
    answers: list[RecruitmentTaskAnswer]


@dataclass(frozen=True)
class Scorecard:
    group: RecruitmentTaskGroup
    tasks: list[ScoredTask]

    @property
    def scores(self) -> list[int]:
        return [a.score for t in self.tasks for a in t.answers if a.score is not None]

    @property
    def total(self) -> int:
        return sum(self.scores)

    @property
    def out_of(self) -> int:
        return SCORE_MAX * len(self.scores)

    @property
    def average(self) -> float | None:
        return round(self.total / len(self.scores), 1) if self.scores else None


@dataclass(frozen=True)
class ScoreEntry:
    """One filled line of a scorecard form; blank lines (no answer, no score) are skipped."""

    task_id: int
    answer: str | None
    score: int | None


def list_all_groups(session: Session, ctx: Context) -> list[RecruitmentTaskGroup]:
    return list(
        session.scalars(
            scoped(RecruitmentTaskGroup, ctx).order_by(RecruitmentTaskGroup.name, RecruitmentTaskGroup.id)
        )
    )


def _tasks_of(session: Session, ctx: Context, group_ids: Sequence[int]) -> list[RecruitmentTask]:
    stmt = (
        scoped(RecruitmentTask, ctx)
        .where(RecruitmentTask.group_id.in_(group_ids))
        .order_by(RecruitmentTask.id)
    )
    return list(session.scalars(stmt))


def group_questions(
    session: Session, ctx: Context, group_id: int
) -> tuple[RecruitmentTaskGroup, list[RecruitmentTask]]:
    """A task group and its questions (by id), else NotFound."""
    group = get_by_int_id(session, RecruitmentTaskGroup, ctx, group_id, what="RecruitmentTaskGroup")
    return group, _tasks_of(session, ctx, [group.id])


def candidate_scorecards(session: Session, ctx: Context, candidate_id: int) -> list[Scorecard]:
    """The scorecards an already scoped person has answers in, each with all of its group's questions."""
    answers = list(
        session.scalars(
            scoped(RecruitmentTaskAnswer, ctx)
            .where(RecruitmentTaskAnswer.candidate_id == candidate_id)
            .order_by(RecruitmentTaskAnswer.created_at, RecruitmentTaskAnswer.id)
        )
    )
    if not answers:
        return []
    by_task: dict[int, list[RecruitmentTaskAnswer]] = {}
    for answer in answers:
        by_task.setdefault(answer.task_id, []).append(answer)
    answered = (
        scoped(RecruitmentTask, ctx)
        .where(RecruitmentTask.id.in_(by_task))
        .with_only_columns(RecruitmentTask.group_id)
    )
    groups = list(
        session.scalars(
            scoped(RecruitmentTaskGroup, ctx)
            .where(RecruitmentTaskGroup.id.in_(answered))
            .order_by(RecruitmentTaskGroup.name, RecruitmentTaskGroup.id)
        )
    )
    tasks = _tasks_of(session, ctx, [g.id for g in groups])
    return [
        Scorecard(group, [ScoredTask(t, by_task.get(t.id, [])) for t in tasks if t.group_id == group.id])
        for group in groups
    ]


def fill_scorecard(
    session: Session, ctx: Context, candidate_id: str, group_id: int, entries: Sequence[ScoreEntry]
) -> list[AnswerView]:
    """Store the person's answers to a group's questions; every line is checked before any is stored.

    Violation fields are ``answer-<task id>`` / ``score-<task id>``; ``answers`` when nothing was filled.
    """
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    _, tasks = group_questions(session, ctx, group_id)
    known = {t.id for t in tasks}
    filled = [e for e in entries if (e.answer or "").strip() or e.score is not None]
    violations: list[Violation] = []
    for entry in filled:
        if entry.task_id not in known:
            violations.append(
                Violation(
                    f"task-{entry.task_id}", Constraint.REFERENCE, "is not a question of this scorecard"
                )
            )
            continue
        for v in _answer_violations({"answer": entry.answer or None, "score": entry.score}):
            violations.append(Violation(f"{v.field}-{entry.task_id}", v.constraint, v.message, v.limit))
    if not filled:
        violations.append(Violation("answers", Constraint.BLANK, "fill in at least one answer or score"))
    if violations:
        raise Invalid(violations)
    return [
        create_answer(
            session,
            ctx,
            {
                "recruitmentTask": e.task_id,
                "candidate": candidate.public_id,
                "answer": (e.answer or "").strip() or None,
                "score": e.score,
            },
        )
        for e in filled
    ]

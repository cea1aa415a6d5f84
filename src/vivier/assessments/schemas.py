"""Scorecard data: views handed to the faces and the input field kinds (checks: ``core.validation``).

Inputs are plain mappings keyed by the Flowtly field names (the names violations carry). Relations
arrive as bare ids: integers for scorecard resources, encoded ids for candidates and members.
"""

from __future__ import annotations

from dataclasses import dataclass

from vivier.assessments.models import RecruitmentTaskAnswer, RecruitmentTaskGroup
from vivier.core.validation import Kind

SCORE_MIN, SCORE_MAX = 0, 10

GROUP_FIELDS: dict[str, Kind] = {"name": "string", "description": "string"}
TASK_FIELDS: dict[str, Kind] = {
    "question": "string",
    "options": "string_list",
    "recruitmentTaskGroup": "int_ref",
}
ANSWER_FIELDS: dict[str, Kind] = {
    "recruitmentTask": "int_ref",
    "candidate": "str_ref",
    "answer": "string",
    "score": "integer",
}
# Relations fixed at creation (Flowtly §5.1): ignored on update.
ANSWER_FIXED = ("recruitmentTask", "candidate")


@dataclass(frozen=True)
class GroupView:
    """A task group with the ids of its tasks, ascending."""

    group: RecruitmentTaskGroup
    task_ids: tuple[int, ...]


@dataclass(frozen=True)
class AnswerView:
    """An answer with its candidate's encoded id (the task is an integer id on the row)."""

    answer: RecruitmentTaskAnswer
    candidate_id: str

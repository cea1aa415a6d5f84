"""Task data handed to the faces: a task row with the related ids they render."""

from __future__ import annotations

from dataclasses import dataclass

from vivier.tasks.models import Task

TASK_TYPE = "task"
MEMBER_PREFIX = "member="
APPLICANT_PREFIX = "applicant="


@dataclass(frozen=True)
class TaskView:
    """A task with its ``value`` strings, visible ``users`` and creator, as encoded ids.

    ``value`` entries are ``member=<user public id>`` or ``applicant=<application public id>``, in the
    order given at creation; ``users`` are user public ids; ``member_id`` is the creator's user public id.
    """

    task: Task
    value: tuple[str, ...]
    users: tuple[str, ...]
    member_id: str | None

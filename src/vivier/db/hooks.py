"""Work that must wait until a unit of work has committed (run by ``Database.unit_of_work``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

_AFTER_COMMIT = "vivier.after_commit"


def after_commit(session: Session, task: Callable[[], None]) -> None:
    """Run ``task`` once the session's unit of work has committed (dropped if it rolls back)."""
    session.info.setdefault(_AFTER_COMMIT, []).append(task)


def has_after_commit(session: Session) -> bool:
    return bool(session.info.get(_AFTER_COMMIT))


def run_after_commit(session: Session) -> None:
    for task in session.info.pop(_AFTER_COMMIT, []):
        task()


def forget_after_commit(session: Session) -> None:
    session.info.pop(_AFTER_COMMIT, None)

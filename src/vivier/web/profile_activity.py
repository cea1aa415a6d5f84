"""Profile messages, tags and tasks: send a message, add or remove a tag, create or close a task."""

from __future__ import annotations

from datetime import datetime
from html import escape

from fastapi import APIRouter, BackgroundTasks, Form
from fastapi.responses import Response

from vivier.core.errors import Constraint, Invalid
from vivier.faces.common import AppSettings, Store, database
from vivier.faces.flatchr.routes_activity import deliver_after_commit
from vivier.messages.by_candidate import send_candidate_message
from vivier.messages.mailer import mailer_from_url
from vivier.tags.by_candidate import tag_candidate, untag_candidate
from vivier.tasks.by_candidate import close_candidate_task, create_candidate_task
from vivier.web.profile_page import OnProfile

router = APIRouter()


def text_to_html(text: str) -> str:
    """A typed message as HTML: one escaped paragraph per non-blank line."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


@router.post("/candidates/{candidate_id}/messages")
def send_message(
    on: OnProfile,
    background: BackgroundTasks,
    settings: AppSettings,
    store: Store,
    application: str = Form(""),
    subject: str = Form(""),
    text: str = Form(""),
) -> Response:
    def send() -> None:
        view = send_candidate_message(
            on.session, on.ctx, on.candidate_id, application, text_to_html(text), subject=subject
        )
        mailer = mailer_from_url(settings.smtp_url)
        if mailer is not None and view.message.send_mail:
            # As on the Flatchr face: background tasks run after the response, hence after the commit.
            background.add_task(deliver_after_commit, database(on.request), mailer, store, view.message.id)

    return on.run("messages", "message", {"application": application, "subject": subject, "text": text}, send)


@router.post("/candidates/{candidate_id}/tags")
def add_tag(
    on: OnProfile, application: str = Form(""), tag: str = Form(""), value: str = Form("")
) -> Response:
    return on.run(
        "tags",
        "tag",
        {"application": application, "tag": tag, "value": value},
        lambda: tag_candidate(on.session, on.ctx, on.candidate_id, application, tag, value),
    )


@router.post("/candidates/{candidate_id}/tags/{trait_id}/delete")
def remove_tag(on: OnProfile, trait_id: str) -> Response:
    return on.run("tags", "tag", {}, lambda: untag_candidate(on.session, on.ctx, on.candidate_id, trait_id))


def _due(raw: str) -> datetime | None:
    """A ``datetime-local`` (or date) field, read as UTC; blank is None (the service says it is required)."""
    if not raw.strip():
        return None
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError as exc:
        raise Invalid.one("due", Constraint.TYPE, "must be a date and time") from exc


@router.post("/candidates/{candidate_id}/tasks")
def create_task(
    on: OnProfile,
    application: str = Form(""),
    description: str = Form(""),
    due: str = Form(""),
    assignee: str = Form(""),
) -> Response:
    return on.run(
        "tasks",
        "task",
        {"application": application, "description": description, "due": due, "assignee": assignee},
        lambda: create_candidate_task(
            on.session, on.ctx, on.candidate_id, application, description, _due(due), assignee or None
        ),
    )


@router.post("/candidates/{candidate_id}/tasks/{task_id}/close")
def close_task(on: OnProfile, task_id: str) -> Response:
    return on.run(
        "tasks", "task", {}, lambda: close_candidate_task(on.session, on.ctx, on.candidate_id, task_id)
    )

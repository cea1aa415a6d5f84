"""Profile messages, tags and tasks: send a message, add or remove a tag, create or close a task."""

from __future__ import annotations

from datetime import datetime
from html import escape

from fastapi import APIRouter, BackgroundTasks, Form, Request
from fastapi.responses import Response

from vivier.core.errors import Constraint, Invalid
from vivier.faces.common import AppSettings, DbSession, Store, database
from vivier.faces.flatchr.routes_activity import deliver_after_commit
from vivier.messages.by_candidate import send_candidate_message
from vivier.messages.mailer import mailer_from_url
from vivier.tags.by_candidate import tag_candidate, untag_candidate
from vivier.tasks.by_candidate import close_candidate_task, create_candidate_task
from vivier.web.profile_page import act
from vivier.web.sessions import SignedIn

router = APIRouter()


def text_to_html(text: str) -> str:
    """A typed message as HTML: one escaped paragraph per non-blank line."""
    return "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


@router.post("/candidates/{candidate_id}/messages")
def send_message(
    request: Request,
    background: BackgroundTasks,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    store: Store,
    candidate_id: str,
    application: str = Form(""),
    subject: str = Form(""),
    text: str = Form(""),
) -> Response:
    values = {"application": application, "subject": subject, "text": text}

    def send() -> None:
        view = send_candidate_message(
            session, recruiter.ctx, candidate_id, application, text_to_html(text), subject=subject
        )
        mailer = mailer_from_url(settings.smtp_url)
        if mailer is not None and view.message.send_mail:
            # As on the Flatchr face: background tasks run after the response, hence after the commit.
            background.add_task(deliver_after_commit, database(request), mailer, store, view.message.id)

    return act(request, session, recruiter.ctx, candidate_id, "messages", "message", values, send)


@router.post("/candidates/{candidate_id}/tags")
def add_tag(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    candidate_id: str,
    application: str = Form(""),
    tag: str = Form(""),
    value: str = Form(""),
) -> Response:
    values = {"application": application, "tag": tag, "value": value}
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "tags",
        "tag",
        values,
        lambda: tag_candidate(session, recruiter.ctx, candidate_id, application, tag, value),
    )


@router.post("/candidates/{candidate_id}/tags/{trait_id}/delete")
def remove_tag(
    request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str, trait_id: str
) -> Response:
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "tags",
        "tag",
        {},
        lambda: untag_candidate(session, recruiter.ctx, candidate_id, trait_id),
    )


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
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    candidate_id: str,
    application: str = Form(""),
    description: str = Form(""),
    due: str = Form(""),
    assignee: str = Form(""),
) -> Response:
    values = {"application": application, "description": description, "due": due, "assignee": assignee}
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "tasks",
        "task",
        values,
        lambda: create_candidate_task(
            session, recruiter.ctx, candidate_id, application, description, _due(due), assignee or None
        ),
    )


@router.post("/candidates/{candidate_id}/tasks/{task_id}/close")
def close_task(
    request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str, task_id: str
) -> Response:
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "tasks",
        "task",
        {},
        lambda: close_candidate_task(session, recruiter.ctx, candidate_id, task_id),
    )

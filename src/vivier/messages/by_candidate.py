"""One person's messages across their applications (web app profile)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vivier.applications.by_candidate import application_of
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.db.scoping import get_by_public_id, scoped
from vivier.files.models import StoredFile
from vivier.files.service import attachments_of
from vivier.messages.models import Message
from vivier.messages.schemas import MessageView
from vivier.messages.service import _recipient, send_message
from vivier.notes.service import load_authors


def candidate_messages(session: Session, ctx: Context, candidate: Candidate) -> list[MessageView]:
    """Messages to an already scoped person about any of their applications, oldest first."""
    stmt = (
        scoped(Message, ctx)
        .where(Message.candidate_id == candidate.id)
        .order_by(Message.created_at, Message.id)
    )
    messages = list(session.scalars(stmt))
    authors = load_authors(session, (m.author_member_id for m in messages))
    files = attachments_of(session, StoredFile.message_id, [m.id for m in messages])
    recipient = _recipient(candidate)
    return [
        MessageView(m, authors.get(m.author_member_id or 0), recipient, files.get(m.id, [])) for m in messages
    ]


def send_candidate_message(
    session: Session, ctx: Context, candidate_id: str, application_id: str, html: str, *, subject: str = ""
) -> MessageView:
    """``send_message`` about one of the person's applications; mail goes out after the commit."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    application = application_of(session, ctx, candidate.id, application_id)
    return send_message(session, ctx, application.public_id, html, subject=subject)

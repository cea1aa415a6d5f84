"""Comments, messages, tasks and traits in Flatchr's wire format (flatchr-api.md §5.5-§5.7)."""

from __future__ import annotations

from collections.abc import Collection

from vivier.config import Settings
from vivier.core.clock import as_utc
from vivier.faces.flatchr.formats import iso
from vivier.faces.flatchr.schemas_activity import (
    AttachmentOut,
    CommentAuthorOut,
    CommentOut,
    MailOut,
    MessageAuthorOut,
    MessageCandidateOut,
    MessageOut,
    TaskOut,
    TraitOut,
)
from vivier.faces.flatchr.signing import signed_file_url
from vivier.files.models import StoredFile
from vivier.messages.schemas import MessageView
from vivier.notes.schemas import CommentView
from vivier.tags.schemas import TraitView
from vivier.tasks.schemas import TaskView


def attachment_out(settings: Settings, company_public_id: str, row: StoredFile) -> AttachmentOut:
    return AttachmentOut(
        id=row.public_id,
        name=row.name,
        key=row.key,
        url=signed_file_url(settings, company_public_id, row.key, row.extension),
        created_at=iso(row.created_at),
    )


def comment_out(
    view: CommentView,
    settings: Settings,
    company_public_id: str,
    fields: Collection[str],
    *,
    created: bool = False,
) -> CommentOut:
    """A Comment; ``created`` (the create response) always carries author, attachments and ratings."""
    note, author = view.note, view.author
    out = CommentOut(
        id=note.id,
        text=note.text,
        private=note.private,
        favorite=note.favorite,
        created_by=author.user_id if author else None,
        created_at=iso(note.created_at),
        type=note.type,
        reply_to=note.reply_to_id,
    )
    if created or "author" in fields:
        out.author = (
            CommentAuthorOut(id=author.user_public_id, firstname=author.firstname, lastname=author.lastname)
            if author
            else None
        )
    if created or "attachments" in fields:
        out.attachments = [attachment_out(settings, company_public_id, f) for f in view.attachments]
    if created:
        out.ratings = []
    return out


def message_out(
    view: MessageView, settings: Settings, company_public_id: str, fields: Collection[str]
) -> MessageOut:
    """A Message with the requested blocks (``mail``, ``author``, ``candidate``, ``attachments``, ``replied``)."""
    message, author = view.message, view.author
    out = MessageOut(
        id=message.public_id,
        created_by=author.user_id if author else None,
        created_at=iso(message.created_at),
        # Flatchr schedules to the second: the milliseconds always read .000.
        deliver_at=iso(as_utc(message.deliver_at).replace(microsecond=0)),
        auto=message.auto,
        delivered=message.delivered,
    )
    if "mail" in fields:
        out.mail = MailOut(
            subject=message.subject, text=message.text, html=message.html, status=message.mail_status
        )
    if "author" in fields:
        out.author = (
            MessageAuthorOut(firstname=author.firstname, lastname=author.lastname) if author else None
        )
    if "candidate" in fields:
        who = view.candidate
        out.candidate = MessageCandidateOut(firstname=who.firstname, lastname=who.lastname, email=who.email)
    if "attachments" in fields:
        out.attachments = [attachment_out(settings, company_public_id, f) for f in view.attachments]
    if "replied" in fields:
        out.replied = False  # inbound mail is not handled
    return out


EVERY_MESSAGE_BLOCK = frozenset({"mail", "author", "candidate", "attachments", "replied"})


def task_out(view: TaskView) -> TaskOut:
    task = view.task
    return TaskOut(
        id=task.public_id,
        description=task.description,
        date=iso(task.date),
        type=task.type,
        done=task.done,
        value=list(view.value),
        users=list(view.users),
        memberId=view.member_id,
    )


def trait_out(view: TraitView) -> TraitOut:
    return TraitOut(id=view.trait.public_id, tag_id=view.tag_public_id, value=view.trait.value)

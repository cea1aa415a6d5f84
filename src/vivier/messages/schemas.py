"""Views of messages: a row bundled with the related rows a face needs to render it."""

from __future__ import annotations

from dataclasses import dataclass

from vivier.files.models import StoredFile
from vivier.messages.models import Message
from vivier.notes.schemas import Author

MAX_SUBJECT = 500


@dataclass(frozen=True)
class Recipient:
    """The candidate a message was sent to (Flatchr ``candidate`` block)."""

    candidate_id: int
    public_id: str
    firstname: str
    lastname: str
    email: str | None


@dataclass(frozen=True)
class MessageView:
    message: Message
    author: Author | None
    candidate: Recipient
    attachments: list[StoredFile]

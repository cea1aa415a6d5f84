"""Views of notes: a row bundled with the related rows a face needs to render it."""

from __future__ import annotations

from dataclasses import dataclass

from vivier.files.models import StoredFile
from vivier.notes.models import Note

MAX_CONTENT = 65_535
MAX_TYPE = 50


@dataclass(frozen=True)
class Author:
    """The member who wrote a note or message, with the user's name (Flatchr ``author``)."""

    member_id: int
    member_public_id: str
    user_id: int
    user_public_id: str
    firstname: str
    lastname: str


@dataclass(frozen=True)
class CommentView:
    """A Flatchr comment: the note, its author (None once the member is gone) and its attachments."""

    note: Note
    author: Author | None
    attachments: list[StoredFile]


@dataclass(frozen=True)
class NoteView:
    """A Flowtly CandidateNote: the note, its person's public id and its author."""

    note: Note
    candidate_public_id: str
    author: Author | None

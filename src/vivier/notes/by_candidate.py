"""A person's notes as one thread list (web app profile): every visible note and comment, replies, deletion.

A reply stays on its parent's application (if any), so Flatchr shows it among the same comments.
The web app lets members delete only their own notes, administrators included (the API faces let
administrators delete any note).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound, Violation
from vivier.core.ids import is_public_id
from vivier.db.scoping import get_by_public_id, scoped
from vivier.events.audit import record
from vivier.notes.models import Note
from vivier.notes.schemas import CommentView
from vivier.notes.service import (
    _can_see,
    _comment_views,
    _content_violations,
    _delete,
    _visible,
    load_authors,
)


def candidate_notes(session: Session, ctx: Context, candidate_id: int) -> list[CommentView]:
    """Every note and comment of the (already scoped) person the caller may see, oldest first."""
    stmt = (
        scoped(Note, ctx)
        .where(Note.candidate_id == candidate_id, _visible(ctx))
        .order_by(Note.created_at, Note.id)
    )
    return _comment_views(session, list(session.scalars(stmt)))


def _note_of(session: Session, ctx: Context, candidate: Candidate, note_id: str) -> Note | None:
    """The visible note ``note_id`` of that person, else None."""
    if not is_public_id(note_id):
        return None
    stmt = scoped(Note, ctx).where(Note.candidate_id == candidate.id, Note.public_id == note_id)
    note = session.scalars(stmt).one_or_none()
    return note if note is not None and _can_see(ctx, note) else None


def add_candidate_note(
    session: Session, ctx: Context, candidate_id: str, text: str, *, reply_to: str | None = None
) -> CommentView:
    """A note on the person by the acting member, optionally replying to one of the person's notes."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    violations: list[Violation] = _content_violations(text, "text")
    parent = _note_of(session, ctx, candidate, reply_to) if reply_to else None
    if reply_to and parent is None:
        violations.append(Violation("reply_to", Constraint.REFERENCE, "is not a note of this candidate"))
    if violations:
        raise Invalid(violations)
    note = Note(
        company_id=ctx.company_id,
        candidate_id=candidate.id,
        application_id=parent.application_id if parent else None,
        author_member_id=ctx.member_id,
        text=text,
        private=False,
        type="note",
        reply_to_id=parent.id if parent else None,
    )
    session.add(note)
    session.flush()
    record(
        session,
        ctx,
        "note.create",
        "note",
        note.public_id,
        candidate=candidate.public_id,
        reply_to=note.reply_to_id,
    )
    return CommentView(note, load_authors(session, [ctx.member_id]).get(ctx.member_id or 0), [])


def delete_own_note(session: Session, ctx: Context, candidate_id: str, note_id: str) -> None:
    """Delete one of the person's notes; only its author may (403 for anyone else, 404 if unknown)."""
    ctx.require_write()
    candidate = get_by_public_id(session, Candidate, ctx, candidate_id, what="Candidate")
    note = _note_of(session, ctx, candidate, note_id)
    if note is None:
        raise NotFound("Note not found")
    if ctx.member_id is None or note.author_member_id != ctx.member_id:
        raise Forbidden("Only the author may delete this note")
    _delete(session, ctx, note, "note.delete")

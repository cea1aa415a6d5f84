"""Notes: Flatchr comments on an application and Flowtly notes on a person are the same rows.

A note with an application is a comment on it; a note without one belongs to the person and shows
up among the comments of each of the person's applications. Private notes are visible only to
their author and to administrators, on both faces.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, false, or_, select, true, update
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Member, User
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound, Violation
from vivier.core.ids import is_public_id
from vivier.core.listing import ListQuery, Page, apply_filters, apply_order, fetch_page
from vivier.core.text import is_number
from vivier.db.scoping import MAX_INT_ID, get_by_public_id, scoped
from vivier.events.audit import bury, record
from vivier.files.models import StoredFile
from vivier.files.service import Upload, attachments_of, delete_file, store_attachment
from vivier.files.store import FileStore
from vivier.notes.models import Note
from vivier.notes.schemas import MAX_CONTENT, MAX_TYPE, Author, CommentView, NoteView

TOMBSTONE_TYPE = "candidate_note"


# -- shared loaders ---------------------------------------------------------------------------------


def load_authors(session: Session, member_ids: Iterable[int | None]) -> dict[int, Author]:
    """Members with their users' names, keyed by member id, in one query."""
    ids = {i for i in member_ids if i is not None}
    if not ids:
        return {}
    rows = session.execute(
        select(Member.id, Member.public_id, User.id, User.public_id, User.firstname, User.lastname)
        .join(User, User.id == Member.user_id)
        .where(Member.id.in_(ids))
    )
    return {row[0]: Author(*row) for row in rows}


def _comment_views(session: Session, notes: Sequence[Note]) -> list[CommentView]:
    authors = load_authors(session, (n.author_member_id for n in notes))
    files = attachments_of(session, StoredFile.note_id, [n.id for n in notes])
    return [CommentView(n, authors.get(n.author_member_id or 0), files.get(n.id, [])) for n in notes]


def _note_views(session: Session, notes: Sequence[Note]) -> list[NoteView]:
    authors = load_authors(session, (n.author_member_id for n in notes))
    ids = {n.candidate_id for n in notes}
    rows = session.execute(select(Candidate.id, Candidate.public_id).where(Candidate.id.in_(ids)))
    public = {candidate_id: public_id for candidate_id, public_id in rows}
    return [NoteView(n, public[n.candidate_id], authors.get(n.author_member_id or 0)) for n in notes]


# -- rules ------------------------------------------------------------------------------------------


def _is_author(ctx: Context, note: Note) -> bool:
    return ctx.member_id is not None and note.author_member_id == ctx.member_id


def _can_see(ctx: Context, note: Note) -> bool:
    return not note.private or ctx.is_admin or _is_author(ctx, note)


def _visible(ctx: Context) -> ColumnElement[bool]:
    """SQL twin of ``_can_see``."""
    if ctx.is_admin:
        return true()
    mine = Note.author_member_id == ctx.member_id if ctx.member_id is not None else false()
    return or_(Note.private.is_(False), mine)


def _require_change(ctx: Context, note: Note) -> None:
    if not (ctx.is_admin or _is_author(ctx, note)):
        raise Forbidden("Only the author or an administrator may change this note")


def _on_application(application: Application) -> ColumnElement[bool]:
    """The application's comments and its person's notes that have no application."""
    return or_(
        Note.application_id == application.id,
        and_(Note.application_id.is_(None), Note.candidate_id == application.candidate_id),
    )


def _ref_clause(ref: int | str) -> ColumnElement[bool] | None:
    """A comment named by its integer id or its encoded id (numeric strings count as integers)."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return Note.id == ref if 0 < ref <= MAX_INT_ID else None
    value = ref.strip()
    clauses: list[ColumnElement[bool]] = []
    if is_number(value) and 0 < int(value) <= MAX_INT_ID:
        clauses.append(Note.id == int(value))
    if is_public_id(value):
        clauses.append(Note.public_id == value)
    return or_(*clauses) if clauses else None


def _comment_on(session: Session, ctx: Context, application: Application, ref: int | str) -> Note | None:
    """The comment ``ref`` among those the caller can see on the application."""
    clause = _ref_clause(ref)
    if clause is None:
        return None
    stmt = scoped(Note, ctx).where(_on_application(application), clause)
    found = session.scalars(stmt).first()
    return found if found is not None and _can_see(ctx, found) else None


def _content_violations(value: object, field: str) -> list[Violation]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Violation(field, Constraint.BLANK, "must not be blank")]
    if not isinstance(value, str):
        return [Violation(field, Constraint.TYPE, "must be a string")]
    if len(value) > MAX_CONTENT:
        return [Violation(field, Constraint.LENGTH, f"must be at most {MAX_CONTENT} characters", MAX_CONTENT)]
    return []


def _application(session: Session, ctx: Context, public_id: str) -> Application:
    return get_by_public_id(session, Application, ctx, public_id, what="Applicant")


def _delete(session: Session, ctx: Context, note: Note, action: str) -> None:
    """Delete a note: replies stay (no longer replies), attachment rows go, sync clients get a tombstone."""
    session.execute(
        update(Note).where(Note.reply_to_id == note.id).values(reply_to_id=None),
        execution_options={"synchronize_session": "fetch"},
    )
    for row in session.scalars(select(StoredFile).where(StoredFile.note_id == note.id)):
        delete_file(session, row)
    session.delete(note)
    session.flush()
    bury(session, ctx, TOMBSTONE_TYPE, note.public_id)
    record(session, ctx, action, "note", note.public_id)


# -- Flatchr comments -------------------------------------------------------------------------------


def add_comment(
    session: Session,
    ctx: Context,
    application_id: str,
    text: str,
    *,
    type: str = "note",
    private: bool = False,
    reply_to: int | str | None = None,
    attachment: Upload | None = None,
    store: FileStore | None = None,
    max_bytes: int = 0,
) -> CommentView:
    """Comment on an application as the acting member, optionally replying and attaching a file."""
    ctx.require_write()
    application = _application(session, ctx, application_id)
    violations = _content_violations(text, "text")
    kind = (type or "").strip() or "note"
    if len(kind) > MAX_TYPE:
        violations.append(
            Violation("type", Constraint.LENGTH, f"must be at most {MAX_TYPE} characters", MAX_TYPE)
        )
    parent = None
    if reply_to is not None and reply_to != "":
        parent = _comment_on(session, ctx, application, reply_to)
        if parent is None:
            violations.append(Violation("reply_to", Constraint.REFERENCE, f"unknown comment {reply_to}"))
    if violations:
        raise Invalid(violations)
    # The file is checked and stored before the note exists, so a refused file leaves no note behind.
    stored = store_attachment(session, ctx, store, attachment, max_bytes) if attachment else None
    note = Note(
        company_id=ctx.company_id,
        candidate_id=application.candidate_id,
        application_id=application.id,
        author_member_id=ctx.member_id,
        text=text,
        private=bool(private),
        type=kind,
        reply_to_id=parent.id if parent else None,
    )
    session.add(note)
    session.flush()
    if stored is not None:
        stored.note_id = note.id
        session.flush()
    record(
        session,
        ctx,
        "comment.create",
        "note",
        note.public_id,
        application=application.public_id,
        private=note.private,
        reply_to=note.reply_to_id,
    )
    return CommentView(
        note, load_authors(session, [ctx.member_id]).get(ctx.member_id or 0), [stored] if stored else []
    )


def list_comments(
    session: Session, ctx: Context, application_id: str, *, limit: int | None = None, offset: int = 0
) -> list[CommentView]:
    """The application's comments and its person's application-less notes, oldest first, as the caller may see them."""
    application = _application(session, ctx, application_id)
    stmt = (
        scoped(Note, ctx)
        .where(_on_application(application), _visible(ctx))
        .order_by(Note.created_at, Note.id)
        .offset(offset)
        .limit(limit)
    )
    return _comment_views(session, list(session.scalars(stmt)))


def delete_comment(session: Session, ctx: Context, application_id: str, comment: int | str) -> None:
    """Delete a comment of the application (404 if unknown or elsewhere; 403 unless author or admin)."""
    ctx.require_write()
    application = _application(session, ctx, application_id)
    note = _comment_on(session, ctx, application, comment)
    if note is None:
        raise NotFound("Comment not found")
    _require_change(ctx, note)
    _delete(session, ctx, note, "comment.delete")


# -- Flowtly candidate notes ------------------------------------------------------------------------


def create_note(session: Session, ctx: Context, candidate_id: str | None, content: str | None) -> NoteView:
    """A note on the person (no application), written by the acting member."""
    ctx.require_write()
    violations = _content_violations(content, "content")
    candidate = None
    if candidate_id is None:
        violations.insert(0, Violation("candidate", Constraint.NULL, "must not be null"))
    else:
        candidate = session.scalars(
            scoped(Candidate, ctx).where(Candidate.public_id == candidate_id)
        ).one_or_none()
        if candidate is None:
            violations.insert(
                0, Violation("candidate", Constraint.REFERENCE, f"unknown candidate {candidate_id}")
            )
    if violations or candidate is None or content is None:
        raise Invalid(violations)
    note = Note(
        company_id=ctx.company_id,
        candidate_id=candidate.id,
        application_id=None,
        author_member_id=ctx.member_id,
        text=content,
        private=False,
        type="note",
    )
    session.add(note)
    session.flush()
    record(session, ctx, "note.create", "note", note.public_id, candidate=candidate.public_id)
    return NoteView(note, candidate.public_id, load_authors(session, [ctx.member_id]).get(ctx.member_id or 0))


def _visible_note(session: Session, ctx: Context, public_id: str) -> Note:
    note = get_by_public_id(session, Note, ctx, public_id, what="CandidateNote")
    if not _can_see(ctx, note):
        raise NotFound("CandidateNote not found")
    return note


def get_note(session: Session, ctx: Context, public_id: str) -> NoteView:
    """One note (a comment too), unless it is private to someone else."""
    return _note_views(session, [_visible_note(session, ctx, public_id)])[0]


def update_note(session: Session, ctx: Context, public_id: str, changes: Mapping[str, object]) -> NoteView:
    """Merge ``changes`` into the note; only ``content`` is writable, by the author or an admin."""
    ctx.require_write()
    note = _visible_note(session, ctx, public_id)
    _require_change(ctx, note)
    if "content" in changes:
        content = changes["content"]
        violations = _content_violations(content, "content")
        if violations:
            raise Invalid(violations)
        if isinstance(content, str) and content != note.text:
            note.text = content
            session.flush()
            record(session, ctx, "note.update", "note", note.public_id, fields=["content"])
    return _note_views(session, [note])[0]


def delete_note(session: Session, ctx: Context, public_id: str) -> None:
    """Delete a note or comment through the Flowtly face (204); only the author or an admin."""
    ctx.require_write()
    note = _visible_note(session, ctx, public_id)
    _require_change(ctx, note)
    _delete(session, ctx, note, "note.delete")


def list_notes(
    session: Session, ctx: Context, query: ListQuery, candidate_id: int | None = None
) -> Page[NoteView]:
    """A page of the notes the caller may see; filter ``candidate`` (IRIs or encoded ids), date bounds, order."""
    stmt = scoped(Note, ctx).join(Candidate, Candidate.id == Note.candidate_id).where(_visible(ctx))
    if candidate_id is not None:
        stmt = stmt.where(Note.candidate_id == candidate_id)
    # Relation filters take an IRI or a bare id: keep the last path segment.
    exact = {k: [v.rstrip("/").rsplit("/", 1)[-1] for v in vs] for k, vs in query.exact.items()}
    query = dataclasses.replace(query, exact=exact)
    stmt = apply_filters(
        stmt,
        query,
        exact={"candidate": Candidate.public_id},
        dates={"createdAt": Note.created_at, "updatedAt": Note.updated_at},
    )
    stmt = apply_order(
        stmt,
        query,
        {"createdAt": Note.created_at, "updatedAt": Note.updated_at},
        default=[Note.created_at, Note.id],
    )
    page = fetch_page(session, stmt, query)
    return Page(_note_views(session, page.items), page.total)

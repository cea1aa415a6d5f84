"""Flatchr comments: create, list, delete, privacy and replies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import QueryCounter, count_rows, make_application, make_candidate, make_member
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.core import clock
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.events.models import AuditEvent, Tombstone
from vivier.files.models import StoredFile
from vivier.files.service import Upload
from vivier.files.store import LocalFileStore
from vivier.notes.models import Note
from vivier.notes.service import add_comment, delete_comment, list_comments

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def ticking() -> Iterator[None]:
    """A clock that moves one minute per reading, so creation order is unambiguous."""
    start = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    steps = iter(range(10_000))
    clock.set_clock(lambda: start + timedelta(minutes=next(steps)))
    yield
    clock.set_clock(None)


def test_add_comment_returns_view_with_author_and_records_audit(
    session: Session, ctx: Context, application: Application
) -> None:
    view = add_comment(session, ctx, application.public_id, "<p>Très bon niveau</p>", private=True)
    note = view.note
    assert (note.text, note.private, note.type, note.reply_to_id) == (
        "<p>Très bon niveau</p>",
        True,
        "note",
        None,
    )
    assert note.application_id == application.id and note.candidate_id == application.candidate_id
    assert note.author_member_id == ctx.member_id
    assert view.author is not None
    assert (view.author.firstname, view.author.lastname, view.author.user_id) == (
        "Eva",
        "Laurent",
        ctx.user_id,
    )
    assert view.attachments == []
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.company_id == ctx.company_id, AuditEvent.action == "comment.create"
        )
    ).one()
    assert audit.entity_id == note.public_id
    assert [v.note.id for v in list_comments(session, ctx, application.public_id)] == [note.id]


def test_add_comment_with_custom_type_and_blank_type_defaults(
    session: Session, ctx: Context, application: Application
) -> None:
    assert add_comment(session, ctx, application.public_id, "x", type="call").note.type == "call"
    assert add_comment(session, ctx, application.public_id, "y", type="  ").note.type == "note"


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_is_refused_and_nothing_stored(
    session: Session, ctx: Context, application: Application, text: str
) -> None:
    with pytest.raises(Invalid) as caught:
        add_comment(session, ctx, application.public_id, text)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("text", Constraint.BLANK)]
    assert count_rows(session, Note, ctx.company_id) == 0


def test_too_long_type_names_the_field(session: Session, ctx: Context, application: Application) -> None:
    with pytest.raises(Invalid) as caught:
        add_comment(session, ctx, application.public_id, "ok", type="x" * 51)
    assert [v.field for v in caught.value.violations] == ["type"]


def test_attachment_is_stored_and_linked(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    upload = Upload(PDF, "CV_test.pdf", "application/pdf")
    view = add_comment(
        session, ctx, application.public_id, "see file", attachment=upload, store=store, max_bytes=10_000
    )
    [stored] = view.attachments
    assert (stored.note_id, stored.kind, stored.extension, stored.name) == (
        view.note.id,
        "attachment",
        "pdf",
        "CV_test.pdf",
    )
    assert stored.key.startswith("attachments/") and stored.key.endswith("/cv-test")
    assert store.exists(stored.digest)
    [listed] = list_comments(session, ctx, application.public_id)
    assert [a.id for a in listed.attachments] == [stored.id]


def test_refused_attachment_leaves_no_comment(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    upload = Upload(b"\x00\x01\x02 binary junk", "junk.bin", None)
    with pytest.raises(Invalid) as caught:
        add_comment(
            session, ctx, application.public_id, "x", attachment=upload, store=store, max_bytes=10_000
        )
    assert [v.field for v in caught.value.violations] == ["file"]
    assert count_rows(session, Note, ctx.company_id) == 0
    assert count_rows(session, StoredFile, ctx.company_id) == 0


def test_reply_to_accepts_int_numeric_string_and_encoded_id(
    session: Session, ctx: Context, application: Application
) -> None:
    parent = add_comment(session, ctx, application.public_id, "parent").note
    for ref in (parent.id, str(parent.id), parent.public_id):
        reply = add_comment(session, ctx, application.public_id, "reply", reply_to=ref).note
        assert reply.reply_to_id == parent.id


@pytest.mark.parametrize(
    "ref", [999_999, "999999", "abc", "99999999999999999999", "ZZZZZZZZZZZZZZZZ", -1, True]
)
def test_unknown_reply_to_is_refused(
    session: Session, ctx: Context, application: Application, ref: int | str
) -> None:
    with pytest.raises(Invalid) as caught:
        add_comment(session, ctx, application.public_id, "reply", reply_to=ref)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("reply_to", Constraint.REFERENCE)]
    assert count_rows(session, Note, ctx.company_id) == 0


def test_reply_to_a_comment_of_another_application_is_refused(
    session: Session, ctx: Context, application: Application
) -> None:
    elsewhere = make_application(session, ctx)
    other = add_comment(session, ctx, elsewhere.public_id, "elsewhere").note
    with pytest.raises(Invalid) as caught:
        add_comment(session, ctx, application.public_id, "reply", reply_to=other.id)
    assert [v.field for v in caught.value.violations] == ["reply_to"]


def test_blank_text_and_bad_reply_to_are_reported_together(
    session: Session, ctx: Context, application: Application
) -> None:
    with pytest.raises(Invalid) as caught:
        add_comment(session, ctx, application.public_id, " ", reply_to="nope")
    assert [v.field for v in caught.value.violations] == ["text", "reply_to"]


def test_other_company_application_is_not_found(
    session: Session, ctx: Context, other_ctx: Context, application: Application
) -> None:
    add_comment(session, ctx, application.public_id, "mine")
    with pytest.raises(NotFound):
        add_comment(session, other_ctx, application.public_id, "theirs")
    with pytest.raises(NotFound):
        list_comments(session, other_ctx, application.public_id)
    with pytest.raises(NotFound):
        delete_comment(session, other_ctx, application.public_id, 1)
    assert count_rows(session, Note, other_ctx.company_id) == 0


def test_list_is_oldest_first_and_includes_person_notes_without_application(
    session: Session, ctx: Context, candidate: Candidate, ticking: None
) -> None:
    first = make_application(session, ctx, candidate)
    second = make_application(session, ctx, candidate)
    a = add_comment(session, ctx, first.public_id, "a").note
    person = Note(
        company_id=ctx.company_id, candidate_id=candidate.id, author_member_id=ctx.member_id, text="p"
    )
    session.add(person)
    session.flush()
    b = add_comment(session, ctx, first.public_id, "b").note
    c = add_comment(session, ctx, second.public_id, "c").note
    assert [v.note.id for v in list_comments(session, ctx, first.public_id)] == [a.id, person.id, b.id]
    assert [v.note.id for v in list_comments(session, ctx, second.public_id)] == [person.id, c.id]
    # Another person's notes never leak in.
    stranger = make_application(session, ctx, make_candidate(session, ctx, firstname="Bob"))
    assert list_comments(session, ctx, stranger.public_id) == []


def test_list_limit_and_offset(
    session: Session, ctx: Context, application: Application, ticking: None
) -> None:
    ids = [add_comment(session, ctx, application.public_id, str(i)).note.id for i in range(4)]
    assert [v.note.id for v in list_comments(session, ctx, application.public_id, limit=2, offset=1)] == ids[
        1:3
    ]


def test_private_comments_are_shown_to_author_and_admin_only(
    session: Session, ctx: Context, application: Application
) -> None:
    rita = make_member(session, ctx, name="Rita")
    sam = make_member(session, ctx, name="Sam")
    public = add_comment(session, rita, application.public_id, "public").note
    mine = add_comment(session, rita, application.public_id, "rita only", private=True).note
    admin_private = add_comment(session, ctx, application.public_id, "admin only", private=True).note

    def visible(who: Context) -> set[int]:
        return {v.note.id for v in list_comments(session, who, application.public_id)}

    assert visible(rita) == {public.id, mine.id}
    assert visible(sam) == {public.id}
    assert visible(ctx) == {public.id, mine.id, admin_private.id}
    # A private comment one cannot see cannot be replied to either.
    with pytest.raises(Invalid):
        add_comment(session, sam, application.public_id, "reply", reply_to=mine.id)


def test_delete_by_author_keeps_replies_and_writes_tombstone(
    session: Session, ctx: Context, application: Application
) -> None:
    parent = add_comment(session, ctx, application.public_id, "parent").note
    reply = add_comment(session, ctx, application.public_id, "reply", reply_to=parent.id).note
    public_id = parent.public_id
    delete_comment(session, ctx, application.public_id, parent.id)
    session.expire_all()
    assert session.get(Note, parent.id) is None
    kept = session.get(Note, reply.id)
    assert kept is not None and kept.reply_to_id is None
    tombstone = session.scalars(select(Tombstone).where(Tombstone.company_id == ctx.company_id)).one()
    assert (tombstone.entity_type, tombstone.entity_id) == ("candidate_note", public_id)
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == ctx.company_id)).all()
    assert "comment.delete" in actions


def test_delete_by_encoded_id_also_removes_attachment_rows(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    upload = Upload(PDF, "a.pdf", None)
    view = add_comment(
        session, ctx, application.public_id, "f", attachment=upload, store=store, max_bytes=10_000
    )
    delete_comment(session, ctx, application.public_id, view.note.public_id)
    assert count_rows(session, StoredFile, ctx.company_id) == 0
    assert list_comments(session, ctx, application.public_id) == []


def test_delete_permissions(session: Session, ctx: Context, application: Application) -> None:
    rita = make_member(session, ctx, name="Rita")
    sam = make_member(session, ctx, name="Sam")
    by_rita = add_comment(session, rita, application.public_id, "rita").note
    private = add_comment(session, rita, application.public_id, "secret", private=True).note
    with pytest.raises(Forbidden):
        delete_comment(session, sam, application.public_id, by_rita.id)
    # Sam cannot see the private comment: it does not exist for him.
    with pytest.raises(NotFound):
        delete_comment(session, sam, application.public_id, private.id)
    by_admin = add_comment(session, ctx, application.public_id, "admin").note
    with pytest.raises(Forbidden):
        delete_comment(session, rita, application.public_id, by_admin.id)
    delete_comment(session, ctx, application.public_id, by_rita.id)  # an admin may delete anyone's
    delete_comment(session, rita, application.public_id, private.id)
    assert [v.note.id for v in list_comments(session, ctx, application.public_id)] == [by_admin.id]


def test_delete_unknown_or_other_application_comment_is_not_found(
    session: Session, ctx: Context, application: Application
) -> None:
    elsewhere = make_application(session, ctx)
    other = add_comment(session, ctx, elsewhere.public_id, "elsewhere").note
    for ref in (other.id, other.public_id, 123_456_789, "nope", "99999999999999999999"):
        with pytest.raises(NotFound):
            delete_comment(session, ctx, application.public_id, ref)
    assert session.get(Note, other.id) is not None


def test_read_only_credentials_cannot_write(session: Session, ctx: Context, application: Application) -> None:
    manager = make_member(session, ctx, role=Role.HIRING_MANAGER, name="Hugo")
    note = add_comment(session, ctx, application.public_id, "x").note
    with pytest.raises(Forbidden):
        add_comment(session, manager, application.public_id, "y")
    with pytest.raises(Forbidden):
        delete_comment(session, manager, application.public_id, note.id)
    assert len(list_comments(session, manager, application.public_id)) == 1


def test_list_comments_runs_a_fixed_number_of_queries(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    rita = make_member(session, ctx, name="Rita")
    app_id = application.public_id
    add_comment(session, ctx, app_id, "one")
    session.flush()
    session.expire_all()
    with QueryCounter(session) as few:
        list_comments(session, ctx, app_id)
    for i in range(5):
        who = rita if i % 2 else ctx
        upload = Upload(PDF, f"{i}.pdf", None)
        add_comment(session, who, app_id, str(i), attachment=upload, store=store, max_bytes=10_000)
    session.flush()
    session.expire_all()
    with QueryCounter(session) as many:
        views = list_comments(session, ctx, app_id)
    assert len(views) == 6 and sum(len(v.attachments) for v in views) == 5
    assert {v.author.firstname for v in views if v.author} == {"Eva", "Rita"}
    assert many.count == few.count == 4

"""Flowtly candidate notes, and how they meet Flatchr comments (one record, two faces)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
from vivier.core.listing import DateBound, ListQuery
from vivier.events.models import AuditEvent, Tombstone
from vivier.notes.models import Note
from vivier.notes.schemas import NoteView
from vivier.notes.service import (
    add_comment,
    create_note,
    delete_comment,
    delete_note,
    get_note,
    list_comments,
    list_notes,
    update_note,
)

START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.current = START

    def __call__(self) -> datetime:
        return self.current

    def advance(self, minutes: int = 1) -> None:
        self.current += timedelta(minutes=minutes)


@pytest.fixture
def fake_clock() -> Iterator[FakeClock]:
    fake = FakeClock()
    clock.set_clock(fake)
    yield fake
    clock.set_clock(None)


def _ids(views: Sequence[NoteView]) -> list[str]:
    return [view.note.public_id for view in views]


def test_create_note_belongs_to_the_person_without_application(
    session: Session, ctx: Context, candidate: Candidate
) -> None:
    view = create_note(session, ctx, candidate.public_id, "<p>Strong Python</p>")
    note = view.note
    assert (note.text, note.application_id, note.candidate_id, note.private, note.type) == (
        "<p>Strong Python</p>",
        None,
        candidate.id,
        False,
        "note",
    )
    assert view.candidate_public_id == candidate.public_id
    assert view.author is not None and view.author.member_id == ctx.member_id
    assert len(note.public_id) == 16
    assert get_note(session, ctx, note.public_id).note.id == note.id
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.company_id == ctx.company_id)).all()
    assert "note.create" in actions


@pytest.mark.parametrize(
    ("content", "constraint"),
    [
        ("", Constraint.BLANK),
        ("  ", Constraint.BLANK),
        (None, Constraint.BLANK),
        ("x" * 65_536, Constraint.LENGTH),
    ],
)
def test_invalid_content_is_refused(
    session: Session, ctx: Context, candidate: Candidate, content: str | None, constraint: Constraint
) -> None:
    with pytest.raises(Invalid) as caught:
        create_note(session, ctx, candidate.public_id, content)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("content", constraint)]
    assert count_rows(session, Note, ctx.company_id) == 0


def test_content_at_the_limit_is_accepted(session: Session, ctx: Context, candidate: Candidate) -> None:
    assert len(create_note(session, ctx, candidate.public_id, "x" * 65_535).note.text) == 65_535


def test_missing_or_unknown_candidate_is_refused(
    session: Session, ctx: Context, other_ctx: Context, candidate: Candidate
) -> None:
    with pytest.raises(Invalid) as caught:
        create_note(session, ctx, None, " ")
    assert [(v.field, v.constraint) for v in caught.value.violations] == [
        ("candidate", Constraint.NULL),
        ("content", Constraint.BLANK),
    ]
    for ref in ("nope", "ZZZZZZZZZZZZZZZZ"):
        with pytest.raises(Invalid) as caught:
            create_note(session, ctx, ref, "x")
        assert [(v.field, v.constraint) for v in caught.value.violations] == [
            ("candidate", Constraint.REFERENCE)
        ]
    # Another company's candidate does not exist for this one.
    with pytest.raises(Invalid) as caught:
        create_note(session, other_ctx, candidate.public_id, "x")
    assert [v.field for v in caught.value.violations] == ["candidate"]
    assert count_rows(session, Note, ctx.company_id) == count_rows(session, Note, other_ctx.company_id) == 0


def test_other_company_cannot_read_change_or_delete(
    session: Session, ctx: Context, other_ctx: Context, candidate: Candidate
) -> None:
    note = create_note(session, ctx, candidate.public_id, "mine").note
    for call in (
        lambda: get_note(session, other_ctx, note.public_id),
        lambda: update_note(session, other_ctx, note.public_id, {"content": "theirs"}),
        lambda: delete_note(session, other_ctx, note.public_id),
    ):
        with pytest.raises(NotFound):
            call()
    assert list_notes(session, other_ctx, ListQuery()).total == 0
    assert get_note(session, ctx, note.public_id).note.text == "mine"


def test_get_unknown_note_is_not_found(session: Session, ctx: Context) -> None:
    for ref in ("nope", "ZZZZZZZZZZZZZZZZ"):
        with pytest.raises(NotFound):
            get_note(session, ctx, ref)


def test_update_merges_content_only(
    session: Session, ctx: Context, candidate: Candidate, fake_clock: FakeClock
) -> None:
    note = create_note(session, ctx, candidate.public_id, "Phone screen OK").note
    fake_clock.advance()
    view = update_note(
        session, ctx, note.public_id, {"content": "Call back Monday", "private": True, "id": "x"}
    )
    assert (view.note.text, view.note.private, view.note.public_id) == (
        "Call back Monday",
        False,
        note.public_id,
    )
    assert view.note.updated_at > view.note.created_at
    unchanged = update_note(session, ctx, note.public_id, {})
    assert unchanged.note.text == "Call back Monday"
    audit = session.scalars(
        select(AuditEvent).where(AuditEvent.company_id == ctx.company_id, AuditEvent.action == "note.update")
    ).one()
    assert audit.data == {"fields": ["content"]}


@pytest.mark.parametrize(
    ("content", "constraint"), [(None, Constraint.BLANK), ("", Constraint.BLANK), (3, Constraint.TYPE)]
)
def test_update_validates_content(
    session: Session, ctx: Context, candidate: Candidate, content: object, constraint: Constraint
) -> None:
    note = create_note(session, ctx, candidate.public_id, "keep").note
    with pytest.raises(Invalid) as caught:
        update_note(session, ctx, note.public_id, {"content": content})
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("content", constraint)]
    session.expire_all()
    assert get_note(session, ctx, note.public_id).note.text == "keep"


def test_only_author_or_admin_may_change(session: Session, ctx: Context, candidate: Candidate) -> None:
    rita = make_member(session, ctx, name="Rita")
    sam = make_member(session, ctx, name="Sam")
    note = create_note(session, rita, candidate.public_id, "rita's").note
    with pytest.raises(Forbidden):
        update_note(session, sam, note.public_id, {"content": "sam was here"})
    with pytest.raises(Forbidden):
        delete_note(session, sam, note.public_id)
    assert update_note(session, ctx, note.public_id, {"content": "admin edit"}).note.text == "admin edit"
    assert update_note(session, rita, note.public_id, {"content": "rita again"}).note.text == "rita again"
    manager = make_member(session, ctx, role=Role.HIRING_MANAGER, name="Hugo")
    with pytest.raises(Forbidden):
        create_note(session, manager, candidate.public_id, "x")


def test_delete_note_writes_tombstone_then_not_found(
    session: Session, ctx: Context, candidate: Candidate
) -> None:
    note = create_note(session, ctx, candidate.public_id, "bye").note
    public_id = note.public_id
    delete_note(session, ctx, public_id)
    with pytest.raises(NotFound):
        get_note(session, ctx, public_id)
    tombstone = session.scalars(select(Tombstone).where(Tombstone.company_id == ctx.company_id)).one()
    assert (tombstone.entity_type, tombstone.entity_id) == ("candidate_note", public_id)


def test_person_note_appears_among_comments_of_each_application(
    session: Session, ctx: Context, candidate: Candidate
) -> None:
    first = make_application(session, ctx, candidate)
    second = make_application(session, ctx, candidate)
    note = create_note(session, ctx, candidate.public_id, "Phone screen OK").note
    for application in (first, second):
        [view] = list_comments(session, ctx, application.public_id)
        assert (view.note.id, view.note.private, view.note.type, view.note.text) == (
            note.id,
            False,
            "note",
            "Phone screen OK",
        )
    # Either face changes the same row: the Flatchr delete on any of the person's applicants removes it.
    delete_comment(session, ctx, second.public_id, note.id)
    assert list_comments(session, ctx, first.public_id) == []


def test_comment_appears_in_notes_and_edits_are_shared(
    session: Session, ctx: Context, application: Application, candidate: Candidate
) -> None:
    comment = add_comment(session, ctx, application.public_id, "from flatchr").note
    page = list_notes(
        session, ctx, ListQuery(exact={"candidate": [f"/flowtly/candidates/{candidate.public_id}"]})
    )
    assert (_ids(page.items), page.total) == ([comment.public_id], 1)
    assert page.items[0].candidate_public_id == candidate.public_id
    update_note(session, ctx, comment.public_id, {"content": "edited in flowtly"})
    [view] = list_comments(session, ctx, application.public_id)
    assert view.note.text == "edited in flowtly"
    delete_note(session, ctx, comment.public_id)
    assert list_comments(session, ctx, application.public_id) == []


def test_private_comments_in_flowtly_only_for_author_or_admin(
    session: Session, ctx: Context, application: Application
) -> None:
    rita = make_member(session, ctx, name="Rita")
    sam = make_member(session, ctx, name="Sam")
    secret = add_comment(session, rita, application.public_id, "secret", private=True).note
    public = add_comment(session, sam, application.public_id, "public").note
    assert _ids(list_notes(session, ctx, ListQuery()).items) == [secret.public_id, public.public_id]
    assert _ids(list_notes(session, rita, ListQuery()).items) == [secret.public_id, public.public_id]
    assert _ids(list_notes(session, sam, ListQuery()).items) == [public.public_id]
    assert list_notes(session, sam, ListQuery()).total == 1
    assert get_note(session, rita, secret.public_id).note.id == secret.id
    for call in (
        lambda: get_note(session, sam, secret.public_id),
        lambda: update_note(session, sam, secret.public_id, {"content": "x"}),
        lambda: delete_note(session, sam, secret.public_id),
    ):
        with pytest.raises(NotFound):
            call()


def test_list_notes_filters_orders_and_pages(session: Session, ctx: Context, fake_clock: FakeClock) -> None:
    ada = make_candidate(session, ctx, firstname="Ada")
    bob = make_candidate(session, ctx, firstname="Bob")
    made = []
    for i, who in enumerate([ada, bob, ada, bob, ada]):
        made.append(create_note(session, ctx, who.public_id, f"n{i}").note.public_id)
        fake_clock.advance(10)
    assert _ids(list_notes(session, ctx, ListQuery()).items) == made
    assert _ids(list_notes(session, ctx, ListQuery(exact={"candidate": [ada.public_id]})).items) == made[::2]
    both = ListQuery(exact={"candidate": [ada.public_id, bob.public_id]})
    assert list_notes(session, ctx, both).total == 5
    assert list_notes(session, ctx, ListQuery(exact={"candidate": ["unknown"]})).items == []
    assert _ids(list_notes(session, ctx, ListQuery(), candidate_id=bob.id).items) == [made[1], made[3]]
    after = ListQuery(dates=[DateBound("createdAt", "after", START + timedelta(minutes=20))])
    assert _ids(list_notes(session, ctx, after).items) == made[2:]
    strictly = ListQuery(dates=[DateBound("createdAt", "strictly_before", START + timedelta(minutes=20))])
    assert _ids(list_notes(session, ctx, strictly).items) == made[:2]
    desc = ListQuery(order=[("createdAt", True)])
    assert _ids(list_notes(session, ctx, desc).items) == made[::-1]
    # Editing the oldest note makes it the most recently updated.
    update_note(session, ctx, made[0], {"content": "edited"})
    by_update = ListQuery(order=[("updatedAt", True)], per_page=1)
    assert _ids(list_notes(session, ctx, by_update).items) == [made[0]]
    recent = ListQuery(dates=[DateBound("updatedAt", "strictly_after", START + timedelta(minutes=45))])
    assert _ids(list_notes(session, ctx, recent).items) == [made[0]]
    paged = list_notes(session, ctx, ListQuery(page=2, per_page=2))
    assert (_ids(paged.items), paged.total) == (made[2:4], 5)
    assert list_notes(session, ctx, ListQuery(page=9, per_page=2)).items == []


def test_same_created_at_is_ordered_by_id(
    session: Session, ctx: Context, candidate: Candidate, fake_clock: FakeClock
) -> None:
    made = [create_note(session, ctx, candidate.public_id, str(i)).note.public_id for i in range(3)]
    assert _ids(list_notes(session, ctx, ListQuery()).items) == made


def test_list_notes_runs_a_fixed_number_of_queries(session: Session, ctx: Context) -> None:
    rita = make_member(session, ctx, name="Rita")
    ada = make_candidate(session, ctx)
    create_note(session, ctx, ada.public_id, "one")
    session.flush()
    session.expire_all()
    with QueryCounter(session) as few:
        list_notes(session, ctx, ListQuery())
    for i in range(4):
        who = make_candidate(session, ctx, firstname=f"P{i}")
        create_note(session, rita if i % 2 else ctx, who.public_id, str(i))
    session.flush()
    session.expire_all()
    with QueryCounter(session) as many:
        page = list_notes(session, ctx, ListQuery())
    assert page.total == 5 and {v.author.firstname for v in page.items if v.author} == {"Eva", "Rita"}
    assert many.count == few.count == 4

"""A person's notes as the profile shows them: visibility, threaded replies, deleting one's own."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import make_candidate, make_member
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.errors import Forbidden, Invalid, NotFound
from vivier.notes.by_candidate import add_candidate_note, candidate_notes, delete_own_note
from vivier.notes.service import add_comment


def test_lists_person_notes_and_comments_the_caller_may_see(
    session: Session, ctx: Context, candidate: Candidate, application: Application
) -> None:
    rita = make_member(session, ctx)
    add_candidate_note(session, ctx, candidate.public_id, "on the person")
    add_comment(session, ctx, application.public_id, "on the application")
    add_comment(session, rita, application.public_id, "Rita's private thought", private=True)
    add_candidate_note(session, ctx, make_candidate(session, ctx).public_id, "someone else")
    assert [v.note.text for v in candidate_notes(session, ctx, candidate.id)] == [
        "on the person",
        "on the application",
        "Rita's private thought",  # administrators see private notes
    ]
    sam = make_member(session, ctx, name="Sam")
    assert [v.note.text for v in candidate_notes(session, sam, candidate.id)] == [
        "on the person",
        "on the application",
    ]


def test_a_reply_joins_its_parents_application(
    session: Session, ctx: Context, candidate: Candidate, application: Application
) -> None:
    parent = add_comment(session, ctx, application.public_id, "first").note
    reply = add_candidate_note(session, ctx, candidate.public_id, "second", reply_to=parent.public_id).note
    assert reply.reply_to_id == parent.id and reply.application_id == application.id
    with pytest.raises(Invalid) as raised:
        add_candidate_note(session, ctx, candidate.public_id, " ", reply_to="AAAAAAAAAAAAAAAA")
    assert [v.field for v in raised.value.violations] == ["text", "reply_to"]


def test_only_the_author_deletes_even_for_administrators(
    session: Session, ctx: Context, other_ctx: Context, candidate: Candidate
) -> None:
    rita = make_member(session, ctx)
    theirs = add_candidate_note(session, rita, candidate.public_id, "Rita's").note.public_id
    with pytest.raises(Forbidden):
        delete_own_note(session, ctx, candidate.public_id, theirs)
    with pytest.raises(NotFound):
        delete_own_note(session, other_ctx, candidate.public_id, theirs)
    with pytest.raises(NotFound):  # another person's note
        delete_own_note(session, rita, make_candidate(session, ctx).public_id, theirs)
    delete_own_note(session, rita, candidate.public_id, theirs)
    assert candidate_notes(session, ctx, candidate.id) == []

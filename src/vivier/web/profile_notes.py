"""Profile notes: add (or reply to) a note, delete one's own note."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vivier.faces.common import DbSession
from vivier.notes.by_candidate import add_candidate_note, delete_own_note
from vivier.web.profile_page import act
from vivier.web.sessions import SignedIn

router = APIRouter()


@router.post("/candidates/{candidate_id}/notes")
def add_note(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    candidate_id: str,
    text: str = Form(""),
    reply_to: str = Form(""),
) -> Response:
    values = {"text": text, "reply_to": reply_to}
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "notes",
        "note",
        values,
        lambda: add_candidate_note(session, recruiter.ctx, candidate_id, text, reply_to=reply_to or None),
    )


@router.post("/candidates/{candidate_id}/notes/{note_id}/delete")
def delete_note(
    request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str, note_id: str
) -> Response:
    return act(
        request,
        session,
        recruiter.ctx,
        candidate_id,
        "notes",
        "note",
        {},
        lambda: delete_own_note(session, recruiter.ctx, candidate_id, note_id),
    )

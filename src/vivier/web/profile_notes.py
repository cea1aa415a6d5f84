"""Profile notes: add (or reply to) a note, delete one's own note."""

from __future__ import annotations

from fastapi import APIRouter, Form
from fastapi.responses import Response

from vivier.notes.by_candidate import add_candidate_note, delete_own_note
from vivier.web.profile_page import OnProfile

router = APIRouter()


@router.post("/candidates/{candidate_id}/notes")
def add_note(on: OnProfile, text: str = Form(""), reply_to: str = Form("")) -> Response:
    return on.run(
        "notes",
        "note",
        {"text": text, "reply_to": reply_to},
        lambda: add_candidate_note(on.session, on.ctx, on.candidate_id, text, reply_to=reply_to or None),
    )


@router.post("/candidates/{candidate_id}/notes/{note_id}/delete")
def delete_note(on: OnProfile, note_id: str) -> Response:
    return on.run("notes", "note", {}, lambda: delete_own_note(on.session, on.ctx, on.candidate_id, note_id))

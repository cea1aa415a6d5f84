"""Candidate notes (§6.2, §7.3): the same rows as Flatchr comments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.faces.common import DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.auth import FlowtlyContext
from vivier.faces.flowtly.resources import CANDIDATES, MEMBERS, NOTES
from vivier.faces.flowtly.wire import (
    STRING,
    Item,
    PatchBody,
    PostBody,
    created,
    fields_of,
    item,
    item_response,
    no_content,
    paged,
    ref,
    rfc3339,
)
from vivier.notes.schemas import NoteView
from vivier.notes.service import create_note, delete_note, get_note, list_notes, update_note

router = APIRouter()
TAG = "CandidateNote"
CREATE = {"candidate": ref("candidates"), "content": STRING}
UPDATE = {"content": STRING}  # the candidate of a note does not change


def render(view: NoteView) -> Item:
    note = view.note
    return item(
        NOTES,
        {
            "id": note.public_id,
            "candidate": CANDIDATES.iri(view.candidate_public_id),
            "content": note.text,
            "author": MEMBERS.iri(view.author.member_public_id) if view.author else None,
            "createdAt": rfc3339(note.created_at),
            "updatedAt": rfc3339(note.updated_at),
        },
    )


@router.get("/candidate-notes", **docs.collection(TAG, TAG))
def notes(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    """Notes the caller may see (private Flatchr comments only to their author or an admin)."""
    return paged(request, NOTES, lambda query: list_notes(session, ctx, query), render)


@router.post("/candidate-notes", **docs.create(TAG, TAG))
def create(request: Request, session: DbSession, ctx: FlowtlyContext, body: PostBody) -> JSONResponse:
    """A note on the person, authored by the acting member."""
    return created(request, NOTES, render(create_from_wire(session, ctx, body)))


def create_from_wire(session: Session, ctx: Context, body: Mapping[str, Any]) -> NoteView:
    values = fields_of(body, CREATE)
    return create_note(session, ctx, values.get("candidate"), values.get("content"))


@router.get("/candidate-notes/{id}", **docs.read(TAG, TAG))
def read(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, NOTES, render(get_note(session, ctx, id)))


@router.patch("/candidate-notes/{id}", **docs.update(TAG, TAG))
def update(
    request: Request, session: DbSession, ctx: FlowtlyContext, id: str, body: PatchBody
) -> JSONResponse:
    return item_response(request, NOTES, render(update_note(session, ctx, id, fields_of(body, UPDATE))))


@router.delete("/candidate-notes/{id}", response_class=Response, **docs.remove(TAG, TAG))
def delete(session: DbSession, ctx: FlowtlyContext, id: str) -> Response:
    """204; a tombstone lets sync clients learn about it (``GET /deletions``)."""
    delete_note(session, ctx, id)
    return no_content()

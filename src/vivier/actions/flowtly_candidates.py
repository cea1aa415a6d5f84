"""Flowtly candidates (§6.1, §7.2), full-text search (§4.3) and candidate notes (§6.2, §7.3)."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.orm import Session

from vivier.actions.flowtly import Crud, collection_query, crud_actions, page_result
from vivier.actions.framework import Call, Result, define
from vivier.candidates.search import search_candidates
from vivier.candidates.service import get_candidate, list_candidates
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.faces.flowtly import routes_candidates, routes_notes
from vivier.faces.flowtly.resources import CANDIDATES, NOTES
from vivier.faces.flowtly.schemas import Candidate
from vivier.faces.flowtly.wire import fields_of
from vivier.files.store import FileStore
from vivier.notes.service import delete_note, get_note, list_notes, update_note

SEARCH_QUERY: type[BaseModel] = collection_query(CANDIDATES, leading=("q",))


def _search(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    terms = str(call.query.get("q") or "")
    return page_result(
        call,
        CANDIDATES,
        lambda query: search_candidates(session, ctx, terms, query),
        routes_candidates.render,
    )


ACTIONS = [
    *crud_actions(
        Crud(
            CANDIDATES,
            "candidate",
            routes_candidates.render,
            "candidates",
            list=list_candidates,
            get=get_candidate,
            create=routes_candidates.create_from_wire,
            update=routes_candidates.update_from_wire,
        )
    ),
    define(
        "flowtly_search_candidates",
        "Search Candidates (Full Text)",
        "Candidates whose names, email, position, location, notes or CV text contain every term of q.",
        "candidates",
        _search,
        list[Candidate],
        query=SEARCH_QUERY,
        read_only=True,
    ),
    *crud_actions(
        Crud(
            NOTES,
            "candidate note",
            routes_notes.render,
            "candidate notes",
            list=list_notes,
            get=get_note,
            create=routes_notes.create_from_wire,
            update=lambda session, ctx, id, body: update_note(
                session, ctx, id, fields_of(body, routes_notes.UPDATE)
            ),
            delete=delete_note,
        )
    ),
]

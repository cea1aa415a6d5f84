"""Members (§6.8, read-only) and the deletion feed for incremental sync (a Vivier addition)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.companies.models import Member
from vivier.companies.service import get_member, list_members
from vivier.core.listing import DateBound, ListQuery, Page
from vivier.events.models import Tombstone
from vivier.events.tombstones import list_tombstones
from vivier.faces.common import DbSession
from vivier.faces.flowtly import docs
from vivier.faces.flowtly.auth import FlowtlyContext
from vivier.faces.flowtly.resources import DELETIONS, MEMBERS, NOTES, PROPOSALS, Resource
from vivier.faces.flowtly.wire import (
    Item,
    bounded,
    collection_response,
    item,
    item_response,
    list_query,
    rfc3339,
)

router = APIRouter()

# Flowtly type -> the entity type its service buries deletions under.
BURIED: dict[str, tuple[str, Resource]] = {
    NOTES.type: ("candidate_note", NOTES),
    PROPOSALS.type: ("resource_request_candidate", PROPOSALS),
}
_TYPE_OF_ENTITY = {entity: (name, resource) for name, (entity, resource) in BURIED.items()}


def render_member(member: Member) -> Item:
    return item(
        MEMBERS,
        {
            "id": member.public_id,
            "firstname": member.user.firstname,
            "lastname": member.user.lastname,
            "email": member.user.email,
            "createdAt": rfc3339(member.created_at),
            "updatedAt": rfc3339(member.updated_at),
        },
    )


def _within(moment: datetime, bound: DateBound) -> bool:
    if bound.op == "after":
        return moment >= bound.value
    if bound.op == "before":
        return moment <= bound.value
    if bound.op == "strictly_after":
        return moment > bound.value
    return moment < bound.value


def page_of_members(members: Sequence[Member], query: ListQuery) -> Page[Member]:
    """Filter, order and page a company's members in memory (a company has few members, and
    ``companies.service.list_members`` takes no ListQuery)."""
    emails = {e.strip().lower() for e in query.exact.get("email", [])}
    moments = {"createdAt": lambda m: m.created_at, "updatedAt": lambda m: m.updated_at}
    kept = [
        m
        for m in members
        if (not query.exact.get("email") or m.user.email.lower() in emails)
        and all(_within(moments[b.field](m), b) for b in query.dates if b.field in moments)
    ]
    kept.sort(key=lambda m: (m.created_at, m.id))
    for name, descending in reversed(query.order):  # stable sorts: the first key given wins
        if name == "lastname":
            kept.sort(key=lambda m: m.user.lastname, reverse=descending)
        elif name == "createdAt":
            kept.sort(key=lambda m: m.created_at, reverse=descending)
    return Page(kept[query.offset : query.offset + query.per_page], len(kept))


@router.get("/members", **docs.collection(MEMBERS.type, MEMBERS.type))
def members(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    """The company's members (the Flatchr face's members, same ids); read-only."""
    query = list_query(request, MEMBERS)
    page = page_of_members(list_members(session, ctx), query)
    return collection_response(request, MEMBERS, [render_member(m) for m in page.items], page.total, query)


@router.get("/members/{id}", **docs.read(MEMBERS.type, MEMBERS.type))
def read_member(request: Request, session: DbSession, ctx: FlowtlyContext, id: str) -> JSONResponse:
    return item_response(request, MEMBERS, render_member(get_member(session, ctx, id)))


def render_deletion(tombstone: Tombstone) -> Item:
    type_name, resource = _TYPE_OF_ENTITY[tombstone.entity_type]
    fields = {"id": tombstone.entity_id, "type": type_name, "deletedAt": rfc3339(tombstone.deleted_at)}
    return Item(resource.iri(tombstone.entity_id), type_name, fields)


@router.get("/deletions", **docs.collection(DELETIONS.type, "Sync"))
def deletions(request: Request, session: DbSession, ctx: FlowtlyContext) -> JSONResponse:
    """Deleted candidate notes and resource-request candidates, oldest first: ``type`` (CandidateNote,
    ResourceRequestCandidate; default both), ``deletedAt[after|before|strictly_after|strictly_before]``."""
    query = list_query(request, DELETIONS)
    page = deletions_page(session, ctx, query)
    return collection_response(
        request, DELETIONS, [render_deletion(t) for t in page.items], page.total, query
    )


def deletions_page(session: Session, ctx: Context, query: ListQuery) -> Page[Tombstone]:
    """The ``type`` filter picks the entity types (default both); the rest pages as usual."""
    wanted = query.exact.get("type", list(BURIED))
    entity_types = [BURIED[t][0] for t in wanted if t in BURIED]
    without_type = dataclasses.replace(query, exact={k: v for k, v in query.exact.items() if k != "type"})
    return list_tombstones(session, ctx, entity_types, bounded(without_type))

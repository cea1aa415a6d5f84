"""Flowtly members (§6.8, read-only), the deletion feed for incremental sync, and JSON-LD contexts."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy.orm import Session

from vivier.actions.flowtly import Crud, collection_query, crud_actions, page_result
from vivier.actions.framework import Call, Part, Result, define
from vivier.companies.context import Context
from vivier.companies.service import get_member, list_members
from vivier.config import Settings
from vivier.core.errors import NotFound
from vivier.faces.flowtly.resources import DELETIONS, MEMBERS, context_document
from vivier.faces.flowtly.routes_members import (
    deletions_page,
    page_of_members,
    render_deletion,
    render_member,
)
from vivier.faces.flowtly.schemas import Deletion
from vivier.files.store import FileStore


class ContextPath(Part):
    type: str = Field(description="a resource type such as Candidate, or Error, ConstraintViolationList")


def _deletions(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return page_result(call, DELETIONS, lambda query: deletions_page(session, ctx, query), render_deletion)


def _context(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    document = context_document(call.path["type"])
    if document is None:
        raise NotFound("Unknown context")
    return Result(document)


ACTIONS = [
    *crud_actions(
        Crud(
            MEMBERS,
            "member",
            render_member,
            "company",
            list=lambda session, ctx, query: page_of_members(list_members(session, ctx), query),
            get=get_member,
        )
    ),
    define(
        "flowtly_list_deletions",
        "List Deletions",
        "Deleted candidate notes and resource-request candidates, oldest first, for incremental sync.",
        "sync",
        _deletions,
        list[Deletion],
        query=collection_query(DELETIONS),
        read_only=True,
    ),
    define(
        "flowtly_get_context",
        "Get JSON-LD Context",
        "The JSON-LD context document of a Flowtly resource type.",
        "reference",
        _context,
        dict[str, Any],
        path=ContextPath,
        read_only=True,
    ),
]

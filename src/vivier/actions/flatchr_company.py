"""Flatchr company-wide lists: tags (7.22), members (7.23) and pipeline columns (7.24)."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.orm import Session

from vivier.actions.framework import Call, Part, Result, define
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.faces.flatchr.render_applicant import column_json
from vivier.faces.flatchr.render_vacancy import tag_json
from vivier.faces.flatchr.routes_vacancies import members_json
from vivier.faces.flatchr.schemas import ColumnOut
from vivier.faces.flatchr.schemas_vacancy import MemberOut, TagOut
from vivier.files.store import FileStore
from vivier.pipeline.service import list_columns
from vivier.tags.service import list_tags

CATEGORY = "company"


class MembersQuery(Part):
    fields: str | None = Field(None, description="`user` adds each member's user")


def _tags(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result([tag_json(tag) for tag in list_tags(session, ctx)])


def _members(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(members_json(session, ctx, call.query.get("fields")))


def _columns(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result([column_json(c, ctx.company_public_id) for c in list_columns(session, ctx)])


ACTIONS = [
    define(
        "flatchr_retrieve_company_tags",
        "Retrieve Company Tags",
        "The company's candidate and vacancy tags, by position then id.",
        CATEGORY,
        _tags,
        list[TagOut],
        read_only=True,
    ),
    define(
        "flatchr_list_members",
        "List Members",
        "The company's members, oldest first, optionally with their user.",
        CATEGORY,
        _members,
        list[MemberOut],
        query=MembersQuery,
        read_only=True,
    ),
    define(
        "flatchr_list_columns",
        "List Columns",
        "The company's pipeline columns (stages), by position.",
        CATEGORY,
        _columns,
        list[ColumnOut],
        read_only=True,
    ),
]

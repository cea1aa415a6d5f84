"""Flatchr reference lists (7.25-7.29), the same for every company."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field
from sqlalchemy.orm import Session

from vivier.actions.framework import Action, Call, Part, Result, Run, define
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.faces.flatchr.routes_reference import items_json, metiers_json
from vivier.faces.flatchr.schemas_vacancy import MetierOut, RefItemOut
from vivier.files.store import FileStore
from vivier.reference.service import (
    RefItem,
    list_activities,
    list_channels,
    list_contract_types,
    list_education_levels,
)

CATEGORY = "reference"


class LangQuery(Part):
    lang: str | None = Field(None, description="fr (default) or en")


class ChannelPath(Part):
    channelId: int = Field(description="a channel id (List Channels)")


def _list(source: Callable[[Session, str | None], list[RefItem]]) -> Run:
    def run(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
        return Result(items_json(source(session, call.query.get("lang"))))

    return run


def _metiers(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(metiers_json(session, str(call.path["channelId"]), call.query.get("lang")))


def _reference(name: str, label: str, what: str, source: Callable[..., list[RefItem]]) -> Action:
    return define(
        name,
        label,
        f"The {what}, ordered by id, labelled in French or English.",
        CATEGORY,
        _list(source),
        list[RefItemOut],
        query=LangQuery,
        read_only=True,
    )


ACTIONS = [
    _reference("flatchr_list_business_sectors", "List Business Sectors", "business sectors", list_activities),
    _reference("flatchr_list_channels", "List Channels", "job channels (families)", list_channels),
    define(
        "flatchr_list_channel_job_categories",
        "List Channel Job Categories",
        "The job categories (métiers) of one channel, ordered by id.",
        CATEGORY,
        _metiers,
        list[MetierOut],
        path=ChannelPath,
        query=LangQuery,
        read_only=True,
    ),
    _reference("flatchr_list_contract_types", "List Contract Types", "contract types", list_contract_types),
    _reference(
        "flatchr_list_education_levels", "List Education Levels", "education levels", list_education_levels
    ),
]

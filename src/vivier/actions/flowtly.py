"""Building Flowtly actions from a resource's pieces (the face's renderer, its services, its wire shapes).

Flowtly actions answer plain JSON, as the face does for ``Accept: application/json``: an item's
fields, or the page's items as an array. A collection takes the face's query parameters (``page``,
``itemsPerPage``, filters, ``createdAt[after]``…, ``order[field]``); ``next`` asks for the next page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from vivier.actions.framework import Action, Call, Part, Result, define
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.listing import MAX_PER_PAGE, ListQuery, Page
from vivier.faces.flowtly.resources import DATE_OPS, Resource
from vivier.faces.flowtly.schemas import SHAPES
from vivier.faces.flowtly.wire import DEFAULT_PER_PAGE, Item, bounded, query_of
from vivier.files.store import FileStore

Render = Callable[[Any], Item]
Fetch = Callable[[Session, Context, ListQuery], Page[Any]]


def collection_query(
    resource: Resource, *, filters: Mapping[str, str] | None = None, leading: Iterable[str] = ()
) -> type[BaseModel]:
    """The query model of a collection: its keys are the face's, brackets included."""
    fields: dict[str, Any] = {
        "page": (int | None, Field(None, ge=1, description="page number, from 1")),
        "itemsPerPage": (
            int | None,
            Field(None, ge=1, le=MAX_PER_PAGE, description=f"default {DEFAULT_PER_PAGE}"),
        ),
    }
    for name in leading:
        fields[name] = (str | None, Field(None, description="search terms"))
    for name, strategy in (resource.filters if filters is None else filters).items():
        described = "IRI or id" if strategy == "relation" else f"{strategy} match"
        fields[name] = (
            str | list[str] | None,
            Field(None, description=f"{described}; a list means any of them"),
        )
    for name in resource.dates:
        for op in DATE_OPS:
            fields[_python(f"{name}[{op}]")] = (
                str | None,
                Field(None, alias=f"{name}[{op}]", description="ISO 8601 date or datetime"),
            )
    for name in resource.order:
        fields[_python(f"order[{name}]")] = (
            Literal["asc", "desc"] | None,
            Field(None, alias=f"order[{name}]"),
        )
    config = ConfigDict(extra="forbid", populate_by_name=False)
    made: type[BaseModel] = create_model(f"{resource.type}Query", __config__=config, **fields)
    return made


def _python(key: str) -> str:
    return re.sub(r"\W", "_", key).strip("_")


def _pairs(query: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query values as the face receives them: text, a list as repeated keys."""
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        for one in value if isinstance(value, list) else [value]:
            if one is None:
                continue
            pairs.append((key, str(one).lower() if isinstance(one, bool) else str(one)))
    return pairs


def page_result(
    call: Call, resource: Resource, fetch: Callable[[ListQuery], Page[Any]], render: Render
) -> Result:
    """One page as the face renders it in plain JSON; ``next`` while pages remain."""
    query = query_of(QueryParams(_pairs(call.query)), resource)
    page = fetch(bounded(query))
    data = [render(row).fields for row in page.items]
    last = max(1, math.ceil(page.total / query.per_page))
    following = None
    if query.page < last:
        following = Call(call.path, {**call.query, "page": query.page + 1}, call.body).as_input()
    return Result(data, next=following)


def id_path(resource: Resource) -> type[BaseModel]:
    kind: Any = int if resource.int_ids else str
    described = "integer id" if resource.int_ids else "encoded id"
    made: type[BaseModel] = create_model(
        f"{resource.type}Path",
        __base__=Part,
        id=(kind, Field(description=f"the {resource.type}'s {described}")),
    )
    return made


@dataclass(frozen=True)
class Crud:
    """What a resource offers; absent operations get no action."""

    resource: Resource
    noun: str  # "candidate note"
    render: Render
    category: str
    list: Fetch | None = None
    get: Callable[[Session, Context, str], Any] | None = None
    create: Callable[[Session, Context, Mapping[str, Any]], Any] | None = None
    update: Callable[[Session, Context, str, Mapping[str, Any]], Any] | None = None
    delete: Callable[[Session, Context, str], None] | None = None

    @property
    def plural(self) -> str:
        return f"{self.noun}s"

    def name(self, verb: str, plural: bool = False) -> str:
        return f"flowtly_{verb}_{(self.plural if plural else self.noun).replace(' ', '_')}"

    def label(self, verb: str, plural: bool = False) -> str:
        return f"{verb.title()} {(self.plural if plural else self.noun).title()}"


def crud_actions(crud: Crud) -> list[Action]:
    """``flowtly_list_…``, ``get``, ``create``, ``update``, ``delete`` for what the resource offers."""
    resource, render = crud.resource, crud.render
    shapes = SHAPES[resource.type]
    out: list[Action] = []
    if crud.list is not None:
        fetch = crud.list

        def run_list(
            session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call
        ) -> Result:
            return page_result(call, resource, lambda query: fetch(session, ctx, query), render)

        out.append(
            define(
                crud.name("list", plural=True),
                crud.label("list", plural=True),
                f"The company's {crud.plural}, a page at a time, with the face's filters, date ranges and order.",
                crud.category,
                run_list,
                list[shapes.plain],  # type: ignore[name-defined]
                query=collection_query(resource),
                read_only=True,
            )
        )
    if crud.get is not None:
        get = crud.get

        def run_get(
            session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call
        ) -> Result:
            return Result(render(get(session, ctx, str(call.path["id"]))).fields)

        out.append(
            define(
                crud.name("get"),
                crud.label("get"),
                f"One {crud.noun} of the company by id.",
                crud.category,
                run_get,
                shapes.plain,
                path=id_path(resource),
                read_only=True,
            )
        )
    if crud.create is not None and shapes.write is not None:
        create = crud.create

        def run_create(
            session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call
        ) -> Result:
            return Result(render(create(session, ctx, call.body)).fields)

        out.append(
            define(
                crud.name("create"),
                crud.label("create"),
                f"Create a {crud.noun}; relations are IRIs or bare ids.",
                crud.category,
                run_create,
                shapes.plain,
                body=shapes.write,
            )
        )
    if crud.update is not None and shapes.patch is not None:
        update = crud.update

        def run_update(
            session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call
        ) -> Result:
            return Result(render(update(session, ctx, str(call.path["id"]), call.body)).fields)

        out.append(
            define(
                crud.name("update"),
                crud.label("update"),
                f"Change a {crud.noun} by merge-patch: absent keys are kept and null clears a field.",
                crud.category,
                run_update,
                shapes.plain,
                path=id_path(resource),
                body=shapes.patch,
                idempotent=True,
            )
        )
    if crud.delete is not None:
        delete = crud.delete

        def run_delete(
            session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call
        ) -> Result:
            delete(session, ctx, str(call.path["id"]))
            return Result(None)

        out.append(
            define(
                crud.name("delete"),
                crud.label("delete"),
                f"Delete a {crud.noun}; sync clients learn of it through the deletions feed.",
                crud.category,
                run_delete,
                None,
                path=id_path(resource),
                destructive=True,
                idempotent=True,
            )
        )
    return out

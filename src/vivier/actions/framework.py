"""What an action is: a name, a typed input (``path``, ``query``, ``body``), a result, and hints.

An action's ``run`` calls the domain services and renders with the same functions as the face it
mirrors, so each action answers the same data as the matching face route.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.config import Settings
from vivier.db.session import Database
from vivier.files.store import FileStore

PARTS = ("path", "query", "body")
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


class Part(BaseModel):
    """One part of an action's input; unknown keys are refused so a typo is named, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Empty(Part):
    pass


class Page(Part):
    """Paging of list actions: at most ``limit`` items after ``offset``; ``next`` fetches the rest."""

    limit: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="items per page")
    offset: int = Field(0, ge=0, description="items to skip")


def closed(
    model: type[BaseModel], *, drop: tuple[str, ...] = (), add: dict[str, Any] | None = None
) -> type[BaseModel]:
    """A copy of a face's request model that refuses unknown keys (faces ignore them), less ``drop``,
    plus ``add`` (``name: (type, default)``)."""
    fields: dict[str, Any] = {n: (f.annotation, f) for n, f in model.model_fields.items() if n not in drop}
    fields.update(add or {})
    config = ConfigDict(**{**model.model_config, "extra": "forbid"})
    made: type[BaseModel] = create_model(
        model.__name__, __config__=config, __doc__=model.__doc__, __module__=model.__module__, **fields
    )
    return made


def envelope(
    name: str,
    *,
    path: type[BaseModel] = Empty,
    query: type[BaseModel] = Empty,
    body: type[BaseModel] = Empty,
) -> type[BaseModel]:
    """The input model ``{"path", "query", "body"}``; a part with no required field may be omitted."""
    parts: dict[str, Any] = {}
    for part, model in zip(PARTS, (path, query, body), strict=True):
        required = any(f.is_required() for f in model.model_fields.values())
        parts[part] = (model, ... if required else Field(default_factory=model))
    made: type[BaseModel] = create_model(name, __config__=ConfigDict(extra="forbid"), **parts)
    return made


@dataclass(frozen=True)
class Call:
    """A validated input. Parts stay as the caller sent them (JSON values), so the face functions
    parse them exactly as they parse an HTTP request."""

    path: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Any]:
        """Query overlaid with the body, as the Flatchr face reads a request (§4.1)."""
        return {**self.query, **self.body}

    def as_input(self) -> dict[str, Any]:
        return {"path": self.path, "query": self.query, "body": self.body}


@dataclass(frozen=True)
class File:
    """Binary data (a CV): RPC and the CLI send it as base64 (``FileOut``), MCP as a blob resource."""

    content: bytes
    media_type: str
    filename: str

    def out(self) -> dict[str, Any]:
        return FileOut(
            filename=self.filename,
            content_type=self.media_type,
            size=len(self.content),
            content_base64=base64.b64encode(self.content).decode(),
        ).model_dump()


class FileOut(BaseModel):
    filename: str
    content_type: str = Field(description="MIME type")
    size: int = Field(description="bytes")
    content_base64: str


@dataclass
class Result:
    """``data`` is JSON-ready; ``next`` is the whole input of the next page (None on the last)."""

    data: Any
    next: dict[str, Any] | None = None
    file: File | None = None
    # Work that must wait for the commit (mail notifications), given the database.
    after_commit: Callable[[Database], None] | None = None


Run = Callable[[Session, Context, FileStore, Settings, Call], Result]


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    description: str
    category: str
    input_model: type[BaseModel]
    output: Any  # a type for pydantic's TypeAdapter: the shape of ``data``
    run: Run
    read_only: bool
    destructive: bool = False
    idempotent: bool = False

    @cached_property
    def input_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = self.input_model.model_json_schema()
        schema["title"] = self.label
        return schema

    @cached_property
    def output_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = TypeAdapter(self.output).json_schema(mode="serialization")
        return schema

    def describe(self) -> dict[str, Any]:
        """The catalogue entry served by ``GET /actions`` and ``vivier actions describe``."""
        return {
            "name": self.name,
            "label": self.label,
            "description": self.description,
            "category": self.category,
            "input_schema": self.input_schema,
            "output_schema": self.output_schema,
            "annotations": self.annotations,
        }

    @property
    def annotations(self) -> dict[str, bool]:
        """The hints in MCP's vocabulary."""
        return {
            "readOnlyHint": self.read_only,
            "destructiveHint": self.destructive,
            "idempotentHint": self.idempotent,
        }


def dump(model: BaseModel, *, exclude_unset: bool = False) -> dict[str, Any]:
    """A response model as the face serialises it; ``exclude_unset`` where the face's route leaves
    unrequested optional blocks out."""
    return model.model_dump(mode="json", by_alias=True, exclude_unset=exclude_unset)


def dump_all(models: Iterable[BaseModel], *, exclude_unset: bool = False) -> list[dict[str, Any]]:
    return [dump(m, exclude_unset=exclude_unset) for m in models]


def paged(call: Call, fetch: Callable[[int, int], list[Any]]) -> Result:
    """One page of ``fetch(limit, offset)``; asks for one more item to know whether a next page exists."""
    limit = int(call.query.get("limit", PAGE_SIZE))
    offset = int(call.query.get("offset", 0))
    items = fetch(limit + 1, offset)
    if len(items) <= limit:
        return Result(items)
    following = Call(call.path, {**call.query, "limit": limit, "offset": offset + limit}, call.body)
    return Result(items[:limit], next=following.as_input())


def define(
    name: str,
    label: str,
    description: str,
    category: str,
    run: Run,
    output: Any,
    *,
    path: type[BaseModel] = Empty,
    query: type[BaseModel] = Empty,
    body: type[BaseModel] = Empty,
    read_only: bool = False,
    destructive: bool = False,
    idempotent: bool = False,
) -> Action:
    """An action; reads are idempotent by nature."""
    model = envelope(f"{name}_input", path=path, query=query, body=body)
    return Action(
        name,
        label,
        description,
        category,
        model,
        output,
        run,
        read_only,
        destructive,
        idempotent or read_only,
    )

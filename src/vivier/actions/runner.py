"""Running an action for a caller: one unit of work, input checked against the action's schema,
write actions refused to read-only credentials. RPC, the CLI and MCP all call ``execute``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from vivier.actions.catalogue import find
from vivier.actions.framework import PARTS, Action, Call, Result
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.errors import Constraint, DomainError, Invalid, NotFound, RateLimited, Violation
from vivier.core.text import nul_path
from vivier.db.session import Database
from vivier.faces.flatchr import errors as flatchr_errors
from vivier.files.store import FileStore

Caller = Callable[[Session], Context]
_HEAD = re.compile(r"[.\[]")


class InvalidInput(Invalid):
    """The input does not match the action's input schema (nothing ran)."""


# Flatchr's table (400 rule violations, 401, 403, 404, 409, 413, 429), plus 422 for schema mismatches.
STATUS_BY_ERROR: dict[type[DomainError], int] = {InvalidInput: 422, **flatchr_errors.STATUS_BY_ERROR}


def execute(
    db: Database,
    settings: Settings,
    store: FileStore,
    caller: Caller,
    name: str,
    raw: Mapping[str, Any] | None,
) -> Result:
    """Run action ``name`` for ``caller`` in one transaction (rolled back on any error)."""
    with db.unit_of_work() as session:
        ctx = caller(session)
        action = find(name)
        call = parse_input(action, raw)
        if not action.read_only:
            ctx.require_write()
        try:
            result = action.run(session, ctx, store, settings, call)
        except InvalidInput:
            raise
        except Invalid as exc:
            raise Invalid([_located(v, action, call) for v in exc.violations]) from exc
        except OverflowError:
            # An integer id beyond 64 bits (SQLite refuses to bind it) names nothing.
            raise NotFound("Not found") from None
    if result.after_commit is not None:
        result.after_commit(db)
    return result


def parse_input(action: Action, raw: Mapping[str, Any] | None) -> Call:
    """Check ``raw`` against the action's input model; a null part counts as absent."""
    if raw is not None and not isinstance(raw, Mapping):
        raise InvalidInput.one("input", Constraint.TYPE, "must be an object with path, query and body")
    parts = {key: value for key, value in (raw or {}).items() if value is not None}
    try:
        action.input_model.model_validate(parts)
    except ValidationError as exc:
        raise InvalidInput(
            [
                Violation(".".join(str(p) for p in e["loc"]) or "input", Constraint.INVALID, e["msg"])
                for e in exc.errors()
            ]
        ) from None
    where = nul_path(parts)
    if where:  # PostgreSQL text cannot store NUL; refuse it on every engine, as the faces do
        raise InvalidInput.one(".".join(where), Constraint.INVALID, "must not contain NUL characters")
    return Call(**{part: dict(parts.get(part) or {}) for part in PARTS})


def _located(violation: Violation, action: Action, call: Call) -> Violation:
    """A service names a field as the face does (``column_id``); say which part holds it."""
    head = _HEAD.split(violation.field, maxsplit=1)[0]
    for part in ("body", "query", "path"):
        model = action.input_model.model_fields[part].annotation
        declared = isinstance(model, type) and issubclass(model, BaseModel) and head in model.model_fields
        if head in getattr(call, part) or declared:
            return Violation(
                f"{part}.{violation.field}", violation.constraint, violation.message, violation.limit
            )
    return violation


def error_body(error: DomainError) -> tuple[int, dict[str, Any]]:
    """The status and body of a refused call: ``{"status", "error", "message", "fields"?}``."""
    own = getattr(error, "status", None)  # a face's wire-level refusal carries its status
    status = (
        own
        if isinstance(own, int)
        else next((s for kind, s in STATUS_BY_ERROR.items() if isinstance(error, kind)), 400)
    )
    body: dict[str, Any] = {"status": status, "error": HTTPStatus(status).phrase, "message": error.message}
    if isinstance(error, Invalid):
        body["fields"] = [{"field": v.field, "message": v.message} for v in error.violations]
    if isinstance(error, RateLimited):
        body["retry_after"] = error.retry_after
    return status, body

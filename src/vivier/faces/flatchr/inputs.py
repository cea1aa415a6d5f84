"""Reading Flatchr requests as real clients send them (flatchr-api.md §4.1).

Bodies may be JSON, urlencoded or multipart; any body field may instead come from the query string
(the body wins); booleans and integers arrive as strings. Every coercion error names its field.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from vivier.core.errors import Constraint, Invalid
from vivier.files.service import Upload

TRUE = {"true", "1"}
INT64 = 2**63
FALSE = {"false", "0"}


async def read_body(request: Request) -> dict[str, Any]:
    """Query parameters overlaid with the body's fields (JSON object, form or multipart).

    Multipart files are returned as ``Upload`` values; a malformed JSON body, or a field holding a
    NUL character (PostgreSQL text cannot store it), is a 400 naming the field.
    """
    fields = await _read_fields(request)
    for name, value in fields.items():
        if _has_nul(value):
            raise Invalid.one(name, Constraint.INVALID, "must not contain NUL characters")
    return fields


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Upload):
        return "\x00" in (value.filename or "")
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    return False


async def _read_fields(request: Request) -> dict[str, Any]:
    fields: dict[str, Any] = dict(request.query_params)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.form()
        for name, value in form.multi_items():
            fields[name] = _upload(value) if isinstance(value, UploadFile) else value
        return fields
    raw = await request.body()
    if not raw.strip():
        return fields
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Invalid.one("body", Constraint.TYPE, "must be valid JSON") from exc
    if not isinstance(body, dict):
        raise Invalid.one("body", Constraint.TYPE, "must be a JSON object")
    fields.update(body)
    return fields


def _upload(value: UploadFile) -> Upload:
    return Upload(value.file, value.filename or "", value.content_type)


def to_bool(fields: Mapping[str, Any], name: str, default: bool | None = None) -> bool | None:
    """``true``/``false``, ``"true"``/``"false"``, ``1``/``0`` and ``"1"``/``"0"``; absent or empty -> default."""
    value = fields.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE | FALSE:
        return value.strip().lower() in TRUE
    raise Invalid.one(name, Constraint.TYPE, "must be a boolean")


def to_int(fields: Mapping[str, Any], name: str, default: int | None = None) -> int | None:
    """A 64-bit integer or a numeric string; absent or empty -> default."""
    value = fields.get(name)
    if value is None or value == "":
        return default
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = int(value.strip())
    if number is None or not -INT64 <= number < INT64:
        raise Invalid.one(name, Constraint.TYPE, "must be an integer")
    return number


def to_str(fields: Mapping[str, Any], name: str, default: str | None = None) -> str | None:
    """A string (numbers are accepted and turned into text); absent -> default."""
    value = fields.get(name)
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Invalid.one(name, Constraint.TYPE, "must be a string")


def fields_param(value: str | None) -> set[str]:
    """``fields=a,b`` -> {"a", "b"}; unknown names are simply never looked at."""
    return {part.strip() for part in (value or "").split(",") if part.strip()}

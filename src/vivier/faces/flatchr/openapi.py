"""OpenAPI documentation of request bodies the Flatchr routes read by hand (``inputs.read_body``).

The models only document: routes attach them through ``openapi_extra`` rather than as parameters,
since bodies may be JSON, urlencoded or multipart, with a query-string fallback.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

_BINARY = {"type": "string", "format": "binary"}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """``node`` with every ``#/$defs/…`` reference replaced by its definition (no components needed)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def _without(schema: dict[str, Any], name: str) -> dict[str, Any]:
    properties = schema.get("properties", {})
    return {k: v for k, v in schema.items() if k != "properties"} | {
        "properties": {k: v for k, v in properties.items() if k != name}
    }


def _with_binary(schema: dict[str, Any], name: str) -> dict[str, Any]:
    properties = schema.get("properties", {})
    return schema | {"properties": {k: (_BINARY if k == name else v) for k, v in properties.items()}}


def request_body(
    model: type[BaseModel], *, form: bool = False, required: bool = True, upload: str | None = None
) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the request body: JSON, plus urlencoded and multipart
    when ``form``; ``upload`` names a file field, sent only as multipart (a binary part)."""
    full = model.model_json_schema()
    schema = _inline({k: v for k, v in full.items() if k != "$defs"}, full.get("$defs", {}))
    plain = schema if upload is None else _without(schema, upload)
    content: dict[str, Any] = {"application/json": {"schema": plain}}
    if form:
        content["application/x-www-form-urlencoded"] = {"schema": plain}
        multipart = schema if upload is None else _with_binary(schema, upload)
        content["multipart/form-data"] = {"schema": multipart}
    return {"requestBody": {"required": required, "content": content}}

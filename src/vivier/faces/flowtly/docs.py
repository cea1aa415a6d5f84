"""OpenAPI for the face: each route declares its bodies and responses for BOTH media types
(JSON-LD / Hydra and plain JSON); ``openapi`` adds the shapes as components."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from vivier.faces.flowtly.schemas import MONEY, OTHER_MODELS, SHAPES, Wire

LD = "application/ld+json"
JSON = "application/json"
PROBLEM = "application/problem+json"
MERGE_PATCH = "application/merge-patch+json"


def _ref(model: type[Wire]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    described = {
        400: "Syntax error, wrong JSON type, bad IRI, bad page",
        401: "Missing or invalid credential",
        404: "Not found (also another company's item)",
        415: "Unsupported request content type",
        422: "Constraint violations",
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        if status == 401:
            content = {JSON: {"schema": _ref(_model("AuthError"))}}
        elif status == 422:
            content = {
                LD: {"schema": _ref(_model("ViolationListLd"))},
                PROBLEM: {"schema": _ref(_model("ViolationList"))},
            }
        else:
            content = {LD: {"schema": _ref(_model("ErrorLd"))}, PROBLEM: {"schema": _ref(_model("Problem"))}}
        out[status] = {"description": described[status], "content": content}
    return out


def _model(name: str) -> type[Wire]:
    return next(m for m in OTHER_MODELS if m.__name__ == name)


def _body(model: type[Wire], media: tuple[str, ...]) -> dict[str, Any]:
    return {"requestBody": {"required": False, "content": {m: {"schema": _ref(model)} for m in media}}}


def collection(type_name: str, tag: str, *, auth: bool = True) -> dict[str, Any]:
    """GET collection: a Hydra collection (LD) or a bare array (JSON)."""
    shapes = SHAPES[type_name]
    content = {
        LD: {"schema": _ref(shapes.collection_ld)},
        JSON: {"schema": {"type": "array", "items": _ref(shapes.plain)}},
    }
    responses: dict[int | str, dict[str, Any]] = {
        200: {"description": f"{type_name} collection", "content": content}
    }
    return {"tags": [tag], "responses": responses | _errors(*((400, 401) if auth else (400,)))}


def _item_content(type_name: str) -> dict[str, Any]:
    shapes = SHAPES[type_name]
    return {LD: {"schema": _ref(shapes.item_ld)}, JSON: {"schema": _ref(shapes.plain)}}


def read(type_name: str, tag: str) -> dict[str, Any]:
    responses = {200: {"description": f"{type_name} resource", "content": _item_content(type_name)}}
    return {"tags": [tag], "responses": responses | _errors(401, 404)}


def create(type_name: str, tag: str) -> dict[str, Any]:
    shapes = SHAPES[type_name]
    assert shapes.write is not None
    responses = {
        201: {
            "description": f"{type_name} created (Location: its IRI)",
            "content": _item_content(type_name),
            "headers": {"Location": {"schema": {"type": "string"}, "description": "The new item's IRI"}},
        }
    }
    return {
        "tags": [tag],
        "status_code": 201,
        "responses": responses | _errors(400, 401, 415, 422),
        "openapi_extra": _body(shapes.write, (LD, JSON)),
    }


def update(type_name: str, tag: str) -> dict[str, Any]:
    shapes = SHAPES[type_name]
    assert shapes.patch is not None
    responses = {200: {"description": f"{type_name} updated", "content": _item_content(type_name)}}
    return {
        "tags": [tag],
        "responses": responses | _errors(400, 401, 404, 415, 422),
        "openapi_extra": _body(shapes.patch, (MERGE_PATCH,)),
    }


def remove(type_name: str, tag: str) -> dict[str, Any]:
    responses: dict[int | str, dict[str, Any]] = {204: {"description": f"{type_name} deleted"}}
    return {"tags": [tag], "status_code": 204, "responses": responses | _errors(401, 404)}


def login() -> dict[str, Any]:
    responses: dict[int | str, dict[str, Any]] = {
        200: {"description": "A JWT valid for one hour", "content": {JSON: {"schema": _ref(_model("Token"))}}}
    }
    return {
        "tags": ["Login"],
        "responses": responses | _errors(400, 401, 415),
        "openapi_extra": _body(_model("Login"), (JSON, LD)),
    }


def context() -> dict[str, Any]:
    responses = {
        200: {"description": "JSON-LD context", "content": {LD: {"schema": _ref(_model("JsonLdContext"))}}}
    }
    return {"tags": ["JSON-LD"], "responses": responses | _errors(404)}


DESCRIPTION = """\
Flowtly-compatible Recruitment & ATS API (API Platform conventions: JSON-LD/Hydra by default,
plain JSON with `Accept: application/json`, merge-patch for PATCH).

Authenticate with `Authorization: Bearer <API key or JWT from POST /flowtly/login>`.

Money: `salaryRangeMin` / `salaryRangeMax` are integers equal to amount x PRICE_MULTIPLIER; this
server's multiplier is **{multiplier}** (`VIVIER_PRICE_MULTIPLIER`), so {example} = {amount}.

Sync: `GET /flowtly/deletions` lists deleted candidate notes and resource-request candidates
(`type`, `deletedAt[after]` ...), alongside `updatedAt[after]` on every collection.
"""


def openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, with every wire shape as a component and the price multiplier shown."""
    if app.openapi_schema:
        return app.openapi_schema
    settings = getattr(app.state, "settings", None)
    multiplier = int(getattr(settings, "price_multiplier", 100))
    example = 4500 * multiplier
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=DESCRIPTION.format(multiplier=multiplier, example=example, amount="4,500.00"),
        routes=app.routes,
        servers=[{"url": "/flowtly"}],
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    models = [m for shapes in SHAPES.values() for m in shapes.models()] + OTHER_MODELS
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}", by_alias=True)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    text = MONEY.format(multiplier=multiplier)
    for name in ("ResourceRequest", "ResourceRequestWrite", "ResourceRequestPatch", "ResourceRequestJsonld"):
        for field in ("salaryRangeMin", "salaryRangeMax"):
            prop = schemas.get(name, {}).get("properties", {}).get(field)
            if prop is not None:
                prop["description"] = text
    document["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    document["security"] = [{"bearer": []}]
    app.openapi_schema = document
    return document

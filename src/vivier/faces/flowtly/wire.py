"""The wire format: JSON-LD / plain JSON rendering, Hydra collections, query-string filters,
request bodies (content types, merge-patch, JSON types) and IRIs on input."""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import QueryParams

from vivier.core.ids import is_public_id
from vivier.core.listing import MAX_PER_PAGE, DateBound, ListQuery, Page
from vivier.core.text import is_number, nul_path
from vivier.core.validation import json_type
from vivier.db.scoping import MAX_INT_ID
from vivier.faces.flowtly.errors import (
    JSON,
    LD,
    PREFIX,
    FaceError,
    invalid_iri,
    item_not_found,
    type_error,
    wants_json,
)
from vivier.faces.flowtly.resources import BY_PATH, DATE_OPS, Resource
from vivier.faces.json_body import FastJSONResponse

DEFAULT_PER_PAGE = 30
PAGE_ERROR = "Page should not be less than 1"
_DATE_KEY = re.compile(r"^(\w+)\[(after|before|strictly_after|strictly_before)\]$")
_ORDER_KEY = re.compile(r"^order\[(\w+)\]$")
T = TypeVar("T")


# -- scalars ----------------------------------------------------------------------------------------


def rfc3339(value: datetime | None) -> str | None:
    """UTC, whole seconds, ``+00:00`` offset."""
    if value is None:
        return None
    if value.tzinfo is not UTC:  # values read from the database are UTC already
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="seconds")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def parse_datetime(value: str) -> datetime | None:
    """Any ISO 8601 date or datetime (no offset = UTC); None when unparseable.

    A ``+`` in an unencoded query string arrives as a space, so ``…T10:00:00 00:00`` is repaired.
    """
    text = value.strip()
    candidates = [text]
    if " " in text:
        head, _, tail = text.rpartition(" ")
        candidates.append(f"{head}+{tail}")
    for candidate in candidates:
        try:
            parsed = datetime.fromisoformat(candidate)
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        except (ValueError, OverflowError):  # OverflowError: an offset pushing past year 1 or 9999
            continue
    return None


# -- IRIs -------------------------------------------------------------------------------------------


def bare_id(value: str, resource_path: str) -> str | None:
    """The id named by a full IRI, a prefix-less IRI or a bare id; None when malformed or of another type."""
    if not value.startswith("/"):
        return value if value and "/" not in value else None
    rest = value[len(PREFIX) :] if value.startswith(PREFIX + "/") else value
    parts = rest.split("/")
    if len(parts) == 3 and parts[0] == "" and parts[1] == resource_path and parts[2]:
        return parts[2]
    return None


def filter_id(value: str, resource_path: str) -> str:
    """A relation filter value as a bare id; one that cannot name such an item matches nothing ("")."""
    ident = bare_id(value, resource_path) or ""
    if BY_PATH[resource_path].int_ids and int_path_id(ident) is None:
        return ""  # also keeps out-of-range integers away from the database
    return ident


def int_path_id(value: str) -> int | None:
    """An integer id from a path segment; None (-> 404) for anything else."""
    if is_number(value) and 0 < int(value) <= MAX_INT_ID:
        return int(value)
    return None


def relation(field: str, value: object, resource_path: str) -> str | int:
    """An IRI (three forms) on input, as the bare id a service expects; 400 when malformed or unknown."""
    target = BY_PATH[resource_path]
    if target.int_ids and isinstance(value, int) and not isinstance(value, bool):
        ident: str | None = str(value)
    elif isinstance(value, str):
        ident = bare_id(value, resource_path)
        if ident is None:
            raise invalid_iri(value)
    else:
        raise type_error(field, "string", json_type(value))
    assert ident is not None
    if target.int_ids:
        number = int_path_id(ident)
        if number is None:
            raise item_not_found(target.iri(ident))
        return number
    if not is_public_id(ident):
        raise item_not_found(target.iri(ident))
    return ident


# -- request bodies ---------------------------------------------------------------------------------

Kind = Literal["string", "date", "integer", "strings", "ref", "refs"]


@dataclass(frozen=True)
class Field:
    kind: Kind
    target: str = ""  # the related resource path for "ref" / "refs"


STRING = Field("string")
DATE = Field("date")
INTEGER = Field("integer")
STRINGS = Field("strings")


def ref(resource_path: str) -> Field:
    return Field("ref", resource_path)


def refs(resource_path: str) -> Field:
    return Field("refs", resource_path)


def _date(field: str, value: object) -> date:
    if isinstance(value, str):
        try:  # a date, or a datetime whose calendar day (as written) is kept
            return date.fromisoformat(value) if "T" not in value else datetime.fromisoformat(value).date()
        except ValueError:
            pass
    raise type_error(field, "date" if isinstance(value, str) else "string", json_type(value))


def _convert(name: str, spec: Field, value: object) -> object:
    if value is None:
        return None
    if spec.kind == "string":
        if not isinstance(value, str):
            raise type_error(name, "string", json_type(value))
        return value
    if spec.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise type_error(name, "int", json_type(value))
        return value
    if spec.kind == "date":
        return _date(name, value)
    if spec.kind == "ref":
        return relation(name, value, spec.target)
    if not isinstance(value, list):
        raise type_error(name, "array", json_type(value))
    if spec.kind == "strings":
        for element in value:
            if not isinstance(element, str):
                raise type_error(name, "string", json_type(element))
        return list(value)
    return [relation(name, element, spec.target) for element in value]


def fields_of(body: Mapping[str, Any], spec: Mapping[str, Field]) -> dict[str, Any]:
    """The writable keys present in ``body``, type-checked and converted (relations -> bare ids).

    ``@`` keys, read-only and unknown keys are ignored; ``null`` is kept (merge-patch clears).
    """
    return {name: _convert(name, field, body[name]) for name, field in spec.items() if name in body}


def _media(request: Request) -> str | None:
    header = request.headers.get("content-type")
    return None if header is None else header.split(";")[0].strip().lower()


async def _json_object(request: Request, allowed: Sequence[str]) -> dict[str, Any]:
    raw = await request.body()
    media = _media(request)
    if media is None and raw.strip():
        raise FaceError(415, 'The "Content-Type" header must exist.')
    if media is not None and media not in allowed:
        supported = ", ".join(f'"{m}"' for m in allowed)
        raise FaceError(
            415, f'The content-type "{media}" is not supported. Supported MIME types are {supported}.'
        )
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FaceError(400, "Syntax error") from exc
    if not isinstance(data, dict):
        raise FaceError(400, "The input data is misformatted.")
    where = nul_path(data)
    if where:  # PostgreSQL text cannot store NUL; refuse it for both engines alike
        raise FaceError(400, f'The "{where[0]}" attribute must not contain NUL characters.')
    return data


async def refuse_nul_query(request: Request) -> None:
    """App dependency: a query parameter holding a NUL character is a 400 naming it (as for bodies).
    Async: it does no I/O, so it needs no thread-pool hop."""
    for key, value in request.query_params.multi_items():
        if "\x00" in key or "\x00" in value:
            raise FaceError(400, f'The "{key}" parameter must not contain NUL characters.')


def _no_constant(name: str) -> object:
    raise ValueError(name)  # NaN / Infinity are not JSON


async def post_body(request: Request) -> dict[str, Any]:
    """A POST body: ``application/ld+json`` or ``application/json`` (charset allowed), a JSON object."""
    return await _json_object(request, ("application/ld+json", "application/json"))


async def patch_body(request: Request) -> dict[str, Any]:
    """A PATCH body: ``application/merge-patch+json`` only (RFC 7396)."""
    return await _json_object(request, ("application/merge-patch+json",))


PostBody = Annotated[dict[str, Any], Depends(post_body)]
PatchBody = Annotated[dict[str, Any], Depends(patch_body)]


# -- collections: the query string ------------------------------------------------------------------


def _positive(params: QueryParams, name: str, default: int) -> int:
    raw = params.getlist(name)
    if not raw:
        return default
    text = raw[-1].strip()
    if not is_number(text) or int(text) < 1:
        raise FaceError(400, PAGE_ERROR)
    return int(text)


def list_query(
    request: Request, resource: Resource, *, filters: Mapping[str, str] | None = None
) -> ListQuery:
    """Pagination, filters, date bounds and ordering of a collection request (API Platform syntax)."""
    return query_of(request.query_params, resource, filters=filters)


def query_of(
    params: QueryParams, resource: Resource, *, filters: Mapping[str, str] | None = None
) -> ListQuery:
    """``list_query`` from query parameters alone (the actions build them without a request)."""
    query = ListQuery(
        page=_positive(params, "page", 1),
        per_page=min(_positive(params, "itemsPerPage", DEFAULT_PER_PAGE), MAX_PER_PAGE),
    )
    strategies = dict(resource.filters if filters is None else filters)
    for key, value in params.multi_items():
        name = key[:-2] if key.endswith("[]") else key
        strategy = strategies.get(name)
        if strategy == "partial":
            query.partial.setdefault(name, []).append(value)
        elif strategy == "exact":
            query.exact.setdefault(name, []).append(value)
        elif strategy == "relation":
            query.exact.setdefault(name, []).append(filter_id(value, resource.relations[name]))
        elif (match := _DATE_KEY.match(key)) and match.group(1) in resource.dates:
            moment = parse_datetime(value)
            if moment is not None:  # unparseable: the filter is ignored, as API Platform does
                query.dates.append(DateBound(match.group(1), match.group(2), moment))  # type: ignore[arg-type]
        elif (match := _ORDER_KEY.match(key)) and match.group(1) in resource.order:
            direction = value.strip().lower()
            if direction in ("asc", "desc"):
                query.order.append((match.group(1), direction == "desc"))
    return query


def bounded(query: ListQuery) -> ListQuery:
    """The query with a page number the database can offset to (a far page is empty anyway)."""
    limit = 2**31 // query.per_page
    return query if query.page <= limit else dataclasses.replace(query, page=limit + 1)


# -- rendering --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One rendered resource: its IRI, JSON-LD type and fields (plain JSON values)."""

    iri: str
    type: str
    fields: dict[str, Any]

    def ld(self) -> dict[str, Any]:
        return {"@id": self.iri, "@type": self.type, **self.fields}


def item(resource: Resource, fields: dict[str, Any]) -> Item:
    return Item(resource.iri(fields["id"]), resource.type, fields)


def item_response(
    request: Request, resource: Resource, rendered: Item, status: int = 200, *, location: bool = False
) -> JSONResponse:
    headers = {"Location": rendered.iri} if location else None
    if wants_json(request):
        return FastJSONResponse(rendered.fields, status_code=status, media_type=JSON, headers=headers)
    body = {"@context": resource.context_iri, **rendered.ld()}
    return FastJSONResponse(body, status_code=status, media_type=LD, headers=headers)


def created(request: Request, resource: Resource, rendered: Item) -> JSONResponse:
    return item_response(request, resource, rendered, 201, location=True)


def no_content() -> Response:
    return Response(status_code=204)


def _with_page(pairs: Sequence[tuple[str, str]], page: int) -> str:
    """The query string with ``page`` set in place (or appended), other parameters kept in order."""
    out: list[tuple[str, str]] = []
    placed = False
    for key, value in pairs:
        if key == "page":
            if not placed:
                out.append(("page", str(page)))
                placed = True
            continue
        out.append((key, value))
    if not placed:
        out.append(("page", str(page)))
    return urlencode(out)


def search_template(
    collection_iri: str, resource: Resource, filters: Mapping[str, str], leading: Iterable[str] = ()
) -> dict[str, Any]:
    """``hydra:search``: one mapping per filter variable the resource accepts."""
    variables: list[tuple[str, str]] = [(name, name) for name in leading]
    for name in filters:
        variables += [(name, name), (f"{name}[]", name)]
    for name in resource.dates:
        variables += [(f"{name}[{op}]", name) for op in DATE_OPS]
    variables += [(f"order[{name}]", name) for name in resource.order]
    return {
        "@type": "hydra:IriTemplate",
        "hydra:template": f"{collection_iri}{{?{','.join(v for v, _ in variables)}}}",
        "hydra:variableRepresentation": "BasicRepresentation",
        "hydra:mapping": [
            {"@type": "IriTemplateMapping", "variable": v, "property": p, "required": False}
            for v, p in variables
        ],
    }


def collection_response(
    request: Request,
    resource: Resource,
    items: Sequence[Item],
    total: int,
    query: ListQuery,
    *,
    collection_iri: str | None = None,
    filters: Mapping[str, str] | None = None,
    leading: Iterable[str] = (),
) -> JSONResponse:
    """A Hydra collection (JSON-LD) or a bare array of the page's items (plain JSON)."""
    if wants_json(request):
        return FastJSONResponse([i.fields for i in items], media_type=JSON)
    base = collection_iri or resource.collection_iri
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    last = max(1, math.ceil(total / query.per_page))

    def link(page: int) -> str:
        return f"{base}?{_with_page(pairs, page)}"

    view: dict[str, Any] = {
        "@id": link(query.page),
        "@type": "hydra:PartialCollectionView",
        "hydra:first": link(1),
        "hydra:last": link(last),
    }
    if query.page > 1:
        view["hydra:previous"] = link(query.page - 1)
    if query.page < last:
        view["hydra:next"] = link(query.page + 1)
    body = {
        "@context": resource.context_iri,
        "@id": base,
        "@type": "hydra:Collection",
        "hydra:member": [i.ld() for i in items],
        "hydra:totalItems": total,
        "hydra:view": view,
        "hydra:search": search_template(
            base, resource, resource.filters if filters is None else filters, leading
        ),
    }
    return FastJSONResponse(body, media_type=LD)


def paged(
    request: Request,
    resource: Resource,
    fetch: Callable[[ListQuery], Page[T]],
    render: Callable[[T], Item],
    *,
    collection_iri: str | None = None,
    leading: Iterable[str] = (),
) -> JSONResponse:
    """A collection route's body: read the query string, fetch that (bounded) page, render each row."""
    query = list_query(request, resource)
    page = fetch(bounded(query))
    return collection_response(
        request,
        resource,
        [render(row) for row in page.items],
        page.total,
        query,
        collection_iri=collection_iri,
        leading=leading,
    )

"""Flatchr applicant routes: search (streamed), meta information, move, archive, get, CV download
(flatchr-api.md §7.5-§7.8, §7.12, §7.31)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from vivier.applications.schemas import ApplicationSearch, SearchRow
from vivier.applications.search import DEFAULT_BATCH
from vivier.applications.service import (
    archive_application,
    get_applicant_view,
    iter_search_applications,
    move_application,
)
from vivier.candidates.service import update_meta_information
from vivier.companies.auth import authenticate
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.companies.service import get_company
from vivier.core.clock import as_utc
from vivier.core.errors import Constraint, Invalid, NotFound
from vivier.db.session import Database
from vivier.faces.common import AppDatabase, AppSettings, DbSession, Store, reads_only
from vivier.faces.flatchr.auth import CompanyContext, credential
from vivier.faces.flatchr.inputs import read_body, to_bool, to_int, to_str
from vivier.faces.flatchr.openapi import request_body
from vivier.faces.flatchr.render_applicant import api_applicant_json, applicant_json, bundles
from vivier.faces.flatchr.render_vacancy import JSON_TYPE, respond
from vivier.faces.flatchr.schemas_applicant import (
    ApplicantOut,
    MetaIn,
    MetaResultOut,
    MoveIn,
    SearchIn,
    SearchRowOut,
)
from vivier.faces.flatchr.signing import valid_signature
from vivier.faces.json_body import dumps
from vivier.files.ratelimit import acquire, cv_download_key
from vivier.files.service import find_by_key
from vivier.files.store import FileStore, iter_blob
from vivier.files.types import BY_EXTENSION

router = APIRouter(tags=["Applicants"])

Body = Annotated[dict[str, Any], Depends(read_body)]
Db = AppDatabase

_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_KEY = re.compile(r"^[a-z]+/\d{4}/\d{2}/[0-9a-f-]{36}/[a-z0-9-]+$")
_EXTENSION = re.compile(r"^[a-z0-9]{1,5}$")

# -- 7.5 Search Candidates -------------------------------------------------------------------------


def flatchr_date(fields: Mapping[str, Any], name: str) -> date | None:
    """``MM/DD/YY`` (two-digit years are 20YY; four digits are accepted); empty -> None."""
    value = fields.get(name)
    if value is None or value == "":
        return None
    match = _DATE.match(value) if isinstance(value, str) else None
    if match is not None:
        month, day, year = (int(part) for part in match.groups())
        try:
            return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            pass
    raise Invalid.one(name, Constraint.INVALID, "must be a date MM/DD/YY")


def _companies(value: Any) -> list[str] | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise Invalid.one("company", Constraint.TYPE, "must be a comma-separated list of company ids")


def search_filters(fields: Mapping[str, Any]) -> ApplicationSearch:
    """The §7.5 filters of a request; every malformed value is a 400 naming its field."""
    found: list[Invalid] = []

    def attempt(read: Any, name: str) -> Any:
        try:
            return read(fields, name)
        except Invalid as exc:
            found.append(exc)
            return None

    values = {name: attempt(to_str, name) for name in ("firstname", "lastname", "email", "phone", "column")}
    values["vacancy"] = attempt(to_str, "vacancy")
    flags = {name: attempt(to_bool, name) for name in ("hired", "archived")}
    dates = {name: attempt(flatchr_date, name) for name in ("start", "end", "start_update", "end_update")}
    companies = attempt(lambda f, n: _companies(f.get(n)), "company")
    if found:
        raise Invalid([v for exc in found for v in exc.violations])
    return ApplicationSearch(**values, **flags, **dates, companies=companies)


def row_json(row: SearchRow) -> dict[str, Any]:
    return {
        "applicant": row.applicant,
        "vacancy": row.vacancy,
        "vacancy_id": row.vacancy_id,
        "column": row.column,
        "external_id": row.external_id or "",
        "firstname": row.firstname or "",
        "lastname": row.lastname or "",
        "email": row.email or "",
        "phone": row.phone or "",
        "status": row.status,
        "score": row.score or 0,
        "hired": bool(row.hired),
        "created_at": f"{as_utc(row.created_at):%d/%m/%y}",
        "updated_at": f"{as_utc(row.updated_at):%d/%m/%y}",
        "source": row.source or "",
    }


def search_rows_json(
    session: Session, ctx: Context, fields: Mapping[str, Any], *, limit: int | None, offset: int | None
) -> list[dict[str, Any]]:
    """7.5 as a list (the route streams the same rows)."""
    batches = iter_search_applications(session, ctx, search_filters(fields), limit=limit, offset=offset)
    return [row_json(row) for batch in batches for row in batch]


def _rows_text(batch: list[SearchRow]) -> bytes:
    return b",".join(dumps(row_json(r)) for r in batch)


def _stream_rows(
    db: Database, ctx: Context, filters: ApplicationSearch, limit: int | None, offset: int | None
) -> Iterator[bytes]:
    """The JSON array, one batch at a time, from a session of its own: the request's unit of work
    is over once streaming starts."""
    yield b"["
    separator = b""
    with db.unit_of_work() as session:
        for batch in iter_search_applications(session, ctx, filters, limit=limit, offset=offset):
            yield separator + _rows_text(batch)
            separator = b","
    yield b"]"


@router.post(
    "/company/{companyId}/search/applicants",
    response_model=list[SearchRowOut],
    openapi_extra=request_body(SearchIn, required=False),
)
@reads_only
def search_applicants(
    session: DbSession,
    db: Db,
    ctx: CompanyContext,
    body: Body,
    limit: Annotated[str | None, Query(description="Vivier extension")] = None,
    offset: Annotated[str | None, Query(description="Vivier extension")] = None,
) -> Response:
    """7.5 Search Candidates: matching applicants, newest first, as a JSON array (streamed when
    there are more than one batch of them)."""
    filters = search_filters(body)
    limit_n, offset_n = to_int(body, "limit"), to_int(body, "offset")
    # Building the query checks every filter (unknown vacancy, foreign company) before any byte.
    batches = iter_search_applications(session, ctx, filters, limit=limit_n, offset=offset_n)
    first = next(batches, [])
    if len(first) < DEFAULT_BATCH or (limit_n is not None and limit_n <= DEFAULT_BATCH):
        # The whole answer is in hand (an email search, say): no second session, no streaming.
        return Response(b"[" + _rows_text(first) + b"]", media_type=JSON_TYPE)
    return StreamingResponse(_stream_rows(db, ctx, filters, limit_n, offset_n), media_type=JSON_TYPE)


# -- 7.6 Update Candidate Meta Information ----------------------------------------------------------


@router.post(
    "/company/{companyId}/search/candidate",
    response_model=MetaResultOut,
    openapi_extra=request_body(MetaIn, required=False),
)
def update_meta(session: DbSession, ctx: CompanyContext, body: Body) -> JSONResponse:
    """7.6: merge ``value`` into the person found by ``reference`` (email or id)."""
    return respond(update_meta_json(session, ctx, body))


def update_meta_json(session: Session, ctx: Context, body: Mapping[str, Any]) -> dict[str, Any]:
    reference = body.get("reference")
    if reference is None or (isinstance(reference, str) and not reference.strip()):
        raise Invalid.one("reference", Constraint.BLANK, "is required")
    if isinstance(reference, bool) or not isinstance(reference, str | int):
        raise Invalid.one("reference", Constraint.TYPE, "must be an email or a candidate id")
    if "value" not in body:
        raise Invalid.one("value", Constraint.BLANK, "is required")
    action = update_meta_information(
        session,
        ctx,
        reference,
        _json_object(body["value"]),
        app_name=to_str(body, "app_name"),
        type=to_str(body, "type"),
        name=to_str(body, "name"),
    )
    return {"statusCode": 200, "message": {"resource_type": "attribute", "action": action}}


def _json_object(value: Any) -> Any:
    """A form or query ``value`` arrives as JSON text."""
    if isinstance(value, str) and value.strip().startswith("{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


# -- 7.7 Move, 7.8 Archive, 7.31 Get ------------------------------------------------------------------

VacancyId = Annotated[str, Path(alias="vacancyId")]
ApplicantId = Annotated[str, Path(alias="applicantId")]


@router.put(
    "/company/{companyId}/vacancy/{vacancyId}/applicant/{applicantId}",
    response_model=ApplicantOut,
    openapi_extra=request_body(MoveIn, required=False),
)
def move_applicant(
    session: DbSession,
    settings: AppSettings,
    ctx: CompanyContext,
    vacancy_id: VacancyId,
    applicant_id: ApplicantId,
    body: Body,
) -> JSONResponse:
    """7.7 Move Candidate to ``column_id``; ``{}`` or the current column changes nothing."""
    application = move_application(session, ctx, vacancy_id, applicant_id, to_int(body, "column_id"))
    return respond(api_applicant_json(session, application, settings))


@router.delete(
    "/company/{companyId}/vacancy/{vacancyId}/applicant/{applicantId}", response_model=ApplicantOut
)
def archive_applicant(
    session: DbSession,
    settings: AppSettings,
    ctx: CompanyContext,
    vacancy_id: VacancyId,
    applicant_id: ApplicantId,
) -> JSONResponse:
    """7.8 Archive Candidate: status 0, column and person kept; idempotent."""
    application = archive_application(session, ctx, vacancy_id, applicant_id)
    return respond(api_applicant_json(session, application, settings))


@router.get("/company/{companyId}/applicant/{applicantId}", response_model=ApplicantOut)
def get_applicant(
    session: DbSession,
    settings: AppSettings,
    ctx: CompanyContext,
    applicant_id: ApplicantId,
    fields: Annotated[str | None, Query(description="ignored")] = None,
) -> JSONResponse:
    """7.31 Get Applicant."""
    view = get_applicant_view(session, ctx, applicant_id)
    return respond(applicant_json(bundles(session, [view], with_side_lists=False)[0], settings))


# -- 7.12 Retrieve Candidate CV -----------------------------------------------------------------------


def _download_tenant(
    request: Request, session: DbSession, settings: AppSettings, company_id: str, key: str, extension: str
) -> Context:
    """A valid signed link needs no credential; otherwise the key or JWT must reach the company."""
    query = request.query_params
    if query.get("sig") and valid_signature(
        settings, company_id, key, extension, query.get("expires"), query.get("sig")
    ):
        company = get_company(session, company_id)
        # Read-only: a signed link only ever lets its holder read one file.
        return Context(company.id, company.public_id, None, None, Role.HIRING_MANAGER, read_only=True)
    secret = settings.secret_key.get_secret_value()
    return authenticate(session, secret, credential(request), company_public_id=company_id)


@router.get(
    "/company/{companyId}/files/expire",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}}, "description": "the file bytes"}},
    tags=["Files"],
)
def download_file(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    store: Store,
    company_id: Annotated[str, Path(alias="companyId")],
    key: Annotated[str, Query(description="candidate.aws.key or an attachment key")] = "",
    extension: Annotated[str, Query(description="e.g. pdf")] = "",
    token: Annotated[str | None, Query(description="API key (or a Bearer header)")] = None,
    expires: Annotated[str | None, Query(description="signed links")] = None,
    sig: Annotated[str | None, Query(description="signed links")] = None,
) -> StreamingResponse:
    """7.12 Retrieve Candidate CV: the bytes as an attachment; one served call per second per company."""
    tenant = _download_tenant(request, session, settings, company_id, key, extension)
    found = find_download(session, store, tenant, key, extension)
    return StreamingResponse(
        iter_blob(store, found.digest),
        media_type=found.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{found.filename}"',
            "Content-Length": str(found.size),
        },
    )


@dataclass(frozen=True)
class Download:
    digest: str
    size: int
    media_type: str
    filename: str


def find_download(session: Session, store: FileStore, tenant: Context, key: str, extension: str) -> Download:
    """The tenant's stored file for a 7.12 call, once the rate-limit window is claimed; anything
    malformed or unknown is a 404 (no path traversal is possible)."""
    if not _KEY.fullmatch(key) or not _EXTENSION.fullmatch(extension):
        raise NotFound("File not found")
    stored = find_by_key(session, tenant, key, extension)
    if not store.exists(stored.digest):
        raise NotFound("File not found")
    acquire(session, cv_download_key(tenant.company_id))
    known = BY_EXTENSION.get(stored.extension)
    media_type = known.content_type if known else "application/octet-stream"
    return Download(stored.digest, stored.size, media_type, f"{key.rsplit('/', 1)[-1]}.{stored.extension}")

"""The floor: a minimal Starlette app doing one SQL query per request through Vivier's own engine
(same driver, same pool settings), for get-by-id and search-by-email. Vivier's throughput is reported
as a fraction of this app's.

Run: ``VIVIER_DATABASE_URL=... uvicorn --app-dir bench floor:create_app --factory``.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vivier.config import load_settings
from vivier.db.engine import build_engine

GET_APPLICANT = text(
    "SELECT a.public_id, a.status, a.column_id, a.created_at, c.firstname, c.lastname, c.email "
    "FROM applications a JOIN candidates c ON c.id = a.candidate_id "
    "WHERE a.public_id = :id AND a.company_id = :company"
)
SEARCH_EMAIL = text(
    "SELECT a.public_id, a.status, a.column_id, a.created_at, c.firstname, c.lastname, c.email "
    "FROM applications a JOIN candidates c ON c.id = a.candidate_id "
    "WHERE c.company_id = :company AND c.email_key = :email ORDER BY a.created_at DESC, a.id DESC"
)


def _row(row: Any) -> dict[str, Any]:
    values = dict(row._mapping)
    values["created_at"] = str(values["created_at"])
    return values


def create_app() -> Starlette:
    engine = build_engine(os.environ.get("VIVIER_DATABASE_URL") or load_settings().database_url)
    company = int(os.environ["FLOOR_COMPANY_ID"])

    def applicant(request: Request) -> JSONResponse:
        with engine.connect() as connection:
            row = connection.execute(
                GET_APPLICANT, {"id": request.path_params["id"], "company": company}
            ).first()
        if row is None:
            return JSONResponse({"message": "not found"}, status_code=404)
        return JSONResponse(_row(row))

    async def search(request: Request) -> JSONResponse:
        email = str((await request.json()).get("email", "")).strip().casefold()

        def query() -> list[dict[str, Any]]:
            with engine.connect() as connection:
                return [
                    _row(r) for r in connection.execute(SEARCH_EMAIL, {"company": company, "email": email})
                ]

        return JSONResponse(await run_in_threadpool(query))

    return Starlette(
        routes=[
            Route("/applicant/{id}", applicant),
            Route("/search/applicants", search, methods=["POST"]),
        ]
    )

"""Flatchr API routes (flatchr-api.md §7)."""

from __future__ import annotations

from fastapi import APIRouter

from vivier.faces.common import DbSession
from vivier.faces.flatchr.auth import CompanyContext
from vivier.faces.flatchr.render_applicant import column_json
from vivier.faces.flatchr.schemas import ColumnOut
from vivier.pipeline.service import list_columns

router = APIRouter()


@router.get("/company/{companyId}/columns", response_model=list[ColumnOut], tags=["Columns"])
def columns(session: DbSession, ctx: CompanyContext) -> list[ColumnOut]:
    """7.24 List Columns: the company's pipeline columns by position."""
    return [ColumnOut(**column_json(c, ctx.company_public_id)) for c in list_columns(session, ctx)]

"""Flatchr credentials: ``Authorization: Bearer``, then ``?token=``, then the legacy ``?api_key=``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from vivier.companies.context import Context
from vivier.faces.common import AppSettings, DbSession, authenticated, bearer


def credential(request: Request) -> str | None:
    return bearer(request) or request.query_params.get("token") or request.query_params.get("api_key")


async def company_context(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    company_id: Annotated[str, Path(alias="companyId")],
) -> Context:
    """The acting member for ``/company/{companyId}/…`` routes; a foreign company is a 404."""
    return await authenticated(session, settings, credential(request), company_id)


CompanyContext = Annotated[Context, Depends(company_context)]

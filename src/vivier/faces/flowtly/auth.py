"""Flowtly credentials: ``Authorization: Bearer`` only (an API key or a login JWT); no query tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from vivier.companies.context import Context
from vivier.faces.common import AppSettings, DbSession, authenticated, bearer


async def tenant_context(request: Request, session: DbSession, settings: AppSettings) -> Context:
    """The acting member and tenant of the request's Bearer credential (401 otherwise)."""
    return await authenticated(session, settings, bearer(request))


FlowtlyContext = Annotated[Context, Depends(tenant_context)]

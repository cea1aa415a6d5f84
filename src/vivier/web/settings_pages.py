"""Settings (administrators only): the overview page and every settings area's routes."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from vivier.web import (
    settings_columns,
    settings_company,
    settings_keys,
    settings_members,
    settings_tags,
    settings_webhooks,
)
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import render, settings_router

router = settings_router()
for area in (
    settings_columns,
    settings_tags,
    settings_members,
    settings_keys,
    settings_webhooks,
    settings_company,
):
    router.include_router(area.router)


@router.get("/settings")
def settings_home(request: Request, recruiter: SignedInAdmin) -> Response:
    return render(request, "index.html", {})

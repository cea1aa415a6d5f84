"""Settings › company: the data-retention text candidates consent to on the career site's apply form."""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.companies.service import MAX_RETENTION_POLICY, set_retention_policy
from vivier.core.errors import Invalid
from vivier.faces.common import DbSession
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router

router = settings_router()
PAGE = "/settings/company"


def _page(request: Request, recruiter: SignedInAdmin, state: FormState | None = None) -> Response:
    context = {"company": recruiter.company, "max_length": MAX_RETENTION_POLICY}
    return render(request, "company.html", context, state=state)


@router.get(PAGE)
def company_page(request: Request, recruiter: SignedInAdmin) -> Response:
    return _page(request, recruiter)


@router.post(PAGE)
def save(
    request: Request, session: DbSession, recruiter: SignedInAdmin, retention_policy: str = Form("")
) -> Response:
    try:
        set_retention_policy(session, recruiter.ctx, retention_policy)
    except Invalid as exc:
        sent = {"retention_policy": retention_policy}
        return _page(request, recruiter, FormState.failed("retention", exc, sent))
    return see_other(PAGE + "?saved=1")

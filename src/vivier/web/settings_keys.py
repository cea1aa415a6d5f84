"""Settings › API keys: list, create (the key is shown once, on the result page), revoke.

A key acts as the administrator who creates it (its owner), optionally read-only.
"""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.companies.apikeys import create_key, list_keys_with_owners, revoke_key
from vivier.core.clock import now
from vivier.core.errors import Constraint, Invalid
from vivier.faces.common import DbSession
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router

router = settings_router()
PAGE = "/settings/api-keys"
LIFETIMES = {"30": 30, "90": 90, "365": 365, "never": None}  # form value -> days


def _page(
    request: Request, session: DbSession, recruiter: SignedInAdmin, state: FormState | None = None
) -> Response:
    context = {"keys": list_keys_with_owners(session, recruiter.ctx), "now": now(), "lifetimes": LIFETIMES}
    return render(request, "api_keys.html", context, state=state)


@router.get(PAGE)
def keys_page(request: Request, session: DbSession, recruiter: SignedInAdmin) -> Response:
    return _page(request, session, recruiter)


@router.post(PAGE)
def add_key(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    name: str = Form(""),
    expires: str = Form("365"),
    read_only: bool = Form(False),
) -> Response:
    sent = {"name": name, "expires": expires, "read_only": "on" if read_only else ""}
    try:
        if expires not in LIFETIMES:
            raise Invalid.one("expires", Constraint.CHOICE, "is not one of the offered choices")
        issued = create_key(
            session,
            recruiter.ctx,
            member=recruiter.member,
            days=LIFETIMES[expires],
            name=name.strip(),
            read_only=read_only,
        )
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed("add-key", exc, sent))
    # Rendered by the POST itself (no redirect): only a hash is stored, the key can never be shown again.
    return render(request, "api_key_added.html", {"issued": issued}, status=201)


@router.post(PAGE + "/{key_id}/revoke")
def revoke(session: DbSession, recruiter: SignedInAdmin, key_id: str) -> Response:
    revoke_key(session, recruiter.ctx, key_id)
    return see_other(PAGE)

"""Settings › members: add with a temporary password (shown once), change role, deactivate, reactivate."""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.companies.models import Role
from vivier.companies.service import (
    deactivate_member,
    invite_member,
    list_members,
    reactivate_member,
    set_member_role,
)
from vivier.core.errors import Conflict, Constraint, Invalid
from vivier.faces.common import DbSession
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router, to_int

router = settings_router()
PAGE = "/settings/members"
ROLES = {Role.ADMIN: "Administrator", Role.RECRUITER: "Recruiter", Role.HIRING_MANAGER: "Hiring manager"}


def _page(
    request: Request, session: DbSession, recruiter: SignedInAdmin, state: FormState | None = None
) -> Response:
    members = list_members(session, recruiter.ctx)
    context = {"members": members, "roles": ROLES, "me": recruiter.member.id}
    return render(request, "members.html", context, state=state)


@router.get(PAGE)
def members_page(request: Request, session: DbSession, recruiter: SignedInAdmin) -> Response:
    return _page(request, session, recruiter)


@router.post(PAGE)
def add_member(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    email: str = Form(""),
    firstname: str = Form(""),
    lastname: str = Form(""),
    role_id: str = Form(str(int(Role.RECRUITER))),
) -> Response:
    sent = {"email": email, "firstname": firstname, "lastname": lastname, "role_id": role_id}
    try:
        invited = invite_member(
            session,
            recruiter.ctx,
            email=email,
            role_id=to_int(role_id),
            firstname=firstname,
            lastname=lastname,
        )
    except Conflict:  # already a member: raised before anything is written
        taken = Invalid.one("email", Constraint.UNIQUE, "is already a member of this company")
        return _page(request, session, recruiter, FormState.failed("add-member", taken, sent))
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed("add-member", exc, sent))
    context = {"invited": invited, "roles": ROLES}
    # Rendered by the POST itself (no redirect) so the temporary password is never shown again.
    return render(request, "member_added.html", context, status=201)


@router.post(PAGE + "/{member_id}/role")
def change_role(
    request: Request, session: DbSession, recruiter: SignedInAdmin, member_id: str, role_id: str = Form("")
) -> Response:
    try:
        set_member_role(session, recruiter.ctx, member_id, to_int(role_id))
    except Invalid as exc:
        return _page(
            request, session, recruiter, FormState.failed(f"role-{member_id}", exc, {"role_id": role_id})
        )
    return see_other(PAGE)


@router.post(PAGE + "/{member_id}/deactivate")
def deactivate(request: Request, session: DbSession, recruiter: SignedInAdmin, member_id: str) -> Response:
    try:
        deactivate_member(session, recruiter.ctx, member_id)
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed(f"deactivate-{member_id}", exc, {}))
    return see_other(PAGE)


@router.post(PAGE + "/{member_id}/reactivate")
def reactivate(session: DbSession, recruiter: SignedInAdmin, member_id: str) -> Response:
    reactivate_member(session, recruiter.ctx, member_id)
    return see_other(PAGE)

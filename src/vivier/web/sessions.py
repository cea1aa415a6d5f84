"""Recruiter sessions: a signed, expiring cookie, and the dependencies every app page declares.

The cookie holds only the user's and company's public ids; each request reloads the membership, so a
deactivated member or disabled user is signed out on their next click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import quote

import jwt
from fastapi import Depends, Request
from sqlalchemy import select

from vivier.companies.auth import active_membership, context_of
from vivier.companies.context import Context
from vivier.companies.models import Company, Member, User, UserStatus
from vivier.core.clock import now
from vivier.faces.common import AppSettings, DbSession

COOKIE = "vivier_session"
TTL = timedelta(hours=12)
_AUDIENCE = "vivier-web"
_ALGORITHM = "HS256"


@dataclass(frozen=True)
class Recruiter:
    """The signed-in member, their company and the Context services receive."""

    ctx: Context
    user: User
    member: Member
    company: Company


class SignInRequired(Exception):
    """No valid session: the page answers with a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.login_url = f"/login?next={quote(next_path, safe='/')}"


def issue_session(secret: str, user: User, company: Company) -> str:
    issued = now()
    claims = {
        "sub": user.public_id,
        "company": company.public_id,
        "aud": _AUDIENCE,
        "iat": int(issued.timestamp()),
        "exp": int((issued + TTL).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def _claims(secret: str, token: str) -> tuple[str, str] | None:
    try:
        claims = jwt.decode(
            token, secret, algorithms=[_ALGORITHM], audience=_AUDIENCE, options={"verify_exp": False}
        )
    except jwt.PyJWTError:
        return None
    sub, company, exp = claims.get("sub"), claims.get("company"), claims.get("exp")
    if not isinstance(sub, str) or not isinstance(company, str) or not isinstance(exp, int):
        return None
    return (sub, company) if exp > now().timestamp() else None


def current_recruiter(request: Request, session: DbSession, settings: AppSettings) -> Recruiter:
    """The signed-in recruiter, or SignInRequired. Also kept on ``request.state`` for the layout."""
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    token = request.cookies.get(COOKIE)
    claims = _claims(settings.secret_key.get_secret_value(), token) if token else None
    if claims is None:
        raise SignInRequired(path)
    user = session.scalars(select(User).where(User.public_id == claims[0])).one_or_none()
    membership = (
        active_membership(session, user, claims[1])
        if user is not None and user.status != UserStatus.DISABLED
        else None
    )
    if user is None or membership is None:
        raise SignInRequired(path)
    member, company = membership
    recruiter = Recruiter(ctx=context_of(member, company), user=user, member=member, company=company)
    request.state.recruiter = recruiter
    return recruiter


def current_admin(recruiter: Annotated[Recruiter, Depends(current_recruiter)]) -> Recruiter:
    """Admin-only pages: other roles get 403."""
    recruiter.ctx.require_admin()
    return recruiter


SignedIn = Annotated[Recruiter, Depends(current_recruiter)]
SignedInAdmin = Annotated[Recruiter, Depends(current_admin)]

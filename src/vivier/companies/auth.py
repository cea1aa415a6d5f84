"""Turns a request's credential into a Context, the same way for every face."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from vivier.companies.apikeys import resolve_key_with_owner
from vivier.companies.context import Context
from vivier.companies.credential_cache import changes_credentials, credentials
from vivier.companies.models import Company, Member, User, UserStatus
from vivier.companies.passwords import verify_password
from vivier.companies.tokens import looks_like_jwt, read_token
from vivier.core.clock import now
from vivier.core.errors import AuthFailure, NotFound, Unauthenticated
from vivier.db.lookup import remember


def authenticate(
    session: Session, secret: str, credential: str | None, *, company_public_id: str | None = None
) -> Context:
    """Resolve an API key or a JWT; ``company_public_id`` (from a path) must be one of its companies.

    Unknown credentials raise Unauthenticated; a company outside the credential's reach raises
    NotFound, so the existence of other companies is never revealed.
    """
    if not credential:
        raise Unauthenticated("Missing authentication", AuthFailure.MISSING)
    remembered = remembered_context(session, credential, company_public_id)
    if remembered is not None:
        return remembered
    expires_at: datetime | None
    if looks_like_jwt(credential):
        context, company, expires_at = _from_token(session, secret, credential, company_public_id)
    else:
        key, member, company = resolve_key_with_owner(session, credential)
        if not member.active:
            raise Unauthenticated("Invalid API key")
        if company_public_id is not None and company.public_id != company_public_id:
            raise NotFound("Company not found")
        context, expires_at = _context(member, company, read_only=key.read_only), key.expires_at
    if not changes_credentials(session):  # what this unit of work changed may still roll back
        credentials.put(credential, company_public_id, context, company, expires_at)
    return context


def remembered_context(
    session: Session, credential: str | None, company_public_id: str | None
) -> Context | None:
    """The context of a credential verified moments ago, without a query (None when not known)."""
    if not credential or changes_credentials(session):
        return None
    found = credentials.get(credential, company_public_id)
    if found is None:
        return None
    remember(session, found.company)
    return found.context


def _from_token(
    session: Session, secret: str, token: str, company_public_id: str | None
) -> tuple[Context, Company, datetime]:
    claims = read_token(secret, token)
    user = session.scalars(select(User).where(User.public_id == claims.user_public_id)).one_or_none()
    if user is None or user.status == UserStatus.DISABLED:
        raise Unauthenticated("Invalid JWT Token", AuthFailure.INVALID_JWT)
    membership = active_membership(session, user, company_public_id or claims.company_public_id)
    if membership is None:
        raise NotFound("Company not found")
    return _context(*membership), membership[1], claims.expires_at


def active_membership(
    session: Session, user: User, company_public_id: str | None = None
) -> tuple[Member, Company] | None:
    """The user's active membership of that company, or of their oldest company when none is named."""
    stmt = (
        select(Member, Company)
        .join(Company, Company.id == Member.company_id)
        .where(Member.user_id == user.id, Member.active.is_(True))
        .order_by(Member.created_at, Member.id)
    )
    if company_public_id is not None:
        stmt = stmt.where(Company.public_id == company_public_id)
    row = session.execute(stmt.limit(1)).first()
    return None if row is None else (row[0], row[1])


def context_of(member: Member, company: Company) -> Context:
    """The Context of a signed-in member (web sessions)."""
    return _context(member, company)


def _context(member: Member, company: Company, *, read_only: bool = False) -> Context:
    # Rendering the caller's company (a vacancy's company, say) then costs no second query.
    if (session := object_session(company)) is not None:
        remember(session, company)
    return Context(
        company_id=company.id,
        company_public_id=company.public_id,
        member_id=member.id,
        user_id=member.user_id,
        role_id=member.role_id,
        read_only=read_only,
    )


def login(session: Session, email: str, password: str) -> User:
    """Check a password; records the login time on the user and their memberships."""
    if "\x00" in email:  # no address holds one, and PostgreSQL text cannot even be compared to it
        raise Unauthenticated("Invalid email or password", AuthFailure.BAD_LOGIN)
    user = session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()
    if (
        user is None
        or user.status == UserStatus.DISABLED
        or not verify_password(user.password_hash, password)
    ):
        raise Unauthenticated("Invalid email or password", AuthFailure.BAD_LOGIN)
    current = now()
    user.last_login = current
    for member in session.scalars(select(Member).where(Member.user_id == user.id)):
        member.last_login = current
    return user


def default_company(session: Session, user: User) -> Company | None:
    """The company of the user's oldest active membership."""
    membership = active_membership(session, user)
    return None if membership is None else membership[1]

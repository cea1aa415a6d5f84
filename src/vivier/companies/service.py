"""Companies, users and memberships."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from vivier.companies.apikeys import IssuedKey, issue_key
from vivier.companies.context import Context
from vivier.companies.models import Company, CompanyAffiliation, Member, Role, User, UserStatus
from vivier.companies.passwords import hash_password
from vivier.core.errors import Conflict, Constraint, Invalid, NotFound, Violation
from vivier.core.ids import ALPHABET
from vivier.db.scoping import get_by_public_id, scoped
from vivier.events.audit import record
from vivier.pipeline.service import create_default_columns
from vivier.tags.service import create_default_tags

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MAX_NAME = 255
MAX_RETENTION_POLICY = 10_000
TEMPORARY_PASSWORD_LENGTH = 16


@dataclass(frozen=True)
class NewCompany:
    company: Company
    admin: Member
    user: User
    api_key: IssuedKey


def normalize_email(email: str, field: str = "email") -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise Invalid.one(field, Constraint.EMAIL, "must be a valid email") from exc


def create_company(
    session: Session,
    *,
    name: str,
    slug: str,
    admin_email: str,
    admin_password: str,
    admin_firstname: str = "",
    admin_lastname: str = "",
    key_days: int | None = 365,
) -> NewCompany:
    """A company with its default columns and tags, its admin member and the admin's API key."""
    name = name.strip()
    if not name:
        raise Invalid.one("name", Constraint.BLANK, "must not be blank")
    if not SLUG.match(slug):
        raise Invalid.one("slug", Constraint.INVALID, "must be lowercase letters, digits and dashes")
    if session.scalars(select(Company.id).where(Company.slug == slug)).first() is not None:
        raise Conflict(f"A company with slug {slug!r} already exists")
    email = normalize_email(admin_email, "admin_email")
    user = session.scalars(select(User).where(User.email == email)).one_or_none()
    if user is None:
        user = User(
            email=email,
            password_hash=hash_password(admin_password),
            firstname=admin_firstname,
            lastname=admin_lastname,
        )
        session.add(user)
    company = Company(name=name, slug=slug)
    session.add(company)
    session.flush()
    admin = Member(company_id=company.id, user_id=user.id, role_id=Role.ADMIN)
    session.add(admin)
    session.flush()
    ctx = Context(company.id, company.public_id, admin.id, user.id, Role.ADMIN)
    create_default_columns(session, ctx)
    create_default_tags(session, ctx)
    key = issue_key(session, admin, days=key_days, name="admin")
    record(session, ctx, "company.create", "company", company.public_id, slug=slug)
    return NewCompany(company, admin, user, key)


def get_company(session: Session, public_id: str) -> Company:
    company = session.scalars(select(Company).where(Company.public_id == public_id)).one_or_none()
    if company is None:
        raise NotFound("Company not found")
    return company


def get_company_by_slug(session: Session, slug: str) -> Company:
    company = session.scalars(select(Company).where(Company.slug == slug)).one_or_none()
    if company is None:
        raise NotFound(f"Not available for slug {slug}")
    return company


def find_company(session: Session, ref: str) -> Company:
    """A company by encoded id or slug (CLI convenience)."""
    company = session.scalars(
        select(Company).where((Company.public_id == ref) | (Company.slug == ref))
    ).first()
    if company is None:
        raise NotFound(f"No company {ref!r}")
    return company


def link_companies(session: Session, parent: Company, child: Company) -> None:
    """Make ``child`` an affiliate of ``parent`` (careers listing and search may merge it in)."""
    if parent.id == child.id:
        raise Invalid.one("child", Constraint.INVALID, "a company cannot be its own affiliate")
    if session.get(CompanyAffiliation, (parent.id, child.id)) is None:
        session.add(CompanyAffiliation(parent_id=parent.id, child_id=child.id))


def affiliate_ids(session: Session, parent_id: int) -> list[int]:
    return list(
        session.scalars(select(CompanyAffiliation.child_id).where(CompanyAffiliation.parent_id == parent_id))
    )


def admin_context(session: Session, company: Company) -> Context:
    """Act as the company's oldest admin (CLI and demo use)."""
    member = session.scalars(
        select(Member)
        .where(Member.company_id == company.id, Member.role_id == Role.ADMIN, Member.active.is_(True))
        .order_by(Member.id)
        .limit(1)
    ).first()
    if member is None:
        raise NotFound("The company has no active administrator")
    return Context(company.id, company.public_id, member.id, member.user_id, member.role_id)


# -- members ----------------------------------------------------------------------------------------


def list_members(session: Session, ctx: Context, *, with_user: bool = True) -> list[Member]:
    stmt = scoped(Member, ctx).order_by(Member.created_at, Member.id)
    if with_user:
        stmt = stmt.options(selectinload(Member.user))
    return list(session.scalars(stmt))


def get_member(session: Session, ctx: Context, public_id: str) -> Member:
    return get_by_public_id(
        session, Member, ctx, public_id, options=(selectinload(Member.user),), what="Member"
    )


def member_by_user_ref(session: Session, ctx: Context, ref: str, field: str) -> Member:
    """A member of the company given its user's encoded id or its own encoded id (Flatchr accepts both)."""
    member = session.scalars(
        scoped(Member, ctx)
        .join(User, User.id == Member.user_id)
        .where((User.public_id == ref) | (Member.public_id == ref))
        .options(selectinload(Member.user))
    ).first()
    if member is None:
        raise Invalid.one(field, Constraint.REFERENCE, f"unknown member {ref}")
    return member


def add_member(
    session: Session,
    ctx: Context,
    *,
    email: str,
    password: str,
    role_id: int = Role.RECRUITER,
    firstname: str = "",
    lastname: str = "",
) -> Member:
    """Add a user (created if new) to the company with a role."""
    ctx.require_admin()
    if role_id not in set(Role):
        raise Invalid.one("role_id", Constraint.CHOICE, "must be 2, 3 or 4")
    address = normalize_email(email)
    user = session.scalars(select(User).where(User.email == address)).one_or_none()
    if user is None:
        user = User(
            email=address, password_hash=hash_password(password), firstname=firstname, lastname=lastname
        )
        session.add(user)
        session.flush()
    elif session.scalars(scoped(Member, ctx).where(Member.user_id == user.id)).first() is not None:
        raise Conflict(f"{address} is already a member")
    member = Member(company_id=ctx.company_id, user_id=user.id, role_id=role_id)
    session.add(member)
    session.flush()
    record(session, ctx, "member.create", "member", member.public_id, role_id=role_id)
    return member


@dataclass(frozen=True)
class InvitedMember:
    member: Member
    email: str
    temporary_password: str | None  # None: the user already existed and keeps their own password


def invite_member(
    session: Session, ctx: Context, *, email: str, role_id: int, firstname: str = "", lastname: str = ""
) -> InvitedMember:
    """``add_member`` with a random temporary password for a new user, to be handed over once."""
    ctx.require_admin()
    problems: list[Violation] = []
    for field, value in (("firstname", firstname), ("lastname", lastname)):
        if len(value.strip()) > MAX_NAME:
            problems.append(Violation(field, Constraint.LENGTH, "is too long", MAX_NAME))
    if problems:
        raise Invalid(problems)
    address = normalize_email(email)
    is_new = session.scalars(select(User.id).where(User.email == address)).first() is None
    password = "".join(secrets.choice(ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
    member = add_member(
        session,
        ctx,
        email=address,
        password=password,
        role_id=role_id,
        firstname=firstname.strip(),
        lastname=lastname.strip(),
    )
    return InvitedMember(member, address, password if is_new else None)


def set_member_role(session: Session, ctx: Context, public_id: str, role_id: int) -> Member:
    ctx.require_admin()
    if role_id not in set(Role):
        raise Invalid.one("role_id", Constraint.CHOICE, "must be 2, 3 or 4")
    member = get_member(session, ctx, public_id)
    if member.id == ctx.member_id and role_id != member.role_id:
        # Like deactivation: an admin cannot lock themselves (and maybe the company) out of settings.
        raise Invalid.one("role_id", Constraint.INVALID, "you cannot change your own role")
    member.role_id = role_id
    record(session, ctx, "member.role", "member", member.public_id, role_id=role_id)
    return member


def deactivate_member(session: Session, ctx: Context, public_id: str) -> Member:
    ctx.require_admin()
    member = get_member(session, ctx, public_id)
    if member.id == ctx.member_id:
        raise Invalid.one("member", Constraint.INVALID, "you cannot deactivate yourself")
    member.active = False
    record(session, ctx, "member.deactivate", "member", member.public_id)
    return member


def reactivate_member(session: Session, ctx: Context, public_id: str) -> Member:
    """Undo ``deactivate_member``: the member signs in again with their own password."""
    ctx.require_admin()
    member = get_member(session, ctx, public_id)
    member.active = True
    record(session, ctx, "member.reactivate", "member", member.public_id)
    return member


def set_password(session: Session, email: str, password: str) -> User:
    """Reset a user's password (CLI, operator action)."""
    user = session.scalars(select(User).where(User.email == normalize_email(email))).one_or_none()
    if user is None:
        raise NotFound(f"No user {email}")
    user.password_hash = hash_password(password)
    if user.status == UserStatus.INVITED:
        user.status = UserStatus.ACTIVE
    return user


def set_retention_policy(session: Session, ctx: Context, text: str) -> Company:
    """The data-retention text candidates consent to on the career site; blank removes it."""
    ctx.require_admin()
    text = text.strip()
    if len(text) > MAX_RETENTION_POLICY:
        raise Invalid.one("retention_policy", Constraint.LENGTH, "is too long", MAX_RETENTION_POLICY)
    company = get_company(session, ctx.company_public_id)
    company.retention_policy = text or None
    record(session, ctx, "company.retention_policy", "company", company.public_id)
    return company


def list_companies(session: Session) -> list[Company]:
    return list(session.scalars(select(Company).order_by(Company.id)))


def member_by_email(session: Session, ctx: Context, email: str) -> Member:
    member = session.scalars(
        scoped(Member, ctx).join(User, User.id == Member.user_id).where(User.email == normalize_email(email))
    ).first()
    if member is None:
        raise NotFound(f"{email} is not a member of this company")
    return member


def acting_member(session: Session, ctx: Context) -> Member:
    """The Member row of the context."""
    member = session.scalars(scoped(Member, ctx).where(Member.id == ctx.member_id)).one_or_none()
    if member is None:
        raise NotFound("Member not found")
    return member

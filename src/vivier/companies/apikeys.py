"""API keys: random, shown once, stored as a lookup prefix plus a SHA-256 hash.

SHA-256 (not argon2) because a key carries 238 bits of randomness: brute force is out of reach,
and every API request verifies a key, so the check must be cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.companies.models import ApiKey, Member, User
from vivier.core.clock import now
from vivier.core.errors import AuthFailure, Constraint, Invalid, Unauthenticated
from vivier.core.ids import ALPHABET
from vivier.db.scoping import get_by_public_id, restrict, scoped
from vivier.events.audit import record

KEY_PREFIX = "viv_"
PREFIX_LENGTH = 12  # characters after "viv_" used for the indexed lookup
SECRET_LENGTH = 40
MAX_NAME = 255


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    plaintext: str  # shown once, never stored


def _hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def looks_like_api_key(credential: str) -> bool:
    return credential.startswith(KEY_PREFIX) and len(credential) == len(KEY_PREFIX) + SECRET_LENGTH


def issue_key(
    session: Session, member: Member, *, days: int | None = 365, name: str = "", read_only: bool = False
) -> IssuedKey:
    """Create a key owned by ``member``; ``days=None`` means it never expires."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    plaintext = KEY_PREFIX + body
    created = now()
    key = ApiKey(
        company_id=member.company_id,
        member_id=member.id,
        name=name,
        prefix=body[:PREFIX_LENGTH],
        key_hash=_hash(plaintext),
        read_only=read_only,
        created_at=created,
        expires_at=None if days is None else created + timedelta(days=days),
    )
    session.add(key)
    session.flush()
    return IssuedKey(key, plaintext)


def create_key(
    session: Session, ctx: Context, *, member: Member, days: int | None, name: str, read_only: bool
) -> IssuedKey:
    ctx.require_admin()
    if len(name) > MAX_NAME:
        raise Invalid.one("name", Constraint.LENGTH, "is too long", MAX_NAME)
    if days is not None and days < 1:
        raise Invalid.one("days", Constraint.MIN, "must be 1 or more", 1)
    issued = issue_key(session, member, days=days, name=name, read_only=read_only)
    record(session, ctx, "apikey.create", "api_key", issued.key.public_id, read_only=read_only)
    return issued


def list_keys(session: Session, ctx: Context) -> list[ApiKey]:
    return list(session.scalars(scoped(ApiKey, ctx).order_by(ApiKey.id)))


@dataclass(frozen=True)
class KeyWithOwner:
    key: ApiKey
    owner: User


def list_keys_with_owners(session: Session, ctx: Context) -> list[KeyWithOwner]:
    """The company's keys, oldest first, each with the user it acts as (web settings)."""
    rows = session.execute(
        restrict(select(ApiKey, User), ApiKey, ctx)
        .join(Member, Member.id == ApiKey.member_id)
        .join(User, User.id == Member.user_id)
        .order_by(ApiKey.id)
    ).all()
    return [KeyWithOwner(key, owner) for key, owner in rows]


def revoke_key(session: Session, ctx: Context, public_id: str) -> ApiKey:
    ctx.require_admin()
    key = get_by_public_id(session, ApiKey, ctx, public_id, what="API key")
    if key.revoked_at is None:
        key.revoked_at = now()
        record(session, ctx, "apikey.revoke", "api_key", key.public_id)
    return key


def resolve_key(session: Session, plaintext: str) -> ApiKey:
    """The live key matching ``plaintext``; records its last use. Raises Unauthenticated."""
    if not looks_like_api_key(plaintext):
        raise Unauthenticated("Invalid API key")
    prefix = plaintext[len(KEY_PREFIX) : len(KEY_PREFIX) + PREFIX_LENGTH]
    key = session.scalars(select(ApiKey).where(ApiKey.prefix == prefix)).one_or_none()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(plaintext)):
        raise Unauthenticated("Invalid API key")
    current = now()
    if key.revoked_at is not None:
        raise Unauthenticated("Invalid API key")
    if key.expires_at is not None and key.expires_at <= current:
        raise Unauthenticated("Expired token", AuthFailure.EXPIRED_KEY)
    # Write at most once a minute per key, so reads stay cheap under load.
    if key.last_used_at is None or current - key.last_used_at > timedelta(minutes=1):
        key.last_used_at = current
    return key

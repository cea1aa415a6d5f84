"""API keys: random, shown once, stored as a lookup prefix plus a SHA-256 hash.

SHA-256 (not argon2) because a key carries 238 bits of randomness: brute force is out of reach,
and every API request verifies a key, so the check must be cheap.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from vivier.companies.context import Context
from vivier.companies.models import ApiKey, Company, Member, User
from vivier.core.clock import now
from vivier.core.errors import AuthFailure, Constraint, Invalid, Unauthenticated
from vivier.core.ids import ALPHABET
from vivier.db.engine import WRITE
from vivier.db.hooks import after_commit
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
    key = session.scalars(select(ApiKey).where(ApiKey.prefix == _prefix(plaintext))).one_or_none()
    return _live(session, key, plaintext)


def resolve_key_with_owner(session: Session, plaintext: str) -> tuple[ApiKey, Member, Company]:
    """``resolve_key`` with the key's member and company, in one query (every API request runs it)."""
    row = session.execute(
        select(ApiKey, Member, Company)
        .join(Member, Member.id == ApiKey.member_id)
        .join(Company, Company.id == Member.company_id)
        .where(ApiKey.prefix == _prefix(plaintext))
    ).one_or_none()
    if row is None:
        raise Unauthenticated("Invalid API key")
    key, member, company = row
    return _live(session, key, plaintext), member, company


def _prefix(plaintext: str) -> str:
    if not looks_like_api_key(plaintext):
        raise Unauthenticated("Invalid API key")
    return plaintext[len(KEY_PREFIX) : len(KEY_PREFIX) + PREFIX_LENGTH]


def _live(session: Session, key: ApiKey | None, plaintext: str) -> ApiKey:
    if key is None or not hmac.compare_digest(key.key_hash, _hash(plaintext)):
        raise Unauthenticated("Invalid API key")
    current = now()
    if key.revoked_at is not None:
        raise Unauthenticated("Invalid API key")
    if key.expires_at is not None and key.expires_at <= current:
        raise Unauthenticated("Expired token", AuthFailure.EXPIRED_KEY)
    # Write at most once a minute per key, so reads stay cheap under load.
    if key.last_used_at is None or current - key.last_used_at > timedelta(minutes=1):
        _note_use(session, key, current)
    return key


def _note_use(session: Session, key: ApiKey, current: datetime) -> None:
    """Record the key's last use. A SQLite read transaction must not turn into a write (another
    process may have committed since it began: "database is locked" at once), so there the note is
    written once the request's transaction is over, by a short one of its own, best effort."""
    bind = session.get_bind()
    reading = not session.connection().get_execution_options().get(WRITE, False)
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite" and reading:
        after_commit(session, lambda: _write_last_use(bind, key.id, current))
    else:
        # Not through the ORM: bookkeeping is not a change to the credential (which would make the
        # credential cache forget every key, see credential_cache).
        session.execute(update(ApiKey).where(ApiKey.id == key.id).values(last_used_at=current))
    set_committed_value(key, "last_used_at", current)


def _write_last_use(engine: Engine, key_id: int, current: datetime) -> None:
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE: True}).execute(
                update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=current)
            )
            connection.commit()
    except OperationalError:
        return  # still busy after the timeout: a later request notes it

"""JWT login tokens (HS256, signed with the secret key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from vivier.core.clock import now
from vivier.core.errors import AuthFailure, Unauthenticated

ALGORITHM = "HS256"
FLATCHR_TTL = timedelta(days=7)
FLOWTLY_TTL = timedelta(hours=1)


@dataclass(frozen=True)
class TokenClaims:
    user_public_id: str
    company_public_id: str | None
    expires_at: datetime


def looks_like_jwt(credential: str) -> bool:
    return credential.count(".") == 2


def issue_token(secret: str, user_public_id: str, company_public_id: str | None, ttl: timedelta) -> str:
    issued = now()
    claims = {
        "sub": user_public_id,
        "company": company_public_id,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ttl).timestamp()),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_token(secret: str, token: str) -> TokenClaims:
    """Verify signature and expiry against the Vivier clock. Raises Unauthenticated."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"verify_exp": False, "require": ["sub", "exp"]}
        )
    except jwt.PyJWTError as exc:
        raise Unauthenticated("Invalid JWT Token", AuthFailure.INVALID_JWT) from exc
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or exp <= now().timestamp():
        raise Unauthenticated("Expired JWT Token", AuthFailure.EXPIRED_JWT)
    sub, company = claims.get("sub"), claims.get("company")
    if not isinstance(sub, str) or not (company is None or isinstance(company, str)):
        raise Unauthenticated("Invalid JWT Token", AuthFailure.INVALID_JWT)
    return TokenClaims(sub, company, datetime.fromtimestamp(exp, UTC))

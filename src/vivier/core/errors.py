"""Domain error kinds. Services raise these; each face maps them to its own wire body."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Constraint(StrEnum):
    """Why a value was refused; faces turn each kind into their own message and code."""

    BLANK = "blank"
    NULL = "null"
    EMAIL = "email"
    CHOICE = "choice"
    RANGE = "range"
    MIN = "min"
    LENGTH = "length"
    UNIQUE = "unique"
    TYPE = "type"
    REFERENCE = "reference"
    INVALID = "invalid"


@dataclass(frozen=True)
class Violation:
    field: str
    constraint: Constraint
    message: str
    limit: object = None


class DomainError(Exception):
    """Base of every error a service may raise on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """Unknown id, or an id of another company: existence is never revealed."""


class AuthFailure(StrEnum):
    MISSING = "missing"
    INVALID_JWT = "invalid_jwt"
    EXPIRED_JWT = "expired_jwt"
    INVALID_KEY = "invalid_key"
    EXPIRED_KEY = "expired_key"
    BAD_LOGIN = "bad_login"


class Unauthenticated(DomainError):
    """Missing, invalid, revoked or expired credential; ``reason`` lets each face word it its own way."""

    def __init__(self, message: str, reason: AuthFailure = AuthFailure.INVALID_KEY) -> None:
        super().__init__(message)
        self.reason = reason


class Forbidden(DomainError):
    """Authenticated, but the role does not allow this."""


class Conflict(DomainError):
    """The change collides with existing data (e.g. a duplicate slug)."""


class RateLimited(DomainError):
    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(DomainError):
    """A file or body over the configured limit."""


class Invalid(DomainError):
    """Client input that breaks a rule; carries one violation per offending field."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("; ".join(f"{v.field}: {v.message}" for v in violations))

    @classmethod
    def one(cls, field: str, constraint: Constraint, message: str, limit: object = None) -> Invalid:
        return cls([Violation(field, constraint, message, limit)])

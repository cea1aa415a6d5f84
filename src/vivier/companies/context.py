"""Who is acting, for which company: the one object every service receives."""

from __future__ import annotations

from dataclasses import dataclass

from vivier.companies.models import Role
from vivier.core.errors import Forbidden


@dataclass(frozen=True)
class Context:
    company_id: int
    company_public_id: str
    member_id: int | None
    user_id: int | None
    role_id: int
    read_only: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role_id == Role.ADMIN

    @property
    def can_write(self) -> bool:
        """False for read-only keys and hiring managers (pages hide the controls they could not use)."""
        return not self.read_only and self.role_id != Role.HIRING_MANAGER

    def require_write(self) -> None:
        """Refuse changes from read-only keys and hiring managers."""
        if not self.can_write:
            raise Forbidden("This credential is read-only")

    def require_admin(self) -> None:
        if not self.is_admin:
            raise Forbidden("Administrator role required")

"""What the signed-in member may do, for templates to hide controls they could not use anyway."""

from __future__ import annotations

from vivier.companies.context import Context
from vivier.core.errors import Forbidden


def can_write(ctx: Context) -> bool:
    """Whether services accept changes from this member (hiring managers are read-only)."""
    try:
        ctx.require_write()
    except Forbidden:
        return False
    return True

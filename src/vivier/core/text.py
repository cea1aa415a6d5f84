"""Small text helpers shared by the domain: keys for case-insensitive lookups, slugs."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(value: str) -> str:
    """ASCII-fold and lowercase: the form used for accent-insensitive comparison."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def lookup_key(value: str | None) -> str | None:
    """Trimmed, case-folded value stored beside names and emails for indexed exact lookups."""
    if value is None:
        return None
    key = value.strip().casefold()
    return key or None


def slugify(value: str) -> str:
    return _NON_ALNUM.sub("-", fold(value)).strip("-")


def digits(value: str | None) -> str | None:
    if value is None:
        return None
    only = "".join(c for c in value if c.isdigit())
    return only or None


def is_number(value: str) -> bool:
    """Only ASCII digits: ``str.isdigit`` also accepts "²" or "٣", which ``int()`` refuses or misreads."""
    return value.isascii() and value.isdigit()


def nul_path(value: object) -> tuple[str, ...] | None:
    """Where decoded JSON holds a NUL character (in a key or a string), as path segments; else None.

    PostgreSQL text cannot store NUL, so inputs carrying one are refused before reaching a service.
    """
    if isinstance(value, str):
        return () if "\x00" in value else None
    items = (
        value.items() if isinstance(value, Mapping) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, item in items:
        if "\x00" in str(key):
            return (str(key),)
        inner = nul_path(item)
        if inner is not None:
            return (str(key), *inner)
    return None

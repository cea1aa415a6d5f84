"""Public ids: opaque 16-character alphanumeric strings (DESIGN rule 6)."""

from __future__ import annotations

import re
import secrets
import string

ALPHABET = string.ascii_letters + string.digits
PUBLIC_ID_LENGTH = 16
_PUBLIC_ID = re.compile(r"^[A-Za-z0-9]{16}$")


def new_public_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def is_public_id(value: str) -> bool:
    return bool(_PUBLIC_ID.match(value))


def new_slug_mail() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(6))

"""Signed download links: ``cv`` and attachment URLs work for 24 h without a key."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from urllib.parse import urlencode

from vivier.config import Settings
from vivier.core.clock import now
from vivier.core.text import is_number

LINK_TTL = timedelta(hours=24)


def _signature(secret: str, company_public_id: str, key: str, extension: str, expires: int) -> str:
    message = f"{company_public_id}\n{key}\n{extension}\n{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_file_url(settings: Settings, company_public_id: str, key: str, extension: str) -> str:
    """Absolute URL of the file download route, valid for 24 hours."""
    expires = int((now() + LINK_TTL).timestamp())
    sig = _signature(settings.secret_key.get_secret_value(), company_public_id, key, extension, expires)
    query = urlencode({"key": key, "extension": extension, "expires": expires, "sig": sig})
    return f"{settings.public_url.rstrip('/')}/flatchr/company/{company_public_id}/files/expire?{query}"


def valid_signature(
    settings: Settings, company_public_id: str, key: str, extension: str, expires: str | None, sig: str | None
) -> bool:
    """True when ``sig`` signs these values and ``expires`` (Unix seconds) is still in the future."""
    if not expires or not sig or not is_number(expires) or int(expires) <= now().timestamp():
        return False
    expected = _signature(
        settings.secret_key.get_secret_value(), company_public_id, key, extension, int(expires)
    )
    return hmac.compare_digest(expected, sig)

"""CSRF protection for every web form: a double-submit token.

Each browser gets a random token in the ``vivier_csrf`` cookie (SameSite=Strict, HttpOnly). Forms
carry the same value in a hidden ``csrf_token`` field (``{{ csrf_field() }}`` in templates) and htmx
requests in the ``X-CSRF-Token`` header (set once on ``<body hx-headers=...>``). Another site can
make a browser send the cookie but cannot read it, so it cannot forge the matching field.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie

from fastapi import Request
from markupsafe import Markup, escape
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vivier.core.errors import Forbidden

COOKIE = "vivier_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _cookie_token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            morsel = SimpleCookie(value.decode("latin-1")).get(COOKIE)
            if morsel is not None and morsel.value:
                return morsel.value
    return None


class CsrfCookie:
    """Gives every browser a token cookie and exposes the token as ``request.state.csrf_token``."""

    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _cookie_token(scope)
        fresh = token is None
        token = token or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                secure = "; Secure" if self.secure else ""
                headers.append("set-cookie", f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}")
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def token_of(request: Request) -> str:
    return str(request.state.csrf_token)


def csrf_field(request: Request) -> Markup:
    """The hidden form field carrying this browser's token."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(token_of(request)))


async def require_csrf(request: Request) -> None:
    """Router dependency: an unsafe request must echo the cookie's token in a header or form field."""
    if request.method in SAFE_METHODS:
        return
    cookie = request.cookies.get(COOKIE)
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(FIELD)
        sent = value if isinstance(value, str) else None
    if not cookie or not sent or not hmac.compare_digest(cookie.encode(), sent.encode()):
        raise Forbidden("The form has expired. Reload the page and try again.")

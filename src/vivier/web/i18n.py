"""French and English for the web pages: language negotiation and message catalogues.

Messages are written in English in templates and code (``_("Sign in")``); French translations live
in ``translations/fr/*.json`` (one file per area of the app, merged at import), keyed by the English
text. A missing translation falls back to English rather than failing a page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANG_COOKIE = "vivier_lang"
_TRANSLATIONS = Path(__file__).parent / "translations"

router = APIRouter()


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every translation of one language, merged from its JSON files."""
    merged: dict[str, str] = {}
    for path in sorted((_TRANSLATIONS / lang).glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def translate(lang: str, message: str, **values: object) -> str:
    """``message`` in ``lang``; ``{name}`` placeholders are filled from ``values``."""
    text = catalogue(lang).get(message, message) if lang != "en" else message
    return text.format(**values) if values else text


def Translator(lang: str) -> Callable[..., str]:
    def gettext(message: str, **values: object) -> str:
        return translate(lang, message, **values)

    return gettext


def from_accept_language(header: str) -> str | None:
    """The supported language the browser prefers most, honouring q-values."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def negotiate(request: Request) -> str:
    """The page language: the visitor's explicit choice (cookie), then ``Accept-Language``, then French."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return from_accept_language(request.headers.get("accept-language", "")) or DEFAULT_LANGUAGE


def local_path(target: str | None, fallback: str = "/") -> str:
    """``target`` when it is a path on this site; anything else (another host, ``//x``) gives ``fallback``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target


@router.get("/lang/{code}")
def switch_language(code: str, next: str | None = None) -> RedirectResponse:
    """Remember the visitor's language for a year and go back to the page they were on."""
    response = RedirectResponse(local_path(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", httponly=True)
    return response

"""The one Jinja2 environment of the web app and career site.

Every template receives ``lang`` (negotiated per request), ``_`` (the translator for that language),
``languages``, ``csrf_token`` and ``csrf_field()``; autoescaping is on for every ``.html`` template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from vivier.web.csrf import csrf_field, token_of
from vivier.web.i18n import LANGUAGES, Translator, negotiate


def _i18n(request: Request) -> dict[str, Any]:
    lang = negotiate(request)
    return {"lang": lang, "_": Translator(lang), "languages": LANGUAGES}


def _csrf(request: Request) -> dict[str, Any]:
    return {"csrf_token": token_of(request), "csrf_field": lambda: csrf_field(request)}


templates = Jinja2Templates(directory=Path(__file__).parent / "templates", context_processors=[_i18n, _csrf])

"""Candidate search across the company: name, email or any text of the profile, notes and CV.

A plain GET form (works without JavaScript); htmx re-runs it as the recruiter types and swaps only the
results. Pages are keyset windows (``after`` / ``before`` a candidate), so nothing is counted.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vivier.candidates.search import browse_candidates
from vivier.faces.common import DbSession
from vivier.web.sessions import SignedIn
from vivier.web.templating import templates

PER_PAGE = 25
MAX_QUERY = 200  # characters: longer input is cut, not refused

router = APIRouter()


def search_text(q: str) -> str:
    """What is searched: trimmed, at most MAX_QUERY characters, without NUL (PostgreSQL refuses it)."""
    return q.replace("\x00", "").strip()[:MAX_QUERY]


@router.get("/candidates")
def search_page(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    q: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Response:
    q = search_text(q)
    window = browse_candidates(session, recruiter.ctx, q, after=after, before=before, limit=PER_PAGE)
    return templates.TemplateResponse(request, "app/search/candidates.html", {"q": q, "window": window})

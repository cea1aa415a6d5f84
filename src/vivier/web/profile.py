"""Candidate profile (``/candidates/{id}``): details and their edit form, the CV, and the sub-routers
of the other sections (notes, messages, tags, tasks, scorecards)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response, StreamingResponse
from pydantic import BaseModel

from vivier.candidates.service import get_candidate, update_candidate
from vivier.core.errors import NotFound
from vivier.faces.common import DbSession, Store
from vivier.files.models import StoredFile
from vivier.files.store import iter_blob
from vivier.files.types import PDF
from vivier.web import profile_activity, profile_notes, profile_scorecards
from vivier.web.csrf import require_csrf
from vivier.web.profile_page import OnProfile, current_cv, load, render
from vivier.web.sessions import SignedIn

router = APIRouter(dependencies=[Depends(require_csrf)])
for module in (profile_notes, profile_activity, profile_scorecards):
    router.include_router(module.router)

# Required names stay strings (a blank one is refused); other blank fields clear the value.
_REQUIRED = ("firstname", "lastname")


@router.get("/candidates/{candidate_id}")
def profile(request: Request, session: DbSession, recruiter: SignedIn, candidate_id: str) -> Response:
    return render(request, load(session, recruiter.ctx, candidate_id))


def _birth_date(raw: str) -> date | str | None:
    """A date field; text that is not a date goes to the service as is, which refuses it with the rest."""
    try:
        return date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return raw


class DetailsForm(BaseModel):
    """The details form: every editable field of the candidates service (``CandidateData``)."""

    firstname: str = ""
    lastname: str = ""
    email: str = ""
    phone: str = ""
    position: str = ""
    location: str = ""
    source: str = ""
    linkedin: str = ""
    notes: str = ""
    expectations: str = ""
    birth_date: str = ""


@router.post("/candidates/{candidate_id}")
def edit_details(on: OnProfile, data: Annotated[DetailsForm, Form()]) -> Response:
    values = data.model_dump()

    def save() -> None:
        changes: dict[str, object] = {
            name: value if name in _REQUIRED else (value.strip() or None) for name, value in values.items()
        }
        changes["birth_date"] = _birth_date(data.birth_date)
        if changes["email"] is None and not get_candidate(on.session, on.ctx, on.candidate_id).email:
            del changes["email"]  # people from applications may have none; leaving it blank is no change
        update_candidate(on.session, on.ctx, on.candidate_id, changes)

    return on.run("details", "details", values, save)


def _disposition(kind: str, cv: StoredFile) -> str:
    name = cv.name if cv.name.lower().endswith(f".{cv.extension}") else f"{cv.name}.{cv.extension}"
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def _stream(
    session: DbSession, recruiter: SignedIn, store: Store, candidate_id: str, inline: bool
) -> Response:
    cv = current_cv(session, recruiter.ctx, candidate_id)
    if cv is None or not store.exists(cv.digest):
        raise NotFound("CV not found")
    inline = inline and cv.content_type == PDF.content_type
    return StreamingResponse(
        iter_blob(store, cv.digest),
        media_type=cv.content_type,
        headers={
            "Content-Disposition": _disposition("inline" if inline else "attachment", cv),
            "Content-Length": str(cv.size),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.get("/candidates/{candidate_id}/cv")
def cv_preview(session: DbSession, recruiter: SignedIn, store: Store, candidate_id: str) -> Response:
    """The current CV, shown inline when it is a PDF (other types download)."""
    return _stream(session, recruiter, store, candidate_id, inline=True)


@router.get("/candidates/{candidate_id}/cv/download")
def cv_download(session: DbSession, recruiter: SignedIn, store: Store, candidate_id: str) -> Response:
    return _stream(session, recruiter, store, candidate_id, inline=False)

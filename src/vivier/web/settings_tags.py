"""Settings › company tags (candidate tags and vacancy folders): add, edit, delete."""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.core.errors import Invalid
from vivier.faces.common import DbSession
from vivier.tags.models import TAG_TYPES
from vivier.tags.schemas import TagInput
from vivier.tags.service import create_tag, delete_tag, list_tags, update_tag
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router

router = settings_router()
PAGE = "/settings/tags"


def _page(
    request: Request, session: DbSession, recruiter: SignedInAdmin, state: FormState | None = None
) -> Response:
    tags = list_tags(session, recruiter.ctx)
    return render(request, "tags.html", {"tags": tags, "types": TAG_TYPES}, state=state)


@router.get(PAGE)
def tags_page(request: Request, session: DbSession, recruiter: SignedInAdmin) -> Response:
    return _page(request, session, recruiter)


@router.post(PAGE)
def add_tag(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    title: str = Form(""),
    type: str = Form("candidates"),
    values: str = Form(""),
    multiple: bool = Form(False),
) -> Response:
    data = TagInput(title=title, type=type, values=values, multiple=multiple)
    try:
        create_tag(session, recruiter.ctx, data)
    except Invalid as exc:
        sent = {"title": title, "type": type, "values": values, "multiple": "on" if multiple else ""}
        return _page(request, session, recruiter, FormState.failed("add-tag", exc, sent))
    return see_other(PAGE)


@router.post(PAGE + "/{tag_id}")
def edit_tag(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    tag_id: str,
    title: str = Form(""),
    values: str = Form(""),
    multiple: bool = Form(False),
) -> Response:
    try:
        update_tag(session, recruiter.ctx, tag_id, TagInput(title=title, values=values, multiple=multiple))
    except Invalid as exc:
        sent = {"title": title, "values": values, "multiple": "on" if multiple else ""}
        return _page(request, session, recruiter, FormState.failed(f"edit-{tag_id}", exc, sent))
    return see_other(PAGE)


@router.post(PAGE + "/{tag_id}/delete")
def remove_tag(session: DbSession, recruiter: SignedInAdmin, tag_id: str) -> Response:
    delete_tag(session, recruiter.ctx, tag_id)
    return see_other(PAGE)

"""Webhook bodies in Flatchr's format (flatchr-api.md §8): ``{"data": {…}, "event", "company_id"}``.

The outbox holds ids only; this renderer reads the rows when the worker dispatches the event, so a
payload shows the records as they are then. A subject that no longer exists renders nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy.orm import Session, selectinload

from vivier.applications.models import Application
from vivier.companies.context import Context
from vivier.companies.models import Company, Member, Role
from vivier.config import Settings, load_settings
from vivier.core.errors import NotFound
from vivier.db.scoping import get_by_int_id
from vivier.events.models import OutboxEvent
from vivier.events.webhooks import RenderedEvent
from vivier.faces.flatchr.formats import iso
from vivier.faces.flatchr.render_applicant import (
    ApplicantBundle,
    applicant_json,
    candidate_json,
    column_json,
    load_applicant,
)
from vivier.faces.flatchr.render_vacancy import company_webhook_json, user_json, vacancy_webhook_json
from vivier.faces.flatchr.signing import signed_file_url
from vivier.files.models import StoredFile
from vivier.messages.models import Message
from vivier.pipeline.service import get_column
from vivier.vacancies.models import Vacancy
from vivier.vacancies.service import vacancy_view

NEW_APPLICANT_MESSAGE = "Un nouveau candidat a postulé sur votre offre <b>{title}</b>"
NEW_VACANCY_MESSAGE = "<b>{firstname} {lastname}</b> a ajouté une nouvelle offre <b>{title}</b>"

Data = dict[str, Any]


@cache
def _default_settings() -> Settings:
    """The process settings, as ``vivier serve`` and ``vivier worker`` build them."""
    return load_settings()


def render(session: Session, event: OutboxEvent, settings: Settings | None = None) -> RenderedEvent | None:
    """The §8 body of an outbox event, with the vacancy and column webhook filters match against.

    Returns None for an unknown event or when its subject was deleted before dispatch.
    """
    renderer = _RENDERERS.get(event.event)
    company = session.get(Company, event.company_id)
    if renderer is None or company is None:
        return None
    # Read-only view of the company's rows; the renderer never writes.
    ctx = Context(company.id, company.public_id, event.member_id, None, Role.ADMIN, read_only=True)
    try:
        return renderer(_Render(session, ctx, company, event, settings or _default_settings()))
    except NotFound:
        return None


class _Render:
    """Everything one event's rendering needs, with the shared blocks."""

    def __init__(
        self, session: Session, ctx: Context, company: Company, event: OutboxEvent, settings: Settings
    ) -> None:
        self.session = session
        self.ctx = ctx
        self.company = company
        self.event = event
        self.settings = settings

    def subject_id(self, name: str) -> int:
        value = self.event.subject.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise NotFound(f"event without {name}")
        return value

    def envelope(
        self, data: Data, vacancy_id: int | None = None, column_id: int | None = None
    ) -> RenderedEvent:
        body = {"data": data, "event": self.event.event, "company_id": self.company.id}
        return RenderedEvent(body, vacancy_id=vacancy_id, column_id=column_id)

    def applicant(self, application_id: int) -> ApplicantBundle:
        application = get_by_int_id(self.session, Application, self.ctx, application_id, what="Applicant")
        return load_applicant(self.session, application)

    def acting(self, member_id: int | None) -> tuple[Data, str | None]:
        """The ``user`` block and encoded ``user_id`` of a member; ``{}`` and null when unknown."""
        if member_id is None:
            return {}, None
        try:
            member = get_by_int_id(
                self.session, Member, self.ctx, member_id, options=(selectinload(Member.user),)
            )
        except NotFound:
            return {}, None
        return user_json(member.user, self.company.name, webhook=True), member.user.public_id

    def candidate(self, bundle: ApplicantBundle) -> Data:
        view = bundle.view
        out = candidate_json(view.candidate, view.cv, self.settings, self.company.public_id)
        out["id"] = view.candidate.id  # integer in webhooks (§5.4)
        return out

    def vacancy(self, bundle: ApplicantBundle) -> Data:
        return vacancy_webhook_json(bundle.vacancy, self.settings)

    def cv(self, file: StoredFile | None, candidate_id: int) -> Data | None:
        if file is None:
            return None
        return {
            "id": file.id,
            "fileable_id": candidate_id,
            "fileable_type": "candidates",
            "url": signed_file_url(self.settings, self.company.public_id, file.key, file.extension),
            "key": file.key,
            "type": "CV",
            "extension": file.extension,
            "created_at": iso(file.created_at),
            "updated_at": iso(file.created_at),
        }


def _new_applicant(r: _Render) -> RenderedEvent:
    bundle = r.applicant(r.subject_id("application_id"))
    view = bundle.view
    applicant = applicant_json(bundle, r.settings)
    applicant["created_at"] = iso(view.application.created_at)
    applicant["updated_at"] = iso(view.application.updated_at)
    data = {
        "applicant": applicant,
        "candidate": r.candidate(bundle),
        "vacancy": r.vacancy(bundle),
        "column": view.column.id,
        "cv": r.cv(view.cv, view.candidate.id),
        "user": {},
        "message": NEW_APPLICANT_MESSAGE.format(title=view.vacancy.title),
        "applicant_id": view.application.id,
        "candidate_id": view.candidate.id,
        "column_id": view.column.id,
        "vacancy_id": view.vacancy.public_id,
        "company": company_webhook_json(r.company),
    }
    return r.envelope(data, vacancy_id=view.vacancy.id, column_id=view.column.id)


def _integer_applicant(bundle: ApplicantBundle, settings: Settings) -> Data:
    out = applicant_json(bundle, settings)
    out["id"] = bundle.view.application.id
    return out


def _drag_applicant(r: _Render) -> RenderedEvent:
    bundle = r.applicant(r.subject_id("application_id"))
    view = bundle.view
    # The destination of this move, even if the applicant moved again before dispatch.
    column = get_column(r.session, r.ctx, r.subject_id("to_column_id"))
    user, user_id = r.acting(r.event.member_id)
    data = {
        "user": user,
        "applicant": _integer_applicant(bundle, r.settings),
        "candidate": r.candidate(bundle),
        "column": column_json(column, r.company.public_id),
        "vacancy": r.vacancy(bundle),
        "user_id": user_id,
        "applicant_id": view.application.id,
        "candidate_id": view.candidate.id,
        "column_id": column.id,
        "vacancy_id": view.vacancy.public_id,
        "company": company_webhook_json(r.company),
    }
    return r.envelope(data, vacancy_id=view.vacancy.id, column_id=column.id)


def _new_message(r: _Render) -> RenderedEvent:
    message = get_by_int_id(r.session, Message, r.ctx, r.subject_id("message_id"), what="Message")
    bundle = r.applicant(message.application_id)
    view = bundle.view
    user, user_id = r.acting(message.author_member_id)
    data = {
        "company_id": r.company.public_id,
        "user": user,
        "applicant": _integer_applicant(bundle, r.settings),
        "candidate": r.candidate(bundle),
        "vacancy": r.vacancy(bundle),
        "text": message.html,
        "user_id": user_id,
        "applicant_id": view.application.id,
        "candidate_id": view.candidate.id,
        "vacancy_id": view.vacancy.public_id,
        "company": company_webhook_json(r.company),
    }
    return r.envelope(data, vacancy_id=view.vacancy.id)


def _new_vacancy(r: _Render) -> RenderedEvent:
    vacancy = get_by_int_id(r.session, Vacancy, r.ctx, r.subject_id("vacancy_id"), what="Vacancy")
    view = vacancy_view(r.session, vacancy)
    user, user_id = r.acting(r.event.member_id)
    data = {
        "user": user,
        "vacancy": vacancy_webhook_json(view, r.settings),
        "message": NEW_VACANCY_MESSAGE.format(
            firstname=user.get("firstname", ""), lastname=user.get("lastname", ""), title=vacancy.title
        ),
        "user_id": user_id,
        "vacancy_id": vacancy.public_id,
        "company": company_webhook_json(r.company),
    }
    return r.envelope(data, vacancy_id=vacancy.id)


_RENDERERS: dict[str, Callable[[_Render], RenderedEvent]] = {
    "new_applicant": _new_applicant,
    "drag_applicant": _drag_applicant,
    "new_message": _new_message,
    "new_vacancy": _new_vacancy,
}

"""Settings › webhooks: subscribe a URL to an event, remove it, see its deliveries and redeliver one.

The signing secret is shown once, on the page the creation answers with (like the CLI prints it).
"""

from __future__ import annotations

from fastapi import Form, Request
from fastapi.responses import Response

from vivier.core.errors import Invalid
from vivier.events.models import WEBHOOK_EVENTS
from vivier.events.webhooks import (
    VACANCY_FILTERED,
    add_webhook,
    get_webhook,
    list_deliveries,
    list_webhooks,
    redeliver,
    remove_webhook,
)
from vivier.faces.common import DbSession
from vivier.pipeline.service import list_columns
from vivier.vacancies.service import list_vacancies
from vivier.web.sessions import SignedInAdmin
from vivier.web.settings_common import FormState, render, see_other, settings_router, to_int

router = settings_router()
PAGE = "/settings/webhooks"
EVENT_LABELS = {
    "new_applicant": "a candidate applies",
    "drag_applicant": "an applicant moves to another column",
    "new_message": "a message arrives",
    "new_vacancy": "a vacancy is created",
}


def _page(
    request: Request, session: DbSession, recruiter: SignedInAdmin, state: FormState | None = None
) -> Response:
    ctx = recruiter.ctx
    context = {
        "webhooks": list_webhooks(session, ctx),
        # Filter choices of the add form:
        "events": WEBHOOK_EVENTS,
        "event_labels": EVENT_LABELS,
        "vacancy_events": VACANCY_FILTERED,
        "columns": {c.id: c.title for c in list_columns(session, ctx)},
        "vacancies": {v.id: v for v in list_vacancies(session, ctx)},
    }
    return render(request, "webhooks.html", context, state=state)


@router.get(PAGE)
def webhooks_page(request: Request, session: DbSession, recruiter: SignedInAdmin) -> Response:
    return _page(request, session, recruiter)


@router.post(PAGE)
def add(
    request: Request,
    session: DbSession,
    recruiter: SignedInAdmin,
    url: str = Form(""),
    event: str = Form(""),
    vacancy: str = Form(""),
    column: str = Form(""),
    secret: str = Form(""),
) -> Response:
    sent = {"url": url, "event": event, "vacancy": vacancy, "column": column}  # the secret is not echoed back
    try:
        webhook = add_webhook(
            session,
            recruiter.ctx,
            url=url.strip(),
            event=event,
            vacancy=vacancy or None,
            column_id=to_int(column) if column else None,
            secret=secret or None,
        )
    except Invalid as exc:
        return _page(request, session, recruiter, FormState.failed("add-webhook", exc, sent))
    return render(
        request, "webhook.html", {"webhook": webhook, "deliveries": [], "secret": webhook.secret}, status=201
    )


@router.get(PAGE + "/{webhook_id}")
def webhook_page(request: Request, session: DbSession, recruiter: SignedInAdmin, webhook_id: str) -> Response:
    webhook = get_webhook(session, recruiter.ctx, webhook_id)
    deliveries = list_deliveries(session, recruiter.ctx, webhook_id)
    return render(request, "webhook.html", {"webhook": webhook, "deliveries": deliveries, "secret": None})


@router.post(PAGE + "/{webhook_id}/delete")
def remove(session: DbSession, recruiter: SignedInAdmin, webhook_id: str) -> Response:
    remove_webhook(session, recruiter.ctx, webhook_id)
    return see_other(PAGE)


@router.post(PAGE + "/{webhook_id}/deliveries/{delivery}/redeliver")
def redeliver_one(session: DbSession, recruiter: SignedInAdmin, webhook_id: str, delivery: str) -> Response:
    redeliver(session, recruiter.ctx, delivery, webhook=webhook_id)
    return see_other(f"{PAGE}/{webhook_id}")

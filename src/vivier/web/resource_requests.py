"""Resource requests: list (status filter), create, edit, change status, and the request's page, where
candidates are found by name or email and proposed, and each proposal's status is changed.

Forms use the Flowtly field names (``client``, ``salaryRangeMin``, ``billingType``, ``owners``...) so the
staffing service's violations land next to their fields. Money is typed as an amount (``4500.50``) and
stored as amount x ``VIVIER_PRICE_MULTIPLIER``, like the Flowtly face stores it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from vivier.candidates.search import browse_candidates
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, Violation
from vivier.core.listing import ListQuery
from vivier.faces.common import AppSettings, DbSession
from vivier.staffing.models import BILLING_TYPES, PROPOSAL_STATUSES, REQUEST_STATUSES, ResourceRequest
from vivier.staffing.service import create_request, get_request, list_requests, update_request
from vivier.staffing.shortlist import (
    owner_choices,
    propose_candidate,
    request_sheet,
    set_proposal_status,
    withdraw_proposal,
)
from vivier.web.candidate_search import search_text
from vivier.web.csrf import require_csrf
from vivier.web.sessions import SignedIn
from vivier.web.templating import templates

MAX_PAGE = 10_000  # deeper offsets are refused (422) rather than sent to the database
PER_PAGE = 30
MATCHES = 10  # candidates offered when proposing
TEXT_FIELDS = ("client", "position", "location", "description")
MONEY_FIELDS = ("salaryRangeMin", "salaryRangeMax")
Errors = dict[str, str]
ALREADY_PROPOSED = "This candidate is already proposed for this request."
CHOOSE_CANDIDATE = "Choose a candidate to propose."

router = APIRouter(dependencies=[Depends(require_csrf)])


# -- form values <-> service input ------------------------------------------------------------------


def amount(value: int | None, multiplier: int) -> str:
    """A stored money integer as the amount the form shows (``450000`` -> ``4500`` at multiplier 100)."""
    return "" if value is None else f"{(Decimal(value) / multiplier).normalize():f}"


def _money(raw: str, multiplier: int) -> int | None:
    cleaned = raw.replace(" ", "").replace("\u202f", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned) * multiplier
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValueError(raw)
    return int(value)


def _request_input(form: Mapping[str, Any], multiplier: int) -> dict[str, Any]:
    """The service input for a whole request form: blank text clears, amounts and dates are parsed.

    Unparsable amounts or dates raise Invalid before the service is called.
    """
    data: dict[str, Any] = {name: (form[name].strip() or None) for name in TEXT_FIELDS}
    data["status"] = form["status"]
    data["billingType"] = form["billingType"] or None
    data["owners"] = list(form["owners"])
    problems: list[Violation] = []
    for name in MONEY_FIELDS:
        try:
            data[name] = _money(form[name], multiplier)
        except ValueError:
            problems.append(Violation(name, Constraint.TYPE, "Enter an amount, for example 4500.50."))
    try:
        data["start"] = date.fromisoformat(form["start"]) if form["start"] else None
    except ValueError:
        problems.append(Violation("start", Constraint.TYPE, "Enter a date (YYYY-MM-DD)."))
    if problems:
        raise Invalid(problems)
    return data


def _form_values(request: ResourceRequest, owners: tuple[str, ...], multiplier: int) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(request, name) or "" for name in TEXT_FIELDS}
    values |= {
        "status": request.status,
        "billingType": request.billing_type or "",
        "start": request.start.isoformat() if request.start else "",
        "salaryRangeMin": amount(request.salary_range_min, multiplier),
        "salaryRangeMax": amount(request.salary_range_max, multiplier),
        "owners": list(owners),
    }
    return values


def _errors(exc: Invalid) -> Errors:
    """The first message per field (the form shows one per field)."""
    errors: Errors = {}
    for violation in exc.violations:
        errors.setdefault(violation.field, violation.message)
    return errors


def _form_page(
    request: Request,
    session: DbSession,
    ctx: Context,
    values: Mapping[str, Any],
    *,
    request_id: str | None = None,
    errors: Errors | None = None,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "request_id": request_id,
        "owners": owner_choices(session, ctx),
        "statuses": REQUEST_STATUSES,
        "billing_types": BILLING_TYPES,
    }
    status = 422 if errors else 200
    return templates.TemplateResponse(request, "app/staffing/form.html", context, status_code=status)


class RequestForm:
    """Every field of the request form, as typed (strings; ``owners`` the checked member ids)."""

    def __init__(
        self,
        client: str = Form(""),
        position: str = Form(""),
        location: str = Form(""),
        description: str = Form(""),
        status: str = Form("open"),
        start: str = Form(""),
        salaryRangeMin: str = Form(""),
        salaryRangeMax: str = Form(""),
        billingType: str = Form(""),
        owners: list[str] = Form([]),
    ) -> None:
        # NUL characters cannot be stored (PostgreSQL refuses them) nor typed in a browser: dropped.
        typed = {
            "client": client,
            "position": position,
            "location": location,
            "description": description,
            "status": status,
            "start": start.strip(),
            "salaryRangeMin": salaryRangeMin.strip(),
            "salaryRangeMax": salaryRangeMax.strip(),
            "billingType": billingType,
        }
        self.values: dict[str, Any] = {name: value.replace("\x00", "") for name, value in typed.items()}
        self.values["owners"] = [owner.replace("\x00", "") for owner in owners]


# -- list, create, edit -----------------------------------------------------------------------------


@router.get("/resource-requests")
def request_list(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    status: str = "",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
) -> Response:
    status = status if status in REQUEST_STATUSES else ""
    query = ListQuery(page=page, per_page=PER_PAGE, order=[("createdAt", True)])
    if status:
        query.exact["status"] = [status]
    found = list_requests(session, recruiter.ctx, query)
    pages = max(1, -(-found.total // PER_PAGE))
    context = {
        "found": found,
        "status": status,
        "statuses": REQUEST_STATUSES,
        "page": query.page,
        "pages": pages,
        "can_write": recruiter.ctx.can_write,
    }
    return templates.TemplateResponse(request, "app/staffing/list.html", context)


@router.get("/resource-requests/new")
def new_request(request: Request, session: DbSession, recruiter: SignedIn) -> Response:
    recruiter.ctx.require_write()
    blank = {name: "" for name in (*TEXT_FIELDS, *MONEY_FIELDS, "start", "billingType")}
    return _form_page(request, session, recruiter.ctx, blank | {"status": "open", "owners": []})


@router.post("/resource-requests")
def create(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    form: RequestForm = Depends(),
) -> Response:
    try:
        view = create_request(session, recruiter.ctx, _request_input(form.values, settings.price_multiplier))
    except Invalid as exc:
        return _form_page(request, session, recruiter.ctx, form.values, errors=_errors(exc))
    return RedirectResponse(f"/resource-requests/{view.request.public_id}", status_code=303)


@router.get("/resource-requests/{request_id}/edit")
def edit_request(
    request: Request, session: DbSession, recruiter: SignedIn, settings: AppSettings, request_id: str
) -> Response:
    view = get_request(session, recruiter.ctx, request_id)
    recruiter.ctx.require_write()
    values = _form_values(view.request, view.owners, settings.price_multiplier)
    return _form_page(request, session, recruiter.ctx, values, request_id=request_id)


@router.post("/resource-requests/{request_id}/edit")
def update(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    form: RequestForm = Depends(),
) -> Response:
    try:
        changes = _request_input(form.values, settings.price_multiplier)
        update_request(session, recruiter.ctx, request_id, changes)
    except Invalid as exc:
        get_request(session, recruiter.ctx, request_id)  # another company's request stays a 404
        return _form_page(
            request, session, recruiter.ctx, form.values, request_id=request_id, errors=_errors(exc)
        )
    return RedirectResponse(f"/resource-requests/{request_id}", status_code=303)


# -- one request: status, proposals ------------------------------------------------------------------


def _sheet_page(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    *,
    q: str = "",
    errors: Errors | None = None,
    template: str = "app/staffing/request.html",
) -> Response:
    q = search_text(q)
    sheet = request_sheet(session, recruiter.ctx, request_id)
    matches = browse_candidates(session, recruiter.ctx, q, limit=MATCHES).hits if q else []
    owners = {o.member_id: o.name for o in owner_choices(session, recruiter.ctx)}
    context = {
        "sheet": sheet,
        "q": q,
        "matches": matches,
        "proposed": {p.candidate_id for p in sheet.proposals},
        "owner_names": [owners[m] for m in sheet.view.owners if m in owners],
        "statuses": REQUEST_STATUSES,
        "proposal_statuses": PROPOSAL_STATUSES,
        "errors": errors or {},
        "multiplier": settings.price_multiplier,
        "amount": amount,
        "can_write": recruiter.ctx.can_write,
    }
    status = 422 if errors else 200
    return templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/resource-requests/{request_id}")
def show_request(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    q: str = "",
) -> Response:
    """The request, its proposed candidates, and (with ``q``) candidates matching ``q`` to propose."""
    return _sheet_page(request, session, recruiter, settings, request_id, q=q)


@router.get("/resource-requests/{request_id}/matches")
def matches(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    q: str = "",
) -> Response:
    """The htmx fragment of candidates matching ``q`` for the propose form."""
    template = "app/staffing/matches.html"
    return _sheet_page(request, session, recruiter, settings, request_id, q=q, template=template)


@router.post("/resource-requests/{request_id}/status")
def change_status(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    status: str = Form(""),
) -> Response:
    try:
        update_request(session, recruiter.ctx, request_id, {"status": status})
    except Invalid as exc:
        return _sheet_page(request, session, recruiter, settings, request_id, errors=_errors(exc))
    return RedirectResponse(f"/resource-requests/{request_id}", status_code=303)


@router.post("/resource-requests/{request_id}/proposals")
def propose(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    candidate: str = Form(""),
) -> Response:
    try:
        propose_candidate(session, recruiter.ctx, request_id, candidate)
    except Invalid as exc:
        errors = _errors(exc)
        if any(v.constraint == Constraint.UNIQUE for v in exc.violations):
            errors["candidate"] = ALREADY_PROPOSED
        elif "candidate" in errors:
            errors["candidate"] = CHOOSE_CANDIDATE
        return _sheet_page(request, session, recruiter, settings, request_id, errors=errors)
    return RedirectResponse(f"/resource-requests/{request_id}#proposals", status_code=303)


@router.post("/resource-requests/{request_id}/proposals/{proposal_id}/status")
def change_proposal_status(
    request: Request,
    session: DbSession,
    recruiter: SignedIn,
    settings: AppSettings,
    request_id: str,
    proposal_id: str,
    status: str = Form(""),
) -> Response:
    try:
        set_proposal_status(session, recruiter.ctx, request_id, proposal_id, status)
    except Invalid as exc:
        errors = {proposal_id: exc.violations[0].message}  # shown on that proposal's row
        return _sheet_page(request, session, recruiter, settings, request_id, errors=errors)
    return RedirectResponse(f"/resource-requests/{request_id}#proposals", status_code=303)


@router.post("/resource-requests/{request_id}/proposals/{proposal_id}/withdraw")
def withdraw(session: DbSession, recruiter: SignedIn, request_id: str, proposal_id: str) -> Response:
    withdraw_proposal(session, recruiter.ctx, request_id, proposal_id)
    return RedirectResponse(f"/resource-requests/{request_id}#proposals", status_code=303)

"""Plumbing shared by the settings pages: the admin-only router, form state and responses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from vivier.core.errors import Invalid
from vivier.db.scoping import MAX_INT_ID
from vivier.web.csrf import require_csrf
from vivier.web.sessions import current_admin
from vivier.web.templating import templates


def settings_router() -> APIRouter:
    """Every settings route checks the CSRF token and is for administrators only (403 otherwise)."""
    return APIRouter(dependencies=[Depends(require_csrf), Depends(current_admin)])


@dataclass(frozen=True)
class FormState:
    """What one form on a page sent and what was wrong with it, to re-render it with messages.

    ``form`` names the form (a page may show one per row, e.g. ``rename-12``): only that form takes
    the values and errors back.
    """

    form: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def failed(cls, form: str, exc: Invalid, values: Mapping[str, Any]) -> FormState:
        sent = {name: "" if value is None else str(value) for name, value in values.items()}
        return cls(form, sent, {v.field: v.message for v in exc.violations})

    def value(self, form: str, name: str, default: object = "") -> str:
        if form == self.form and name in self.values:
            return self.values[name]
        return "" if default is None else str(default)

    def error(self, form: str, name: str) -> str | None:
        return self.errors.get(name) if form == self.form else None

    def other_errors(self, form: str, shown: tuple[str, ...]) -> list[str]:
        """Messages of fields the form has no control for (shown at its top)."""
        if form != self.form:
            return []
        return [message for name, message in self.errors.items() if name not in shown]


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    state: FormState | None = None,
    status: int | None = None,
) -> Response:
    """A settings page; with the ``state`` of a refused form it answers 422 (unless told otherwise)."""
    status = status or (422 if state else 200)
    return templates.TemplateResponse(
        request, f"app/settings/{template}", {**context, "state": state or FormState()}, status_code=status
    )


def see_other(url: str) -> Response:
    """POST-redirect-GET after a successful change."""
    return RedirectResponse(url, status_code=303)


def to_int(value: str, invalid: int = -1) -> int:
    """A form's integer id or code; anything else (or too large for the database) becomes ``invalid``,
    which the service refuses on its field."""
    try:
        number = int(value.strip())
    except ValueError:
        return invalid
    return number if abs(number) <= MAX_INT_ID else invalid

"""Every settings route: signed-out visitors go to the sign-in page, non-admins get 403, forms need the CSRF token.

The routes are read from the app itself, so a new settings route is covered (or fails the coverage check).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute

from tests.faces.conftest import Tenant
from tests.web.conftest import add_user, csrf, post_form, sign_in
from vivier.companies.models import Role
from vivier.db.session import Database
from vivier.web import settings_pages
from vivier.web.i18n import catalogue
from vivier.web.settings_members import ROLES
from vivier.web.settings_webhooks import EVENT_LABELS

MESSAGE = re.compile(r"""_\(\s*(["'])(.*?)(?<!\\)\1""")
PLACEHOLDERS = {"column_id": "1", "delivery": "00000000-0000-0000-0000-000000000000"}


def _api_routes(routes: Sequence[BaseRoute]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI keeps included routers as wrappers
        if isinstance(included, APIRouter):
            yield from _api_routes(included.routes)


def _settings_routes() -> list[tuple[str, str]]:
    """(method, path) of every settings route, path parameters filled with ids nobody has."""
    found = []
    for route in _api_routes(settings_pages.router.routes):
        path = re.sub(r"\{(\w+)\}", lambda m: PLACEHOLDERS.get(m.group(1), "A" * 16), route.path)
        found.extend((method, path) for method in sorted(route.methods))
    return found


ROUTES = _settings_routes()
PAGES = [path for method, path in ROUTES if method == "GET"]
FORMS = [path for method, path in ROUTES if method == "POST"]


def test_every_area_is_routed() -> None:
    for area in ("columns", "tags", "members", "api-keys", "webhooks", "company"):
        assert f"/settings/{area}" in PAGES and f"/settings/{area}" in FORMS
    assert "/settings" in PAGES and len(ROUTES) >= 22


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient, method: str, path: str) -> None:
    response = client.get(path) if method == "GET" else post_form(client, path)
    assert response.status_code == 303 and response.headers["location"].startswith("/login?next=/settings")


@pytest.mark.parametrize("role", [Role.RECRUITER, Role.HIRING_MANAGER])
def test_only_admins_reach_settings(client: TestClient, tenant: Tenant, db: Database, role: Role) -> None:
    assert sign_in(client, add_user(db, tenant, role)).status_code == 303
    for method, path in ROUTES:
        response = client.get(path) if method == "GET" else post_form(client, path, {"title": "x"})
        assert response.status_code == 403, (method, path)
        assert "Administrator role required" in response.text


def test_forms_without_the_csrf_token_are_refused(web: TestClient) -> None:
    csrf(web)
    for path in FORMS:
        response = web.post(path, data={"title": "Forged"})
        assert response.status_code == 403, path
        assert "The form has expired" in response.text
    wrong = web.post("/settings/columns", data={"title": "Forged", "csrf_token": "not-the-token"})
    assert wrong.status_code == 403
    assert "Forged" not in web.get("/settings/columns").text


@pytest.mark.parametrize("path", [p for p in PAGES if "{" not in p and "AAAA" not in p])
def test_every_page_renders_in_french(web: TestClient, path: str) -> None:
    page = web.get(path, headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and '<html lang="fr">' in page.text and "Paramètres" in page.text
    english = web.get(path)
    assert english.status_code == 200 and '<html lang="en">' in english.text


def test_overview_links_every_area_in_both_languages(web: TestClient) -> None:
    page = web.get("/settings")
    assert page.status_code == 200
    for area in ("columns", "tags", "members", "api-keys", "webhooks", "company"):
        assert f'href="/settings/{area}"' in page.text
    french = web.get("/settings", headers={"Accept-Language": "fr"})
    assert '<html lang="fr">' in french.text and "Paramètres" in french.text and "Membres" in french.text


def test_every_settings_text_has_a_french_translation() -> None:
    templates = Path(settings_pages.__file__).parent / "templates" / "app" / "settings"
    texts = {
        m.group(2) for p in templates.glob("*.html") for m in MESSAGE.finditer(p.read_text(encoding="utf-8"))
    }
    texts |= set(ROLES.values()) | set(EVENT_LABELS.values())
    assert len(texts) > 100
    assert sorted(t for t in texts if t not in catalogue("fr")) == []

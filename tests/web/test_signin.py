from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.factories import settable_clock
from tests.web.conftest import add_user, post_form, sign_in
from vivier.companies.models import Role
from vivier.companies.service import deactivate_member, member_by_email
from vivier.core.clock import now
from vivier.db.session import Database
from vivier.web.sessions import COOKIE, TTL
from vivier.web.signin import FAILURE_WINDOW, FAILURES_PER_EMAIL


def test_signed_out_pages_redirect_to_login_with_the_way_back(client: TestClient) -> None:
    response = client.get("/?x=1")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/%3Fx%3D1"
    htmx = client.get("/", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["hx-redirect"].startswith("/login?next=")
    page = client.get("/login", params={"next": "/"})
    assert page.status_code == 200 and 'name="password"' in page.text and 'for="email"' in page.text
    french = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Mot de passe" in french.text and '<html lang="fr">' in french.text


def test_sign_in_sets_a_secure_session_and_lands_on_next(client: TestClient, tenant: Tenant) -> None:
    email = tenant.created.user.email
    response = post_form(
        client, "/login", {"email": email.upper(), "password": "correct-horse-battery", "next": "/"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert client.get("/").headers["location"] == "/vacancies"
    home = client.get("/vacancies")
    assert home.status_code == 200 and tenant.created.company.name in home.text
    assert 'href="/settings"' in home.text  # the admin sees settings


def test_next_never_leaves_the_site(client: TestClient, tenant: Tenant) -> None:
    response = post_form(
        client,
        "/login",
        {"email": tenant.created.user.email, "password": "correct-horse-battery", "next": "//evil.example/x"},
    )
    assert response.headers["location"] == "/"


def test_wrong_password_and_missing_csrf_are_refused(client: TestClient, tenant: Tenant) -> None:
    bad = sign_in(client, tenant.created.user.email, "wrong")
    assert bad.status_code == 401 and "Invalid email or password" in bad.text and COOKIE not in client.cookies
    forged = client.post(
        "/login", data={"email": tenant.created.user.email, "password": "correct-horse-battery"}
    )
    assert forged.status_code == 403 and COOKIE not in client.cookies


def test_login_is_rate_limited_per_email_even_with_the_right_password(
    client: TestClient, tenant: Tenant, db: Database
) -> None:
    email = add_user(db, tenant, Role.RECRUITER)
    for _ in range(FAILURES_PER_EMAIL):
        assert sign_in(client, email, "wrong").status_code == 401
    refused = sign_in(client, email)
    assert refused.status_code == 429 and COOKIE not in client.cookies
    with settable_clock(now() + FAILURE_WINDOW + timedelta(seconds=1)):
        assert sign_in(client, email).status_code == 303


def test_logout_clears_the_session(web: TestClient) -> None:
    response = post_form(web, "/logout")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert web.get("/vacancies").headers["location"].startswith("/login")


def test_sessions_expire_and_deactivated_members_are_signed_out(
    client: TestClient, tenant: Tenant, db: Database
) -> None:
    email = add_user(db, tenant, Role.RECRUITER)
    assert sign_in(client, email).status_code == 303
    assert client.get("/vacancies").status_code == 200
    with settable_clock(now() + TTL + timedelta(seconds=1)):
        assert client.get("/vacancies").status_code == 303
    with db.unit_of_work() as session:
        deactivate_member(session, tenant.ctx, member_by_email(session, tenant.ctx, email).public_id)
    assert client.get("/vacancies").status_code == 303


def test_settings_link_is_for_admins_only(client: TestClient, tenant: Tenant, db: Database) -> None:
    assert sign_in(client, add_user(db, tenant, Role.RECRUITER)).status_code == 303
    home = client.get("/vacancies")
    assert home.status_code == 200 and 'href="/settings"' not in home.text


def test_static_assets_are_vendored(client: TestClient) -> None:
    script = client.get("/static/vendor/htmx-2.0.11.min.js")
    assert script.status_code == 200 and "htmx" in script.text
    assert client.get("/static/vendor/sortable-1.15.7.min.js").status_code == 200

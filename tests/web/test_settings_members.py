"""Settings › members: added members sign in with the password shown once; roles and deactivation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from tests.web.conftest import add_user, post_form, sign_in
from vivier.app import create_app
from vivier.companies.models import Role
from vivier.config import Settings
from vivier.db.session import Database

SHOWN_PASSWORD = re.compile(r'id="temporary-password" class="secret">([^<]+)<')


@pytest.fixture
def browser(settings: Settings) -> Iterator[TestClient]:
    """A second browser, for the members being added."""
    with TestClient(
        create_app(settings),
        client=("10.254.0.1", 50000),
        follow_redirects=False,
        headers={"Accept-Language": "en"},
    ) as second:
        yield second


def members(client: TestClient, tenant: Tenant) -> dict[str, dict[str, Any]]:
    """Members by email, from the Flatchr API."""
    response = client.get(
        f"/flatchr/company/{tenant.id}/members", params={"fields": "user"}, headers=tenant.auth
    )
    assert response.status_code == 200
    return {m["user"]["email"]: m for m in response.json()}


def member_id(client: TestClient, tenant: Tenant, email: str) -> str:
    return str(members(client, tenant)[email]["id"])


def test_page_lists_members_and_spares_yourself(web: TestClient, tenant: Tenant, db: Database) -> None:
    email = add_user(db, tenant, Role.HIRING_MANAGER)
    page = web.get("/settings/members")
    assert page.status_code == 200 and email in page.text and tenant.created.user.email in page.text
    other, me = member_id(web, tenant, email), tenant.created.admin.public_id
    assert f'id="role-{other}"' in page.text and f'id="deactivate-{other}"' in page.text
    assert f'id="role-{me}"' not in page.text and f'id="deactivate-{me}"' not in page.text


def test_a_new_member_signs_in_with_the_temporary_password_shown_once(
    web: TestClient, tenant: Tenant, browser: TestClient
) -> None:
    data = {"email": " New.Person@Example.org ", "firstname": "Nina", "lastname": "Roux", "role_id": "3"}
    response = post_form(web, "/settings/members", data)
    assert response.status_code == 201 and "new.person@example.org" in response.text
    found = SHOWN_PASSWORD.search(response.text)
    assert found is not None
    password = found.group(1)
    assert len(password) == 16
    added = members(web, tenant)["new.person@example.org"]
    assert added["role_id"] == Role.RECRUITER and added["user"]["firstname"] == "Nina"
    assert f'data-member="{added["id"]}"' in response.text
    assert password not in web.get("/settings/members").text
    assert sign_in(browser, "new.person@example.org", password).status_code == 303
    assert browser.get("/vacancies").status_code == 200
    again = post_form(
        web, "/settings/members", {**data, "email": "second@example.org"}, headers={"Accept-Language": "fr"}
    )
    second = SHOWN_PASSWORD.search(again.text)
    assert second is not None and second.group(1) != password
    assert "Son mot de passe temporaire" in again.text and "(Recruteur)" in again.text


def test_an_existing_user_keeps_their_password(
    web: TestClient, tenant: Tenant, other_tenant: Tenant, browser: TestClient
) -> None:
    email = other_tenant.created.user.email
    response = post_form(web, "/settings/members", {"email": email, "role_id": "4"})
    assert response.status_code == 201 and 'id="temporary-password"' not in response.text
    assert "already have a Vivier account" in response.text
    assert members(web, tenant)[email]["role_id"] == Role.HIRING_MANAGER
    assert sign_in(browser, email, PASSWORD).status_code == 303


def test_invalid_members_are_refused_with_the_form_kept(web: TestClient, tenant: Tenant) -> None:
    before = members(web, tenant)
    cases = [
        ({"email": "not-an-email", "role_id": "3"}, "email", "must be a valid email"),
        ({"email": tenant.created.user.email, "role_id": "3"}, "email", "is already a member"),
        ({"email": "ok@example.org", "role_id": "9"}, "role_id", "must be 2, 3 or 4"),
        ({"email": "ok@example.org", "role_id": "admin"}, "role_id", "must be 2, 3 or 4"),
        ({"email": "ok@example.org", "role_id": "3", "firstname": "x" * 256}, "firstname", "is too long"),
    ]
    for data, field, message in cases:
        response = post_form(web, "/settings/members", {"lastname": "Kept", **data})
        assert response.status_code == 422, data
        assert f'id="add-member-{field}-error"' in response.text and message in response.text
        assert 'value="Kept"' in response.text
    assert members(web, tenant) == before


def test_change_a_members_role(web: TestClient, tenant: Tenant, db: Database) -> None:
    email = add_user(db, tenant, Role.RECRUITER)
    target = member_id(web, tenant, email)
    assert post_form(web, f"/settings/members/{target}/role", {"role_id": "2"}).status_code == 303
    assert members(web, tenant)[email]["role_id"] == Role.ADMIN
    bad = post_form(web, f"/settings/members/{target}/role", {"role_id": "7"})
    assert bad.status_code == 422 and f'id="role-{target}-role_id-error"' in bad.text
    me = tenant.created.admin.public_id
    mine = post_form(web, f"/settings/members/{me}/role", {"role_id": "3"})
    assert mine.status_code == 422 and "you cannot change your own role" in mine.text
    assert members(web, tenant)[tenant.created.user.email]["role_id"] == Role.ADMIN


def test_deactivated_members_are_signed_out_and_cannot_sign_in(
    web: TestClient, tenant: Tenant, db: Database, browser: TestClient
) -> None:
    email = add_user(db, tenant, Role.RECRUITER)
    assert sign_in(browser, email).status_code == 303
    target = member_id(web, tenant, email)
    assert post_form(web, f"/settings/members/{target}/deactivate").status_code == 303
    assert browser.get("/vacancies").status_code == 303
    assert sign_in(browser, email).status_code == 401
    assert browser.get("/vacancies").status_code == 303
    assert f'data-member="{target}" data-active="false"' in web.get("/settings/members").text
    assert post_form(web, f"/settings/members/{target}/reactivate").status_code == 303
    assert sign_in(browser, email).status_code == 303 and browser.get("/vacancies").status_code == 200
    me = tenant.created.admin.public_id
    mine = post_form(web, f"/settings/members/{me}/deactivate")
    assert mine.status_code == 422 and "you cannot deactivate yourself" in mine.text
    assert web.get("/settings/members").status_code == 200


def test_another_companys_members_are_not_found(web: TestClient, other_tenant: Tenant) -> None:
    before = members(web, other_tenant)
    foreign = other_tenant.created.admin.public_id
    assert post_form(web, f"/settings/members/{foreign}/role", {"role_id": "3"}).status_code == 404
    assert post_form(web, f"/settings/members/{foreign}/deactivate").status_code == 404
    assert post_form(web, f"/settings/members/{foreign}/reactivate").status_code == 404
    assert members(web, other_tenant) == before

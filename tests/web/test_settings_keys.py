"""Settings › API keys: a created key works against the APIs (read-only if asked), a revoked one no longer does."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form
from vivier.companies.apikeys import KEY_PREFIX

SHOWN_KEY = re.compile(r'id="api-key" class="secret">([^<]+)<')
CANDIDATE = {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.org"}


def create(web: TestClient, **data: str) -> tuple[str, str]:
    """Create a key through the page; returns (its public id, the key shown once)."""
    response = post_form(web, "/settings/api-keys", data)
    assert response.status_code == 201, response.text
    shown = SHOWN_KEY.search(response.text)
    public_id = re.search(r'id="key-added" class="[^"]*" data-key="(\w+)"', response.text)
    assert shown is not None and public_id is not None
    return public_id.group(1), shown.group(1)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_page_lists_keys_with_owner_and_access(web: TestClient, tenant: Tenant) -> None:
    page = web.get("/settings/api-keys")
    key = tenant.created.api_key.key
    assert page.status_code == 200
    assert f'data-key="{key.public_id}" data-state="active"' in page.text
    assert f"viv_{key.prefix}…" in page.text and tenant.key not in page.text
    assert tenant.created.user.email in page.text and "Read and write" in page.text
    assert f'id="revoke-{key.public_id}"' in page.text and 'for="new-key-name"' in page.text


def test_a_created_key_authenticates_and_is_shown_once(web: TestClient, tenant: Tenant) -> None:
    public_id, key = create(web, name="Zapier", expires="30")
    assert key.startswith(KEY_PREFIX)
    assert web.get(f"/flatchr/company/{tenant.id}/columns", headers=bearer(key)).status_code == 200
    assert web.post("/flowtly/candidates", json=CANDIDATE, headers=bearer(key)).status_code == 201
    page = web.get("/settings/api-keys")
    assert f'data-key="{public_id}" data-state="active"' in page.text and "Zapier" in page.text
    assert key not in page.text and "Never" in page.text  # the original admin key has not been used


def test_a_read_only_key_cannot_write(web: TestClient, tenant: Tenant) -> None:
    _, key = create(web, name="reporting", expires="never", read_only="true")
    assert web.get("/flowtly/candidates", headers=bearer(key)).status_code == 200
    assert web.post("/flowtly/candidates", json=CANDIDATE, headers=bearer(key)).status_code == 403
    assert "Read only" in web.get("/settings/api-keys").text


def test_a_revoked_key_no_longer_authenticates(web: TestClient, tenant: Tenant) -> None:
    public_id, key = create(web, name="old")
    url = f"/flatchr/company/{tenant.id}/columns"
    assert web.get(url, headers=bearer(key)).status_code == 200
    response = post_form(web, f"/settings/api-keys/{public_id}/revoke")
    assert response.status_code == 303 and response.headers["location"] == "/settings/api-keys"
    assert web.get(url, headers=bearer(key)).status_code == 401
    assert f'data-key="{public_id}" data-state="revoked"' in web.get("/settings/api-keys").text
    assert web.get(url, headers=tenant.auth).status_code == 200  # other keys live on


def test_invalid_keys_are_refused_with_the_form_kept(web: TestClient, tenant: Tenant) -> None:
    before = web.get("/settings/api-keys").text.count("data-key=")
    long = post_form(web, "/settings/api-keys", {"name": "n" * 256, "expires": "30"})
    assert long.status_code == 422 and 'id="add-key-name-error"' in long.text and "is too long" in long.text
    odd = post_form(web, "/settings/api-keys", {"name": "Kept name", "expires": "7", "read_only": "true"})
    assert odd.status_code == 422 and 'id="add-key-expires-error"' in odd.text
    assert (
        'value="Kept name"' in odd.text
        and 'id="new-key-read-only" type="checkbox" name="read_only" value="true" checked' in odd.text
    )
    assert web.get("/settings/api-keys").text.count("data-key=") == before


def test_another_companys_keys_are_not_found(web: TestClient, other_tenant: Tenant) -> None:
    foreign = other_tenant.created.api_key.key.public_id
    assert post_form(web, f"/settings/api-keys/{foreign}/revoke").status_code == 404
    assert (
        web.get(f"/flatchr/company/{other_tenant.id}/columns", headers=other_tenant.auth).status_code == 200
    )
    assert f'data-key="{foreign}"' not in web.get("/settings/api-keys").text

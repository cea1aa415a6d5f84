"""Settings › columns, checked through the Flatchr API's column list."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form


def columns(client: TestClient, tenant: Tenant) -> list[dict[str, Any]]:
    response = client.get(f"/flatchr/company/{tenant.id}/columns", headers=tenant.auth)
    assert response.status_code == 200
    return sorted(response.json(), key=lambda c: c["position"])


def titles(client: TestClient, tenant: Tenant) -> list[str]:
    return [c["title"] for c in columns(client, tenant)]


def test_page_lists_columns_in_order_with_the_hired_one(web: TestClient, tenant: Tenant) -> None:
    page = web.get("/settings/columns")
    assert page.status_code == 200
    listed = columns(web, tenant)
    positions = [page.text.index(f'data-column="{c["id"]}"') for c in listed]
    assert positions == sorted(positions)
    hired = next(c for c in listed if c["hired"])
    assert f'data-column="{hired["id"]}" data-hired' in page.text
    assert f'id="rename-{hired["id"]}"' in page.text and 'for="new-column-title"' in page.text


def test_add_a_column_lands_last(web: TestClient, tenant: Tenant) -> None:
    response = post_form(web, "/settings/columns", {"title": "  Offer sent  "})
    assert response.status_code == 303 and response.headers["location"] == "/settings/columns"
    assert titles(web, tenant)[-1] == "Offer sent"


def test_blank_or_too_long_titles_are_refused_with_the_form_kept(web: TestClient, tenant: Tenant) -> None:
    before = titles(web, tenant)
    blank = post_form(web, "/settings/columns", {"title": "   "})
    assert blank.status_code == 422 and 'id="add-column-title-error"' in blank.text
    assert "must not be blank" in blank.text
    long = post_form(web, "/settings/columns", {"title": "x" * 256})
    assert long.status_code == 422 and "is too long" in long.text and 'value="' + "x" * 256 + '"' in long.text
    assert titles(web, tenant) == before
    french = post_form(web, "/settings/columns", {"title": ""}, headers={"Accept-Language": "fr"})
    assert french.status_code == 422 and "ne doit pas être vide" in french.text


def test_rename(web: TestClient, tenant: Tenant) -> None:
    first = columns(web, tenant)[0]
    response = post_form(web, f"/settings/columns/{first['id']}/rename", {"title": "Inbox"})
    assert response.status_code == 303
    assert titles(web, tenant)[0] == "Inbox"
    refused = post_form(web, f"/settings/columns/{first['id']}/rename", {"title": ""})
    assert refused.status_code == 422 and f'id="rename-{first["id"]}-title-error"' in refused.text
    assert titles(web, tenant)[0] == "Inbox"


def test_move_up_and_down_without_javascript(web: TestClient, tenant: Tenant) -> None:
    ids = [c["id"] for c in columns(web, tenant)]
    assert post_form(web, f"/settings/columns/{ids[0]}/move", {"direction": "down"}).status_code == 303
    assert [c["id"] for c in columns(web, tenant)] == [ids[1], ids[0], *ids[2:]]
    assert post_form(web, f"/settings/columns/{ids[0]}/move", {"direction": "up"}).status_code == 303
    assert [c["id"] for c in columns(web, tenant)] == ids
    # Moving past either end, or an unknown direction, changes nothing.
    post_form(web, f"/settings/columns/{ids[0]}/move", {"direction": "up"})
    post_form(web, f"/settings/columns/{ids[-1]}/move", {"direction": "down"})
    post_form(web, f"/settings/columns/{ids[1]}/move", {"direction": "sideways"})
    listed = columns(web, tenant)
    assert [c["id"] for c in listed] == ids and [c["position"] for c in listed] == list(
        range(1, len(ids) + 1)
    )


def test_drag_and_drop_order(web: TestClient, tenant: Tenant) -> None:
    ids = [c["id"] for c in columns(web, tenant)]
    wanted = list(reversed(ids))
    response = post_form(web, "/settings/columns/order", {"column": [str(i) for i in wanted]})
    assert response.status_code == 303
    assert [c["id"] for c in columns(web, tenant)] == wanted
    incomplete = post_form(web, "/settings/columns/order", {"column": [str(i) for i in ids[:-1]]})
    assert incomplete.status_code == 422 and "must list every column" in incomplete.text
    assert [c["id"] for c in columns(web, tenant)] == wanted


def test_choose_the_hired_column(web: TestClient, tenant: Tenant) -> None:
    first = columns(web, tenant)[0]
    assert post_form(web, f"/settings/columns/{first['id']}/hired").status_code == 303
    assert [c["id"] for c in columns(web, tenant) if c["hired"]] == [first["id"]]


def test_another_companys_columns_are_not_found(
    web: TestClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    foreign = columns(web, other_tenant)
    column_id = foreign[0]["id"]
    for path, data in (
        (f"/settings/columns/{column_id}/rename", {"title": "Mine now"}),
        (f"/settings/columns/{column_id}/move", {"direction": "down"}),
        (f"/settings/columns/{column_id}/hired", {}),
    ):
        assert post_form(web, path, data).status_code == 404, path
    assert post_form(web, f"/settings/columns/{2**62}/rename", {"title": "Huge"}).status_code == 404
    mixed = post_form(web, "/settings/columns/order", {"column": [str(c["id"]) for c in foreign]})
    assert mixed.status_code == 422
    assert columns(web, other_tenant) == foreign

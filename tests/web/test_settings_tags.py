"""Settings › tags, checked through the Flatchr API's company tags."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form


def tags(client: TestClient, tenant: Tenant) -> dict[str, dict[str, Any]]:
    response = client.get(f"/flatchr/company/{tenant.id}/tags", headers=tenant.auth)
    assert response.status_code == 200
    return {tag["id"]: tag for tag in response.json()}


def by_title(client: TestClient, tenant: Tenant, title: str) -> dict[str, Any]:
    return next(tag for tag in tags(client, tenant).values() if tag["title"] == title)


def test_page_lists_both_kinds_of_tags(web: TestClient, tenant: Tenant) -> None:
    page = web.get("/settings/tags")
    assert page.status_code == 200
    for tag in tags(web, tenant).values():
        assert f'data-tag="{tag["id"]}" data-type="{tag["type"]}"' in page.text
    assert 'for="new-tag-title"' in page.text and 'for="new-tag-type"' in page.text


def test_add_a_tag(web: TestClient, tenant: Tenant) -> None:
    response = post_form(
        web,
        "/settings/tags",
        {
            "title": " Languages ",
            "type": "candidates",
            "values": "English; French;;English",
            "multiple": "true",
        },
    )
    assert response.status_code == 303 and response.headers["location"] == "/settings/tags"
    tag = by_title(web, tenant, "Languages")
    assert (tag["values"], tag["multiple"], tag["type"]) == ("English;French", True, "candidates")
    folder = post_form(web, "/settings/tags", {"title": "Interns", "type": "vacancies"})
    assert folder.status_code == 303 and by_title(web, tenant, "Interns")["type"] == "vacancies"


def test_invalid_tags_are_refused_with_the_form_kept(web: TestClient, tenant: Tenant) -> None:
    before = tags(web, tenant)
    blank = post_form(web, "/settings/tags", {"title": "", "type": "candidates", "values": "a;b"})
    assert (
        blank.status_code == 422 and 'id="add-tag-title-error"' in blank.text and 'value="a;b"' in blank.text
    )
    wrong_type = post_form(web, "/settings/tags", {"title": "X", "type": "planets"})
    assert wrong_type.status_code == 422 and 'id="add-tag-type-error"' in wrong_type.text
    assert tags(web, tenant) == before


def test_edit_a_tag(web: TestClient, tenant: Tenant) -> None:
    tag = next(iter(tags(web, tenant).values()))
    response = post_form(web, f"/settings/tags/{tag['id']}", {"title": "Renamed", "values": "Yes;No"})
    assert response.status_code == 303
    edited = tags(web, tenant)[tag["id"]]
    assert (edited["title"], edited["values"], edited["multiple"]) == ("Renamed", "Yes;No", False)
    refused = post_form(web, f"/settings/tags/{tag['id']}", {"title": " ", "values": "Other"})
    assert refused.status_code == 422 and f'id="edit-{tag["id"]}-title-error"' in refused.text
    assert tags(web, tenant)[tag["id"]]["values"] == "Yes;No"


def test_delete_a_tag(web: TestClient, tenant: Tenant) -> None:
    tag_id = next(iter(tags(web, tenant)))
    assert post_form(web, f"/settings/tags/{tag_id}/delete").status_code == 303
    assert tag_id not in tags(web, tenant)
    assert post_form(web, f"/settings/tags/{tag_id}/delete").status_code == 404


def test_another_companys_tags_are_not_found(web: TestClient, other_tenant: Tenant) -> None:
    before = tags(web, other_tenant)
    tag_id = next(iter(before))
    assert post_form(web, f"/settings/tags/{tag_id}", {"title": "Mine"}).status_code == 404
    assert post_form(web, f"/settings/tags/{tag_id}/delete").status_code == 404
    assert tags(web, other_tenant) == before

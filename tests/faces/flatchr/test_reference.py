"""Flatchr 7.25-7.29 reference lists (public) and §9 example 26."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_vacancies import JSON_TYPE


def test_example_26_new_company(client: TestClient, tenant: Tenant) -> None:
    columns = client.get(f"/flatchr/company/{tenant.id}/columns", headers=tenant.auth).json()
    assert len(columns) == 5
    assert [c["title"] for c in columns if c["hired"]] == ["Recruté"]

    metiers = client.get("/flatchr/channels/2/metiers")
    assert metiers.status_code == 200 and metiers.headers["content-type"] == JSON_TYPE
    assert {"id": 49, "text": "Commercial conseil", "channel_id": 2} in metiers.json()
    assert {"id": 54, "text": "Chargé d'affaire / technico commercial", "channel_id": 2} in metiers.json()
    assert {"id": 25, "text": "Internet"} in client.get("/flatchr/activities").json()
    levels = client.get("/flatchr/educationLevels").json()
    assert {"id": 5, "text": "Bac +3"} in levels and {"id": 6, "text": "Bac +5"} in levels
    assert client.get("/flatchr/contracts").json()[0] == {"id": 1, "text": "CDI"}


@pytest.mark.parametrize(
    ("path", "count", "first_fr", "first_en"),
    [
        ("/flatchr/activities", 30, "Aéronautique / Spatial", "Aerospace"),
        ("/flatchr/channels", 21, "Achats", "Purchasing"),
        ("/flatchr/contracts", 10, "CDI", "Permanent contract"),
        ("/flatchr/educationLevels", 7, "Sans diplôme", "No qualification"),
    ],
)
def test_lists_by_id_in_both_languages(
    client: TestClient, path: str, count: int, first_fr: str, first_en: str
) -> None:
    french = client.get(path).json()
    assert len(french) == count
    assert [item["id"] for item in french] == sorted(item["id"] for item in french)
    assert all(set(item) == {"id", "text"} and isinstance(item["id"], int) for item in french)
    assert french[0] == {"id": 1, "text": first_fr}
    assert client.get(f"{path}?lang=en").json()[0] == {"id": 1, "text": first_en}
    assert client.get(f"{path}?lang=de").json() == french


def test_metiers_in_english_and_unknown_channels(client: TestClient) -> None:
    english = client.get("/flatchr/channels/5/metiers?lang=en").json()
    assert [m["id"] for m in english] == [14, 15, 17, 122]
    assert english[1] == {"id": 15, "text": "Web developer", "channel_id": 5}
    for channel in ("999", "abc", "0"):
        response = client.get(f"/flatchr/channels/{channel}/metiers")
        assert response.status_code == 404
        assert response.json() == {"statusCode": 404, "error": "Not Found", "message": "Channel not found"}


def test_reference_lists_ignore_credentials(client: TestClient) -> None:
    for path in ("/flatchr/contracts", "/flatchr/channels/2/metiers"):
        response = client.get(path, headers={"Authorization": "Bearer garbage"})
        assert response.status_code == 200 and response.json()
        assert client.get(f"{path}?token=a.b.c").status_code == 200
    # Paths are case-sensitive.
    assert client.get("/flatchr/educationlevels").status_code == 404

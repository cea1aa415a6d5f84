"""Flatchr 7.12 Retrieve Candidate CV: key checks, signed links, and the cross-process rate limit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import (
    PDF,
    Clock,
    applicant,
    clock_fixture,  # noqa: F401 (registers the "clock" fixture)
    flatchr_error,
    make_vacancy,
)
from vivier.config import Settings
from vivier.core.errors import RateLimited
from vivier.db.session import Database
from vivier.events.models import RateWindow
from vivier.files.ratelimit import acquire, claim_window, cv_download_key

PATH = "/flatchr/company/{}/files/expire"


def _candidate(client: TestClient, db: Database, settings: Settings, tenant: Tenant) -> dict[str, Any]:
    vacancy = make_vacancy(db, tenant)
    app = applicant(db, settings, tenant, vacancy, firstname="Elsa", lastname="Ivern")
    response = client.get(f"/flatchr/company/{tenant.id}/applicant/{app.public_id}", headers=tenant.auth)
    candidate: dict[str, Any] = response.json()["candidate"]
    return candidate


@pytest.fixture
def cv(client: TestClient, db: Database, settings: Settings, tenant: Tenant, clock: Clock) -> dict[str, Any]:
    return _candidate(client, db, settings, tenant)


def test_example_14_download_then_429(
    client: TestClient, tenant: Tenant, cv: dict[str, Any], clock: Clock
) -> None:
    key = cv["aws"]["key"]
    url = f"{PATH.format(tenant.id)}?key={key}&extension=pdf&token={tenant.key}"
    first = client.get(url)
    assert first.status_code == 200
    assert first.content == PDF
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == 'attachment; filename="ivern-elsa.pdf"'.replace(
        "ivern-elsa", key.rsplit("/", 1)[1]
    )
    assert key.rsplit("/", 1)[1] == "elsa-ivern"
    second = client.get(url)
    assert second.status_code == 429
    assert second.headers["retry-after"] == "1"
    flatchr_error(second.json(), 429)


def test_rejected_calls_do_not_restart_the_window(
    client: TestClient, tenant: Tenant, cv: dict[str, Any], clock: Clock
) -> None:
    params = {"key": cv["aws"]["key"], "extension": "pdf"}
    start = clock.current
    assert client.get(PATH.format(tenant.id), params=params, headers=tenant.auth).status_code == 200
    for offset_ms in (300, 900, 999):
        clock.current = start + timedelta(milliseconds=offset_ms)
        assert client.get(PATH.format(tenant.id), params=params, headers=tenant.auth).status_code == 429
    clock.current = start + timedelta(seconds=1)
    assert client.get(PATH.format(tenant.id), params=params, headers=tenant.auth).status_code == 200
    clock.current = start + timedelta(seconds=1, milliseconds=500)
    assert client.get(PATH.format(tenant.id), params=params, headers=tenant.auth).status_code == 429


def test_the_window_is_per_company(
    client: TestClient,
    db: Database,
    settings: Settings,
    tenant: Tenant,
    other_tenant: Tenant,
    cv: dict[str, Any],
) -> None:
    theirs = _candidate(client, db, settings, other_tenant)
    mine = {"key": cv["aws"]["key"], "extension": "pdf"}
    assert client.get(PATH.format(tenant.id), params=mine, headers=tenant.auth).status_code == 200
    other = {"key": theirs["aws"]["key"], "extension": "pdf"}
    assert (
        client.get(PATH.format(other_tenant.id), params=other, headers=other_tenant.auth).status_code == 200
    )


def test_signed_link_needs_no_key(
    client: TestClient, tenant: Tenant, cv: dict[str, Any], clock: Clock
) -> None:
    link = urlsplit(cv["cv"])
    response = client.get(f"{link.path}?{link.query}")
    assert response.status_code == 200 and response.content == PDF
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    clock.current += timedelta(seconds=2)
    tampered = client.get(link.path, params={**query, "sig": "0" * 64})
    assert tampered.status_code == 401
    other_key = client.get(link.path, params={**query, "extension": "docx"})
    assert other_key.status_code == 401  # the signature covers the extension
    clock.current += timedelta(hours=25)
    expired = client.get(f"{link.path}?{link.query}")
    assert expired.status_code == 401
    # An expired link still works with a key.
    assert client.get(f"{link.path}?{link.query}", headers=tenant.auth).status_code == 200


@pytest.mark.parametrize(
    ("key", "extension"),
    [
        ("../../etc/passwd", "pdf"),
        ("candidates/2024/01/not-a-uuid/elsa-ivern", "pdf"),
        ("Candidates/2024/01/c18f5238-a774-4609-8d59-f022a8f781db/ivern-elsa", "pdf"),
        ("candidates/2024/01/c18f5238-a774-4609-8d59-f022a8f781db/ivern-elsa", "pdf"),  # unknown key
        ("candidates/2024/01/c18f5238-a774-4609-8d59-f022a8f781db/../x", "pdf"),
        ("{key}", "docx"),  # another extension than the stored one
        ("{key}", "PDF"),
        ("{key}", "pdfpdf"),
        ("{key}", "p.f"),
        ("{key}", ""),
        ("", "pdf"),
    ],
)
def test_bad_or_unknown_keys_are_404(
    client: TestClient, tenant: Tenant, cv: dict[str, Any], key: str, extension: str
) -> None:
    params = {"key": key.replace("{key}", cv["aws"]["key"]), "extension": extension}
    response = client.get(PATH.format(tenant.id), params=params, headers=tenant.auth)
    assert response.status_code == 404
    flatchr_error(response.json(), 404)
    # A refused call does not consume the window.
    good = {"key": cv["aws"]["key"], "extension": "pdf"}
    assert client.get(PATH.format(tenant.id), params=good, headers=tenant.auth).status_code == 200


def test_another_company_cannot_download(
    client: TestClient, tenant: Tenant, other_tenant: Tenant, cv: dict[str, Any]
) -> None:
    params = {"key": cv["aws"]["key"], "extension": "pdf"}
    # Their key on their path does not see our file; their key on our path is a 404 too.
    assert (
        client.get(PATH.format(other_tenant.id), params=params, headers=other_tenant.auth).status_code == 404
    )
    assert client.get(PATH.format(tenant.id), params=params, headers=other_tenant.auth).status_code == 404
    # A signed link of ours is not valid on their path.
    link = urlsplit(cv["cv"])
    assert client.get(f"{PATH.format(other_tenant.id)}?{link.query}").status_code == 401
    assert client.get(PATH.format(tenant.id), params=params).status_code == 401


def test_limiter_is_shared_by_two_processes(settings: Settings, tenant: Tenant, clock: Clock) -> None:
    """Two ``Database`` instances stand for two worker processes with their own pools."""
    first, second = Database(settings.database_url), Database(settings.database_url)
    key = cv_download_key(tenant.ctx.company_id) + ":shared-test"
    try:
        with first.unit_of_work() as session:
            acquire(session, key)
        with second.unit_of_work() as session, pytest.raises(RateLimited) as refused:
            acquire(session, key)
        assert refused.value.retry_after == 1
        clock.current += timedelta(milliseconds=999)
        with first.unit_of_work() as session:
            assert claim_window(session, key, timedelta(seconds=1)) is False
        clock.current += timedelta(milliseconds=1)
        with second.unit_of_work() as session:
            acquire(session, key)
        with first.unit_of_work() as session:
            row = session.get_one(RateWindow, key)
            assert row.until == clock.current + timedelta(seconds=1)
            assert claim_window(session, key, timedelta(seconds=1)) is False
    finally:
        first.dispose()
        second.dispose()

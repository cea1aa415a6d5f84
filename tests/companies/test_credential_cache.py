"""Verified credentials are remembered for seconds: changes made in this process apply at once, changes
made elsewhere within the cache lifetime, and nothing outlives the credential itself."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import ColumnElement, update

from tests.conftest import new_company
from tests.factories import QueryCounter, settable_clock
from vivier.app import create_app
from vivier.companies import apikeys
from vivier.companies.credential_cache import DEFAULT_SECONDS, credentials
from vivier.companies.models import ApiKey, Member
from vivier.config import Settings
from vivier.core.clock import now
from vivier.db.session import Database


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    credentials.clear()
    yield
    credentials.seconds = DEFAULT_SECONDS
    credentials.clear()


def _tenant(db: Database) -> tuple[str, str]:
    with db.unit_of_work() as session:
        created = new_company(session, "Cache")
    return created.company.public_id, created.api_key.plaintext


def _status(client: TestClient, company: str, key: str) -> int:
    url = f"/flatchr/company/{company}/vacancies"
    return client.get(url, headers={"Authorization": f"Bearer {key}"}).status_code


def _key_is(plaintext: str) -> ColumnElement[bool]:
    return ApiKey.prefix == plaintext[len(apikeys.KEY_PREFIX) :][: apikeys.PREFIX_LENGTH]


def _revoke_elsewhere(db: Database, key: str) -> None:
    """What another worker or the CLI does: a committed change this process's sessions never saw."""
    with db.engine.begin() as connection:
        connection.execute(update(ApiKey).where(_key_is(key)).values(revoked_at=now() - timedelta(seconds=1)))


def test_a_key_revoked_in_this_process_is_refused_at_once(settings: Settings, db: Database) -> None:
    company, key = _tenant(db)
    with TestClient(create_app(settings)) as client:
        assert _status(client, company, key) == 200
        with db.unit_of_work() as session:
            found = session.query(ApiKey).filter(_key_is(key)).one()
            found.revoked_at = now()
        assert _status(client, company, key) == 401


def test_a_member_disabled_in_this_process_loses_access_at_once(settings: Settings, db: Database) -> None:
    company, key = _tenant(db)
    with TestClient(create_app(settings)) as client:
        assert _status(client, company, key) == 200
        with db.unit_of_work() as session:
            owner = session.query(Member).join(ApiKey, ApiKey.member_id == Member.id)
            owner.filter(_key_is(key)).one().active = False
        assert _status(client, company, key) == 401


def test_a_change_made_elsewhere_applies_within_the_cache_lifetime(settings: Settings, db: Database) -> None:
    company, key = _tenant(db)
    with settable_clock(now()) as clock, TestClient(create_app(settings)) as client:
        assert _status(client, company, key) == 200
        _revoke_elsewhere(db, key)
        assert _status(client, company, key) == 200  # still remembered
        clock[0] += timedelta(seconds=DEFAULT_SECONDS)
        assert _status(client, company, key) == 401


def test_a_remembered_key_never_outlives_its_expiry(settings: Settings, db: Database) -> None:
    company, _ = _tenant(db)
    with db.unit_of_work() as session:
        member = session.query(Member).join(Member.company).filter_by(public_id=company).one()
        issued = apikeys.issue_key(session, member, days=1)
    expires = issued.key.expires_at
    assert expires is not None
    with settable_clock(expires - timedelta(seconds=2)) as clock, TestClient(create_app(settings)) as client:
        assert _status(client, company, issued.plaintext) == 200
        clock[0] = expires + timedelta(seconds=1)  # well within the cache lifetime
        assert _status(client, company, issued.plaintext) == 401


def test_the_cache_can_be_turned_off(settings: Settings, db: Database) -> None:
    company, key = _tenant(db)
    with TestClient(create_app(settings.model_copy(update={"auth_cache_seconds": 0}))) as client:
        assert _status(client, company, key) == 200
        _revoke_elsewhere(db, key)
        assert _status(client, company, key) == 401


def test_the_cache_stays_bounded(settings: Settings, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vivier.companies.credential_cache.MAX_ENTRIES", 2)
    tenants = [_tenant(db) for _ in range(3)]
    with TestClient(create_app(settings)) as client:
        for company, key in tenants:
            assert _status(client, company, key) == 200
        remembered = [credentials.get(key, company) is not None for company, key in tenants]
    assert remembered == [False, True, True]


def test_noting_a_keys_use_keeps_it_remembered(settings: Settings, db: Database) -> None:
    company, key = _tenant(db)  # never used: the first request notes its use
    with TestClient(create_app(settings)) as client:
        assert _status(client, company, key) == 200
        with QueryCounter(client.app.state.db.engine) as counter:  # type: ignore[attr-defined]
            assert _status(client, company, key) == 200
    assert not any("api_keys" in statement for statement in counter.statements)

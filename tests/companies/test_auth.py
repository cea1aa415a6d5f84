from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from tests.conftest import PASSWORD, new_company
from vivier.companies import apikeys
from vivier.companies.auth import authenticate, login
from vivier.companies.context import Context
from vivier.companies.service import NewCompany, add_member
from vivier.companies.tokens import FLATCHR_TTL, FLOWTLY_TTL, issue_token
from vivier.core import clock
from vivier.core.errors import AuthFailure, Forbidden, NotFound, Unauthenticated

SECRET = "s" * 40


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.set_clock(None)


def test_api_key_resolves_to_its_company_and_member(session: Session, company: NewCompany) -> None:
    ctx = authenticate(session, SECRET, company.api_key.plaintext)
    assert (ctx.company_id, ctx.member_id, ctx.role_id) == (company.company.id, company.admin.id, 2)
    assert company.api_key.key.last_used_at is not None
    stored = company.api_key.key
    assert company.api_key.plaintext not in (stored.key_hash, stored.prefix)
    assert len(stored.key_hash) == 64


def test_api_key_for_another_company_path_is_not_found(session: Session, company: NewCompany) -> None:
    other = new_company(session, "Other")
    with pytest.raises(NotFound):
        authenticate(session, SECRET, company.api_key.plaintext, company_public_id=other.company.public_id)


@pytest.mark.parametrize("credential", ["", "nope", "viv_" + "x" * 40, "a.b.c"])
def test_bad_credentials_are_refused(session: Session, company: NewCompany, credential: str) -> None:
    with pytest.raises(Unauthenticated):
        authenticate(session, SECRET, credential)


def test_tampered_key_with_a_valid_prefix_is_refused(session: Session, company: NewCompany) -> None:
    plaintext = company.api_key.plaintext
    tampered = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    with pytest.raises(Unauthenticated):
        authenticate(session, SECRET, tampered)


def test_revoked_and_expired_keys_are_refused(session: Session, company: NewCompany, ctx: Context) -> None:
    apikeys.revoke_key(session, ctx, company.api_key.key.public_id)
    with pytest.raises(Unauthenticated) as revoked:
        authenticate(session, SECRET, company.api_key.plaintext)
    assert revoked.value.reason == AuthFailure.INVALID_KEY

    issued = apikeys.issue_key(session, company.admin, days=1)
    authenticate(session, SECRET, issued.plaintext)
    later = clock.now() + timedelta(days=1, seconds=1)
    clock.set_clock(lambda: later)
    with pytest.raises(Unauthenticated) as expired:
        authenticate(session, SECRET, issued.plaintext)
    assert expired.value.reason == AuthFailure.EXPIRED_KEY


def test_default_key_lifetime_is_365_days(company: NewCompany) -> None:
    key = company.api_key.key
    assert key.expires_at is not None
    assert key.expires_at - key.created_at == timedelta(days=365)


def test_key_management_is_admin_only_and_scoped(
    session: Session, company: NewCompany, ctx: Context, other_ctx: Context
) -> None:
    recruiter = add_member(session, ctx, email="rec@example.org", password=PASSWORD, role_id=3)
    recruiter_ctx = Context(ctx.company_id, ctx.company_public_id, recruiter.id, recruiter.user_id, 3)
    with pytest.raises(Forbidden):
        apikeys.create_key(session, recruiter_ctx, member=recruiter, days=30, name="x", read_only=False)
    with pytest.raises(NotFound):
        apikeys.revoke_key(session, other_ctx, company.api_key.key.public_id)
    assert company.api_key.key.public_id not in {k.public_id for k in apikeys.list_keys(session, other_ctx)}
    read_only = apikeys.create_key(session, ctx, member=recruiter, days=30, name="ro", read_only=True)
    ro_ctx = authenticate(session, SECRET, read_only.plaintext)
    assert ro_ctx.read_only and ro_ctx.member_id == recruiter.id
    with pytest.raises(Forbidden):
        ro_ctx.require_write()


def test_login_and_jwt(session: Session, company: NewCompany) -> None:
    user = login(session, company.user.email.upper(), PASSWORD)
    assert user.id == company.user.id and user.last_login is not None
    token = issue_token(SECRET, user.public_id, company.company.public_id, FLATCHR_TTL)
    ctx = authenticate(session, SECRET, token, company_public_id=company.company.public_id)
    assert ctx.member_id == company.admin.id
    with pytest.raises(Unauthenticated) as bad:
        authenticate(session, "another-secret" * 3, token)
    assert bad.value.reason == AuthFailure.INVALID_JWT
    with pytest.raises(Unauthenticated):
        login(session, company.user.email, "wrong password")
    with pytest.raises(Unauthenticated):  # a NUL would make PostgreSQL refuse the query itself
        login(session, "\x00", PASSWORD)


def test_jwt_expiry_and_foreign_company(session: Session, company: NewCompany) -> None:
    other = new_company(session, "Elsewhere")
    token = issue_token(SECRET, company.user.public_id, None, FLOWTLY_TTL)
    assert authenticate(session, SECRET, token).company_id == company.company.id
    with pytest.raises(NotFound):
        authenticate(session, SECRET, token, company_public_id=other.company.public_id)
    later = clock.now() + FLOWTLY_TTL + timedelta(seconds=1)
    clock.set_clock(lambda: later)
    with pytest.raises(Unauthenticated) as expired:
        authenticate(session, SECRET, token)
    assert expired.value.reason == AuthFailure.EXPIRED_JWT

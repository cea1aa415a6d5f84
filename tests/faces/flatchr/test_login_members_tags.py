"""Flatchr 7.30 Login (and its JWT on company routes), 7.22 Company Tags, 7.23 List Members
(§9 examples 1, 24, 25)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_vacancies import ISO, JSON_TYPE, TAG_KEYS, login_token
from vivier.companies.service import add_member
from vivier.companies.tokens import issue_token
from vivier.config import Settings
from vivier.db.session import Database
from vivier.tags.schemas import TagInput
from vivier.tags.service import create_tag

MEMBER_KEYS = {"id", "role_id", "external_id", "company_id", "created_at", "last_login"}
USER_KEYS = {
    "id",
    "user_id",
    "firstname",
    "lastname",
    "email",
    "phone",
    "use_email",
    "status",
    "language",
    "timezone",
    "created_at",
    "updated_at",
    "token_vyte",
    "gmail_last_sync_id",
    "gmail_last_sync_date",
    "company",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- 7.30 Login -------------------------------------------------------------------------------------


def test_login_example_1(client: TestClient, tenant: Tenant, settings: Settings) -> None:
    email = tenant.created.user.email
    before = client.get(f"/flatchr/company/{tenant.id}/members?fields=user", headers=tenant.auth).json()
    assert before[0]["last_login"] is None

    response = client.post("/flatchr/user/login", json={"email": email.upper(), "password": PASSWORD})
    assert response.status_code == 200 and response.headers["content-type"] == JSON_TYPE
    body = response.json()
    assert set(body) == {"statusCode", "token"} and body["statusCode"] == 200
    assert body["token"].startswith("eyJ")
    claims = jwt.decode(body["token"], settings.secret_key.get_secret_value(), algorithms=["HS256"])
    assert claims["sub"] == tenant.created.user.public_id
    assert claims["company"] == tenant.id
    assert claims["exp"] - claims["iat"] == int(timedelta(days=7).total_seconds())

    after = client.get(f"/flatchr/company/{tenant.id}/members", headers=bearer(body["token"])).json()
    assert ISO.match(after[0]["last_login"])


def test_login_accepts_form_posts(client: TestClient, tenant: Tenant) -> None:
    form = {"email": tenant.created.user.email, "password": PASSWORD}
    assert client.post("/flatchr/user/login", data=form).status_code == 200
    assert client.post("/flatchr/user/login", files={"x": ("x", b"")}, data=form).status_code == 200


def test_login_failures(client: TestClient, tenant: Tenant) -> None:
    email = tenant.created.user.email
    missing = client.post("/flatchr/user/login", json={"email": email})
    assert missing.status_code == 400
    assert missing.json() == {"statusCode": 400, "error": "Bad Request", "message": '"password" is required'}
    both = client.post("/flatchr/user/login", json={"email": ""})
    assert both.json()["message"] == '"email" is required, "password" is required'
    for creds in ({"email": email, "password": "wrong-password"}, {"email": "nobody@x.org", "password": "x"}):
        denied = client.post("/flatchr/user/login", json=creds)
        assert denied.status_code == 401
        assert denied.json() == {
            "statusCode": 401,
            "error": "Unauthorized",
            "message": "Invalid email or password",
        }
    members = client.get(f"/flatchr/company/{tenant.id}/members", headers=tenant.auth).json()
    assert members[0]["last_login"] is None  # failed logins record nothing


def test_login_ignores_credentials_sent(client: TestClient, tenant: Tenant) -> None:
    response = client.post(
        "/flatchr/user/login?token=garbage",
        json={"email": tenant.created.user.email, "password": PASSWORD},
        headers=bearer("also.garbage.jwt"),
    )
    assert response.status_code == 200


def test_jwt_on_company_routes(
    client: TestClient, tenant: Tenant, other_tenant: Tenant, settings: Settings
) -> None:
    token = login_token(client, tenant.created.user.email, PASSWORD)
    for route in ("tags", "members", "vacancies", "columns"):
        assert client.get(f"/flatchr/company/{tenant.id}/{route}", headers=bearer(token)).status_code == 200
        foreign = client.get(f"/flatchr/company/{other_tenant.id}/{route}", headers=bearer(token))
        assert foreign.status_code == 404 and foreign.json()["message"] == "Company not found"
    secret = settings.secret_key.get_secret_value()
    expired = issue_token(secret, tenant.created.user.public_id, tenant.id, timedelta(seconds=-5))
    response = client.get(f"/flatchr/company/{tenant.id}/tags", headers=bearer(expired))
    assert response.status_code == 401 and response.json()["message"] == "Expired token"
    forged = issue_token(
        "another-secret-" + "y" * 32, tenant.created.user.public_id, tenant.id, timedelta(days=1)
    )
    response = client.get(f"/flatchr/company/{tenant.id}/tags", headers=bearer(forged))
    assert response.status_code == 401 and response.json()["message"] == "Invalid token"


# -- 7.22 Retrieve Company Tags ---------------------------------------------------------------------


def test_tags_example_24(client: TestClient, tenant: Tenant) -> None:
    response = client.get(f"/flatchr/company/{tenant.id}/tags", headers=tenant.auth)
    assert response.status_code == 200 and response.headers["content-type"] == JSON_TYPE
    tags = response.json()
    assert all(set(t) == TAG_KEYS for t in tags)
    by_title = {t["title"]: t for t in tags}
    diploma = by_title["Diplôme"]
    assert isinstance(diploma["id"], str) and len(diploma["id"]) == 16
    assert isinstance(diploma["tag_id"], int) and diploma["company_id"] == tenant.ctx.company_id
    assert diploma["values"] == "Bac;Bac +2;Bac +3;Bac +5"
    assert (diploma["multiple"], diploma["folder"], diploma["creatable"], diploma["visible"]) == (
        False,
        False,
        False,
        True,
    )
    assert diploma["type"] == "candidates" and diploma["position"] is None
    assert diploma["tagCandidateRestriction"] == []
    assert by_title["Niveau"]["values"] == "Junior;Confirmé;Senior"
    folder = by_title["Général"]
    assert (folder["type"], folder["folder"], folder["visible"], folder["values"]) == (
        "vacancies",
        True,
        False,
        "",
    )
    assert [t["tag_id"] for t in tags] == sorted(t["tag_id"] for t in tags)


def test_tags_order_by_position_then_id(client: TestClient, db: Database, tenant: Tenant) -> None:
    with db.unit_of_work() as session:
        late = create_tag(session, tenant.ctx, TagInput(title="Second", position=2))
        early = create_tag(session, tenant.ctx, TagInput(title="First", position=1, type="vacancies"))
    tags = client.get(f"/flatchr/company/{tenant.id}/tags", headers=tenant.auth).json()
    assert [t["id"] for t in tags[:2]] == [early.public_id, late.public_id]
    assert tags[0]["position"] == 1 and tags[0]["type"] == "vacancies"
    assert all(t["position"] is None for t in tags[2:])


def test_tags_other_company(client: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    assert client.get(f"/flatchr/company/{other_tenant.id}/tags", headers=tenant.auth).status_code == 404
    own = {t["id"] for t in client.get(f"/flatchr/company/{tenant.id}/tags", headers=tenant.auth).json()}
    theirs = {
        t["id"]
        for t in client.get(f"/flatchr/company/{other_tenant.id}/tags", headers=other_tenant.auth).json()
    }
    assert own and theirs and not own & theirs
    assert client.get(f"/flatchr/company/{tenant.id}/tags").status_code == 401


# -- 7.23 List Members ------------------------------------------------------------------------------


def test_members_example_25(client: TestClient, db: Database, tenant: Tenant) -> None:
    with db.unit_of_work() as session:
        recruiter = add_member(
            session,
            tenant.ctx,
            email=f"zoe-{uuid.uuid4().hex[:8]}@example.org",
            password=PASSWORD,
            firstname="Zoé",
            lastname="Roy",
        )
    response = client.get(f"/flatchr/company/{tenant.id}/members?fields=user", headers=tenant.auth)
    assert response.status_code == 200 and response.headers["content-type"] == JSON_TYPE
    admin, second = response.json()
    assert set(admin) == MEMBER_KEYS | {"user"}
    assert admin["id"] == tenant.created.admin.public_id and second["id"] == recruiter.public_id
    assert admin["role_id"] == 2 and second["role_id"] == 3
    assert admin["company_id"] == tenant.ctx.company_id and admin["external_id"] is None
    assert ISO.match(admin["created_at"]) and admin["last_login"] is None
    user = admin["user"]
    assert set(user) == USER_KEYS
    assert user["id"] == tenant.created.user.public_id and user["user_id"] == tenant.created.user.id
    assert (user["firstname"], user["lastname"], user["email"]) == (
        "Eva",
        "Laurent",
        tenant.created.user.email,
    )
    assert user["status"] == 1 and user["use_email"] is True and user["phone"] is None
    assert (user["language"], user["timezone"]) == ("fr_FR", "Europe/Paris")
    assert user["company"] == "Api"
    assert user["token_vyte"] is None and user["gmail_last_sync_id"] is None
    assert user["gmail_last_sync_date"] is None
    assert ISO.match(user["created_at"]) and ISO.match(user["updated_at"])
    assert second["user"]["firstname"] == "Zoé"

    plain = client.get(f"/flatchr/company/{tenant.id}/members", headers=tenant.auth).json()
    assert [set(m) for m in plain] == [MEMBER_KEYS, MEMBER_KEYS]


def test_members_other_company(client: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    foreign = client.get(f"/flatchr/company/{other_tenant.id}/members?fields=user", headers=tenant.auth)
    assert foreign.status_code == 404
    own = client.get(f"/flatchr/company/{tenant.id}/members", headers=tenant.auth).json()
    assert [m["id"] for m in own] == [tenant.created.admin.public_id]

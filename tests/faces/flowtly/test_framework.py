"""Authentication, content negotiation, routing, error bodies and request bodies (§1-§3, §5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from tests.faces.flowtly.conftest import (
    JSON_TYPE,
    LD_TYPE,
    MODES,
    Api,
    CandidateFactory,
    problem,
)
from vivier.companies.tokens import FLOWTLY_TTL, issue_token

# -- authentication (§2; checklist 1-3) -------------------------------------------------------------


def test_no_authorization_is_401_jwt_token_not_found(client: TestClient) -> None:
    response = client.get("/flowtly/candidates")
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "JWT Token not found"}
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(
    ("credential", "message"),
    [
        ("wrong-key", "Invalid API key"),
        ("aaa.bbb.ccc", "Invalid JWT Token"),
    ],
)
def test_bad_credentials_are_401(client: TestClient, credential: str, message: str) -> None:
    response = client.get("/flowtly/candidates", headers={"Authorization": f"Bearer {credential}"})
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": message}
    assert response.headers["www-authenticate"] == "Bearer"


def test_tampered_and_expired_jwts(client: TestClient, tenant: Tenant, settings) -> None:
    secret = settings.secret_key.get_secret_value()
    user = tenant.created.user.public_id
    token = issue_token(secret, user, tenant.id, FLOWTLY_TTL)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get("/flowtly/candidates", headers={"Authorization": f"Bearer {tampered}"})
    assert response.json() == {"code": 401, "message": "Invalid JWT Token"}
    expired = issue_token(secret, user, tenant.id, timedelta(seconds=-5))
    response = client.get("/flowtly/candidates", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Expired JWT Token"}


def test_query_string_tokens_are_not_accepted(client: TestClient, tenant: Tenant) -> None:
    for param in ("token", "api_key"):
        response = client.get("/flowtly/candidates", params={param: tenant.key})
        assert response.status_code == 401
        assert response.json()["message"] == "JWT Token not found"


def test_login_gives_a_token_that_works(client: TestClient, tenant: Tenant, make_candidates) -> None:
    make_candidates(tenant, firstname="Ada")
    email = tenant.created.user.email
    response = client.post("/flowtly/login", json={"username": email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert list(response.json()) == ["token"]
    token = response.json()["token"]
    listed = client.get("/flowtly/candidates", headers={"Authorization": f"Bearer {token}"})
    assert listed.status_code == 200
    assert [m["firstname"] for m in listed.json()["hydra:member"]] == ["Ada"]


def test_login_with_an_explicit_company(client: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    email = tenant.created.user.email
    body = {"username": email, "password": PASSWORD, "company": tenant.id}
    assert client.post("/flowtly/login", json=body).status_code == 200
    # A company the user is not a member of is not revealed: plain bad credentials.
    foreign = client.post("/flowtly/login", json=body | {"company": other_tenant.id})
    assert foreign.status_code == 401
    assert foreign.json() == {"code": 401, "message": "Invalid credentials."}


def test_login_refusals(client: TestClient, tenant: Tenant) -> None:
    email = tenant.created.user.email
    wrong = client.post("/flowtly/login", json={"username": email, "password": "nope"})
    assert wrong.status_code == 401
    assert wrong.json() == {"code": 401, "message": "Invalid credentials."}
    assert wrong.headers["www-authenticate"] == "Bearer"
    unknown = client.post("/flowtly/login", json={"username": "ghost@example.org", "password": "x"})
    assert unknown.json() == {"code": 401, "message": "Invalid credentials."}
    missing = client.post("/flowtly/login", json={"password": PASSWORD})
    problem(missing, 400, 'The key "username" must be provided.')
    missing = client.post("/flowtly/login", json={"username": email})
    problem(missing, 400, 'The key "password" must be provided.')
    typed = client.post("/flowtly/login", json={"username": 42, "password": "x"})
    problem(typed, 400, 'The type of the "username" attribute must be "string", "int" given.')
    syntax = client.post("/flowtly/login", content=b"{", headers={"Content-Type": "application/json"})
    problem(syntax, 400, "Syntax error")
    assert client.get("/flowtly/login").status_code == 405


# -- routing (§1; checklist 4, 19, 20) --------------------------------------------------------------


def test_double_slashes_collapse(client: TestClient, tenant: Tenant, make_candidates) -> None:
    make_candidates(tenant)
    single = client.get("/flowtly/candidates", headers=tenant.auth).json()
    double = client.get("/flowtly//candidates", headers=tenant.auth)
    assert double.status_code == 200
    assert double.json() == single


@pytest.mark.parametrize("mode", MODES)
def test_unknown_route_is_a_404_problem(api: Api, mode: str) -> None:
    response = api.as_mode(mode).get("/flowtly/nothing-here")
    problem(response, 404, 'No route found for "GET /flowtly/nothing-here"', mode)


ITEM_PATHS = {
    "candidates": ("GET", "PATCH"),
    "candidate-notes": ("GET", "PATCH", "DELETE"),
    "recruitment-task-groups": ("GET", "PATCH"),
    "recruitment-tasks": ("GET", "PATCH"),
    "recruitment-task-answers": ("GET", "PATCH"),
    "resource-requests": ("GET", "PATCH"),
    "resource-request-candidates": ("GET", "PATCH", "DELETE"),
    "members": ("GET",),
}
COLLECTION_ALLOW = {path: ("GET", "POST") for path in ITEM_PATHS} | {"members": ("GET",)}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _refused() -> list[tuple[str, str, str]]:
    cases = []
    for resource, allow in ITEM_PATHS.items():
        cases += [(f"/flowtly/{resource}/1", m, ", ".join(allow)) for m in METHODS if m not in allow]
        allowed = COLLECTION_ALLOW[resource]
        cases += [(f"/flowtly/{resource}", m, ", ".join(allowed)) for m in METHODS if m not in allowed]
    cases += [("/flowtly/candidates/search", m, "GET") for m in METHODS if m != "GET"]
    cases += [("/flowtly/login", m, "POST") for m in METHODS if m != "POST"]
    cases += [("/flowtly/contexts/Candidate", m, "GET") for m in METHODS if m != "GET"]
    cases += [("/flowtly/deletions", m, "GET") for m in METHODS if m != "GET"]
    return cases


@pytest.mark.parametrize(("path", "method", "allow"), _refused())
def test_refused_methods_are_405_with_allow(client: TestClient, path: str, method: str, allow: str) -> None:
    response = client.request(method, path, headers={"Authorization": "Bearer whatever"})
    detail = f'No route found for "{method} {path}": Method Not Allowed (Allow: {allow})'
    problem(response, 405, detail)
    assert response.headers["allow"] == allow


def test_405_in_json_mode(api: Api) -> None:
    response = api.as_mode("json").client.put("/flowtly/candidates/x", headers={"Accept": "application/json"})
    problem(response, 405, mode="json")


# -- negotiation (§3.1; checklist 5, 6) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, LD_TYPE),
        ("*/*", LD_TYPE),
        ("application/ld+json", LD_TYPE),
        ("text/html", LD_TYPE),
        ("application/xml", LD_TYPE),
        ("application/json", JSON_TYPE),
        ("application/json;q=0.5, application/ld+json", LD_TYPE),
        ("text/html, application/json", JSON_TYPE),
    ],
)
def test_content_negotiation_never_406(client: TestClient, tenant: Tenant, accept, expected) -> None:
    headers = dict(tenant.auth) | ({"Accept": accept} if accept else {})
    response = client.get("/flowtly/candidates", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected
    body = response.json()
    if expected == JSON_TYPE:
        assert body == []
    else:
        assert body["@context"] == "/flowtly/contexts/Candidate"
        assert body["@id"] == "/flowtly/candidates"
        assert body["@type"] == "hydra:Collection"
        assert body["hydra:member"] == []
        assert body["hydra:totalItems"] == 0


# -- contexts (§3.2) --------------------------------------------------------------------------------


def test_contexts_are_public(client: TestClient) -> None:
    response = client.get("/flowtly/contexts/CandidateNote")
    assert response.status_code == 200
    assert response.headers["content-type"] == LD_TYPE
    context = response.json()["@context"]
    assert context["@vocab"] == "/flowtly/docs.jsonld#"
    assert context["hydra"] == "http://www.w3.org/ns/hydra/core#"
    assert context["content"] == "CandidateNote/content"
    assert context["candidate"] == {"@id": "CandidateNote/candidate", "@type": "@id"}
    assert context["author"] == {"@id": "CandidateNote/author", "@type": "@id"}
    for type_name in (
        "Candidate",
        "RecruitmentTaskGroup",
        "RecruitmentTask",
        "RecruitmentTaskAnswer",
        "ResourceRequest",
        "ResourceRequestCandidate",
        "Member",
        "Error",
        "ConstraintViolationList",
    ):
        assert client.get(f"/flowtly/contexts/{type_name}").status_code == 200
    owners = client.get("/flowtly/contexts/ResourceRequest").json()["@context"]["owners"]
    assert owners == {"@id": "ResourceRequest/owners", "@type": "@id"}
    problem(client.get("/flowtly/contexts/Nope"), 404, "Not Found")


# -- request bodies (§5.1; checklist 15-17) ---------------------------------------------------------

VALID = {"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.org"}


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/ld+json",
        "application/json; charset=utf-8",
        "application/ld+json;charset=UTF-8",
    ],
)
def test_post_accepts_json_and_json_ld(api: Api, content_type: str) -> None:
    response = api.post("/flowtly/candidates", VALID, content_type=content_type)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("mode", MODES)
def test_post_refuses_other_content_types(api: Api, mode: str) -> None:
    api = api.as_mode(mode)
    for content_type in ("text/plain", "application/merge-patch+json", "application/x-www-form-urlencoded"):
        response = api.post("/flowtly/candidates", VALID, content_type=content_type)
        media = content_type.split(";")[0]
        detail = (
            f'The content-type "{media}" is not supported. '
            'Supported MIME types are "application/ld+json", "application/json".'
        )
        problem(response, 415, detail, mode)
    assert api.members(api.get("/flowtly/candidates")) == []


@pytest.mark.parametrize("mode", MODES)
def test_malformed_and_non_object_bodies_are_400(api: Api, mode: str) -> None:
    api = api.as_mode(mode)
    problem(api.post("/flowtly/candidates", b'{"firstname": "Ada",'), 400, "Syntax error", mode)
    problem(api.post("/flowtly/candidates", b"\xff\xfe"), 400, "Syntax error", mode)
    problem(api.post("/flowtly/candidates", b"NaN"), 400, "Syntax error", mode)
    for body in (b"[1, 2]", b'"text"', b"42", b"null"):
        problem(api.post("/flowtly/candidates", body), 400, "The input data is misformatted.", mode)
    assert api.members(api.get("/flowtly/candidates")) == []


def test_empty_body_counts_as_empty_object(api: Api) -> None:
    response = api.post("/flowtly/candidates", b"")
    fields = [v["propertyPath"] for v in response.json()["violations"]]
    assert response.status_code == 422
    assert fields == ["firstname", "lastname", "email"]
    # Without any Content-Type, an empty body is still {}; a non-empty one is refused.
    bare = api.client.post("/flowtly/candidates", headers=api.tenant.auth)
    assert bare.status_code == 422
    unlabelled = api.client.post("/flowtly/candidates", content=b"{}", headers=api.tenant.auth)
    problem(unlabelled, 415, 'The "Content-Type" header must exist.')


def test_at_keys_read_only_and_unknown_keys_are_ignored(api: Api) -> None:
    body = VALID | {
        "@context": "/x",
        "@id": "/flowtly/candidates/abc",
        "@type": "Nope",
        "id": "AAAAAAAAAAAAAAAA",
        "createdAt": "2000-01-01T00:00:00+00:00",
        "updatedAt": "2000-01-01T00:00:00+00:00",
        "shoeSize": 44,
    }
    response = api.post("/flowtly/candidates", body)
    assert response.status_code == 201
    fields = api.fields(response)
    assert fields["id"] != "AAAAAAAAAAAAAAAA"
    assert not fields["createdAt"].startswith("2000")
    assert "shoeSize" not in fields


@pytest.mark.parametrize("mode", MODES)
def test_wrong_json_types_are_400(api: Api, mode: str) -> None:
    api = api.as_mode(mode)
    cases = [
        ({"firstname": 42}, "firstname", "string", "int"),
        ({"firstname": True}, "firstname", "string", "bool"),
        ({"notes": ["x"]}, "notes", "string", "array"),
        ({"email": {"a": 1}}, "email", "string", "array"),
        ({"lastname": 1.5}, "lastname", "string", "float"),
        ({"birthDate": "10/12/1990"}, "birthDate", "date", "string"),
        ({"birthDate": 19901210}, "birthDate", "string", "int"),
    ]
    for extra, field, expected, given in cases:
        response = api.post("/flowtly/candidates", VALID | extra)
        detail = f'The type of the "{field}" attribute must be "{expected}", "{given}" given.'
        problem(response, 400, detail, mode)
    assert api.members(api.get("/flowtly/candidates")) == []


@pytest.mark.parametrize("mode", MODES)
def test_patch_requires_merge_patch(api: Api, make_candidates: CandidateFactory, mode: str) -> None:
    api = api.as_mode(mode)
    cid = make_candidates(api.tenant, notes="before")
    for content_type in ("application/json", "application/ld+json", "text/plain"):
        response = api.patch(f"/flowtly/candidates/{cid}", {"notes": "after"}, content_type=content_type)
        detail = (
            f'The content-type "{content_type}" is not supported. '
            'Supported MIME types are "application/merge-patch+json".'
        )
        problem(response, 415, detail, mode)
    assert api.fields(api.get(f"/flowtly/candidates/{cid}"))["notes"] == "before"
    response = api.patch(
        f"/flowtly/candidates/{cid}", {"notes": "after"}, "application/merge-patch+json; charset=utf-8"
    )
    assert response.status_code == 200
    problem(api.patch(f"/flowtly/candidates/{cid}", b"{nope"), 400, "Syntax error", mode)
    problem(api.patch(f"/flowtly/candidates/{cid}", b"[]"), 400, "The input data is misformatted.", mode)
    unchanged = api.patch(f"/flowtly/candidates/{cid}", b"")
    assert unchanged.status_code == 200
    assert api.fields(unchanged)["notes"] == "after"


# -- OpenAPI ----------------------------------------------------------------------------------------


def test_openapi_documents_both_media_types(client: TestClient, settings) -> None:
    document = client.get("/flowtly/openapi.json").json()
    paths = document["paths"]
    expected = {
        "/login": {"post"},
        "/contexts/{type}": {"get"},
        "/candidates": {"get", "post"},
        "/candidates/search": {"get"},
        "/candidates/{id}": {"get", "patch"},
        "/candidate-notes": {"get", "post"},
        "/candidate-notes/{id}": {"get", "patch", "delete"},
        "/recruitment-task-groups": {"get", "post"},
        "/recruitment-task-groups/{id}": {"get", "patch"},
        "/recruitment-tasks": {"get", "post"},
        "/recruitment-tasks/{id}": {"get", "patch"},
        "/recruitment-task-answers": {"get", "post"},
        "/recruitment-task-answers/{id}": {"get", "patch"},
        "/resource-requests": {"get", "post"},
        "/resource-requests/{id}": {"get", "patch"},
        "/resource-request-candidates": {"get", "post"},
        "/resource-request-candidates/{id}": {"get", "patch", "delete"},
        "/members": {"get"},
        "/members/{id}": {"get"},
        "/deletions": {"get"},
    }
    assert {p: set(ops) for p, ops in paths.items()} == expected
    schemas = document["components"]["schemas"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if path.startswith("/contexts") or path == "/login":
                continue
            status = {"post": "201", "delete": "204"}.get(method, "200")
            response = operation["responses"][status]
            if method != "delete":
                assert set(response["content"]) >= {"application/ld+json", "application/json"}, (path, method)
                for media in response["content"].values():
                    schema = media["schema"]
                    ref = schema.get("$ref") or schema["items"]["$ref"]
                    assert ref.rsplit("/", 1)[-1] in schemas
            if method == "post":
                assert set(operation["requestBody"]["content"]) == {"application/ld+json", "application/json"}
            if method == "patch":
                assert set(operation["requestBody"]["content"]) == {"application/merge-patch+json"}
    candidate = schemas["CandidateJsonld"]["properties"]
    assert {"@context", "@id", "@type", "firstname", "updatedAt"} <= set(candidate)
    collection = schemas["CandidateCollection"]["properties"]
    assert {"hydra:member", "hydra:totalItems", "hydra:view", "hydra:search"} <= set(collection)
    multiplier = settings.price_multiplier
    assert f"multiplier is **{multiplier}**" in document["info"]["description"]
    assert str(multiplier) in schemas["ResourceRequest"]["properties"]["salaryRangeMin"]["description"]
    assert schemas["CandidateWrite"]["required"] == ["firstname", "lastname", "email"]


def test_read_only_members_cannot_write(api: Api, db, client: TestClient) -> None:
    from tests.factories import make_member
    from vivier.companies.apikeys import issue_key
    from vivier.companies.models import Member, Role

    with db.unit_of_work() as session:
        manager = make_member(session, api.tenant.ctx, Role.HIRING_MANAGER, "Hugo")
        key = issue_key(session, session.get_one(Member, manager.member_id), days=1, name="hm").plaintext
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/flowtly/candidates", headers=headers).status_code == 200
    refused = client.post("/flowtly/candidates", json=VALID, headers=headers)
    problem(refused, 403, "This credential is read-only")
    assert api.members(api.get("/flowtly/candidates")) == []


def test_oversized_bodies_are_413(api: Api, settings) -> None:
    size = settings.max_body_mb * 1024 * 1024 + 1
    response = api.post("/flowtly/candidates", b" " * size)
    assert response.status_code == 413
    assert response.json()["status"] == 413
    assert api.members(api.get("/flowtly/candidates")) == []

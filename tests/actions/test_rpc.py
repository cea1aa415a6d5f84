"""``POST /actions/rpc`` and ``GET /actions``: paging, the catalogue, and clear refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.actions.conftest import World, rpc
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import Clock, clock_fixture, make_vacancy  # noqa: F401
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Member
from vivier.config import Settings
from vivier.db.session import Database


def test_paged_lists_link_the_next_page(client: TestClient, db: Database, tenant: Tenant) -> None:
    made = [make_vacancy(db, tenant, f"Job {n}").public_id for n in range(3)]
    first = rpc(client, tenant.auth, "flatchr_retrieve_vacancies", query={"limit": 2}).json()
    assert [v["id"] for v in first["data"]] == made[:0:-1]
    assert first["next"] == {"path": {}, "query": {"limit": 2, "offset": 2}, "body": {}}
    last = client.post(
        "/actions/rpc", json={"action": "flatchr_retrieve_vacancies", **first["next"]}, headers=tenant.auth
    )
    assert [v["id"] for v in last.json()["data"]] == made[:1] and last.json()["next"] is None


def test_catalogue_filters_by_glob(client: TestClient) -> None:
    names = [a["name"] for a in client.get("/actions", params={"glob": "flatchr_list_*"}).json()]
    assert names and all(n.startswith("flatchr_list_") for n in names)
    assert "flatchr_list_columns" in names and "flatchr_move_candidate" not in names


# -- refusals ------------------------------------------------------------------------------------------


def test_missing_or_bad_credentials_get_401(client: TestClient) -> None:
    assert rpc(client, {}, "flatchr_list_columns").status_code == 401
    bad = rpc(client, {"Authorization": "Bearer viv_nope"}, "flatchr_list_columns")
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"


def test_unknown_action_and_malformed_envelope(client: TestClient, tenant: Tenant) -> None:
    unknown = rpc(client, tenant.auth, "flatchr_fly")
    assert unknown.status_code == 404 and "flatchr_fly" in unknown.json()["message"]
    nameless = client.post("/actions/rpc", json={"body": {}}, headers=tenant.auth)
    assert nameless.status_code == 422 and nameless.json()["fields"][0]["field"] == "action"
    garbled = client.post("/actions/rpc", content=b"{nope", headers=tenant.auth)
    assert garbled.status_code == 422


def test_input_not_matching_the_schema_names_each_field(client: TestClient, world: World) -> None:
    response = rpc(
        client,
        world.tenant.auth,
        "flatchr_move_candidate",
        path={"vacancyId": world.vacancy},
        body={"column_id": "third", "colum": 1},
    )
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["fields"]}
    assert fields == {"path.applicantId", "body.column_id", "body.colum"}


def test_nul_characters_are_refused_naming_the_field(client: TestClient, world: World) -> None:
    path = {"applicantId": world.applicant}
    response = rpc(client, world.tenant.auth, "flatchr_create_comment", path=path, body={"text": "a\x00b"})
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["fields"]] == ["body.text"]
    user = world.tenant.created.user.public_id
    body = {"description": "Call", "date": "2030-01-01T09:00:00Z", "value": ["ok", "x\x00"], "users": [user]}
    nested = rpc(client, world.tenant.auth, "flatchr_create_task", body=body)
    assert nested.status_code == 422 and nested.json()["fields"][0]["field"] == "body.value.1"


def test_rule_violations_name_the_field_and_where_it_was(client: TestClient, world: World) -> None:
    path = {"vacancyId": world.vacancy, "applicantId": world.applicant}
    response = rpc(client, world.tenant.auth, "flatchr_move_candidate", path=path, body={"column_id": 999999})
    assert response.status_code == 400
    assert [f["field"] for f in response.json()["fields"]] == ["body.column_id"]


def test_other_company_ids_are_not_found(client: TestClient, world: World, other_tenant: Tenant) -> None:
    path = {"vacancyId": world.vacancy, "applicantId": world.applicant}
    assert rpc(client, other_tenant.auth, "flatchr_archive_candidate", path=path).status_code == 404
    assert (
        rpc(
            client, other_tenant.auth, "flatchr_retrieve_vacancy", path={"vacancyId": world.vacancy}
        ).status_code
        == 404
    )
    comments = rpc(
        client, other_tenant.auth, "flatchr_retrieve_comments", path={"applicantId": world.applicant}
    )
    assert comments.status_code == 404
    still = client.get(f"{world.company}/applicant/{world.applicant}", headers=world.tenant.auth).json()
    assert still["status"] == 1


def test_read_only_key_may_read_but_not_change(client: TestClient, db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        member = session.get(Member, world.tenant.ctx.member_id)
        assert member is not None
        key = issue_key(session, member, read_only=True).plaintext
    auth = {"Authorization": f"Bearer {key}"}
    path = {"vacancyId": world.vacancy, "applicantId": world.applicant}
    assert rpc(client, auth, "flatchr_list_columns").status_code == 200
    refused = rpc(client, auth, "flatchr_archive_candidate", path=path)
    assert refused.status_code == 403
    still = client.get(f"{world.company}/applicant/{world.applicant}", headers=world.tenant.auth).json()
    assert still["status"] == 1


def test_flowtly_rule_violations_and_foreign_ids(
    client: TestClient, world: World, other_tenant: Tenant
) -> None:
    bad = rpc(
        client,
        world.tenant.auth,
        "flowtly_create_candidate",
        body={"firstname": "A", "lastname": "B", "email": "nope"},
    )
    assert bad.status_code == 400 and [f["field"] for f in bad.json()["fields"]] == ["body.email"]
    typed = rpc(client, world.tenant.auth, "flowtly_create_candidate", body={"firstname": 1, "lastname": "B"})
    assert typed.status_code == 422
    assert {f["field"] for f in typed.json()["fields"]} == {"body.firstname", "body.email"}
    mine = rpc(client, world.tenant.auth, "flowtly_list_candidates").json()["data"]
    assert len(mine) == 1
    foreign = rpc(client, other_tenant.auth, "flowtly_get_candidate", path={"id": mine[0]["id"]})
    assert foreign.status_code == 404
    assert rpc(client, other_tenant.auth, "flowtly_list_candidates").json()["data"] == []


def test_flowtly_pages_link_the_next_page(client: TestClient, world: World) -> None:
    for n in range(2):
        made = rpc(client, world.tenant.auth, "flowtly_create_recruitment_task_group", body={"name": f"G{n}"})
        assert made.status_code == 200
    first = rpc(
        client, world.tenant.auth, "flowtly_list_recruitment_task_groups", query={"itemsPerPage": 1}
    ).json()
    assert [g["name"] for g in first["data"]] == ["G0"]
    assert first["next"] == {"path": {}, "query": {"itemsPerPage": 1, "page": 2}, "body": {}}
    second = client.post(
        "/actions/rpc",
        json={"action": "flowtly_list_recruitment_task_groups", **first["next"]},
        headers=world.tenant.auth,
    ).json()
    assert [g["name"] for g in second["data"]] == ["G1"] and second["next"] is None


def test_body_over_the_limit_is_refused(client: TestClient, tenant: Tenant, settings: Settings) -> None:
    huge = (
        b'{"action": "flatchr_list_columns", "body": {"x": "'
        + b"a" * (settings.max_body_mb * 1024 * 1024)
        + b'"}}'
    )
    response = client.post("/actions/rpc", content=huge, headers=tenant.auth)
    assert response.status_code == 413

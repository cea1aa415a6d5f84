"""``POST /actions/rpc``: every Flatchr action gives the same data as its face route; errors are clear."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.actions.conftest import World, rpc
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import Clock, clock_fixture, make_vacancy  # noqa: F401
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Member
from vivier.db.session import Database

Face = Callable[[TestClient, World, Any], Any]  # the face's answer, given the action's data
VACANCY = {
    "title": "Web Developer",
    "description": "<p>Build</p>",
    "mission": "<p>Ship</p>",
    "profile": "<p>You</p>",
    "experience": 2,
    "status": 1,
    "contract_type_id": 1,
    "education_level_id": 6,
    "activity_id": 25,
    "channel_id": 2,
    "metier_id": 49,
    "language": "fr_FR",
    "salary": 40000,
    "address": {"locality": "Paris", "postal_code": "75015"},
}


def get(url: str, **params: Any) -> Face:
    return lambda client, w, _: client.get(url.format(w=w), params=params, headers=w.tenant.auth).json()


def send(method: str, url: str, body: dict[str, Any] | None = None) -> Face:
    return lambda client, w, _: client.request(
        method, url.format(w=w), json=body, headers=w.tenant.auth
    ).json()


def listed(url: str, key: str = "id", drop: tuple[str, ...] = (), **params: Any) -> Face:
    """The item of a face list that the action created (minus create-only keys)."""

    def face(client: TestClient, w: World, data: Any) -> Any:
        items = get(url, **params)(client, w, data)
        return {**next(i for i in items if i[key] == data[key]), **{k: data[k] for k in drop}}

    return face


def applicant_body(w: World) -> dict[str, Any]:
    return {"vacancy": w.vacancy_slug, "firstname": "Jo", "lastname": "Doe", "email": "jo@example.org"} | {
        "type": "link",
        "resume": "example.org/cv.pdf",
    }


def delete_another(client: TestClient, w: World, _: Any) -> Any:
    url = f"{w.company}/applicant/{w.applicant}/comment"
    made = client.post(url, json={"text": "x"}, headers=w.tenant.auth).json()
    return client.delete(f"{url}/{made['id']}", headers=w.tenant.auth).json()


APPLICANT = "{w.company}/applicant/{w.applicant}"
MOVE = "{w.company}/vacancy/{w.vacancy}/applicant/{w.applicant}"
TASK = {
    "description": "Review",
    "date": "2031-05-06T07:08:09.000Z",
    "value": ["applicant={w.applicant}"],
    "users": [],
}

# action -> (input given the world, the face's answer)
CASES: dict[str, tuple[Callable[[World], dict[str, Any]], Face]] = {
    "flatchr_retrieve_vacancies": (
        lambda w: {"query": {"fields": "address,tags", "status": 1}},
        get("{w.company}/vacancies", fields="address,tags", status=1),
    ),
    "flatchr_retrieve_active_vacancies": (
        lambda w: {"query": {"filter": "account"}},
        get("/flatchr/careers/company/{w.tenant.created.company.slug}.json", filter="account"),
    ),
    "flatchr_retrieve_vacancy": (
        lambda w: {"path": {"vacancyId": w.vacancy}, "query": {"fields": "address,tags"}},
        get("/flatchr/vacancy/{w.vacancy}", fields="address,tags"),
    ),
    "flatchr_create_vacancy": (
        lambda w: {"body": VACANCY},
        lambda client, w, data: get(f"/flatchr/vacancy/{data['id']}", fields="address,tags,questions")(
            client, w, data
        ),
    ),
    "flatchr_search_candidates": (
        lambda w: {"body": {"lastname": "ivern"}},
        send("POST", "{w.company}/search/applicants", {"lastname": "ivern"}),
    ),
    "flatchr_update_candidate_meta_information": (
        lambda w: {"body": {"reference": w.email, "app_name": "rpc", "value": {"score": 3}}},
        lambda client, w, _: send(
            "POST", "{w.company}/search/candidate", {"reference": w.email, "app_name": "face", "value": {}}
        )(client, w, _),
    ),
    "flatchr_move_candidate": (
        lambda w: {
            "path": {"vacancyId": w.vacancy, "applicantId": w.applicant},
            "body": {"column_id": w.column},
        },
        lambda client, w, _: send("PUT", MOVE, {"column_id": w.column})(client, w, _),
    ),
    "flatchr_archive_candidate": (
        lambda w: {"path": {"vacancyId": w.vacancy, "applicantId": w.applicant}},
        send("DELETE", MOVE),
    ),
    "flatchr_create_candidate_json": (
        lambda w: {"body": applicant_body(w)},
        lambda client, w, _: client.post(
            "/flatchr/careers/vacancy/candidate/json", json=applicant_body(w), headers=w.tenant.auth
        ).json(),
    ),
    "flatchr_create_candidate_custom": (
        lambda w: {"body": applicant_body(w)},
        lambda client, w, _: client.post(
            "/flatchr/careers/vacancy/candidate/custom", json=applicant_body(w), headers=w.tenant.auth
        ).json(),
    ),
    "flatchr_create_candidate_test": (
        lambda w: {"body": applicant_body(w)},
        lambda client, w, _: client.post(
            "/flatchr/careers/vacancy/candidate/test", json=applicant_body(w), headers=w.tenant.auth
        ).json(),
    ),
    "flatchr_retrieve_candidate_cv": (
        lambda w: {"query": {"key": w.cv_key, "extension": "pdf"}},
        lambda client, w, _: base64.b64encode(
            client.get(
                f"{w.company}/files/expire",
                params={"key": w.cv_key, "extension": "pdf"},
                headers=w.tenant.auth,
            ).content
        ).decode(),
    ),
    "flatchr_retrieve_comments": (
        lambda w: {"path": {"applicantId": w.applicant}, "query": {"fields": "author"}},
        get(f"{APPLICANT}/comments", fields="author"),
    ),
    "flatchr_create_comment": (
        lambda w: {"path": {"applicantId": w.applicant}, "body": {"text": "<p>Top</p>", "private": True}},
        listed(f"{APPLICANT}/comments", drop=("ratings",), fields="author,attachments"),
    ),
    "flatchr_delete_comment": (
        lambda w: {"path": {"applicantId": w.applicant, "commentId": w.comment}},
        delete_another,
    ),
    "flatchr_retrieve_messages": (
        lambda w: {"path": {"applicantId": w.applicant}, "query": {"fields": "author,mail,candidate"}},
        get(f"{APPLICANT}/messages", fields="author,mail,candidate"),
    ),
    "flatchr_retrieve_tasks": (lambda w: {}, get("{w.company}/tasks")),
    "flatchr_create_task": (
        lambda w: {"body": {**TASK, "value": [f"applicant={w.applicant}"]}},
        listed("{w.company}/tasks"),
    ),
    "flatchr_close_task": (
        lambda w: {"path": {"taskId": w.task}, "body": {"done": True}},
        send("PUT", "{w.company}/task/{w.task}", {"done": True}),
    ),
    "flatchr_display_candidate_tags": (
        lambda w: {"path": {"applicantId": w.applicant}},
        get(f"{APPLICANT}/traits"),
    ),
    "flatchr_fill_candidate_tag": (
        lambda w: {"path": {"applicantId": w.applicant}, "body": {"tag": w.candidate_tag, "value": "Senior"}},
        lambda client, w, _: send("POST", f"{APPLICANT}/trait", {"tag": w.candidate_tag, "value": "Senior"})(
            client, w, _
        ),
    ),
    "flatchr_retrieve_company_tags": (lambda w: {}, get("{w.company}/tags")),
    "flatchr_list_members": (
        lambda w: {"query": {"fields": "user"}},
        get("{w.company}/members", fields="user"),
    ),
    "flatchr_list_columns": (lambda w: {}, get("{w.company}/columns")),
    "flatchr_list_business_sectors": (
        lambda w: {"query": {"lang": "en"}},
        get("/flatchr/activities", lang="en"),
    ),
    "flatchr_list_channels": (lambda w: {}, get("/flatchr/channels")),
    "flatchr_list_channel_job_categories": (
        lambda w: {"path": {"channelId": 2}, "query": {"lang": "en"}},
        get("/flatchr/channels/2/metiers", lang="en"),
    ),
    "flatchr_list_contract_types": (lambda w: {}, get("/flatchr/contracts")),
    "flatchr_list_education_levels": (
        lambda w: {"query": {"lang": "en"}},
        get("/flatchr/educationLevels", lang="en"),
    ),
}


def data_of(action: str, data: Any) -> Any:
    """What the face shows of the action's data (the CV comes as base64 in a file object)."""
    return data["content_base64"] if action == "flatchr_retrieve_candidate_cv" else data


@pytest.mark.parametrize("action", sorted(CASES))
def test_action_gives_the_face_data(client: TestClient, world: World, clock: Clock, action: str) -> None:
    make_input, face = CASES[action]
    response = client.post(
        "/actions/rpc", json={"action": action, **make_input(world)}, headers=world.tenant.auth
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    if action == "flatchr_retrieve_candidate_cv":
        clock.current += timedelta(seconds=2)  # past the download window (signed URLs keep their expiry)
    assert data_of(action, data) == face(client, world, data)
    assert response.json()["next"] is None


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

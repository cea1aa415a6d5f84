"""Each Flatchr action with an input on the seeded world, and how to get the same data from its face route."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from tests.actions.conftest import World

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

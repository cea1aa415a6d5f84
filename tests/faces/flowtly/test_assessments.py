"""Recruitment task groups, tasks and answers: integer ids, IRIs, validation, filters, tenancy
(§6.3-6.5, §7.4-7.6; checklist 32-34, 39)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.faces.flowtly.conftest import (
    BLANK,
    MODES,
    NULL,
    RANGE,
    START,
    Api,
    CandidateFactory,
    check_collection,
    check_item,
    problem,
    violations,
)

GROUPS = "/flowtly/recruitment-task-groups"
TASKS = "/flowtly/recruitment-tasks"
ANSWERS = "/flowtly/recruitment-task-answers"


def _group(api: Api, name: str = "Backend interview", description: str | None = "Technical round") -> dict:
    response = api.post(GROUPS, {"name": name, "description": description})
    assert response.status_code == 201, response.text
    return api.fields(response)


def _task(api: Api, group: int | str, question: str = "Explain a Python generator", options=None) -> dict:
    response = api.post(TASKS, {"question": question, "options": options, "recruitmentTaskGroup": group})
    assert response.status_code == 201, response.text
    return api.fields(response)


# -- groups -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_group_crud(api: Api, mode: str, clock) -> None:
    api = api.as_mode(mode)
    response = api.post(
        GROUPS, {"name": "Backend interview", "description": "Technical round", "recruitmentTasks": ["/x"]}
    )
    assert response.status_code == 201
    check_item("RecruitmentTaskGroup", response, mode)
    group = api.fields(response)
    assert isinstance(group["id"], int)
    assert group == {
        "id": group["id"],
        "name": "Backend interview",
        "description": "Technical round",
        "recruitmentTasks": [],
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    path = f"{GROUPS}/{group['id']}"
    assert response.headers["location"] == path
    if mode == "ld":
        assert response.json()["@id"] == path
    read = api.get(path)
    check_item("RecruitmentTaskGroup", read, mode)
    clock[0] = START + timedelta(seconds=30)
    patched = api.patch(path, {"description": None})
    assert api.fields(patched) == group | {"description": None, "updatedAt": "2026-04-03T18:31:30+00:00"}
    assert violations(api.patch(path, {"name": " "}), mode) == [("name", BLANK)]
    assert violations(api.post(GROUPS, {"description": "x"}), mode) == [("name", BLANK)]
    problem(
        api.post(GROUPS, {"name": 5}),
        400,
        'The type of the "name" attribute must be "string", "int" given.',
        mode,
    )
    problem(api.get(f"{GROUPS}/abc"), 404, "Not Found", mode)
    problem(api.get(f"{GROUPS}/99999999"), 404, "Not Found", mode)
    problem(api.get(f"{GROUPS}/99999999999999999999"), 404, "Not Found", mode)
    problem(api.delete(path), 405, mode=mode)
    assert [g["name"] for g in api.members(api.get(GROUPS))] == ["Backend interview"]


def test_group_filters_and_order(api: Api, clock) -> None:
    for i, name in enumerate(["Backend interview", "Frontend interview", "Culture fit"]):
        clock[0] = START + timedelta(days=i)
        _group(api, name)
    names = lambda **params: [g["name"] for g in api.members(api.get(GROUPS, **params))]  # noqa: E731
    listed = api.get(GROUPS)
    check_collection("RecruitmentTaskGroup", listed, "ld")
    assert names() == ["Backend interview", "Frontend interview", "Culture fit"]
    assert names(name="INTERVIEW") == ["Backend interview", "Frontend interview"]
    assert names(**{"order[name]": "asc"}) == ["Backend interview", "Culture fit", "Frontend interview"]
    assert names(**{"order[id]": "desc"}) == ["Culture fit", "Frontend interview", "Backend interview"]
    assert names(**{"order[createdAt]": "desc"})[0] == "Culture fit"
    assert names(**{"createdAt[after]": "2026-04-04T18:31:00+00:00"}) == ["Frontend interview", "Culture fit"]
    assert names(**{"updatedAt[strictly_before]": "2026-04-04T18:31:00+00:00"}) == ["Backend interview"]
    assert names(**{"order[updatedAt]": "desc"})[0] == "Culture fit"
    mappings = [m["variable"] for m in listed.json()["hydra:search"]["hydra:mapping"]]
    assert {"name", "name[]", "order[id]", "order[name]", "createdAt[after]", "updatedAt[after]"} <= set(
        mappings
    )


# -- tasks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_task_crud_and_group_membership(api: Api, mode: str, clock) -> None:
    api = api.as_mode(mode)
    group = _group(api)
    forms = [
        f"{GROUPS}/{group['id']}",
        f"/recruitment-task-groups/{group['id']}",
        str(group["id"]),
        group["id"],
    ]
    tasks = []
    for form in forms:
        response = api.post(
            TASKS,
            {"question": "Preferred stack?", "options": ["Django", "FastAPI"], "recruitmentTaskGroup": form},
        )
        assert response.status_code == 201, response.text
        check_item("RecruitmentTask", response, mode)
        tasks.append(api.fields(response))
    task = tasks[0]
    # Exactly these fields (checklist 33).
    assert list(task) == ["id", "question", "options", "recruitmentTaskGroup", "updatedAt"]
    assert task == {
        "id": task["id"],
        "question": "Preferred stack?",
        "options": ["Django", "FastAPI"],
        "recruitmentTaskGroup": f"{GROUPS}/{group['id']}",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    # The group lists its tasks, by id (checklist 32).
    members = api.fields(api.get(f"{GROUPS}/{group['id']}"))["recruitmentTasks"]
    assert members == [f"{TASKS}/{t['id']}" for t in sorted(tasks, key=lambda t: t["id"])]
    path = f"{TASKS}/{task['id']}"
    assert api.fields(api.get(path)) == task
    clock[0] = START + timedelta(minutes=1)
    replaced = api.fields(api.patch(path, {"options": ["Django", "FastAPI", "Flask"]}))
    assert replaced["options"] == ["Django", "FastAPI", "Flask"]
    assert replaced["updatedAt"] == "2026-04-03T18:32:00+00:00"
    assert api.fields(api.patch(path, {"options": None}))["options"] is None
    problem(api.delete(path), 405, mode=mode)
    problem(api.get(f"{TASKS}/abc"), 404, "Not Found", mode)


@pytest.mark.parametrize("mode", MODES)
def test_task_validation_and_references(
    api: Api, mode: str, other_api: Api, make_candidates: CandidateFactory
) -> None:
    api = api.as_mode(mode)
    group = _group(api)
    missing = api.post(TASKS, {"question": "Q?"})
    assert violations(missing, mode) == [("recruitmentTaskGroup", NULL)]
    assert missing.json()["violations"][0]["message"] == "This value should not be null."
    assert violations(api.post(TASKS, {"question": "", "recruitmentTaskGroup": group["id"]}), mode) == [
        ("question", BLANK)
    ]
    assert violations(
        api.post(TASKS, {"question": "Q", "options": [" "], "recruitmentTaskGroup": group["id"]}), mode
    ) == [("options", BLANK)]
    cid = make_candidates(api.tenant)
    post = lambda ref: api.post(TASKS, {"question": "Q?", "recruitmentTaskGroup": ref})  # noqa: E731
    problem(post(f"/flowtly/candidates/{cid}"), 400, f'Invalid IRI "/flowtly/candidates/{cid}".', mode)
    problem(post(f"{GROUPS}/999999"), 400, f'Item not found for "{GROUPS}/999999".', mode)
    problem(post(f"{GROUPS}/abc"), 400, f'Item not found for "{GROUPS}/abc".', mode)
    problem(
        post(True),
        400,
        'The type of the "recruitmentTaskGroup" attribute must be "string", "bool" given.',
        mode,
    )
    foreign = _group(other_api)
    problem(post(foreign["id"]), 400, f'Item not found for "{GROUPS}/{foreign["id"]}".', mode)
    problem(
        api.post(TASKS, {"question": "Q", "options": "a,b", "recruitmentTaskGroup": group["id"]}),
        400,
        'The type of the "options" attribute must be "array", "string" given.',
        mode,
    )
    problem(
        api.post(TASKS, {"question": "Q", "options": [1], "recruitmentTaskGroup": group["id"]}),
        400,
        'The type of the "options" attribute must be "string", "int" given.',
        mode,
    )
    assert api.members(api.get(TASKS)) == []


def test_task_filters(api: Api, clock) -> None:
    first, second = _group(api, "One"), _group(api, "Two")
    clock[0] = START + timedelta(days=1)
    a = _task(api, first["id"], "A")
    clock[0] = START + timedelta(days=2)
    b = _task(api, second["id"], "B")
    questions = lambda **params: [t["question"] for t in api.members(api.get(TASKS, **params))]  # noqa: E731
    check_collection("RecruitmentTask", api.get(TASKS), "ld")
    assert questions() == ["A", "B"]
    for value in (f"{GROUPS}/{first['id']}", f"/recruitment-task-groups/{first['id']}", str(first["id"])):
        assert questions(recruitmentTaskGroup=value) == ["A"]
    assert questions(recruitmentTaskGroup="/flowtly/candidates/1") == []
    assert questions(recruitmentTaskGroup="nope") == []
    assert questions(recruitmentTaskGroup="99999999999999999999") == []
    assert questions(**{"order[id]": "desc"}) == ["B", "A"]
    assert questions(**{"updatedAt[after]": "2026-04-05"}) == ["B"]
    assert questions(**{"order[updatedAt]": "desc"}) == ["B", "A"]
    # Tasks have no createdAt: its filter and order are ignored.
    assert questions(**{"createdAt[after]": "2030-01-01", "order[createdAt]": "desc"}) == ["A", "B"]
    assert a["id"] < b["id"]


# -- answers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_answer_crud(api: Api, mode: str, make_candidates: CandidateFactory, clock) -> None:
    api = api.as_mode(mode)
    task = _task(api, _group(api)["id"])
    cid = make_candidates(api.tenant)
    response = api.post(
        ANSWERS,
        {
            "recruitmentTask": f"{TASKS}/{task['id']}",
            "candidate": f"/flowtly/candidates/{cid}",
            "answer": "FastAPI",
            "score": 8,
        },
    )
    assert response.status_code == 201, response.text
    check_item("RecruitmentTaskAnswer", response, mode)
    answer = api.fields(response)
    assert answer == {
        "id": answer["id"],
        "recruitmentTask": f"{TASKS}/{task['id']}",
        "candidate": f"/flowtly/candidates/{cid}",
        "answer": "FastAPI",
        "score": 8,
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    path = f"{ANSWERS}/{answer['id']}"
    assert response.headers["location"] == path
    check_item("RecruitmentTaskAnswer", api.get(path), mode)
    other = make_candidates(api.tenant)
    clock[0] = START + timedelta(minutes=2)
    patched = api.fields(
        api.patch(path, {"score": 9, "candidate": f"/flowtly/candidates/{other}", "recruitmentTask": "nope"})
    )
    assert patched == answer | {"score": 9, "updatedAt": "2026-04-03T18:33:00+00:00"}
    assert api.fields(api.patch(path, {"score": None, "answer": None})) | {"updatedAt": None} == answer | {
        "score": None,
        "answer": None,
        "updatedAt": None,
    }
    assert violations(api.patch(path, {"score": 11}), mode) == [("score", RANGE)]
    problem(
        api.patch(path, {"score": "8"}),
        400,
        'The type of the "score" attribute must be "int", "string" given.',
        mode,
    )
    problem(api.delete(path), 405, mode=mode)
    # Several answers for the same task and candidate are allowed.
    again = api.post(ANSWERS, {"recruitmentTask": task["id"], "candidate": cid})
    assert again.status_code == 201
    assert api.fields(again)["score"] is None


@pytest.mark.parametrize("mode", MODES)
def test_answer_validation(api: Api, mode: str, make_candidates: CandidateFactory, other_api: Api) -> None:
    api = api.as_mode(mode)
    task = _task(api, _group(api)["id"])
    cid = make_candidates(api.tenant)
    post = lambda **body: api.post(ANSWERS, {"recruitmentTask": task["id"], "candidate": cid} | body)  # noqa: E731
    out_of_range = post(score=11)
    assert violations(out_of_range, mode) == [("score", RANGE)]
    assert out_of_range.json()["violations"][0]["message"] == "This value should be between 0 and 10."
    assert violations(post(score=-1), mode) == [("score", RANGE)]
    problem(post(score="8"), 400, 'The type of the "score" attribute must be "int", "string" given.', mode)
    problem(post(score=8.5), 400, 'The type of the "score" attribute must be "int", "float" given.', mode)
    assert violations(api.post(ANSWERS, {"recruitmentTask": task["id"]}), mode) == [("candidate", NULL)]
    assert violations(api.post(ANSWERS, {"candidate": cid}), mode) == [("recruitmentTask", NULL)]
    problem(
        post(candidate="/flowtly/candidates/nope"),
        400,
        'Item not found for "/flowtly/candidates/nope".',
        mode,
    )
    problem(post(recruitmentTask=f"{GROUPS}/1"), 400, f'Invalid IRI "{GROUPS}/1".', mode)
    foreign_candidate = make_candidates(other_api.tenant)
    problem(
        post(candidate=foreign_candidate),
        400,
        f'Item not found for "/flowtly/candidates/{foreign_candidate}".',
        mode,
    )
    foreign_task = _task(other_api, _group(other_api)["id"])
    problem(
        post(recruitmentTask=foreign_task["id"]),
        400,
        f'Item not found for "{TASKS}/{foreign_task["id"]}".',
        mode,
    )
    assert api.members(api.get(ANSWERS)) == []
    assert post(score=None).status_code == 201


def test_answer_filters(api: Api, make_candidates: CandidateFactory, clock) -> None:
    group = _group(api)
    t1, t2 = _task(api, group["id"], "Q1"), _task(api, group["id"], "Q2")
    ada, bob = make_candidates(api.tenant), make_candidates(api.tenant)
    for i, (task, who, text) in enumerate([(t1, ada, "a1"), (t2, ada, "a2"), (t1, bob, "b1")]):
        clock[0] = START + timedelta(days=i)
        api.post(ANSWERS, {"recruitmentTask": task["id"], "candidate": who, "answer": text})
    answers = lambda **params: [a["answer"] for a in api.members(api.get(ANSWERS, **params))]  # noqa: E731
    check_collection("RecruitmentTaskAnswer", api.get(ANSWERS), "ld")
    assert answers() == ["a1", "a2", "b1"]
    assert answers(candidate=ada) == ["a1", "a2"]
    assert answers(candidate=f"/flowtly/candidates/{bob}") == ["b1"]
    assert answers(recruitmentTask=f"{TASKS}/{t1['id']}") == ["a1", "b1"]
    assert answers(candidate=ada, recruitmentTask=str(t2["id"])) == ["a2"]
    assert answers(candidate="nope") == []
    assert answers(recruitmentTask="99999999999999999999") == []
    assert answers(**{"order[id]": "desc"}) == ["b1", "a2", "a1"]
    assert answers(**{"order[createdAt]": "desc"}) == ["b1", "a2", "a1"]
    assert answers(**{"createdAt[before]": "2026-04-04T18:31:00+00:00"}) == ["a1", "a2"]
    assert answers(**{"updatedAt[strictly_after]": "2026-04-04T18:31:00+00:00"}) == ["b1"]
    assert answers(**{"order[updatedAt]": "desc"})[0] == "b1"


def test_another_company_cannot_reach_scorecards(
    api: Api, other_api: Api, make_candidates: CandidateFactory
) -> None:
    group = _group(api)
    task = _task(api, group["id"])
    answer = api.fields(
        api.post(
            ANSWERS, {"recruitmentTask": task["id"], "candidate": make_candidates(api.tenant), "score": 5}
        )
    )
    for mode in MODES:
        other = other_api.as_mode(mode)
        for path, body in (
            (f"{GROUPS}/{group['id']}", {"name": "x"}),
            (f"{TASKS}/{task['id']}", {"question": "x"}),
            (f"{ANSWERS}/{answer['id']}", {"score": 1}),
        ):
            problem(other.get(path), 404, "Not Found", mode)
            problem(other.patch(path, body), 404, "Not Found", mode)
        for collection in (GROUPS, TASKS, ANSWERS):
            assert other.members(other.get(collection)) == []
        assert other.members(other.get(TASKS, recruitmentTaskGroup=group["id"])) == []
    assert api.fields(api.get(f"{ANSWERS}/{answer['id']}"))["score"] == 5

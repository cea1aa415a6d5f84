"""Each Flowtly action with an input on a seeded world, and the same data from its face route
(plain JSON, as with ``Accept: application/json``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from tests.actions.conftest import World
from tests.faces.flowtly.conftest import Api

F = "/flowtly"


@dataclass(frozen=True)
class Staffed:
    """The Flatchr world plus one of every Flowtly resource (created through the Flowtly face)."""

    world: World
    candidate: str
    spare_candidate: str
    note: str
    group: int
    task: int
    spare_task: int
    answer: int
    request: str
    proposal: str
    member: str

    def api(self, client: TestClient) -> Api:
        return Api(client, self.world.tenant, "json")


def seed_staffed(client: TestClient, world: World) -> Staffed:
    api = Api(client, world.tenant, "json")

    def made(path: str, body: dict[str, Any]) -> Any:
        response = api.post(f"{F}/{path}", body)
        assert response.status_code == 201, response.text
        return response.json()["id"]

    candidate = api.get(f"{F}/candidates", lastname="Ivern").json()[0]["id"]
    spare = made(
        "candidates", {"firstname": "Sam", "lastname": "Spare", "email": f"{uuid.uuid4().hex}@example.org"}
    )
    note = made("candidate-notes", {"candidate": candidate, "content": "Solid"})
    gone = made("candidate-notes", {"candidate": candidate, "content": "Oops"})
    assert api.delete(f"{F}/candidate-notes/{gone}").status_code == 204
    group = made("recruitment-task-groups", {"name": "Tech screen"})
    task = made("recruitment-tasks", {"question": "SQL?", "recruitmentTaskGroup": group})
    spare_task = made("recruitment-tasks", {"question": "Python?", "recruitmentTaskGroup": group})
    answer = made("recruitment-task-answers", {"recruitmentTask": task, "candidate": candidate, "score": 7})
    request = made("resource-requests", {"client": "Acme", "position": "Dev"})
    proposal = made("resource-request-candidates", {"resourceRequest": request, "candidate": candidate})
    member = api.get(f"{F}/members").json()[0]["id"]
    return Staffed(world, candidate, spare, note, group, task, spare_task, answer, request, proposal, member)


Face = Callable[[TestClient, Staffed, Any], Any]


def get(path: str, **params: str) -> Face:
    """The face's GET; ``{s.…}`` in the path and parameters is filled from the world."""
    return lambda client, s, _: (
        s.api(client).get(F + path.format(s=s), **{k: v.format(s=s) for k, v in params.items()}).json()
    )


def created(collection: str) -> Face:
    """The face's GET of the item the action created."""
    return lambda client, s, data: s.api(client).get(f"{F}/{collection}/{data['id']}").json()


def patched(path: str, body: dict[str, Any]) -> Face:
    return lambda client, s, _: s.api(client).patch(F + path.format(s=s), body).json()


def gone(path: str) -> Face:
    """A deletion answers nothing; the face no longer finds the item."""
    return lambda client, s, _: None if s.api(client).get(F + path.format(s=s)).status_code == 404 else "kept"


FLOWTLY_CASES: dict[str, tuple[Callable[[Staffed], dict[str, Any]], Face]] = {
    "flowtly_list_candidates": (
        lambda s: {"query": {"lastname": "iv", "order[createdAt]": "desc"}},
        get("/candidates", lastname="iv", **{"order[createdAt]": "desc"}),
    ),
    "flowtly_get_candidate": (lambda s: {"path": {"id": s.candidate}}, get("/candidates/{s.candidate}")),
    "flowtly_create_candidate": (
        lambda s: {
            "body": {
                "firstname": "Ada",
                "lastname": "Byron",
                "email": "ada@example.org",
                "birthDate": "1990-12-10",
            }
        },
        created("candidates"),
    ),
    "flowtly_update_candidate": (
        lambda s: {"path": {"id": s.candidate}, "body": {"position": "CTO", "notes": None}},
        patched("/candidates/{s.candidate}", {"position": "CTO", "notes": None}),
    ),
    "flowtly_search_candidates": (lambda s: {"query": {"q": "ivern"}}, get("/candidates/search", q="ivern")),
    "flowtly_list_candidate_notes": (
        lambda s: {"query": {"candidate": s.candidate}},
        get("/candidate-notes", candidate="{s.candidate}"),
    ),
    "flowtly_get_candidate_note": (lambda s: {"path": {"id": s.note}}, get("/candidate-notes/{s.note}")),
    "flowtly_create_candidate_note": (
        lambda s: {"body": {"candidate": f"/flowtly/candidates/{s.candidate}", "content": "<p>Great</p>"}},
        created("candidate-notes"),
    ),
    "flowtly_update_candidate_note": (
        lambda s: {"path": {"id": s.note}, "body": {"content": "Edited"}},
        patched("/candidate-notes/{s.note}", {"content": "Edited"}),
    ),
    "flowtly_delete_candidate_note": (lambda s: {"path": {"id": s.note}}, gone("/candidate-notes/{s.note}")),
    "flowtly_list_recruitment_task_groups": (
        lambda s: {"query": {"name": "tech"}},
        get("/recruitment-task-groups", name="tech"),
    ),
    "flowtly_get_recruitment_task_group": (
        lambda s: {"path": {"id": s.group}},
        get("/recruitment-task-groups/{s.group}"),
    ),
    "flowtly_create_recruitment_task_group": (
        lambda s: {"body": {"name": "Culture", "description": "Values"}},
        created("recruitment-task-groups"),
    ),
    "flowtly_update_recruitment_task_group": (
        lambda s: {"path": {"id": s.group}, "body": {"description": "Hands-on"}},
        patched("/recruitment-task-groups/{s.group}", {"description": "Hands-on"}),
    ),
    "flowtly_list_recruitment_tasks": (
        lambda s: {"query": {"recruitmentTaskGroup": str(s.group)}},
        get("/recruitment-tasks", recruitmentTaskGroup="{s.group}"),
    ),
    "flowtly_get_recruitment_task": (lambda s: {"path": {"id": s.task}}, get("/recruitment-tasks/{s.task}")),
    "flowtly_create_recruitment_task": (
        lambda s: {"body": {"question": "Git?", "options": ["yes", "no"], "recruitmentTaskGroup": s.group}},
        created("recruitment-tasks"),
    ),
    "flowtly_update_recruitment_task": (
        lambda s: {"path": {"id": s.task}, "body": {"options": ["a", "b"]}},
        patched("/recruitment-tasks/{s.task}", {"options": ["a", "b"]}),
    ),
    "flowtly_list_recruitment_task_answers": (
        lambda s: {"query": {"candidate": s.candidate}},
        get("/recruitment-task-answers", candidate="{s.candidate}"),
    ),
    "flowtly_get_recruitment_task_answer": (
        lambda s: {"path": {"id": s.answer}},
        get("/recruitment-task-answers/{s.answer}"),
    ),
    "flowtly_create_recruitment_task_answer": (
        lambda s: {
            "body": {"recruitmentTask": s.spare_task, "candidate": s.candidate, "answer": "ok", "score": 9}
        },
        created("recruitment-task-answers"),
    ),
    "flowtly_update_recruitment_task_answer": (
        lambda s: {"path": {"id": s.answer}, "body": {"score": 3}},
        patched("/recruitment-task-answers/{s.answer}", {"score": 3}),
    ),
    "flowtly_list_resource_requests": (
        lambda s: {"query": {"status": "open", "client": "ac"}},
        get("/resource-requests", status="open", client="ac"),
    ),
    "flowtly_get_resource_request": (
        lambda s: {"path": {"id": s.request}},
        get("/resource-requests/{s.request}"),
    ),
    "flowtly_create_resource_request": (
        lambda s: {
            "body": {"client": "Beta", "start": "2031-01-01", "salaryRangeMin": 4000, "owners": [s.member]}
        },
        created("resource-requests"),
    ),
    "flowtly_update_resource_request": (
        lambda s: {"path": {"id": s.request}, "body": {"status": "in_progress"}},
        patched("/resource-requests/{s.request}", {"status": "in_progress"}),
    ),
    "flowtly_list_resource_request_candidates": (
        lambda s: {"query": {"resourceRequest": s.request}},
        get("/resource-request-candidates", resourceRequest="{s.request}"),
    ),
    "flowtly_get_resource_request_candidate": (
        lambda s: {"path": {"id": s.proposal}},
        get("/resource-request-candidates/{s.proposal}"),
    ),
    "flowtly_create_resource_request_candidate": (
        lambda s: {"body": {"resourceRequest": s.request, "candidate": s.spare_candidate}},
        created("resource-request-candidates"),
    ),
    "flowtly_update_resource_request_candidate": (
        lambda s: {"path": {"id": s.proposal}, "body": {"status": "interviewing"}},
        patched("/resource-request-candidates/{s.proposal}", {"status": "interviewing"}),
    ),
    "flowtly_delete_resource_request_candidate": (
        lambda s: {"path": {"id": s.proposal}},
        gone("/resource-request-candidates/{s.proposal}"),
    ),
    "flowtly_list_members": (
        lambda s: {"query": {"order[lastname]": "asc"}},
        get("/members", **{"order[lastname]": "asc"}),
    ),
    "flowtly_get_member": (lambda s: {"path": {"id": s.member}}, get("/members/{s.member}")),
    "flowtly_list_deletions": (
        lambda s: {"query": {"type": "CandidateNote"}},
        get("/deletions", type="CandidateNote"),
    ),
    "flowtly_get_context": (lambda s: {"path": {"type": "Candidate"}}, get("/contexts/Candidate")),
}

"""Members (§6.8, read-only) and the deletion feed for incremental sync (Vivier addition)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.faces.flowtly.conftest import (
    MODES,
    START,
    Api,
    CandidateFactory,
    check_collection,
    check_item,
    problem,
)
from tests.factories import make_application, make_candidate, make_member
from vivier.db.session import Database
from vivier.notes.service import add_comment, delete_comment

DELETIONS = "/flowtly/deletions"
LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)


@pytest.mark.parametrize("mode", MODES)
def test_members_list_and_get(api: Api, mode: str, db: Database, clock) -> None:
    api = api.as_mode(mode)
    clock[0] = LATER  # the tenant's admin was created at the real time
    with db.unit_of_work() as session:
        make_member(session, api.tenant.ctx, name="Rita")
    listed = api.get("/flowtly/members")
    check_collection("Member", listed, mode)
    members = api.members(listed)
    admin = api.tenant.created
    assert members[0] == {
        "id": admin.admin.public_id,
        "firstname": "Eva",
        "lastname": "Laurent",
        "email": admin.user.email,
        "createdAt": members[0]["createdAt"],
        "updatedAt": members[0]["updatedAt"],
    }
    assert members[0]["updatedAt"].endswith("+00:00")
    rita = members[1]
    assert (rita["firstname"], rita["lastname"], rita["createdAt"]) == (
        "Rita",
        "Member",
        LATER.isoformat(),
    )
    read = api.get(f"/flowtly/members/{rita['id']}")
    check_item("Member", read, mode)
    assert api.fields(read) == rita
    if mode == "ld":
        assert read.json()["@id"] == f"/flowtly/members/{rita['id']}"
    problem(api.get("/flowtly/members/AAAAAAAAAAAAAAAA"), 404, "Not Found", mode)


def test_member_filters_and_order(api: Api, db: Database, clock) -> None:
    for i, name in enumerate(["Zed", "Abe"]):
        clock[0] = LATER + timedelta(days=i)
        with db.unit_of_work() as session:
            make_member(session, api.tenant.ctx, name=name)
    names = lambda **params: [m["firstname"] for m in api.members(api.get("/flowtly/members", **params))]  # noqa: E731
    assert names() == ["Eva", "Zed", "Abe"]
    rita_email = api.members(api.get("/flowtly/members"))[1]["email"]
    assert names(email=rita_email.upper()) == ["Zed"]
    assert names(email="nobody@example.org") == []
    assert names(**{"order[createdAt]": "desc"}) == ["Abe", "Zed", "Eva"]
    assert names(**{"order[lastname]": "desc", "order[createdAt]": "desc"}) == ["Abe", "Zed", "Eva"]
    assert names(**{"order[lastname]": "asc", "order[createdAt]": "asc"}) == ["Eva", "Zed", "Abe"]
    assert names(**{"createdAt[after]": (LATER + timedelta(hours=1)).isoformat()}) == ["Abe"]
    assert names(**{"updatedAt[strictly_before]": LATER.isoformat()}) == ["Eva"]
    assert names(itemsPerPage=2, page=2) == ["Abe"]
    body = api.get("/flowtly/members", itemsPerPage=2).json()
    assert body["hydra:totalItems"] == 3
    assert body["hydra:view"]["hydra:next"] == "/flowtly/members?itemsPerPage=2&page=2"


def test_members_are_read_only_and_tenant_scoped(api: Api, other_api: Api) -> None:
    admin = api.tenant.created.admin.public_id
    problem(api.post("/flowtly/members", {"firstname": "X"}), 405)
    problem(api.patch(f"/flowtly/members/{admin}", {"firstname": "X"}), 405)
    problem(api.delete(f"/flowtly/members/{admin}"), 405)
    for mode in MODES:
        other = other_api.as_mode(mode)
        problem(other.get(f"/flowtly/members/{admin}"), 404, "Not Found", mode)
        assert admin not in [m["id"] for m in other.members(other.get("/flowtly/members"))]


# -- deletions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_deletion_feed(api: Api, mode: str, make_candidates: CandidateFactory, clock) -> None:
    api = api.as_mode(mode)
    cid = make_candidates(api.tenant)
    note = api.fields(api.post("/flowtly/candidate-notes", {"candidate": cid, "content": "x"}))
    request = api.fields(api.post("/flowtly/resource-requests", {"client": "Acme"}))
    proposal = api.fields(
        api.post("/flowtly/resource-request-candidates", {"resourceRequest": request["id"], "candidate": cid})
    )
    clock[0] = START + timedelta(hours=1)
    assert api.delete(f"/flowtly/candidate-notes/{note['id']}").status_code == 204
    clock[0] = START + timedelta(hours=2)
    assert api.delete(f"/flowtly/resource-request-candidates/{proposal['id']}").status_code == 204
    listed = api.get(DELETIONS)
    assert listed.status_code == 200
    check_collection("Deletion", listed, mode)
    assert api.members(listed) == [
        {"id": note["id"], "type": "CandidateNote", "deletedAt": "2026-04-03T19:31:00+00:00"},
        {"id": proposal["id"], "type": "ResourceRequestCandidate", "deletedAt": "2026-04-03T20:31:00+00:00"},
    ]
    if mode == "ld":
        body = listed.json()
        assert body["@id"] == DELETIONS
        assert body["@context"] == "/flowtly/contexts/Deletion"
        assert [(m["@id"], m["@type"]) for m in body["hydra:member"]] == [
            (f"/flowtly/candidate-notes/{note['id']}", "CandidateNote"),
            (f"/flowtly/resource-request-candidates/{proposal['id']}", "ResourceRequestCandidate"),
        ]
    ids = lambda **params: [d["id"] for d in api.members(api.get(DELETIONS, **params))]  # noqa: E731
    assert ids(type="CandidateNote") == [note["id"]]
    assert ids(type="ResourceRequestCandidate") == [proposal["id"]]
    assert ids(type="Candidate") == []
    assert ids(**{"deletedAt[after]": "2026-04-03T20:00:00+00:00"}) == [proposal["id"]]
    assert ids(**{"deletedAt[strictly_before]": "2026-04-03T20:31:00+00:00"}) == [note["id"]]
    assert ids(**{"order[deletedAt]": "desc"}) == [proposal["id"], note["id"]]
    assert ids(itemsPerPage=1, page=2) == [proposal["id"]]
    problem(api.get(DELETIONS, page=0), 400, "Page should not be less than 1", mode)


def test_deletion_feed_includes_flatchr_comment_deletions_and_is_tenant_scoped(
    api: Api, other_api: Api, db: Database
) -> None:
    with db.unit_of_work() as session:
        application = make_application(session, api.tenant.ctx, make_candidate(session, api.tenant.ctx))
        comment = add_comment(session, api.tenant.ctx, application.public_id, "bye")
        delete_comment(session, api.tenant.ctx, application.public_id, comment.note.public_id)
    assert [d["id"] for d in api.members(api.get(DELETIONS))] == [comment.note.public_id]
    assert other_api.members(other_api.get(DELETIONS)) == []
    assert api.client.get(DELETIONS).status_code == 401

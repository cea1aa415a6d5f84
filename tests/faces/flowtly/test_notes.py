"""Candidate notes: CRUD, IRIs on input, filters, privacy, tenancy and the Flatchr comments they share
rows with (§6.2, §7.3, §8; checklist 26-30)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from tests.faces.flowtly.conftest import (
    BLANK,
    MODES,
    START,
    Api,
    CandidateFactory,
    check_collection,
    check_item,
    problem,
    violations,
)
from tests.factories import make_application, make_candidate, make_member
from vivier.companies.apikeys import issue_key
from vivier.companies.models import Member, Role
from vivier.db.session import Database
from vivier.notes.service import add_comment, list_comments

NOTE_FIELDS = ["id", "candidate", "content", "author", "createdAt", "updatedAt"]


@pytest.fixture
def cid(api: Api, make_candidates: CandidateFactory) -> str:
    return make_candidates(api.tenant, firstname="Ada")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("form", ["full", "prefixless", "bare"])
def test_create_with_each_iri_form(api: Api, cid: str, mode: str, form: str, clock) -> None:
    api = api.as_mode(mode)
    candidate = {"full": f"/flowtly/candidates/{cid}", "prefixless": f"/candidates/{cid}", "bare": cid}[form]
    response = api.post(
        "/flowtly/candidate-notes", {"candidate": candidate, "content": "<p>Phone screen OK</p>"}
    )
    assert response.status_code == 201, response.text
    check_item("CandidateNote", response, mode)
    fields = api.fields(response)
    assert list(fields) == NOTE_FIELDS
    member = api.tenant.created.admin.public_id
    assert fields == {
        "id": fields["id"],
        "candidate": f"/flowtly/candidates/{cid}",
        "content": "<p>Phone screen OK</p>",
        "author": f"/flowtly/members/{member}",
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    assert response.headers["location"] == f"/flowtly/candidate-notes/{fields['id']}"
    read = api.get(response.headers["location"])
    check_item("CandidateNote", read, mode)
    assert api.fields(read) == fields


@pytest.mark.parametrize("mode", MODES)
def test_bad_candidate_references(api: Api, cid: str, mode: str, other_api: Api, make_candidates) -> None:
    api = api.as_mode(mode)
    post = lambda candidate: api.post("/flowtly/candidate-notes", {"candidate": candidate, "content": "x"})  # noqa: E731
    problem(post("/flowtly/candidates/nope"), 400, 'Item not found for "/flowtly/candidates/nope".', mode)
    problem(post("nope"), 400, 'Item not found for "/flowtly/candidates/nope".', mode)
    problem(post("AAAAAAAAAAAAAAAA"), 400, 'Item not found for "/flowtly/candidates/AAAAAAAAAAAAAAAA".', mode)
    problem(post("/flowtly/members/x"), 400, 'Invalid IRI "/flowtly/members/x".', mode)
    problem(
        post(f"/flowtly/candidates/{cid}/extra"), 400, f'Invalid IRI "/flowtly/candidates/{cid}/extra".', mode
    )
    problem(post("candidates/x"), 400, 'Invalid IRI "candidates/x".', mode)
    problem(post(""), 400, 'Invalid IRI "".', mode)
    problem(post(42), 400, 'The type of the "candidate" attribute must be "string", "int" given.', mode)
    foreign = make_candidates(other_api.tenant)
    problem(
        post(f"/flowtly/candidates/{foreign}"),
        400,
        f'Item not found for "/flowtly/candidates/{foreign}".',
        mode,
    )
    assert api.members(api.get("/flowtly/candidate-notes")) == []


@pytest.mark.parametrize("mode", MODES)
def test_validation(api: Api, cid: str, mode: str) -> None:
    api = api.as_mode(mode)
    assert violations(api.post("/flowtly/candidate-notes", {"candidate": cid, "content": " "}), mode) == [
        ("content", BLANK)
    ]
    assert violations(api.post("/flowtly/candidate-notes", {"candidate": cid}), mode) == [("content", BLANK)]
    missing = api.post("/flowtly/candidate-notes", {"content": "x"})
    assert violations(missing, mode) == [("candidate", "ad32d13f-c3d4-423b-909a-857b961eb720")]
    problem(api.post("/flowtly/candidate-notes", {"candidate": cid, "content": 3}), 400, mode=mode)
    assert api.members(api.get("/flowtly/candidate-notes")) == []


@pytest.mark.parametrize("mode", MODES)
def test_patch_and_delete(api: Api, cid: str, mode: str, clock) -> None:
    api = api.as_mode(mode)
    created = api.fields(
        api.post("/flowtly/candidate-notes", {"candidate": cid, "content": "Phone screen OK"})
    )
    path = f"/flowtly/candidate-notes/{created['id']}"
    clock[0] = START + timedelta(hours=1)
    patched = api.patch(
        path, {"content": "Call back Monday", "candidate": "/flowtly/candidates/nope", "author": None}
    )
    assert patched.status_code == 200
    check_item("CandidateNote", patched, mode)
    assert api.fields(patched) == created | {
        "content": "Call back Monday",
        "updatedAt": "2026-04-03T19:31:00+00:00",
    }
    assert violations(api.patch(path, {"content": ""}), mode) == [("content", BLANK)]
    assert violations(api.patch(path, {"content": None}), mode) == [("content", BLANK)]
    problem(api.patch(path, {"content": "x"}, content_type="application/json"), 415, mode=mode)
    deleted = api.delete(path)
    assert deleted.status_code == 204
    assert deleted.content == b""
    problem(api.get(path), 404, "Not Found", mode)
    problem(api.delete(path), 404, "Not Found", mode)
    problem(api.patch(path, {"content": "x"}), 404, "Not Found", mode)


@pytest.mark.parametrize("mode", MODES)
def test_list_and_filter(api: Api, mode: str, make_candidates: CandidateFactory, clock) -> None:
    api = api.as_mode(mode)
    ada, bob = make_candidates(api.tenant, firstname="Ada"), make_candidates(api.tenant, firstname="Bob")
    for i, (who, text) in enumerate([(ada, "a1"), (bob, "b1"), (ada, "a2")]):
        clock[0] = START + timedelta(days=i)
        assert api.post("/flowtly/candidate-notes", {"candidate": who, "content": text}).status_code == 201
    listed = api.get("/flowtly/candidate-notes")
    check_collection("CandidateNote", listed, mode)
    contents = lambda response: [n["content"] for n in api.members(response)]  # noqa: E731
    assert contents(listed) == ["a1", "b1", "a2"]
    for value in (ada, f"/flowtly/candidates/{ada}", f"/candidates/{ada}"):
        assert contents(api.get("/flowtly/candidate-notes", candidate=value)) == ["a1", "a2"]
    both = api.client.get(
        f"/flowtly/candidate-notes?candidate[]={ada}&candidate[]=/flowtly/candidates/{bob}",
        headers=api.headers(),
    )
    assert contents(both) == ["a1", "b1", "a2"]
    assert contents(api.get("/flowtly/candidate-notes", candidate="nope")) == []
    assert contents(api.get("/flowtly/candidate-notes", candidate=f"/flowtly/members/{ada}")) == []
    assert contents(api.get("/flowtly/candidate-notes", **{"order[createdAt]": "desc"})) == ["a2", "b1", "a1"]
    assert contents(api.get("/flowtly/candidate-notes", **{"createdAt[after]": "2026-04-04"})) == ["b1", "a2"]
    assert contents(
        api.get("/flowtly/candidate-notes", **{"createdAt[strictly_before]": "2026-04-04T18:31:00Z"})
    ) == ["a1"]
    clock[0] = START + timedelta(days=9)
    first = api.members(listed)[0]["id"]
    api.patch(f"/flowtly/candidate-notes/{first}", {"content": "a1!"})
    assert contents(api.get("/flowtly/candidate-notes", **{"updatedAt[after]": "2026-04-10"})) == ["a1!"]
    assert contents(api.get("/flowtly/candidate-notes", **{"order[updatedAt]": "desc"}))[0] == "a1!"
    assert len(api.members(api.get("/flowtly/candidate-notes", itemsPerPage=2, page=2))) == 1


def test_another_company(api: Api, other_api: Api, cid: str) -> None:
    note = api.fields(api.post("/flowtly/candidate-notes", {"candidate": cid, "content": "secret"}))
    path = f"/flowtly/candidate-notes/{note['id']}"
    for mode in MODES:
        other = other_api.as_mode(mode)
        problem(other.get(path), 404, "Not Found", mode)
        problem(other.patch(path, {"content": "x"}), 404, "Not Found", mode)
        problem(other.delete(path), 404, "Not Found", mode)
        assert other.members(other.get("/flowtly/candidate-notes")) == []
        assert other.members(other.get("/flowtly/candidate-notes", candidate=cid)) == []
    assert api.fields(api.get(path))["content"] == "secret"


def test_flatchr_comments_are_notes_and_back(api: Api, db: Database) -> None:
    with db.unit_of_work() as session:
        person = make_candidate(session, api.tenant.ctx)
        application = make_application(session, api.tenant.ctx, person)
        add_comment(session, api.tenant.ctx, application.public_id, "From Flatchr")
        app_id, pid = application.public_id, person.public_id
    notes = api.members(api.get("/flowtly/candidate-notes", candidate=pid))
    assert [n["content"] for n in notes] == ["From Flatchr"]
    assert notes[0]["author"] == f"/flowtly/members/{api.tenant.created.admin.public_id}"
    created = api.post("/flowtly/candidate-notes", {"candidate": pid, "content": "From Flowtly"})
    assert created.status_code == 201
    with db.unit_of_work() as session:
        comments = list_comments(session, api.tenant.ctx, app_id)
        assert [(c.note.text, c.note.private, c.note.type) for c in comments] == [
            ("From Flatchr", False, "note"),
            ("From Flowtly", False, "note"),
        ]
    # Editing either way changes the same record.
    api.patch(f"/flowtly/candidate-notes/{notes[0]['id']}", {"content": "Edited here"})
    with db.unit_of_work() as session:
        assert list_comments(session, api.tenant.ctx, app_id)[0].note.text == "Edited here"


def test_private_comments_only_for_author_or_admin(api: Api, db: Database, client: TestClient) -> None:
    with db.unit_of_work() as session:
        rita = make_member(session, api.tenant.ctx, Role.RECRUITER, "Rita")
        application = make_application(session, api.tenant.ctx)
        add_comment(session, api.tenant.ctx, application.public_id, "Admin only", private=True)
        add_comment(session, rita, application.public_id, "Rita private", private=True)
        key = issue_key(session, session.get_one(Member, rita.member_id), days=1, name="rita").plaintext
    as_rita = {"Authorization": f"Bearer {key}", "Accept": "application/json"}
    seen = client.get("/flowtly/candidate-notes", headers=as_rita).json()
    assert [n["content"] for n in seen] == ["Rita private"]
    everything = api.as_mode("json").get("/flowtly/candidate-notes").json()
    assert sorted(n["content"] for n in everything) == ["Admin only", "Rita private"]
    hidden = next(n for n in everything if n["content"] == "Admin only")
    problem(client.get(f"/flowtly/candidate-notes/{hidden['id']}", headers=as_rita), 404, mode="json")

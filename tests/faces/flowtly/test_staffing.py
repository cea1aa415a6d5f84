"""Resource requests and resource-request candidates (§6.6-6.7, §7.7-7.8; checklist 35-39)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.faces.flowtly.conftest import (
    CHOICE,
    MIN,
    MODES,
    NULL,
    START,
    UNIQUE,
    Api,
    CandidateFactory,
    check_collection,
    check_item,
    problem,
    violations,
)
from tests.factories import make_member
from vivier.db.session import Database

REQUESTS = "/flowtly/resource-requests"
PROPOSALS = "/flowtly/resource-request-candidates"


def _member_iri(api: Api) -> str:
    return f"/flowtly/members/{api.tenant.created.admin.public_id}"


def _request(api: Api, **body) -> dict:
    response = api.post(REQUESTS, {"client": "Acme SA", "position": "Java developer"} | body)
    assert response.status_code == 201, response.text
    return api.fields(response)


# -- resource requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_request_crud(api: Api, mode: str, clock) -> None:
    api = api.as_mode(mode)
    body = {
        "client": "Acme SA",
        "position": "Java developer",
        "location": "Lyon",
        "start": "2026-05-01",
        "salaryRangeMin": 450000,
        "salaryRangeMax": 550000,
        "billingType": "monthly",
        "owners": [_member_iri(api)],
    }
    response = api.post(REQUESTS, body)
    assert response.status_code == 201, response.text
    check_item("ResourceRequest", response, mode)
    created = api.fields(response)
    assert created == {
        "id": created["id"],
        "client": "Acme SA",
        "status": "open",
        "location": "Lyon",
        "position": "Java developer",
        "description": None,
        "start": "2026-05-01",
        "salaryRangeMin": 450000,
        "salaryRangeMax": 550000,
        "billingType": "monthly",
        "owners": [_member_iri(api)],
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    path = f"{REQUESTS}/{created['id']}"
    assert response.headers["location"] == path
    read = api.get(path)
    check_item("ResourceRequest", read, mode)
    assert api.fields(read) == created
    clock[0] = START + timedelta(hours=2)
    patched = api.fields(api.patch(path, {"status": "in_progress", "owners": []}))
    assert patched == created | {
        "status": "in_progress",
        "owners": [],
        "updatedAt": "2026-04-03T20:31:00+00:00",
    }
    clock[0] = START + timedelta(hours=3)
    again = api.fields(
        api.patch(path, {"owners": [_member_iri(api)], "description": "6-month mission", "start": None})
    )
    assert again["owners"] == [_member_iri(api)]
    assert again["description"] == "6-month mission"
    assert again["start"] is None
    assert again["updatedAt"] == "2026-04-03T21:31:00+00:00"
    assert api.fields(api.patch(path, {"status": "cancelled"}))["status"] == "cancelled"
    assert api.fields(api.patch(path, {"status": "open"}))["status"] == "open"  # free transitions
    problem(api.delete(path), 405, mode=mode)
    problem(api.get(f"{REQUESTS}/nope"), 404, "Not Found", mode)


@pytest.mark.parametrize("mode", MODES)
def test_request_validation(api: Api, mode: str, other_api: Api, make_candidates: CandidateFactory) -> None:
    api = api.as_mode(mode)
    post = lambda **body: api.post(REQUESTS, {"client": "Acme"} | body)  # noqa: E731
    assert violations(post(status="weird"), mode) == [("status", CHOICE)]
    assert violations(post(billingType="weekly"), mode) == [("billingType", CHOICE)]
    inverted = post(salaryRangeMin=600000, salaryRangeMax=550000)
    assert violations(inverted, mode) == [("salaryRangeMax", MIN)]
    assert (
        inverted.json()["violations"][0]["message"] == "This value should be greater than or equal to 600000."
    )
    negative = post(salaryRangeMin=-1)
    assert violations(negative, mode) == [("salaryRangeMin", MIN)]
    assert negative.json()["violations"][0]["message"] == "This value should be greater than or equal to 0."
    assert violations(post(status=None), mode) == [("status", NULL)]
    problem(
        post(salaryRangeMin=4500.5),
        400,
        'The type of the "salaryRangeMin" attribute must be "int", "float" given.',
        mode,
    )
    problem(
        post(salaryRangeMax="550000"),
        400,
        'The type of the "salaryRangeMax" attribute must be "int", "string" given.',
        mode,
    )
    problem(
        post(start="next monday"),
        400,
        'The type of the "start" attribute must be "date", "string" given.',
        mode,
    )
    problem(
        post(owners="/flowtly/members/x"),
        400,
        'The type of the "owners" attribute must be "array", "string" given.',
        mode,
    )
    cid = make_candidates(api.tenant)
    problem(
        post(owners=[f"/flowtly/candidates/{cid}"]), 400, f'Invalid IRI "/flowtly/candidates/{cid}".', mode
    )
    problem(
        post(owners=["/flowtly/members/AAAAAAAAAAAAAAAA"]),
        400,
        'Item not found for "/flowtly/members/AAAAAAAAAAAAAAAA".',
        mode,
    )
    foreign = f"/flowtly/members/{other_api.tenant.created.admin.public_id}"
    problem(post(owners=[foreign]), 400, f'Item not found for "{foreign}".', mode)
    assert api.members(api.get(REQUESTS)) == []
    created = _request(api, salaryRangeMin=450000)
    path = f"{REQUESTS}/{created['id']}"
    assert violations(api.patch(path, {"salaryRangeMax": 1}), mode) == [("salaryRangeMax", MIN)]
    assert violations(api.patch(path, {"status": "weird"}), mode) == [("status", CHOICE)]
    problem(api.patch(path, {"owners": [foreign]}), 400, f'Item not found for "{foreign}".', mode)
    assert api.fields(api.get(path)) == created


def test_owners_accept_member_iris_in_every_form(api: Api, db: Database) -> None:
    with db.unit_of_work() as session:
        rita = make_member(session, api.tenant.ctx, name="Rita")
    members = api.members(api.get("/flowtly/members"))
    rita_id = next(m["id"] for m in members if m["firstname"] == "Rita")
    admin = api.tenant.created.admin.public_id
    created = _request(api, owners=[f"/members/{rita_id}", admin, f"/flowtly/members/{rita_id}"])
    assert created["owners"] == [f"/flowtly/members/{rita_id}", f"/flowtly/members/{admin}"]
    assert rita.member_id is not None


def test_salaries_are_stored_integers(api: Api, settings) -> None:
    created = _request(api, salaryRangeMin=450000, salaryRangeMax=450000)
    assert settings.price_multiplier == 100
    assert created["salaryRangeMin"] == 450000  # = 4,500.00 at multiplier 100
    assert api.fields(api.get(f"{REQUESTS}/{created['id']}"))["salaryRangeMax"] == 450000
    big = _request(api, salaryRangeMin=2**40)
    assert big["salaryRangeMin"] == 2**40


def test_request_filters_and_order(api: Api, clock) -> None:
    rows = [
        ("Acme SA", "open", "2026-06-01"),
        ("Globex", "filled", "2026-05-01"),
        ("acme labs", "open", None),
    ]
    for i, (client, status, start) in enumerate(rows):
        clock[0] = START + timedelta(days=i)
        _request(api, client=client, status=status, start=start)
    clients = lambda **params: [r["client"] for r in api.members(api.get(REQUESTS, **params))]  # noqa: E731
    check_collection("ResourceRequest", api.get(REQUESTS), "ld")
    assert clients() == ["Acme SA", "Globex", "acme labs"]
    assert clients(status="open", client="acme") == ["Acme SA", "acme labs"]
    assert clients(status="OPEN") == []
    either = api.client.get(f"{REQUESTS}?status[]=open&status[]=filled", headers=api.headers())
    assert len(api.members(either)) == 3
    by_start = [c for c in clients(**{"order[start]": "asc"}) if c != "acme labs"]  # NULL placement varies
    assert by_start == ["Globex", "Acme SA"]
    assert [c for c in clients(**{"order[start]": "desc"}) if c != "acme labs"] == ["Acme SA", "Globex"]
    assert clients(**{"order[createdAt]": "desc"}) == ["acme labs", "Globex", "Acme SA"]
    assert clients(**{"createdAt[strictly_after]": "2026-04-03T18:31:00+00:00"}) == ["Globex", "acme labs"]
    clock[0] = START + timedelta(days=10)
    first = api.members(api.get(REQUESTS))[0]["id"]
    api.patch(f"{REQUESTS}/{first}", {"status": "filled"})
    assert clients(**{"updatedAt[after]": "2026-04-13"}) == ["Acme SA"]
    assert clients(**{"order[updatedAt]": "desc"})[0] == "Acme SA"


# -- resource-request candidates --------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_proposal_crud_and_uniqueness(api: Api, mode: str, make_candidates: CandidateFactory, clock) -> None:
    api = api.as_mode(mode)
    request = _request(api)
    cid = make_candidates(api.tenant)
    body = {"resourceRequest": f"{REQUESTS}/{request['id']}", "candidate": cid}
    response = api.post(PROPOSALS, body)
    assert response.status_code == 201, response.text
    check_item("ResourceRequestCandidate", response, mode)
    proposal = api.fields(response)
    assert proposal == {
        "id": proposal["id"],
        "resourceRequest": f"{REQUESTS}/{request['id']}",
        "candidate": f"/flowtly/candidates/{cid}",
        "status": "proposed",
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    path = f"{PROPOSALS}/{proposal['id']}"
    assert response.headers["location"] == path
    check_item("ResourceRequestCandidate", api.get(path), mode)
    duplicate = api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": f"/candidates/{cid}"})
    assert violations(duplicate, mode) == [("candidate", UNIQUE)]
    assert duplicate.json()["violations"][0]["message"] == "This value is already used."
    clock[0] = START + timedelta(minutes=3)
    other = make_candidates(api.tenant)
    patched = api.fields(
        api.patch(path, {"status": "interviewing", "candidate": other, "resourceRequest": "nope"})
    )
    assert patched == proposal | {"status": "interviewing", "updatedAt": "2026-04-03T18:34:00+00:00"}
    assert violations(api.patch(path, {"status": "hired"}), mode) == [("status", CHOICE)]
    assert violations(api.patch(path, {"status": None}), mode) == [("status", NULL)]
    deleted = api.delete(path)
    assert deleted.status_code == 204
    assert deleted.content == b""
    problem(api.get(path), 404, "Not Found", mode)
    problem(api.delete(path), 404, "Not Found", mode)
    assert api.post(PROPOSALS, body).status_code == 201  # the pair may be proposed again


@pytest.mark.parametrize("mode", MODES)
def test_proposal_validation(api: Api, mode: str, make_candidates: CandidateFactory, other_api: Api) -> None:
    api = api.as_mode(mode)
    request = _request(api)
    cid = make_candidates(api.tenant)
    assert violations(api.post(PROPOSALS, {"candidate": cid}), mode) == [("resourceRequest", NULL)]
    assert violations(api.post(PROPOSALS, {"resourceRequest": request["id"]}), mode) == [("candidate", NULL)]
    assert violations(
        api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": cid, "status": "hired"}), mode
    ) == [("status", CHOICE)]
    problem(
        api.post(PROPOSALS, {"resourceRequest": f"/flowtly/candidates/{cid}", "candidate": cid}),
        400,
        f'Invalid IRI "/flowtly/candidates/{cid}".',
        mode,
    )
    problem(
        api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": "/flowtly/candidates/nope"}),
        400,
        'Item not found for "/flowtly/candidates/nope".',
        mode,
    )
    foreign_request = _request(other_api)
    foreign_candidate = make_candidates(other_api.tenant)
    problem(
        api.post(PROPOSALS, {"resourceRequest": foreign_request["id"], "candidate": cid}),
        400,
        f'Item not found for "{REQUESTS}/{foreign_request["id"]}".',
        mode,
    )
    problem(
        api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": foreign_candidate}),
        400,
        f'Item not found for "/flowtly/candidates/{foreign_candidate}".',
        mode,
    )
    assert api.members(api.get(PROPOSALS)) == []


def test_proposal_filters(api: Api, make_candidates: CandidateFactory, clock) -> None:
    r1, r2 = _request(api, client="One"), _request(api, client="Two")
    ada, bob = make_candidates(api.tenant), make_candidates(api.tenant)
    for i, (request, who, status) in enumerate(
        [(r1, ada, "proposed"), (r1, bob, "accepted"), (r2, ada, "proposed")]
    ):
        clock[0] = START + timedelta(days=i)
        api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": who, "status": status})
    pairs = lambda **params: [  # noqa: E731
        (p["resourceRequest"].rsplit("/", 1)[-1], p["candidate"].rsplit("/", 1)[-1])
        for p in api.members(api.get(PROPOSALS, **params))
    ]
    check_collection("ResourceRequestCandidate", api.get(PROPOSALS), "ld")
    assert pairs() == [(r1["id"], ada), (r1["id"], bob), (r2["id"], ada)]
    assert pairs(resourceRequest=r1["id"]) == [(r1["id"], ada), (r1["id"], bob)]
    assert pairs(resourceRequest=f"{REQUESTS}/{r2['id']}") == [(r2["id"], ada)]
    assert pairs(candidate=f"/candidates/{ada}") == [(r1["id"], ada), (r2["id"], ada)]
    assert pairs(status="accepted") == [(r1["id"], bob)]
    assert pairs(candidate=ada, status="proposed", resourceRequest=r2["id"]) == [(r2["id"], ada)]
    assert pairs(candidate="nope") == []
    assert pairs(**{"order[createdAt]": "desc"})[0] == (r2["id"], ada)
    assert pairs(**{"createdAt[after]": "2026-04-05"}) == [(r2["id"], ada)]
    assert pairs(**{"updatedAt[before]": "2026-04-03T18:31:00+00:00"}) == [(r1["id"], ada)]
    assert pairs(**{"order[updatedAt]": "desc"})[0] == (r2["id"], ada)


def test_another_company_cannot_reach_staffing(
    api: Api, other_api: Api, make_candidates: CandidateFactory
) -> None:
    request = _request(api)
    proposal = api.fields(
        api.post(PROPOSALS, {"resourceRequest": request["id"], "candidate": make_candidates(api.tenant)})
    )
    for mode in MODES:
        other = other_api.as_mode(mode)
        for path, body in (
            (f"{REQUESTS}/{request['id']}", {"status": "filled"}),
            (f"{PROPOSALS}/{proposal['id']}", {"status": "accepted"}),
        ):
            problem(other.get(path), 404, "Not Found", mode)
            problem(other.patch(path, body), 404, "Not Found", mode)
        problem(other.delete(f"{PROPOSALS}/{proposal['id']}"), 404, "Not Found", mode)
        assert other.members(other.get(REQUESTS)) == []
        assert other.members(other.get(PROPOSALS)) == []
        assert other.members(other.get(PROPOSALS, resourceRequest=request["id"])) == []
    assert api.fields(api.get(f"{PROPOSALS}/{proposal['id']}"))["status"] == "proposed"


@pytest.mark.parametrize("mode", MODES)
def test_nul_characters_are_refused_naming_the_attribute(api: Api, mode: str) -> None:
    api = api.as_mode(mode)
    for attribute, value in (("description", "a\x00b"), ("extra", ["ok", {"deep": "x\x00"}])):
        response = api.post(REQUESTS, {"client": "Acme", "position": "Dev", attribute: value})
        body = response.json()
        assert response.status_code == 400
        assert body.get("detail", body.get("hydra:description")) == (
            f'The "{attribute}" attribute must not contain NUL characters.'
        )

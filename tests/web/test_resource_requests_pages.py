"""Resource requests pages: list, create, edit, status, propose candidates, proposal status; every
change read back through the Flowtly API."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import add_user, post_form, sign_in
from vivier.companies.models import Role
from vivier.db.session import Database
from vivier.staffing.shortlist import propose_candidate
from vivier.web import resource_requests

REQUESTS = "/flowtly/resource-requests"
PROPOSALS = "/flowtly/resource-request-candidates"
JSON = {"Accept": "application/json"}
FORM = {
    "client": "Acme SA",
    "position": "Java developer",
    "location": "Lyon",
    "description": "Six months, remote on Fridays",
    "status": "open",
    "start": "2026-05-01",
    "salaryRangeMin": "4500.50",
    "salaryRangeMax": "5 500",
    "billingType": "monthly",
}


def api(client: TestClient, tenant: Tenant, path: str, **params: str) -> Any:
    response = client.get(path, params=params or None, headers=tenant.auth | JSON)
    assert response.status_code == 200, response.text
    return response.json()


def api_request(browser: TestClient, tenant: Tenant, **body: Any) -> str:
    response = browser.post(
        REQUESTS, json={"client": "Initech", "position": "Tester"} | body, headers=tenant.auth
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def api_candidate(client: TestClient, tenant: Tenant, firstname: str, email: str) -> str:
    body = {"firstname": firstname, "lastname": "Proposed", "email": email}
    response = client.post("/flowtly/candidates", json=body, headers=tenant.auth)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def proposals_of(client: TestClient, tenant: Tenant, request_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api(client, tenant, PROPOSALS, resourceRequest=request_id)
    return found


def created_id(response: Any) -> str:
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/resource-requests/([A-Za-z0-9]{16})", response.headers["location"])
    assert match, response.headers["location"]
    return match.group(1)


def test_signed_out_redirects_and_forged_posts_are_refused(client: TestClient, tenant: Tenant) -> None:
    rid = api_request(client, tenant)
    for path in (
        "/resource-requests",
        "/resource-requests/new",
        f"/resource-requests/{rid}",
        f"/resource-requests/{rid}/edit",
    ):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["location"].startswith(
            "/login?next=/resource-requests"
        )
    for path in ("/resource-requests", f"/resource-requests/{rid}/edit", f"/resource-requests/{rid}/status"):
        assert client.post(path, data=FORM).status_code == 403  # no CSRF token
        assert post_form(client, path, FORM).status_code == 303  # token but no session
    assert api(client, tenant, f"{REQUESTS}/{rid}")["client"] == "Initech"
    assert len(api(client, tenant, REQUESTS)) == 1


def test_create_with_every_field(web: TestClient, tenant: Tenant) -> None:
    form = web.get("/resource-requests/new")
    admin = tenant.created.admin.public_id
    assert form.status_code == 200 and 'id="request-form"' in form.text and f'value="{admin}"' in form.text
    assert 'for="salaryRangeMin"' in form.text and 'for="billingType"' in form.text
    rid = created_id(post_form(web, "/resource-requests", FORM | {"owners": [admin]}))
    assert api(web, tenant, f"{REQUESTS}/{rid}") | {"createdAt": "", "updatedAt": ""} == {
        "id": rid,
        "client": "Acme SA",
        "status": "open",
        "location": "Lyon",
        "position": "Java developer",
        "description": "Six months, remote on Fridays",
        "start": "2026-05-01",
        "salaryRangeMin": 450050,
        "salaryRangeMax": 550000,
        "billingType": "monthly",
        "owners": [f"/flowtly/members/{admin}"],
        "createdAt": "",
        "updatedAt": "",
    }
    page = web.get(f"/resource-requests/{rid}")
    assert page.status_code == 200 and "4500.5 – 5500" in page.text and "Eva Laurent" in page.text


def test_create_validation_keeps_the_values_and_writes_nothing(web: TestClient, tenant: Tenant) -> None:
    bad = post_form(web, "/resource-requests", FORM | {"salaryRangeMin": "lots", "start": "tomorrow"})
    assert bad.status_code == 422
    assert 'id="salaryRangeMin-error"' in bad.text and 'id="start-error"' in bad.text
    assert 'value="lots"' in bad.text and 'value="Acme SA"' in bad.text
    ranges = post_form(web, "/resource-requests", FORM | {"salaryRangeMax": "10", "client": "x" * 256})
    assert ranges.status_code == 422
    assert "This value should be greater than or equal to 450050." in ranges.text
    assert 'id="client-error"' in ranges.text and 'aria-invalid="true"' in ranges.text
    choice = post_form(web, "/resource-requests", FORM | {"status": "bogus", "owners": ["AAAAAAAAAAAAAAAA"]})
    assert choice.status_code == 422 and 'id="owners-error"' in choice.text
    nul = post_form(web, "/resource-requests", FORM | {"client": "Acme\x00", "owners": ["\x00"]})
    assert nul.status_code == 422 and 'id="owners-error"' in nul.text  # never a database error
    assert api(web, tenant, REQUESTS) == []


def test_list_filters_by_status_and_pages(
    web: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resource_requests, "PER_PAGE", 2)
    open_ids = [api_request(web, tenant, client=f"Open {n}") for n in range(3)]
    filled = api_request(web, tenant, client="Done deal", status="filled")
    everything = web.get("/resource-requests")
    assert everything.status_code == 200 and 'id="next-page"' in everything.text
    assert "Page 1 of 2" in everything.text
    shown = re.findall(r'data-request="(\w+)"', everything.text)
    assert shown == [filled, open_ids[2]]  # newest first
    only_filled = web.get("/resource-requests", params={"status": "filled"}).text
    assert (
        re.findall(r'data-request="(\w+)"', only_filled) == [filled] and 'id="next-page"' not in only_filled
    )
    second = web.get("/resource-requests", params={"status": "open", "page": "2"}).text
    assert re.findall(r'data-request="(\w+)"', second) == [open_ids[0]] and 'id="previous-page"' in second
    assert web.get("/resource-requests", params={"page": str(10**20)}).status_code == 422
    unknown = web.get("/resource-requests", params={"status": "nope"}).text  # ignored, not an error
    assert len(re.findall(r'data-request="(\w+)"', unknown)) == 2


def test_edit_every_field_and_clear_some(web: TestClient, tenant: Tenant) -> None:
    rid = api_request(
        web,
        tenant,
        salaryRangeMin=450000,
        billingType="daily",
        owners=[f"/flowtly/members/{tenant.created.admin.public_id}"],
    )
    form = web.get(f"/resource-requests/{rid}/edit")
    assert form.status_code == 200 and 'value="4500"' in form.text and 'value="Initech"' in form.text
    assert (
        f'value="{tenant.created.admin.public_id}" id="owner-{tenant.created.admin.public_id}" checked'
        in form.text
    )
    changes = FORM | {
        "client": "Globex",
        "status": "in_progress",
        "salaryRangeMin": "",
        "billingType": "",
        "location": "",
    }
    response = post_form(web, f"/resource-requests/{rid}/edit", changes)
    assert response.status_code == 303 and response.headers["location"] == f"/resource-requests/{rid}"
    stored = api(web, tenant, f"{REQUESTS}/{rid}")
    assert stored["client"] == "Globex" and stored["status"] == "in_progress" and stored["location"] is None
    assert stored["salaryRangeMin"] is None and stored["billingType"] is None and stored["owners"] == []
    assert stored["salaryRangeMax"] == 550000 and stored["start"] == "2026-05-01"
    bad = post_form(
        web, f"/resource-requests/{rid}/edit", changes | {"billingType": "yearly", "client": "Kept?"}
    )
    assert bad.status_code == 422 and 'id="billingType-error"' in bad.text and 'value="Kept?"' in bad.text
    assert api(web, tenant, f"{REQUESTS}/{rid}")["client"] == "Globex"


def test_change_the_request_status(web: TestClient, tenant: Tenant) -> None:
    rid = api_request(web, tenant)
    response = post_form(web, f"/resource-requests/{rid}/status", {"status": "filled"})
    assert response.status_code == 303 and api(web, tenant, f"{REQUESTS}/{rid}")["status"] == "filled"
    bad = post_form(web, f"/resource-requests/{rid}/status", {"status": "lost"})
    assert bad.status_code == 422 and 'id="status-error"' in bad.text
    assert api(web, tenant, f"{REQUESTS}/{rid}")["status"] == "filled"


def test_find_and_propose_candidates(web: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    rid = api_request(web, tenant)
    ada = api_candidate(web, tenant, "Ada", "ada@analytical.example")
    api_candidate(web, other_tenant, "Ada", "ada@foreign.example")
    page = web.get(f"/resource-requests/{rid}", params={"q": "analytical"})
    assert page.status_code == 200 and f'class="propose actions" data-candidate="{ada}"' in page.text
    assert "ada@foreign.example" not in web.get(f"/resource-requests/{rid}", params={"q": "ada"}).text
    assert web.get(f"/resource-requests/{rid}", params={"q": "\x00ada"}).status_code == 200
    fragment = web.get(
        f"/resource-requests/{rid}/matches", params={"q": "Ada"}, headers={"HX-Request": "true"}
    )
    assert (
        fragment.text.startswith('<div id="candidate-matches"') and f'data-candidate="{ada}"' in fragment.text
    )
    response = post_form(web, f"/resource-requests/{rid}/proposals", {"candidate": ada})
    assert (
        response.status_code == 303 and response.headers["location"] == f"/resource-requests/{rid}#proposals"
    )
    [proposal] = proposals_of(web, tenant, rid)
    assert proposal["candidate"] == f"/flowtly/candidates/{ada}" and proposal["status"] == "proposed"
    sheet = web.get(f"/resource-requests/{rid}", params={"q": "ada"}).text
    assert f'data-proposal="{proposal["id"]}" data-candidate="{ada}"' in sheet and "Already proposed" in sheet
    again = post_form(web, f"/resource-requests/{rid}/proposals", {"candidate": ada})
    assert again.status_code == 422 and "already proposed for this request" in again.text
    blank = post_form(web, f"/resource-requests/{rid}/proposals", {"candidate": ""})
    assert blank.status_code == 422 and 'id="candidate-error"' in blank.text
    assert len(proposals_of(web, tenant, rid)) == 1


def test_change_a_proposal_status(web: TestClient, tenant: Tenant) -> None:
    rid, elsewhere = api_request(web, tenant), api_request(web, tenant, client="Other")
    grace = api_candidate(web, tenant, "Grace", "grace@navy.example")
    post_form(web, f"/resource-requests/{rid}/proposals", {"candidate": grace})
    [proposal] = proposals_of(web, tenant, rid)
    path = f"/resource-requests/{rid}/proposals/{proposal['id']}/status"
    assert post_form(web, path, {"status": "interviewing"}).status_code == 303
    assert api(web, tenant, f"{PROPOSALS}/{proposal['id']}")["status"] == "interviewing"
    bad = post_form(web, path, {"status": "hired"})
    assert bad.status_code == 422 and f'id="proposal-error-{proposal["id"]}"' in bad.text
    wrong_request = f"/resource-requests/{elsewhere}/proposals/{proposal['id']}/status"
    assert post_form(web, wrong_request, {"status": "rejected"}).status_code == 404
    assert api(web, tenant, f"{PROPOSALS}/{proposal['id']}")["status"] == "interviewing"
    withdraw = f"/resource-requests/{rid}/proposals/{proposal['id']}/withdraw"
    assert web.post(withdraw).status_code == 403  # no CSRF token
    assert (
        post_form(web, f"/resource-requests/{elsewhere}/proposals/{proposal['id']}/withdraw").status_code
        == 404
    )
    withdrawn = post_form(web, withdraw)
    assert withdrawn.status_code == 303 and proposals_of(web, tenant, rid) == []
    assert post_form(web, f"/resource-requests/{rid}/proposals", {"candidate": grace}).status_code == 303
    assert len(proposals_of(web, tenant, rid)) == 1  # proposed again after withdrawal


def test_another_companys_ids_are_not_found(
    web: TestClient, tenant: Tenant, other_tenant: Tenant, db: Database
) -> None:
    foreign = api_request(web, other_tenant, client="Foreign")
    foreign_person = api_candidate(web, other_tenant, "Eve", "eve@foreign.example")
    mine = api_request(web, tenant)
    for path in (
        f"/resource-requests/{foreign}",
        f"/resource-requests/{foreign}/edit",
        f"/resource-requests/{foreign}/matches",
    ):
        assert web.get(path).status_code == 404
    assert post_form(web, f"/resource-requests/{foreign}/edit", FORM).status_code == 404
    assert post_form(web, f"/resource-requests/{foreign}/edit", FORM | {"start": "bad"}).status_code == 404
    assert post_form(web, f"/resource-requests/{foreign}/status", {"status": "filled"}).status_code == 404
    with db.unit_of_work() as session:
        theirs = propose_candidate(session, other_tenant.ctx, foreign, foreign_person).proposal.public_id
    for action, data in (("status", {"status": "rejected"}), ("withdraw", {})):
        assert (
            post_form(web, f"/resource-requests/{foreign}/proposals/{theirs}/{action}", data).status_code
            == 404
        )
        assert (
            post_form(web, f"/resource-requests/{mine}/proposals/{theirs}/{action}", data).status_code == 404
        )
    assert [p["status"] for p in proposals_of(web, other_tenant, foreign)] == ["proposed"]
    assert (
        post_form(web, f"/resource-requests/{mine}/proposals", {"candidate": foreign_person}).status_code
        == 404
    )
    assert api(web, other_tenant, f"{REQUESTS}/{foreign}")["client"] == "Foreign"
    assert api(web, other_tenant, f"{REQUESTS}/{foreign}")["status"] == "open"
    assert proposals_of(web, tenant, mine) == []
    assert foreign not in web.get("/resource-requests").text


def test_hiring_managers_read_only(client: TestClient, tenant: Tenant, db: Database) -> None:
    rid = api_request(client, tenant)
    person = api_candidate(client, tenant, "Hm", "hm-target@example.org")
    assert sign_in(client, add_user(db, tenant, Role.HIRING_MANAGER)).status_code == 303
    listing = client.get("/resource-requests")
    assert listing.status_code == 200 and rid in listing.text and 'id="new-request"' not in listing.text
    sheet = client.get(f"/resource-requests/{rid}")
    assert (
        sheet.status_code == 200
        and 'id="edit-request"' not in sheet.text
        and 'id="request-status"' not in sheet.text
    )
    assert client.get("/resource-requests/new").status_code == 403
    assert client.get(f"/resource-requests/{rid}/edit").status_code == 403
    assert post_form(client, "/resource-requests", FORM).status_code == 403
    assert post_form(client, f"/resource-requests/{rid}/edit", FORM).status_code == 403
    assert post_form(client, f"/resource-requests/{rid}/status", {"status": "filled"}).status_code == 403
    assert post_form(client, f"/resource-requests/{rid}/proposals", {"candidate": person}).status_code == 403
    with db.unit_of_work() as session:
        proposal = propose_candidate(session, tenant.ctx, rid, person).proposal.public_id
    withdraw = f"/resource-requests/{rid}/proposals/{proposal}/withdraw"
    assert post_form(client, withdraw).status_code == 403
    assert (
        post_form(
            client, f"/resource-requests/{rid}/proposals/{proposal}/status", {"status": "accepted"}
        ).status_code
        == 403
    )
    assert [p["status"] for p in proposals_of(client, tenant, rid)] == ["proposed"]
    assert len(api(client, tenant, REQUESTS)) == 1
    assert api(client, tenant, f"{REQUESTS}/{rid}")["status"] == "open"


def test_french_pages(web: TestClient, tenant: Tenant) -> None:
    rid = api_request(web, tenant, status="in_progress")
    fr = {"Accept-Language": "fr"}
    assert "Nouvelle demande" in web.get("/resource-requests", headers=fr).text
    assert "En cours" in web.get(f"/resource-requests/{rid}", headers=fr).text
    form = web.get("/resource-requests/new", headers=fr).text
    assert "Date de début" in form and "Responsables" in form
    bad = post_form(web, "/resource-requests", FORM | {"start": "demain"}, headers=fr)
    assert bad.status_code == 422 and "Saisissez une date (AAAA-MM-JJ)." in bad.text

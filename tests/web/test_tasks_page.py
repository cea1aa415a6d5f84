"""The tasks page: mine / all, open / closed, close and reopen (plain POST and htmx), roles, tenants."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faces.conftest import Tenant
from tests.factories import make_application, make_candidate
from tests.web.conftest import add_user, post_form, sign_in
from vivier.companies.models import Role, User
from vivier.db.session import Database
from vivier.web import tasks_page


def user_id(db: Database, email: str) -> str:
    with db.unit_of_work() as session:
        return session.scalars(select(User.public_id).where(User.email == email)).one()


def seed_application(db: Database, tenant: Tenant, firstname: str = "Grace") -> tuple[str, str]:
    """A committed applicant of ``tenant``: (application public id, candidate public id)."""
    with db.unit_of_work() as session:
        candidate = make_candidate(session, tenant.ctx, firstname, "Hopper")
        application = make_application(session, tenant.ctx, candidate)
        return application.public_id, candidate.public_id


def api_task(client: TestClient, tenant: Tenant, description: str, **body: Any) -> str:
    """Create a task through the Flatchr API; by default shown to and created by the tenant's admin."""
    admin = tenant.created.user.public_id
    payload = {
        "description": description,
        "date": "2030-01-15T09:30:00.000Z",
        "value": [f"member={admin}"],
        "users": [admin],
    } | body
    response = client.post(f"/flatchr/company/{tenant.id}/task", headers=tenant.auth, json=payload)
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def api_done(client: TestClient, tenant: Tenant, task_id: str) -> bool:
    """The task's ``done`` flag read back through the Flatchr API."""
    response = client.get(f"/flatchr/company/{tenant.id}/tasks", headers=tenant.auth)
    assert response.status_code == 200, response.text
    return next(bool(t["done"]) for t in response.json() if t["id"] == task_id)


def row(page: str, task_id: str) -> str:
    """The HTML of one task row (empty when the page does not show it)."""
    start = page.find(f'data-task="{task_id}"')
    return "" if start < 0 else page[start : page.index("</tr>", start)]


def test_signed_out_redirects_and_forged_posts_are_refused(client: TestClient, tenant: Tenant) -> None:
    response = client.get("/tasks?scope=all")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/tasks%3Fscope%3Dall"
    task = api_task(client, tenant, "Call back")
    assert post_form(client, f"/tasks/{task}/close").status_code == 303  # token, no session: sign in first
    assert client.post(f"/tasks/{task}/close").status_code == 403
    assert api_done(client, tenant, task) is False


def test_my_tasks_and_all_tasks(web: TestClient, tenant: Tenant, db: Database) -> None:
    colleague = user_id(db, add_user(db, tenant, Role.RECRUITER))
    application, candidate = seed_application(db, tenant)
    mine = api_task(web, tenant, "Phone screen Grace", value=[f"applicant={application}"])
    theirs = api_task(
        web, tenant, "Their chore", value=[f"member={colleague}"], users=[colleague], memberId=colleague
    )
    page = web.get("/tasks")
    assert page.status_code == 200 and 'id="tasks"' in page.text
    assert row(page.text, mine) and not row(page.text, theirs)
    line = row(page.text, mine)
    assert f'href="/candidates/{candidate}"' in line and "Grace Hopper" in line
    assert "2030-01-15 09:30" in line and ">Close</button>" in line and "Eva Laurent" in line
    everything = web.get("/tasks", params={"scope": "all"})
    assert row(everything.text, mine) and row(everything.text, theirs)
    assert 'data-scope="all" href="/tasks?scope=all&amp;state=open" aria-current="page"' in everything.text


def test_close_comes_back_to_the_list_and_moves_the_task_to_closed(web: TestClient, tenant: Tenant) -> None:
    task = api_task(web, tenant, "Send the contract")
    closed = post_form(web, f"/tasks/{task}/close", {"back": "/tasks?scope=all"})
    assert closed.status_code == 303 and closed.headers["location"] == "/tasks?scope=all"
    assert api_done(web, tenant, task) is True
    assert not row(web.get("/tasks").text, task)
    done = row(web.get("/tasks", params={"state": "closed"}).text, task)
    assert 'data-done="true"' in done and ">Reopen</button>" in done and ">Close</button>" not in done
    reopened = post_form(web, f"/tasks/{task}/reopen", {"back": "https://evil.example/"})
    assert reopened.status_code == 303 and reopened.headers["location"] == "/tasks"
    assert api_done(web, tenant, task) is False


def test_htmx_close_swaps_the_row_in_place(web: TestClient, tenant: Tenant, db: Database) -> None:
    application, candidate = seed_application(db, tenant)
    task = api_task(web, tenant, "Check references", value=[f"applicant={application}"])
    response = web.post(
        f"/tasks/{task}/close",
        data={"back": "/tasks"},
        headers={"HX-Request": "true", "X-CSRF-Token": web.cookies["vivier_csrf"]},
    )
    assert response.status_code == 200 and response.text.lstrip().startswith("<tr")
    assert 'data-done="true"' in response.text and f'href="/candidates/{candidate}"' in response.text
    assert api_done(web, tenant, task) is True


def test_another_companys_task_is_not_found(web: TestClient, tenant: Tenant, other_tenant: Tenant) -> None:
    foreign = api_task(web, other_tenant, "Not yours")
    assert post_form(web, f"/tasks/{foreign}/close").status_code == 404
    assert post_form(web, "/tasks/AAAAAAAAAAAAAAAA/close").status_code == 404
    assert api_done(web, other_tenant, foreign) is False
    assert not row(web.get("/tasks", params={"scope": "all"}).text, foreign)


def test_hiring_managers_read_but_cannot_close(client: TestClient, tenant: Tenant, db: Database) -> None:
    task = api_task(client, tenant, "Shared task")
    assert sign_in(client, add_user(db, tenant, Role.HIRING_MANAGER)).status_code == 303
    page = client.get("/tasks", params={"scope": "all"})
    assert page.status_code == 200 and row(page.text, task) and ">Close</button>" not in row(page.text, task)
    assert post_form(client, f"/tasks/{task}/close").status_code == 403
    assert api_done(client, tenant, task) is False


def test_pages_of_tasks(web: TestClient, tenant: Tenant, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tasks_page, "PER_PAGE", 2)
    ids = [api_task(web, tenant, f"Task {n}", date=f"2030-02-0{n}T08:00:00.000Z") for n in (1, 2, 3)]
    first = web.get("/tasks").text
    assert row(first, ids[0]) and row(first, ids[1]) and not row(first, ids[2])
    assert 'id="next-page"' in first and 'id="previous-page"' not in first
    second = web.get("/tasks", params={"page": 2}).text
    assert row(second, ids[2]) and not row(second, ids[0]) and 'id="next-page"' not in second
    assert 'id="previous-page"' in second
    assert web.get("/tasks", params={"state": "bogus"}).status_code == 422
    assert web.get("/tasks", params={"page": str(10**20)}).status_code == 422  # never sent to the database


def test_french_page(web: TestClient, tenant: Tenant) -> None:
    api_task(web, tenant, "Relancer")
    page = web.get("/tasks", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and "Mes tâches" in page.text and ">Clore</button>" in page.text
    empty = web.get("/tasks", params={"state": "closed"}, headers={"Accept-Language": "fr"})
    assert "Aucune tâche close." in empty.text

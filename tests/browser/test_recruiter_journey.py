"""The issue's end-to-end journey in a real browser: a candidate applies on the career site with a PDF;
a recruiter signs in, finds the card on the board, drags it to the next column, adds a note and a
tag, and closes a task. Each step is checked through the Flatchr API."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient

from tests.browser.conftest import expect, screenshot
from tests.conftest import PASSWORD
from tests.faces.conftest import Tenant
from tests.web.careers_fixtures import flatchr_applications, publish, small_pdf
from vivier.db.session import Database

if TYPE_CHECKING:
    from playwright.sync_api import Page


def flatchr(client: TestClient, tenant: Tenant, path: str, **kwargs: Any) -> Any:
    response = client.get(f"/flatchr/company/{tenant.id}/{path}", headers=tenant.auth, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def apply_on_career_site(page: Page, slug: str, title: str, email: str) -> None:
    page.goto(f"/jobs/{slug}")
    page.get_by_role("link", name=title).click()
    page.get_by_label("First name").fill("Noa")
    page.get_by_label("Last name").fill("Martin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("CV").set_input_files(
        {"name": "noa-martin.pdf", "mimeType": "application/pdf", "buffer": small_pdf("Noa Martin")}
    )
    page.get_by_label(re.compile("processes my personal data")).check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you!")


def test_from_application_to_closed_task(
    page: Page, client: TestClient, db: Database, tenant: Tenant
) -> None:
    title = f"Data Engineer {uuid.uuid4().hex[:6]}"
    publish(db, tenant, title)
    email = f"noa-{uuid.uuid4().hex[:8]}@example.org"
    apply_on_career_site(page, tenant.created.company.slug, title, email)
    (row,) = flatchr_applications(client, tenant, email)
    applicant_id = row["applicant"]
    columns = sorted(flatchr(client, tenant, "columns"), key=lambda column: column["position"])
    first, second = columns[0], columns[1]
    assert flatchr(client, tenant, f"applicant/{applicant_id}")["column_id"] == first["id"]
    task = client.post(
        f"/flatchr/company/{tenant.id}/task",
        headers=tenant.auth,
        json={
            "description": "Call Noa back",
            "date": "2030-01-15T09:00:00.000Z",
            "value": [f"applicant={applicant_id}"],
            "users": [tenant.created.user.public_id],
            "email": False,
        },
    ).json()

    # The recruiter signs in and opens the vacancy's board from the vacancy list.
    page.goto("/login")
    page.get_by_label("Email").fill(tenant.created.user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/vacancies$"))
    page.locator("tr", has_text=title).get_by_role("link", name=re.compile("board", re.I)).first.click()
    card = page.locator(f'[data-column="{first["id"]}"] [data-application]', has_text="Noa Martin")
    expect(card).to_be_visible()
    next_lane = page.locator(f'section[data-column="{second["id"]}"]')
    count = next_lane.locator("[data-count]")
    before = int(count.inner_text())
    card.drag_to(next_lane.locator("ol[data-cards]"))
    expect(count).to_have_text(str(before + 1))
    expect(page.locator("#board-status")).to_contain_text("moved to")
    screenshot(page, "board.png")
    assert flatchr(client, tenant, f"applicant/{applicant_id}")["column_id"] == second["id"]

    # On the profile: a note, a tag, and the task closed.
    page.locator(f'[data-column="{second["id"]}"] a[data-candidate]', has_text="Noa Martin").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Noa Martin")
    expect(page.locator("#cv-preview")).to_be_visible()
    page.locator("#note-form").get_by_label("Note").fill("Strong SQL, wants remote Fridays.")
    page.locator("#note-form").get_by_role("button").click()
    expect(page.locator("#notes")).to_contain_text("Strong SQL, wants remote Fridays.")
    comments = flatchr(client, tenant, f"applicant/{applicant_id}/comments")
    assert any("Strong SQL, wants remote Fridays." in comment["text"] for comment in comments)

    tag = next(t for t in flatchr(client, tenant, "tags") if t["type"] == "candidates")
    value = tag["values"].split(";")[0] if tag["values"] else "Remote"
    form = page.locator("#tag-form")
    form.get_by_label("Tag").select_option(tag["id"])
    form.get_by_label("Value").fill(value)
    form.get_by_role("button").click()
    expect(page.locator("#tags")).to_contain_text(value)
    traits = flatchr(client, tenant, f"applicant/{applicant_id}/traits")
    assert [(trait["tag_id"], trait["value"]) for trait in traits] == [(tag["id"], value)]

    task_item = page.locator(f'#tasks [data-task="{task["id"]}"]')
    expect(task_item).to_contain_text("Call Noa back")
    task_item.get_by_role("button", name="Close").click()
    expect(task_item.get_by_role("button", name="Close")).to_have_count(0)
    screenshot(page, "profile.png")
    tasks = flatchr(client, tenant, "tasks", params={"date": "2030-01-01T00:00:00.000Z"})
    assert next(t for t in tasks if t["id"] == task["id"])["done"] is True

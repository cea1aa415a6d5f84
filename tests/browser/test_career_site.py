"""A candidate finds a job on the career site and applies with a PDF, in a real browser; the result
is then checked through the Flatchr API."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from fastapi.testclient import TestClient

from tests.browser.conftest import expect, screenshot
from tests.faces.conftest import Tenant
from tests.web.careers_fixtures import (
    RETENTION,
    assert_applied_with_cv,
    publish,
    set_retention_policy,
    small_pdf,
)
from vivier.db.session import Database

if TYPE_CHECKING:
    from playwright.sync_api import Page


def test_a_candidate_applies_with_a_pdf(page: Page, client: TestClient, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    publish(db, tenant, "Frontend Developer", contract_type_id=2, locality="Paris")
    publish(db, tenant, "Site Reliability Engineer", contract_type_id=1, locality="Lyon")
    publish(db, tenant, "Office Manager", contract_type_id=1, locality="Paris")
    set_retention_policy(db, tenant)
    page.goto(f"/jobs/{slug}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jobs at {tenant.created.company.name}")
    expect(page.locator(".jobs li")).to_have_count(3)
    screenshot(page, "career-site.png")

    # Filters are a plain GET form.
    page.get_by_label("Contract type").select_option(label="Permanent contract")
    page.get_by_label("Location").select_option("Lyon")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"contract=1&location=Lyon"))
    expect(page.locator(".jobs li")).to_have_count(1)
    page.get_by_role("link", name="Site Reliability Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Site Reliability Engineer")
    expect(page.get_by_text(RETENTION)).to_be_visible()

    email = f"camille-{uuid.uuid4().hex[:8]}@example.org"
    cv = small_pdf("Camille Durand")
    page.get_by_label("First name").fill("Camille")
    page.get_by_label("Last name").fill("Durand")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Phone").fill("06 11 22 33 44")
    page.get_by_label("CV").set_input_files(
        {"name": "camille-durand.pdf", "mimeType": "application/pdf", "buffer": cv}
    )
    page.get_by_label("Cover letter").fill("Keeping sites up is my thing.")
    page.get_by_label(re.compile("processes my personal data")).check()
    screenshot(page, "career-apply.png")
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you!")
    expect(page).to_have_url(re.compile(r"/applied$"))
    assert_applied_with_cv(client, tenant, email, "Site Reliability Engineer", cv)


def test_the_career_site_fits_a_phone_in_french(phone_page: Page, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    publish(db, tenant, "Aide-soignant de nuit en service de gériatrie", locality="Villeurbanne")
    phone_page.goto(f"/jobs/{slug}")
    phone_page.get_by_role("link", name="Français").click()
    expect(phone_page.get_by_role("heading", level=1)).to_contain_text("Offres d'emploi chez")
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert phone_page.evaluate(fits)
    phone_page.get_by_role("link", name=re.compile("Aide-soignant")).click()
    expect(phone_page.get_by_label("Prénom")).to_be_visible()
    assert phone_page.evaluate(fits)
    screenshot(phone_page, "career-site-phone.png")

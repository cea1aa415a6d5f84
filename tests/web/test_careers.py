"""The career site's reading pages: listing and filters, vacancy page, languages, other companies."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.careers_fixtures import publish
from vivier.db.session import Database
from vivier.web.i18n import LANG_COOKIE

EN = {"Accept-Language": "en"}


def titles(html: str) -> list[str]:
    return re.findall(r'<li>\s*<a href="/jobs/[^"]+">([^<]+)</a>', html)


def test_career_site_lists_published_vacancies_and_shows_one(
    client: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    published = publish(db, tenant, "Web Developer")
    draft = publish(db, tenant, "Secret Draft", status=2)
    foreign = publish(db, other_tenant, "Elsewhere")
    page = client.get(f"/jobs/{slug}", headers=EN)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert titles(page.text) == ["Web Developer"]
    assert f"/jobs/{slug}/{published}" in page.text and "Lyon" in page.text and "1 open position" in page.text
    detail = client.get(f"/jobs/{slug}/{published}", headers=EN)
    assert detail.status_code == 200
    assert "<p>Join us &amp; grow</p>" in detail.text and "<li>" not in detail.text
    assert "<script>" not in detail.text and "alert(1)" not in detail.text and "<p>Build</p>" in detail.text
    assert "<h2>Missions</h2>" in detail.text and "Profile" not in detail.text  # empty sections are left out
    assert client.get(f"/jobs/{slug}/{draft}").status_code == 404
    assert client.get(f"/jobs/{slug}/{foreign}").status_code == 404
    assert client.get(f"/jobs/{other_tenant.created.company.slug}/{foreign}").status_code == 200
    missing = client.get("/jobs/no-such-company", headers=EN)
    assert missing.status_code == 404 and "Page not found" in missing.text


def test_filters_by_contract_type_location_and_text(client: TestClient, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    publish(db, tenant, "Backend Developer", contract_type_id=1, locality="Lyon")
    publish(db, tenant, "Frontend Developer", contract_type_id=2, locality="Paris")
    publish(db, tenant, "Accountant", contract_type_id=1, locality="Paris")

    def listed(**params: str) -> list[str]:
        response = client.get(f"/jobs/{slug}", params=params, headers=EN)
        assert response.status_code == 200
        return sorted(titles(response.text))

    everything = ["Accountant", "Backend Developer", "Frontend Developer"]
    assert listed() == everything
    assert listed(contract="1") == ["Accountant", "Backend Developer"]
    assert listed(location="paris") == ["Accountant", "Frontend Developer"]
    assert listed(q="developer") == ["Backend Developer", "Frontend Developer"]
    assert listed(q="developer", contract="1", location="Lyon") == ["Backend Developer"]
    assert listed(contract="nonsense", location="", q="  ") == everything  # malformed means "any"
    empty = client.get(f"/jobs/{slug}", params={"q": "astronaut"}, headers=EN)
    assert titles(empty.text) == [] and "No job matches your search." in empty.text
    # The GET form keeps the choices and offers only what is listed, each control labelled.
    page = client.get(f"/jobs/{slug}", params={"contract": "2", "location": "Paris", "q": "dev"}, headers=EN)
    assert '<form class="filters" method="get"' in page.text
    for control in ("q", "contract", "location"):
        assert f'<label for="{control}">' in page.text and f'id="{control}" name="{control}"' in page.text
    assert 'value="dev"' in page.text
    assert re.search(r'<option value="2" selected>[^<]+</option>', page.text)
    assert '<option value="Paris" selected>Paris</option>' in page.text
    assert re.findall(r'<option value="([^"]*)"', page.text) == ["", "1", "2", "", "Lyon", "Paris"]


def test_pages_follow_accept_language_and_the_language_switch(
    client: TestClient, db: Database, tenant: Tenant
) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Data Analyst")
    company = tenant.created.company.name
    french = client.get(f"/jobs/{slug}", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert '<html lang="fr">' in french.text and f"Offres d&#39;emploi chez {company}" in french.text
    assert "Type de contrat" in french.text and "CDI" in french.text
    english = client.get(f"/jobs/{slug}", headers=EN)
    assert '<html lang="en">' in english.text and f"Jobs at {company}" in english.text
    assert "Contract type" in english.text and "Permanent" in english.text
    # The switch link comes back to the same page, query string included.
    switch = re.search(r'href="(/lang/en\?next=[^"]+)"', french.text.replace("&amp;", "&"))
    assert switch is not None and "/jobs/" in switch.group(1)
    page = client.get(f"/jobs/{slug}/{vacancy}", params={"x": "1"}, headers={"Accept-Language": "fr"})
    link = re.search(r'href="(/lang/en\?next=[^"]+)"', page.text)
    assert link is not None
    followed = client.get(link.group(1).replace("&amp;", "&"), follow_redirects=False)
    assert followed.status_code == 303 and followed.headers["location"] == f"/jobs/{slug}/{vacancy}?x=1"
    assert client.cookies.get(LANG_COOKIE) == "en"
    after = client.get(f"/jobs/{slug}/{vacancy}", headers={"Accept-Language": "fr"})
    assert "Apply for this job" in after.text and "Send my application" in after.text


def test_pages_are_built_for_phones(client: TestClient, db: Database, tenant: Tenant) -> None:
    slug = tenant.created.company.slug
    vacancy = publish(db, tenant, "Nurse")
    for path in (f"/jobs/{slug}", f"/jobs/{slug}/{vacancy}"):
        html = client.get(path).text
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert "<script" not in html  # nothing needs JavaScript

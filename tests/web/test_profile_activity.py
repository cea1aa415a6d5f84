"""Profile tags, tasks and messages; read back through the Flatchr API."""

from __future__ import annotations

import email
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import new_vacancy, retire_pending_mail
from tests.messages.smtp_sink import smtp_sink
from tests.web.conftest import post_form, sign_in
from tests.web.profile_seed import Activity, Profile, activity, profile, seed_activity, seed_profile
from vivier.app import create_app
from vivier.config import Settings
from vivier.db.session import Database
from vivier.tags.schemas import TagInput
from vivier.tags.service import create_tag

__all__ = ["activity", "profile"]  # fixtures


@pytest.fixture(autouse=True)
def _retire_mail(db: Database, tenant: Tenant) -> Iterator[None]:
    yield
    retire_pending_mail(db, tenant)


def flatchr(client: TestClient, tenant: Tenant, path: str) -> list[dict[str, Any]]:
    response = client.get(f"/flatchr/company/{tenant.id}{path}", headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def traits(client: TestClient, tenant: Tenant, profile: Profile) -> list[tuple[str, str]]:
    return [
        (t["tag_id"], t["value"]) for t in flatchr(client, tenant, f"/applicant/{profile.application}/traits")
    ]


# -- tags ------------------------------------------------------------------------------------------


def test_add_and_remove_a_tag(web: TestClient, tenant: Tenant, activity: Activity) -> None:
    profile, url = activity.profile, f"/candidates/{activity.profile.candidate}/tags"
    response = post_form(web, url, activity.form(url) | {"value": "Senior"})
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/candidates/{profile.candidate}#tags"
    )
    # Niveau is single-valued: the existing trait takes the new value.
    assert traits(web, tenant, profile) == [(activity.tag_ref, "Senior")]
    page = web.get(f"/candidates/{profile.candidate}").text
    assert f'data-trait="{activity.trait}"' in page and "Niveau: Senior" in page
    removed = post_form(web, f"{url}/{activity.trait}/delete")
    assert removed.status_code == 303 and traits(web, tenant, profile) == []
    assert post_form(web, f"{url}/{activity.trait}/delete").status_code == 404


def test_a_creatable_tag_learns_a_typed_value(
    web: TestClient, db: Database, tenant: Tenant, profile: Profile
) -> None:
    with db.unit_of_work() as session:
        tag = create_tag(
            session, tenant.ctx, TagInput(title="Langues", values="Anglais", creatable=True, multiple=True)
        )
    url = f"/candidates/{profile.candidate}/tags"
    for value in ("Anglais", "Allemand"):
        form = {"application": profile.application, "tag": tag.public_id, "value": value}
        assert post_form(web, url, form).status_code == 303
    assert traits(web, tenant, profile) == [(tag.public_id, "Anglais"), (tag.public_id, "Allemand")]
    [listed] = [t for t in flatchr(web, tenant, "/tags") if t["id"] == tag.public_id]
    assert listed["values"] == "Anglais;Allemand"


def test_tag_validation_errors(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, activity: Activity
) -> None:
    profile, url = activity.profile, f"/candidates/{activity.profile.candidate}/tags"
    not_allowed = post_form(web, url, activity.form(url) | {"value": "Expert"})
    assert not_allowed.status_code == 422 and 'id="tag-value-error"' in not_allowed.text
    assert 'value="Expert"' in not_allowed.text
    blank = post_form(web, url, activity.form(url) | {"value": ""})
    assert blank.status_code == 422 and "must not be blank" in blank.text
    unknown = post_form(web, url, activity.form(url) | {"tag": "AAAAAAAAAAAAAAAA"})
    assert unknown.status_code == 422 and 'id="tag-tag-error"' in unknown.text
    someone_else = seed_profile(db, settings, tenant, firstname="Paul")
    wrong_application = post_form(web, url, activity.form(url) | {"application": someone_else.application})
    assert (
        wrong_application.status_code == 422
        and "is not an application of this candidate" in wrong_application.text
    )
    assert traits(web, tenant, profile) == [(activity.tag_ref, "Junior")]


def test_several_applications_offer_a_choice(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    second = seed_profile(
        db, settings, tenant, email=profile.email, vacancy=new_vacancy(db, tenant, "Analyst")
    )
    assert second.candidate == profile.candidate and second.application != profile.application
    page = web.get(f"/candidates/{profile.candidate}").text
    assert '<select id="tag-application" name="application">' in page and "Analyst" in page


def test_htmx_swaps_the_tags_section(web: TestClient, activity: Activity) -> None:
    url = f"/candidates/{activity.profile.candidate}/tags"
    response = post_form(web, url, activity.form(url), headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="section-tags"')
    assert 'id="tags"' in response.text and 'id="tag-form"' in response.text


# -- tasks -----------------------------------------------------------------------------------------


def test_create_and_close_a_task(web: TestClient, tenant: Tenant, profile: Profile) -> None:
    url = f"/candidates/{profile.candidate}/tasks"
    assignee = tenant.created.user.public_id
    form = {
        "application": profile.application,
        "description": "Call back",
        "due": "2030-03-04T09:30",
        "assignee": assignee,
    }
    response = post_form(web, url, form)
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/candidates/{profile.candidate}#tasks"
    )
    [task] = [t for t in flatchr(web, tenant, "/tasks") if t["description"] == "Call back"]
    assert task["date"].startswith("2030-03-04T09:30:00") and task["done"] is False
    assert task["value"] == [f"applicant={profile.application}", f"member={assignee}"]
    assert task["users"] == [assignee]
    page = web.get(f"/candidates/{profile.candidate}").text
    item = page[page.index(f'data-task="{task["id"]}"') :]
    assert "Call back" in item and "Close</button>" in item[: item.index("</li>")]
    closed = post_form(web, f"{url}/{task['id']}/close")
    assert closed.status_code == 303
    [task] = [t for t in flatchr(web, tenant, "/tasks") if t["id"] == task["id"]]
    assert task["done"] is True
    page = web.get(f"/candidates/{profile.candidate}").text
    item = page[page.index(f'data-task="{task["id"]}"') :]
    assert "Close</button>" not in item[: item.index("</li>")]


def test_task_validation_errors(web: TestClient, tenant: Tenant, profile: Profile) -> None:
    url = f"/candidates/{profile.candidate}/tasks"
    empty = post_form(web, url, {"application": profile.application, "description": " ", "due": ""})
    assert empty.status_code == 422
    assert 'id="task-description-error"' in empty.text and 'id="task-due-error"' in empty.text
    bad = {"application": profile.application, "description": "Call", "due": "tomorrow"}
    assert "must be a date and time" in post_form(web, url, bad).text
    nobody = bad | {"due": "2030-01-01T10:00", "assignee": "AAAAAAAAAAAAAAAA"}
    refused = post_form(web, url, nobody)
    assert refused.status_code == 422 and 'id="task-assignee-error"' in refused.text
    assert 'value="Call"' in refused.text
    assert [t for t in flatchr(web, tenant, "/tasks") if t["description"] == "Call"] == []


def test_tags_and_tasks_of_other_people_and_companies_are_404(
    web: TestClient,
    db: Database,
    settings: Settings,
    tenant: Tenant,
    other_tenant: Tenant,
    activity: Activity,
) -> None:
    paul = seed_activity(db, settings, tenant)
    foreign = seed_activity(db, settings, other_tenant)
    base = f"/candidates/{activity.profile.candidate}"
    for trait, task in ((paul.trait, paul.task), (foreign.trait, foreign.task), ("nope", "nope")):
        assert post_form(web, f"{base}/tags/{trait}/delete").status_code == 404
        assert post_form(web, f"{base}/tasks/{task}/close").status_code == 404
    assert traits(web, tenant, paul.profile) == [(paul.tag_ref, "Junior")]
    [task] = [t for t in flatchr(web, tenant, "/tasks") if t["id"] == paul.task]
    assert task["done"] is False


def test_htmx_close_swaps_the_tasks_section(web: TestClient, activity: Activity) -> None:
    url = f"/candidates/{activity.profile.candidate}/tasks/{activity.task}/close"
    response = post_form(web, url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text.lstrip().startswith('<section id="section-tasks"')
    assert "Done" in response.text and "Close</button>" not in response.text


# -- messages --------------------------------------------------------------------------------------


def messages(client: TestClient, tenant: Tenant, profile: Profile) -> list[dict[str, Any]]:
    return flatchr(client, tenant, f"/applicant/{profile.application}/messages?fields=mail")


def test_send_a_message_without_smtp(web: TestClient, tenant: Tenant, profile: Profile) -> None:
    form = {
        "application": profile.application,
        "subject": "Interview",
        "text": "Hello Juliette,\n\nAre you free <today>?",
    }
    response = post_form(web, f"/candidates/{profile.candidate}/messages", form)
    assert response.status_code == 303 and response.headers["location"].endswith("#messages")
    [message] = messages(web, tenant, profile)
    assert message["mail"]["subject"] == "Interview"
    assert message["mail"]["html"] == "<p>Hello Juliette,</p><p>Are you free &lt;today&gt;?</p>"
    assert message["delivered"] is False
    page = web.get(f"/candidates/{profile.candidate}").text
    assert "Interview" in page and "Are you free &lt;today&gt;?" in page and "Mail pending" in page


def test_message_is_mailed_after_the_commit(
    db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    address = f"10.9.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    with (
        smtp_sink() as (smtp_url, inbox),
        TestClient(
            create_app(settings.model_copy(update={"smtp_url": smtp_url})),
            client=(address, 50000),
            follow_redirects=False,
            headers={"Accept-Language": "en"},
        ) as client,
    ):
        assert sign_in(client, tenant.created.user.email).status_code == 303
        form = {"application": profile.application, "subject": "Offer", "text": "Welcome aboard"}
        assert post_form(client, f"/candidates/{profile.candidate}/messages", form).status_code == 303
        [message] = messages(client, tenant, profile)
        assert message["delivered"] is True and message["mail"]["status"] == "sent"
    [mail] = inbox.mails
    assert mail.recipients == [profile.email]
    parsed = email.message_from_bytes(mail.data, policy=default_policy)
    assert isinstance(parsed, EmailMessage) and parsed["Subject"] == "Offer"


def test_message_validation_errors(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    url = f"/candidates/{profile.candidate}/messages"
    blank = post_form(web, url, {"application": profile.application, "subject": "x" * 501, "text": " "})
    assert blank.status_code == 422
    assert 'id="message-text-error"' in blank.text and 'id="message-subject-error"' in blank.text
    no_email = seed_profile(db, settings, tenant, email=None, cv=None)
    refused = post_form(
        web, f"/candidates/{no_email.candidate}/messages", {"application": no_email.application, "text": "Hi"}
    )
    assert refused.status_code == 422 and "the candidate has no email address" in refused.text
    assert messages(web, tenant, profile) == [] and messages(web, tenant, no_email) == []

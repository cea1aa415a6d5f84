"""Profile notes: add, reply (threaded), delete own; read back as Flatchr comments and Flowtly notes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import add_colleague
from tests.web.conftest import post_form, sign_in
from tests.web.profile_seed import Profile, activity, profile, seed_profile
from vivier.companies.models import Role
from vivier.config import Settings
from vivier.core.errors import Forbidden
from vivier.db.session import Database
from vivier.notes.by_candidate import add_candidate_note, delete_own_note

__all__ = ["activity", "profile"]  # fixtures


def comments(client: TestClient, tenant: Tenant, profile: Profile) -> list[dict[str, Any]]:
    """The Flatchr comments of the person's application (person notes included)."""
    path = f"/flatchr/company/{tenant.id}/applicant/{profile.application}/comments?fields=author"
    response = client.get(path, headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def flowtly_notes(client: TestClient, tenant: Tenant, profile: Profile) -> list[dict[str, Any]]:
    response = client.get(
        "/flowtly/candidate-notes",
        params={"candidate": profile.candidate},
        headers=tenant.auth | {"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def test_add_note_is_a_flatchr_comment_and_a_flowtly_note(
    web: TestClient, tenant: Tenant, profile: Profile
) -> None:
    response = post_form(web, f"/candidates/{profile.candidate}/notes", {"text": "Great phone screen"})
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/candidates/{profile.candidate}#notes"
    )
    [comment] = comments(web, tenant, profile)
    assert comment["text"] == "Great phone screen" and comment["reply_to"] is None
    assert comment["author"]["firstname"] == "Eva" and comment["author"]["lastname"] == "Laurent"
    [note] = flowtly_notes(web, tenant, profile)
    assert note["content"] == "Great phone screen"
    page = web.get(f"/candidates/{profile.candidate}").text
    assert "Great phone screen" in page and "Eva Laurent" in page


def test_reply_is_threaded_under_its_parent(
    web: TestClient, db: Database, tenant: Tenant, profile: Profile
) -> None:
    with db.unit_of_work() as session:
        parent = add_candidate_note(session, tenant.ctx, profile.candidate, "Should we call her?").note
    response = post_form(
        web, f"/candidates/{profile.candidate}/notes", {"text": "Yes, tomorrow", "reply_to": parent.public_id}
    )
    assert response.status_code == 303
    first, reply = comments(web, tenant, profile)
    assert first["id"] == parent.id and reply["reply_to"] == parent.id and reply["text"] == "Yes, tomorrow"
    page = web.get(f"/candidates/{profile.candidate}").text
    thread = page[page.index(f'data-note="{parent.public_id}"') :]
    assert thread.index('class="replies"') < thread.index("Yes, tomorrow")


def test_blank_note_and_unknown_parent_are_refused(web: TestClient, tenant: Tenant, profile: Profile) -> None:
    blank = post_form(web, f"/candidates/{profile.candidate}/notes", {"text": "   "})
    assert blank.status_code == 422
    assert 'id="note-text-error"' in blank.text and "must not be blank" in blank.text
    unknown = post_form(
        web, f"/candidates/{profile.candidate}/notes", {"text": "hello", "reply_to": "AAAAAAAAAAAAAAAA"}
    )
    assert unknown.status_code == 422 and "is not a note of this candidate" in unknown.text
    assert comments(web, tenant, profile) == []


def test_reply_to_another_persons_note_is_refused(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    other = seed_profile(db, settings, tenant, firstname="Paul")
    with db.unit_of_work() as session:
        theirs = add_candidate_note(session, tenant.ctx, other.candidate, "About Paul").note.public_id
    response = post_form(web, f"/candidates/{profile.candidate}/notes", {"text": "x", "reply_to": theirs})
    assert response.status_code == 422 and comments(web, tenant, profile) == []


def test_delete_own_note(web: TestClient, db: Database, tenant: Tenant, profile: Profile) -> None:
    with db.unit_of_work() as session:
        mine = add_candidate_note(session, tenant.ctx, profile.candidate, "Mine").note.public_id
    page = web.get(f"/candidates/{profile.candidate}").text
    assert f'action="/candidates/{profile.candidate}/notes/{mine}/delete"' in page
    response = post_form(web, f"/candidates/{profile.candidate}/notes/{mine}/delete")
    assert response.status_code == 303 and flowtly_notes(web, tenant, profile) == []
    assert post_form(web, f"/candidates/{profile.candidate}/notes/{mine}/delete").status_code == 404


def test_another_members_note_has_no_delete_button_and_cannot_be_deleted(
    web: TestClient, db: Database, settings: Settings, tenant: Tenant, profile: Profile
) -> None:
    colleague = add_colleague(db, settings, tenant, name="Rita")
    rita = replace(
        tenant.ctx, member_id=colleague.member.id, user_id=colleague.user.id, role_id=Role.RECRUITER
    )
    with db.unit_of_work() as session:
        theirs = add_candidate_note(session, rita, profile.candidate, "Rita's note").note.public_id
    page = web.get(f"/candidates/{profile.candidate}").text  # the administrator's view
    assert "Rita&#39;s note" in page and f"/notes/{theirs}/delete" not in page
    response = post_form(web, f"/candidates/{profile.candidate}/notes/{theirs}/delete")
    assert response.status_code == 403
    assert [n["content"] for n in flowtly_notes(web, tenant, profile)] == ["Rita's note"]
    with db.unit_of_work() as session, pytest.raises(Forbidden):
        delete_own_note(session, tenant.ctx, profile.candidate, theirs)


def test_note_ids_of_other_people_and_companies_are_404(
    client: TestClient,
    db: Database,
    settings: Settings,
    tenant: Tenant,
    other_tenant: Tenant,
    profile: Profile,
) -> None:
    other = seed_profile(db, settings, tenant, firstname="Paul")
    foreign = seed_profile(db, settings, other_tenant, firstname="Zoe")
    with db.unit_of_work() as session:
        on_paul = add_candidate_note(session, tenant.ctx, other.candidate, "Paul").note.public_id
        foreign_note = add_candidate_note(session, other_tenant.ctx, foreign.candidate, "Zoe").note.public_id
    assert sign_in(client, tenant.created.user.email).status_code == 303
    for note in (on_paul, foreign_note, "nope"):
        assert post_form(client, f"/candidates/{profile.candidate}/notes/{note}/delete").status_code == 404
    assert post_form(client, f"/candidates/{foreign.candidate}/notes", {"text": "x"}).status_code == 404


def test_htmx_swaps_the_notes_section(web: TestClient, profile: Profile) -> None:
    url = f"/candidates/{profile.candidate}/notes"
    added = post_form(web, url, {"text": "Via htmx"}, headers={"HX-Request": "true"})
    assert added.status_code == 200 and added.text.lstrip().startswith('<section id="section-notes"')
    assert "Via htmx" in added.text and "<html" not in added.text
    refused = post_form(web, url, {"text": ""}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and refused.text.lstrip().startswith('<section id="section-notes"')
    assert "must not be blank" in refused.text

"""Flatchr 7.13 Retrieve Comments, 7.14 Create Comment, 7.15 Delete Comment (§9 examples 15-17)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import (
    ENCODED,
    ISO_MS,
    PDF,
    Seeded,
    add_colleague,
    jwt_for,
    seed_applicant,
)
from vivier.config import Settings
from vivier.db.session import Database
from vivier.faces.flatchr.signing import valid_signature
from vivier.files.service import Upload
from vivier.files.store import LocalFileStore
from vivier.notes.schemas import CommentView
from vivier.notes.service import add_comment, create_note

COMMENT_KEYS = {"id", "text", "private", "favorite", "created_by", "created_at", "type", "reply_to"}


@pytest.fixture
def seeded(db: Database, settings: Settings, tenant: Tenant) -> Seeded:
    return seed_applicant(db, settings, tenant)


def comment(db: Database, tenant: Tenant, applicant: str, text: str, **kwargs: object) -> CommentView:
    with db.unit_of_work() as session:
        return add_comment(session, tenant.ctx, applicant, text, **kwargs)  # type: ignore[arg-type]


def url(tenant: Tenant, seeded: Seeded, tail: str) -> str:
    return f"/flatchr/company/{tenant.id}/applicant/{seeded.applicant}/{tail}"


def listed(client: TestClient, tenant: Tenant, seeded: Seeded, query: str = "") -> list[dict[str, Any]]:
    response = client.get(url(tenant, seeded, "comments") + query, headers=tenant.auth)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body: list[dict[str, Any]] = response.json()
    return body


# -- 7.13 -------------------------------------------------------------------------------------------


def test_list_with_author_example_15(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    first = comment(db, tenant, seeded.applicant, "<p>Très bon profil</p>")
    reply = comment(db, tenant, seeded.applicant, "D'accord", reply_to=first.note.id)
    body = listed(client, tenant, seeded, "?fields=author")
    assert [c["id"] for c in body] == [first.note.id, reply.note.id]
    head = body[0]
    assert set(head) == COMMENT_KEYS | {"author"}
    assert head["text"] == "<p>Très bon profil</p>"
    assert head["private"] is False and head["favorite"] is False
    assert head["created_by"] == tenant.created.user.id
    assert isinstance(head["created_at"], str) and ISO_MS.match(head["created_at"])
    assert head["type"] == "note" and head["reply_to"] is None
    assert head["author"] == {"id": tenant.created.user.public_id, "firstname": "Eva", "lastname": "Laurent"}
    assert body[1]["reply_to"] == first.note.id


def test_list_blocks_follow_fields(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    store = LocalFileStore(settings.files_dir)
    with db.unit_of_work() as session:
        add_comment(
            session,
            tenant.ctx,
            seeded.applicant,
            "With a file",
            attachment=Upload(PDF, "CV_test.pdf", "application/pdf"),
            store=store,
            max_bytes=settings.max_upload_bytes,
        )
    assert set(listed(client, tenant, seeded)[0]) == COMMENT_KEYS
    [item] = listed(client, tenant, seeded, "?fields=attachments,unknown")
    assert set(item) == COMMENT_KEYS | {"attachments"}
    [attachment] = item["attachments"]
    assert set(attachment) == {"id", "name", "key", "url", "created_at"}
    assert ENCODED.match(attachment["id"]) and attachment["name"] == "CV_test.pdf"
    assert attachment["key"].startswith("attachments/") and ISO_MS.match(attachment["created_at"])
    assert_signed(settings, tenant, attachment)
    both = listed(client, tenant, seeded, "?fields=author,attachments")
    assert set(both[0]) == COMMENT_KEYS | {"author", "attachments"}


def assert_signed(settings: Settings, tenant: Tenant, attachment: dict[str, str]) -> None:
    parts = urlsplit(attachment["url"])
    assert attachment["url"].startswith(f"{settings.public_url}/flatchr/company/{tenant.id}/files/expire?")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query["key"] == attachment["key"] and query["extension"] == "pdf"
    assert valid_signature(settings, tenant.id, query["key"], "pdf", query["expires"], query["sig"])


def test_list_includes_person_notes_and_hides_others_private(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    with db.unit_of_work() as session:
        note = create_note(session, tenant.ctx, seeded.candidate_public_id, "Flowtly note")
    private = comment(db, tenant, seeded.applicant, "Admin only", private=True)
    body = listed(client, tenant, seeded)
    assert [c["id"] for c in body] == [note.note.id, private.note.id]
    assert body[1]["private"] is True
    colleague = add_colleague(db, settings, tenant)
    response = client.get(url(tenant, seeded, "comments"), headers=colleague.auth)
    assert [c["id"] for c in response.json()] == [note.note.id]


def test_list_limit_offset(client: TestClient, db: Database, tenant: Tenant, seeded: Seeded) -> None:
    ids = [comment(db, tenant, seeded.applicant, f"c{i}").note.id for i in range(3)]
    assert [c["id"] for c in listed(client, tenant, seeded, "?limit=1&offset=1")] == ids[1:2]
    response = client.get(url(tenant, seeded, "comments?limit=x"), headers=tenant.auth)
    assert response.status_code == 400 and '"limit"' in response.json()["message"]


# -- 7.14 -------------------------------------------------------------------------------------------


def test_create_multipart_with_jwt_example_16(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    parent = comment(db, tenant, seeded.applicant, "First")
    colleague = add_colleague(db, settings, tenant, name="Jules")
    response = client.post(
        url(tenant, seeded, "comment"),
        headers=colleague.auth,
        data={"text": "Très bon niveau en anglais", "private": "true", "reply_to": str(parent.note.id)},
        files={"file": ("CV_test.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == COMMENT_KEYS | {"author", "attachments", "ratings"}
    assert isinstance(body["id"], int) and body["text"] == "Très bon niveau en anglais"
    assert body["private"] is True and body["favorite"] is False and body["type"] == "note"
    assert body["reply_to"] == parent.note.id
    assert body["created_by"] == colleague.user.id
    assert body["author"] == {"id": colleague.user.public_id, "firstname": "Jules", "lastname": "Member"}
    assert body["ratings"] == []
    [attachment] = body["attachments"]
    assert attachment["name"] == "CV_test.pdf"
    assert_signed(settings, tenant, attachment)
    # The author sees their private comment; the API key's admin does too.
    mine = client.get(url(tenant, seeded, "comments?fields=attachments"), headers=colleague.auth).json()
    assert [c["id"] for c in mine] == [parent.note.id, body["id"]]
    assert len(mine[1]["attachments"]) == 1


def test_create_json_and_urlencoded(client: TestClient, db: Database, tenant: Tenant, seeded: Seeded) -> None:
    parent = comment(db, tenant, seeded.applicant, "First")
    response = client.post(
        url(tenant, seeded, "comment"),
        headers=tenant.auth,
        json={"text": "<b>ok</b>", "type": "call", "private": 0, "reply_to": parent.note.public_id},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["type"] == "call" and body["private"] is False and body["reply_to"] == parent.note.id
    assert body["attachments"] == [] and body["ratings"] == []
    assert body["author"]["id"] == tenant.created.user.public_id
    form = client.post(
        url(tenant, seeded, "comment"),
        headers=tenant.auth,
        data={"text": "form", "private": "1", "reply_to": parent.note.id},
    )
    assert form.status_code == 200, form.text
    assert form.json()["private"] is True and form.json()["reply_to"] == parent.note.id
    # Query fallback: the body wins.
    query = client.post(
        url(tenant, seeded, "comment?text=query&type=mail"), headers=tenant.auth, json={"text": "b"}
    )
    assert query.json()["text"] == "b" and query.json()["type"] == "mail"
    assert len(listed(client, tenant, seeded)) == 4


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "   "}, "text"),
        ({}, "text"),
        ({"text": ["x"]}, "text"),
        ({"text": "ok", "reply_to": 999999}, "reply_to"),
        ({"text": "ok", "reply_to": "AAAAAAAAAAAAAAAA"}, "reply_to"),
        ({"text": "ok", "reply_to": True}, "reply_to"),
        ({"text": "ok", "private": "maybe"}, "private"),
        ({"text": "ok", "file": "not a file"}, "file"),
        ({"text": "a\x00b"}, "text"),
    ],
)
def test_create_bad_input(
    client: TestClient, tenant: Tenant, seeded: Seeded, payload: dict[str, object], field: str
) -> None:
    response = client.post(url(tenant, seeded, "comment"), headers=tenant.auth, json=payload)
    assert response.status_code == 400
    body = response.json()
    assert body["statusCode"] == 400 and body["error"] == "Bad Request"
    assert body["message"].startswith(f'"{field}"')
    assert listed(client, tenant, seeded) == []


def test_create_refused_file_stores_nothing(client: TestClient, tenant: Tenant, seeded: Seeded) -> None:
    response = client.post(
        url(tenant, seeded, "comment"),
        headers=tenant.auth,
        data={"text": "with exe"},
        files={"file": ("x.exe", b"MZ\x00\x01\x02binary", "application/octet-stream")},
    )
    assert response.status_code == 400 and response.json()["message"].startswith('"file"')
    assert listed(client, tenant, seeded) == []


def test_reply_to_a_comment_of_another_applicant_is_400(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    elsewhere = seed_applicant(db, settings, tenant, firstname="Paul")
    other = comment(db, tenant, elsewhere.applicant, "there")
    response = client.post(
        url(tenant, seeded, "comment"), headers=tenant.auth, json={"text": "x", "reply_to": other.note.id}
    )
    assert response.status_code == 400 and '"reply_to"' in response.json()["message"]


# -- 7.15 -------------------------------------------------------------------------------------------


def test_delete_example_17_keeps_replies(
    client: TestClient, db: Database, tenant: Tenant, seeded: Seeded
) -> None:
    parent = comment(db, tenant, seeded.applicant, "First")
    reply = comment(db, tenant, seeded.applicant, "Reply", reply_to=parent.note.id)
    response = client.delete(url(tenant, seeded, f"comment/{parent.note.id}"), headers=tenant.auth)
    assert response.status_code == 200
    assert response.json() == {"statusCode": 200, "message": "Comment deleted"}
    body = listed(client, tenant, seeded)
    assert [(c["id"], c["reply_to"]) for c in body] == [(reply.note.id, None)]
    again = client.delete(url(tenant, seeded, f"comment/{parent.note.id}"), headers=tenant.auth)
    assert again.status_code == 404 and again.json()["error"] == "Not Found"


def test_delete_by_encoded_id(client: TestClient, db: Database, tenant: Tenant, seeded: Seeded) -> None:
    target = comment(db, tenant, seeded.applicant, "bye")
    response = client.delete(url(tenant, seeded, f"comment/{target.note.public_id}"), headers=tenant.auth)
    assert response.status_code == 200 and listed(client, tenant, seeded) == []


def test_delete_rules_403_and_404(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, seeded: Seeded
) -> None:
    mine = comment(db, tenant, seeded.applicant, "admin's")
    colleague = add_colleague(db, settings, tenant)
    response = client.delete(url(tenant, seeded, f"comment/{mine.note.id}"), headers=colleague.auth)
    assert response.status_code == 403 and response.json()["error"] == "Forbidden"
    theirs = client.post(url(tenant, seeded, "comment"), headers=colleague.auth, json={"text": "mine"}).json()
    own = client.delete(url(tenant, seeded, f"comment/{theirs['id']}"), headers=colleague.auth)
    assert own.status_code == 200
    elsewhere = seed_applicant(db, settings, tenant, firstname="Paul")
    moved = client.delete(
        f"/flatchr/company/{tenant.id}/applicant/{elsewhere.applicant}/comment/{mine.note.id}",
        headers=tenant.auth,
    )
    assert moved.status_code == 404
    for bad in ("0", "99999999", "abc", "99999999999999999999"):
        assert client.delete(url(tenant, seeded, f"comment/{bad}"), headers=tenant.auth).status_code == 404
    assert [c["id"] for c in listed(client, tenant, seeded)] == [mine.note.id]


# -- tenancy ----------------------------------------------------------------------------------------


def test_another_company_gets_404(
    client: TestClient, db: Database, settings: Settings, tenant: Tenant, other_tenant: Tenant, seeded: Seeded
) -> None:
    target = comment(db, tenant, seeded.applicant, "secret")
    paths = [
        ("get", url(tenant, seeded, "comments")),
        ("post", url(tenant, seeded, "comment")),
        ("delete", url(tenant, seeded, f"comment/{target.note.id}")),
    ]
    for method, path in paths:
        # Their key on our company path, then our applicant under their company path.
        response = client.request(method, path, headers=other_tenant.auth, json={"text": "x"})
        assert response.status_code == 404, path
        foreign = path.replace(tenant.id, other_tenant.id)
        response = client.request(method, foreign, headers=other_tenant.auth, json={"text": "x"})
        assert response.status_code == 404, foreign
        assert response.json()["message"] == "Applicant not found"
    their_jwt = jwt_for(settings, other_tenant.created.user.public_id, other_tenant.id)
    assert client.get(url(tenant, seeded, "comments"), headers=their_jwt).status_code == 404
    assert [c["id"] for c in listed(client, tenant, seeded)] == [target.note.id]


def test_missing_credential_is_401(client: TestClient, tenant: Tenant, seeded: Seeded) -> None:
    response = client.get(url(tenant, seeded, "comments"))
    assert response.status_code == 401 and response.json()["message"] == "Missing authentication"

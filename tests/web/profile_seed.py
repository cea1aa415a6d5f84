"""Committed seed data for the profile tests: a person who applied with a PDF CV, through the real service."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_activity import PDF, new_vacancy
from tests.web.conftest import post_form
from vivier.applications.schemas import ApplicationInput, DocumentResume
from vivier.applications.service import apply
from vivier.assessments.service import create_group, create_recruitment_task
from vivier.config import Settings
from vivier.db.session import Database
from vivier.files.store import LocalFileStore
from vivier.notes.by_candidate import add_candidate_note
from vivier.tags.by_candidate import tag_candidate
from vivier.tags.service import list_tags
from vivier.tasks.by_candidate import create_candidate_task
from vivier.vacancies.models import Vacancy


@dataclass(frozen=True)
class Profile:
    candidate: str
    application: str
    vacancy: str
    email: str | None


def seed_profile(
    db: Database,
    settings: Settings,
    tenant: Tenant,
    *,
    cv: tuple[bytes, str, str] | None = (PDF, "cv.pdf", "application/pdf"),
    email: str | None = "auto",
    vacancy: Vacancy | None = None,
    firstname: str = "Juliette",
) -> Profile:
    """Apply to a (new) vacancy with a document CV (or a link when ``cv`` is None), committed."""
    if email == "auto":
        email = f"{firstname.lower()}-{uuid.uuid4().hex[:8]}@example.org"
    vacancy = vacancy or new_vacancy(db, tenant, "Data engineer")
    resume: DocumentResume | str = "example.org/cv.pdf"
    if cv is not None:
        data, name, content_type = cv
        resume = DocumentResume(base64.b64encode(data).decode(), name, content_type)
    with db.unit_of_work() as session:
        result = apply(
            session,
            tenant.ctx,
            LocalFileStore(settings.files_dir),
            settings.max_upload_bytes,
            ApplicationInput(
                vacancy=vacancy.slug,
                firstname=firstname,
                lastname="Larfoillou",
                type="document" if cv is not None else "link",
                resume=resume,
                email=email,
            ),
        )
        assert result.application is not None and result.candidate is not None
        return Profile(result.candidate.public_id, result.application.public_id, vacancy.public_id, email)


@dataclass(frozen=True)
class Activity:
    """A seeded profile with one of each thing its routes act on (all by the tenant's admin)."""

    profile: Profile
    note: str
    trait: str
    task: str
    group: int
    question: int
    tag_ref: str

    @property
    def routes(self) -> list[tuple[str, str]]:
        """Every profile route as (method, path)."""
        base = f"/candidates/{self.profile.candidate}"
        return [
            ("get", base),
            ("get", f"{base}/cv"),
            ("get", f"{base}/cv/download"),
            ("get", f"{base}/scorecard?group={self.group}"),
            *[("post", f"{base}{tail}") for tail in self.writes],
        ]

    @property
    def writes(self) -> list[str]:
        return [
            "",
            "/notes",
            f"/notes/{self.note}/delete",
            "/messages",
            "/tags",
            f"/tags/{self.trait}/delete",
            "/tasks",
            f"/tasks/{self.task}/close",
            "/scorecard",
        ]

    def call(self, client: TestClient, method: str, path: str) -> httpx.Response:
        """Hit a route as its page would (writes post their valid form, CSRF token included)."""
        return client.get(path) if method == "get" else post_form(client, path, self.form(path))

    def form(self, path: str) -> dict[str, str]:
        """A valid form for a write route."""
        p = self.profile
        forms = {
            "": {"firstname": "Juliette", "lastname": "Dupont", "email": p.email or ""},
            "/notes": {"text": "A note"},
            "/messages": {"application": p.application, "subject": "Hi", "text": "Hello"},
            "/tags": {"application": p.application, "tag": self.tag_ref, "value": "Senior"},
            "/tasks": {"application": p.application, "description": "Call", "due": "2030-01-02T10:00"},
            "/scorecard": {
                "group": str(self.group),
                f"answer-{self.question}": "Good",
                f"score-{self.question}": "7",
            },
        }
        tail = path.removeprefix(f"/candidates/{p.candidate}")
        return forms.get(tail, {})


def seed_activity(db: Database, settings: Settings, tenant: Tenant) -> Activity:
    profile = seed_profile(db, settings, tenant)
    ctx = tenant.ctx
    with db.unit_of_work() as session:
        note = add_candidate_note(session, ctx, profile.candidate, "First impression: good")
        tag = next(t for t in list_tags(session, ctx, type="candidates") if t.title == "Niveau")
        trait = tag_candidate(session, ctx, profile.candidate, profile.application, tag.public_id, "Junior")
        task = create_candidate_task(
            session,
            ctx,
            profile.candidate,
            profile.application,
            "Call back",
            datetime(2030, 1, 1, 9, tzinfo=UTC),
        )
        group = create_group(session, ctx, {"name": "Backend interview"})
        question = create_recruitment_task(
            session, ctx, {"question": "Explain a generator", "recruitmentTaskGroup": group.group.id}
        )
        return Activity(
            profile,
            note.note.public_id,
            trait.public_id,
            task.task.public_id,
            group.group.id,
            question.id,
            tag.public_id,
        )


@pytest.fixture
def profile(db: Database, settings: Settings, tenant: Tenant) -> Profile:
    """A person who applied with a PDF CV (imported by the profile test modules)."""
    return seed_profile(db, settings, tenant)


@pytest.fixture
def activity(db: Database, settings: Settings, tenant: Tenant) -> Activity:
    """A person with a note, a tag, a task, and a scorecard to fill."""
    return seed_activity(db, settings, tenant)

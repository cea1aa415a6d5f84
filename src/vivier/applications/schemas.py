"""Domain data in and out of the applications service (face-neutral)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from vivier.applications.models import Application, Apply
from vivier.candidates.models import Candidate
from vivier.companies.models import Company
from vivier.files.models import StoredFile
from vivier.files.service import Upload
from vivier.pipeline.models import PipelineColumn
from vivier.reference.models import Source
from vivier.vacancies.models import Vacancy

RESUME_TYPES = ("document", "link")


@dataclass(frozen=True)
class DocumentResume:
    """A CV sent inline: base64 ``data`` (an optional ``data:...;base64,`` prefix is allowed)."""

    data: str
    file_name: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class AnswerInput:
    """An answer to a vacancy question (text) or a candidates tag (integer ``tag_id``) -> trait."""

    question: str | int
    value: str


@dataclass(frozen=True)
class ApplicationInput:
    """A Flatchr "create candidate" request (§7.9-7.11), already parsed by a face.

    ``resume`` is a ``DocumentResume`` for ``type="document"`` and a URL string for ``type="link"``;
    ``resume_upload`` is a raw multipart file (``/custom``) and implies a document.
    """

    vacancy: str
    firstname: str | None = None
    lastname: str | None = None
    type: str | None = None
    resume: DocumentResume | str | None = None
    resume_upload: Upload | None = None
    email: str | None = None
    phone: str | int | None = None
    comment: str | None = None
    offerer_id: int | str | None = None
    urls: Mapping[str, str | None] | None = None
    answers: Sequence[AnswerInput] = ()
    legal_newsletter_partners: bool = False
    response_text: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class ApplyResult:
    """Outcome of ``apply``: ``application`` is None only in test mode."""

    application: Application | None
    candidate: Candidate | None
    created: bool
    duplicate: bool
    test_mode: bool = False


@dataclass(frozen=True)
class ApplyView:
    apply: Apply
    source: Source | None


@dataclass(frozen=True)
class ApplicantView:
    """An application with everything a face needs to render it (loaded in batches)."""

    application: Application
    candidate: Candidate
    vacancy: Vacancy
    company: Company
    column: PipelineColumn
    applies: list[ApplyView]
    cv: StoredFile | None


@dataclass(frozen=True)
class ApplicationSearch:
    """Flatchr search filters (§7.5); None means "no filter". Dates are calendar days, inclusive."""

    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    hired: bool | None = None
    column: str | None = None
    start: date | None = None
    end: date | None = None
    start_update: date | None = None
    end_update: date | None = None
    vacancy: str | None = None
    companies: Sequence[str] | None = None
    archived: bool | None = None


@dataclass(frozen=True)
class SearchRow:
    """One search result row (ids and labels only: cheap to stream)."""

    application_id: int
    applicant: str
    vacancy: str
    vacancy_id: int
    column: str
    hired: bool
    external_id: str | None
    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    status: int
    score: int
    created_at: datetime
    updated_at: datetime
    source: str | None


@dataclass(frozen=True)
class BoardCard:
    application_id: str
    candidate_id: str
    firstname: str
    lastname: str
    score: int
    status: int
    created_at: datetime


@dataclass(frozen=True)
class BoardColumn:
    column: PipelineColumn
    cards: list[BoardCard] = field(default_factory=list)


@dataclass(frozen=True)
class Board:
    """A vacancy's applications grouped by pipeline column (web app kanban)."""

    vacancy: Vacancy
    columns: list[BoardColumn]

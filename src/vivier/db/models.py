"""Imports every model so the metadata is complete (Alembic, tests), and the search-document sync."""

import vivier.candidates.search  # noqa: F401  (registers the session hooks that keep search documents)
from vivier.applications.models import Application, ApplicationAnswer, Apply
from vivier.assessments.models import RecruitmentTask, RecruitmentTaskAnswer, RecruitmentTaskGroup
from vivier.candidates.models import Candidate, CandidateCount, CandidateDay, CandidateSearchDoc
from vivier.companies.models import ApiKey, Company, CompanyAffiliation, Member, User
from vivier.db.base import Base
from vivier.events.models import (
    AuditEvent,
    OutboxEvent,
    RateWindow,
    Tombstone,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from vivier.files.models import StoredFile
from vivier.messages.models import Message
from vivier.notes.models import Note
from vivier.pipeline.models import PipelineColumn
from vivier.reference.models import Activity, Channel, ContractType, EducationLevel, Metier, Source
from vivier.staffing.models import ResourceRequest, ResourceRequestCandidate, ResourceRequestOwner
from vivier.tags.models import Tag, Trait
from vivier.tasks.models import Task, TaskLink, TaskUser
from vivier.vacancies.models import Distribution, Question, Vacancy, VacancyTag

__all__ = [
    "Activity",
    "ApiKey",
    "Application",
    "ApplicationAnswer",
    "Apply",
    "AuditEvent",
    "Base",
    "Candidate",
    "CandidateCount",
    "CandidateDay",
    "CandidateSearchDoc",
    "Channel",
    "Company",
    "CompanyAffiliation",
    "ContractType",
    "Distribution",
    "EducationLevel",
    "Member",
    "Message",
    "Metier",
    "Note",
    "OutboxEvent",
    "PipelineColumn",
    "Question",
    "RateWindow",
    "RecruitmentTask",
    "RecruitmentTaskAnswer",
    "RecruitmentTaskGroup",
    "ResourceRequest",
    "ResourceRequestCandidate",
    "ResourceRequestOwner",
    "Source",
    "StoredFile",
    "Tag",
    "Task",
    "TaskLink",
    "TaskUser",
    "Tombstone",
    "Trait",
    "User",
    "Vacancy",
    "VacancyTag",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
]

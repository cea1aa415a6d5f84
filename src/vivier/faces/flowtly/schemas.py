"""Wire shapes for /flowtly/openapi.json: plain JSON items, their JSON-LD and Hydra variants, request
bodies and error bodies. Routes render dicts themselves; tests validate those dicts against these models.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

_STRICT = ConfigDict(extra="forbid", populate_by_name=True)


class Wire(BaseModel):
    model_config = _STRICT


# -- plain items (Accept: application/json) ---------------------------------------------------------


class Candidate(Wire):
    id: str = Field(description="Encoded id (16 characters)")
    firstname: str
    lastname: str
    email: str = Field(description='"" for a person without an email (from a Flatchr application)')
    phoneNumber: str | None
    source: str | None
    location: str | None
    birthDate: date | None
    position: str | None
    linkedinProfile: str | None
    notes: str | None
    expectations: str | None
    createdAt: datetime
    updatedAt: datetime


class CandidateNote(Wire):
    id: str
    candidate: str = Field(description="IRI /flowtly/candidates/{id}")
    content: str
    author: str | None = Field(description="IRI /flowtly/members/{id}, or null")
    createdAt: datetime
    updatedAt: datetime


class RecruitmentTaskGroup(Wire):
    id: int
    name: str
    description: str | None
    recruitmentTasks: list[str] = Field(description="IRIs of the group's tasks, by id")
    createdAt: datetime
    updatedAt: datetime


class RecruitmentTask(Wire):
    id: int
    question: str
    options: list[str] | None
    recruitmentTaskGroup: str = Field(description="IRI /flowtly/recruitment-task-groups/{id}")
    updatedAt: datetime


class RecruitmentTaskAnswer(Wire):
    id: int
    recruitmentTask: str
    candidate: str
    answer: str | None
    score: int | None = Field(ge=0, le=10)
    createdAt: datetime
    updatedAt: datetime


MONEY = "Amount x PRICE_MULTIPLIER (the multiplier is {multiplier}): stored and returned unchanged."


class ResourceRequest(Wire):
    id: str
    client: str | None
    status: str = Field(description="open, in_progress, filled or cancelled")
    location: str | None
    position: str | None
    description: str | None
    start: date | None
    salaryRangeMin: int | None = Field(description=MONEY)
    salaryRangeMax: int | None = Field(description=MONEY)
    billingType: str | None = Field(description="hourly, daily, monthly or fixed")
    owners: list[str] = Field(description="Member IRIs")
    createdAt: datetime
    updatedAt: datetime


class ResourceRequestCandidate(Wire):
    id: str
    resourceRequest: str
    candidate: str
    status: str = Field(description="proposed, interviewing, accepted or rejected")
    createdAt: datetime
    updatedAt: datetime


class Member(Wire):
    id: str
    firstname: str
    lastname: str
    email: str
    createdAt: datetime
    updatedAt: datetime


class Deletion(Wire):
    id: str = Field(description="The deleted item's id")
    type: str = Field(description="CandidateNote or ResourceRequestCandidate")
    deletedAt: datetime


# -- request bodies ---------------------------------------------------------------------------------


class CandidateWrite(Wire):
    firstname: str
    lastname: str
    email: str
    phoneNumber: str | None = None
    source: str | None = None
    location: str | None = None
    birthDate: date | None = None
    position: str | None = None
    linkedinProfile: str | None = None
    notes: str | None = None
    expectations: str | None = None


class CandidateNoteWrite(Wire):
    candidate: str = Field(description="IRI, prefix-less IRI or bare id")
    content: str


class RecruitmentTaskGroupWrite(Wire):
    name: str
    description: str | None = None


class RecruitmentTaskWrite(Wire):
    question: str
    options: list[str] | None = None
    recruitmentTaskGroup: str | int = Field(description="IRI, prefix-less IRI or bare id")


class RecruitmentTaskAnswerWrite(Wire):
    recruitmentTask: str | int = Field(description="Fixed after creation")
    candidate: str = Field(description="Fixed after creation")
    answer: str | None = None
    score: int | None = Field(default=None, ge=0, le=10)


class ResourceRequestWrite(Wire):
    client: str | None = None
    status: str = "open"
    location: str | None = None
    position: str | None = None
    description: str | None = None
    start: date | None = None
    salaryRangeMin: int | None = Field(default=None, ge=0, description=MONEY)
    salaryRangeMax: int | None = Field(default=None, ge=0, description=MONEY)
    billingType: str | None = None
    owners: list[str] = Field(default_factory=list, description="Member IRIs")


class ResourceRequestCandidateWrite(Wire):
    resourceRequest: str = Field(description="Fixed after creation")
    candidate: str = Field(description="Fixed after creation")
    status: str = "proposed"


class Login(Wire):
    username: str = Field(description="The user's email")
    password: str
    company: str | None = Field(default=None, description="Encoded company id (default: oldest membership)")


class Token(Wire):
    token: str


# -- error bodies -----------------------------------------------------------------------------------


class Problem(Wire):
    title: str
    detail: str
    status: int
    type: str


class ErrorLd(Problem):
    context: str = Field(alias="@context")
    iri: str = Field(alias="@id")
    ld_type: str = Field(alias="@type")
    hydra_title: str = Field(alias="hydra:title")
    hydra_description: str = Field(alias="hydra:description")


class ConstraintViolation(Wire):
    propertyPath: str
    message: str
    code: str


class ViolationList(Problem):
    violations: list[ConstraintViolation]


class ViolationListLd(ViolationList):
    context: str = Field(alias="@context")
    ld_type: str = Field(alias="@type")


class AuthError(Wire):
    code: int
    message: str


class JsonLdContext(Wire):
    context: dict[str, Any] = Field(alias="@context")


# -- JSON-LD and Hydra variants ---------------------------------------------------------------------


class HydraView(Wire):
    iri: str = Field(alias="@id")
    ld_type: str = Field(alias="@type")
    first: str = Field(alias="hydra:first")
    last: str = Field(alias="hydra:last")
    previous: str | None = Field(default=None, alias="hydra:previous")
    next: str | None = Field(default=None, alias="hydra:next")


class HydraMapping(Wire):
    ld_type: str = Field(alias="@type")
    variable: str
    property: str
    required: bool


class HydraSearch(Wire):
    ld_type: str = Field(alias="@type")
    template: str = Field(alias="hydra:template")
    representation: str = Field(alias="hydra:variableRepresentation")
    mapping: list[HydraMapping] = Field(alias="hydra:mapping")


def _ld(model: type[Wire], name: str, *, with_context: bool) -> type[Wire]:
    extra: dict[str, Any] = {
        "iri": (str, Field(alias="@id")),
        "ld_type": (str, Field(alias="@type")),
    }
    if with_context:
        extra["context"] = (str, Field(alias="@context"))
    built: type[Wire] = create_model(name, __base__=model, **extra)
    return built


def _collection(member: type[Wire], name: str) -> type[Wire]:
    built: type[Wire] = create_model(
        name,
        __base__=Wire,
        context=(str, Field(alias="@context")),
        iri=(str, Field(alias="@id")),
        ld_type=(str, Field(alias="@type")),
        members=(list[member], Field(alias="hydra:member")),  # type: ignore[valid-type]
        total=(int, Field(alias="hydra:totalItems")),
        view=(HydraView, Field(alias="hydra:view")),
        search=(HydraSearch, Field(alias="hydra:search")),
    )
    return built


def _patch(model: type[Wire], name: str) -> type[Wire]:
    """Every field optional: an absent key is unchanged, null clears (RFC 7396)."""
    fields: dict[str, Any] = {
        key: (Optional[info.annotation], Field(default=None, description=info.description))  # noqa: UP045
        for key, info in model.model_fields.items()
    }
    built: type[Wire] = create_model(name, __base__=Wire, **fields)
    return built


class Shapes:
    """The documented shapes of one resource."""

    def __init__(self, plain: type[Wire], write: type[Wire] | None = None) -> None:
        name = plain.__name__
        self.plain = plain
        self.item_ld = _ld(plain, f"{name}Jsonld", with_context=True)
        self.member_ld = _ld(plain, f"{name}JsonldMember", with_context=False)
        self.collection_ld = _collection(self.member_ld, f"{name}Collection")
        self.write = write
        self.patch = _patch(write, f"{name}Patch") if write else None

    def models(self) -> list[type[Wire]]:
        found = [self.plain, self.item_ld, self.member_ld, self.collection_ld]
        return found + [m for m in (self.write, self.patch) if m is not None]


SHAPES: dict[str, Shapes] = {
    "Candidate": Shapes(Candidate, CandidateWrite),
    "CandidateNote": Shapes(CandidateNote, CandidateNoteWrite),
    "RecruitmentTaskGroup": Shapes(RecruitmentTaskGroup, RecruitmentTaskGroupWrite),
    "RecruitmentTask": Shapes(RecruitmentTask, RecruitmentTaskWrite),
    "RecruitmentTaskAnswer": Shapes(RecruitmentTaskAnswer, RecruitmentTaskAnswerWrite),
    "ResourceRequest": Shapes(ResourceRequest, ResourceRequestWrite),
    "ResourceRequestCandidate": Shapes(ResourceRequestCandidate, ResourceRequestCandidateWrite),
    "Member": Shapes(Member),
    "Deletion": Shapes(Deletion),
}

OTHER_MODELS: list[type[Wire]] = [
    Login,
    Token,
    Problem,
    ErrorLd,
    ViolationList,
    ViolationListLd,
    AuthError,
    JsonLdContext,
]

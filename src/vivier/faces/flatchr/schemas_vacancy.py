"""Flatchr wire shapes for vacancies, careers, reference lists, login, tags and members (OpenAPI).

Routes render plain dicts (wire-exact, optional blocks present only when requested) and declare
these models so /flatchr/openapi.json documents the real shapes.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# -- responses --------------------------------------------------------------------------------------


class AddressOut(BaseModel):
    locality: str | None
    postal_code: str | None
    route: str | None
    street_number: str | None
    administrative_area_level_1: str | None
    administrative_area_level_2: str | None
    country: str | None
    formatted_address: str | None
    location_lat: str | None = Field(description='11 decimals, e.g. "48.84238970000"')
    location_lng: str | None


class TagOut(BaseModel):
    id: str
    tag_id: int
    company_id: int
    title: str
    values: str = Field(description='";"-separated allowed values, "" = free')
    multiple: bool
    visible: bool
    creatable: bool
    folder: bool
    type: str = Field(description="candidates | vacancies")
    position: int | None
    tagCandidateRestriction: list[Any]


class QuestionOut(BaseModel):
    id: str
    text: str
    type: str = Field(description="text | textarea | select | checkbox | file")
    required: bool
    options: str | None
    position: int
    size: str | None
    default_value: str | None
    parent_question: None
    parent_answer_expected: None


class OptionsOut(BaseModel):
    indeed: bool
    linkedin: bool
    motivation: bool
    social_links: bool
    optionals: list[str]


class ActivityOut(BaseModel):
    id: int
    text: str


class CompanyOut(BaseModel):
    id: str
    name: str
    slug: str
    status: int
    created_at: str
    activity_id: int | None
    activity: ActivityOut | None
    address: AddressOut | None
    addressFormatted: str
    description: str | None
    size: str | None
    email: str | None
    web: str | None
    phone: str | None
    siren: str | None
    vat_number: str | None
    billing_name: str | None
    retention_policy: str | None
    logo: str | None
    meta_logo: str | None
    hosts: None
    shields: None
    ip_addresses: None
    hiddens: dict[str, Any]
    hunter: bool
    public: bool
    shared_applicants: bool


class DistributionOut(BaseModel):
    id: str
    offer_id: int = Field(description="98 career site, 152 intranet")
    external_id: str | None
    published: bool
    status: str
    created_at: str
    publish_date: str
    external_url: str
    vacancy: VacancyOut | None = Field(None, description="careers listing only")
    vacancy_id: int


class VacancyFieldsOut(BaseModel):
    """The keys every vacancy rendering has (listing, detail, and embedded in an applicant)."""

    id: str
    vacancy_id: int
    slug: str
    slug_mail: str
    title: str
    reference: str | None
    note: str | None
    apply_url: str | None
    external_id: str | None
    description: str
    mission: str
    profile: str
    experience: int
    status: int
    published: bool
    salary: str
    salary_max: str | None
    currency: str
    mensuality: str
    remote: str
    language: str
    contract_type_id: int
    education_level_id: int
    activity_id: int
    channel_id: int
    metier_id: int
    company_id: int
    contract_type: str
    education_level: str
    activity: str
    channel: str
    metier: str
    start_date: str | None
    end_date: str | None
    driver_license: bool
    handicap: bool
    partial: bool
    kanban: bool
    meta_title: str | None
    meta_description: str | None
    meta_tags: str | None
    options: OptionsOut
    created_at: str
    updated_at: str
    addressFormatted: str


class VacancyOut(VacancyFieldsOut):
    status: int = Field(description="0 archived, 1 active, 2 draft")
    address: AddressOut | None = Field(None, description="with fields=address")
    tags: list[TagOut] | None = Field(None, description="with fields=tags")
    questions: list[QuestionOut] | None = Field(None, description="with fields=questions")
    faqs: list[Any] | None = Field(None, description="with fields=faqs (always empty)")
    benefits: list[Any] | None = Field(None, description="with fields=benefits (always empty)")
    items: list[DistributionOut] | None = Field(None, description="with fields=items")
    company: CompanyOut | None = Field(None, description="careers listing only")


DistributionOut.model_rebuild()


class CareersOut(BaseModel):
    filter: str | None = Field(None, description="echoed only when sent")
    items: list[DistributionOut]


class RefItemOut(BaseModel):
    id: int
    text: str


class MetierOut(BaseModel):
    id: int
    text: str
    channel_id: int


class LoginOut(BaseModel):
    statusCode: int
    token: str


class UserOut(BaseModel):
    id: str
    user_id: int
    firstname: str
    lastname: str
    email: str
    phone: str | None
    use_email: bool
    status: int
    language: str
    timezone: str
    created_at: str
    updated_at: str
    token_vyte: None
    gmail_last_sync_id: None
    gmail_last_sync_date: None
    company: str = Field(description="the company name")


class MemberOut(BaseModel):
    id: str
    role_id: int = Field(description="2 administrator, 3 recruiter, 4 hiring manager")
    external_id: str | None
    company_id: int
    created_at: str
    last_login: str | None
    user: UserOut | None = Field(None, description="with fields=user")


# -- requests (documented only: bodies are read by inputs.read_body, with query fallback) ----------


class AddressIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    locality: str | None = None
    postal_code: str | int | None = None
    route: str | None = None
    street_number: str | int | None = None
    administrative_area_level_1: str | None = None
    administrative_area_level_2: str | None = None
    country: str | None = None
    formatted_address: str | None = None
    location_lat: str | float | None = None
    location_lng: str | float | None = None


class VacancyIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    title: str = Field(max_length=255)
    description: str
    mission: str
    profile: str
    experience: int = Field(description="1, 2, 4, 6 or 11")
    status: int = Field(description="0 archived, 1 active, 2 draft")
    contract_type_id: int
    education_level_id: int
    activity_id: int
    channel_id: int
    metier_id: int = Field(description="must belong to channel_id")
    language: str = Field(description="fr_FR | en_GB")
    reference: str | None = None
    note: str | None = None
    apply_url: str | None = None
    external_id: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    meta_tags: str | None = None
    salary: str | float | None = None
    salary_max: str | float | None = None
    currency: str | None = Field(None, description="EUR, USD, GBP, CAD, CHF")
    mensuality: str | None = Field(None, description="y, m, d, h")
    remote: str | bool | None = Field(None, description="notime | parttime | fulltime; true/false")
    driver_license: bool | None = None
    partial: bool | None = None
    handicap: bool | None = None
    kanban: bool | None = None
    start_date: str | None = Field(None, description="YYYY-MM-DD")
    end_date: str | None = Field(None, description="YYYY-MM-DD, not before start_date")
    address: AddressIn | None = None
    tags: list[str] | None = Field(None, description="encoded ids of vacancies tags")
    options: OptionsOut | None = None


class LoginIn(BaseModel):
    email: str
    password: str

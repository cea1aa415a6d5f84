"""Helpers for the Flatchr vacancy, careers, reference and login tests (imported explicitly)."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.faces.conftest import Tenant
from tests.vacancies.conftest import body
from vivier.db.session import Database
from vivier.events.models import OutboxEvent
from vivier.vacancies.models import Vacancy
from vivier.vacancies.schemas import parse_vacancy_input
from vivier.vacancies.service import create_vacancy

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
JSON_TYPE = "application/json; charset=utf-8"

VACANCY_KEYS = {
    "id",
    "vacancy_id",
    "slug",
    "slug_mail",
    "title",
    "reference",
    "note",
    "apply_url",
    "external_id",
    "description",
    "mission",
    "profile",
    "experience",
    "status",
    "published",
    "salary",
    "salary_max",
    "currency",
    "mensuality",
    "remote",
    "language",
    "contract_type_id",
    "education_level_id",
    "activity_id",
    "channel_id",
    "metier_id",
    "company_id",
    "contract_type",
    "education_level",
    "activity",
    "channel",
    "metier",
    "start_date",
    "end_date",
    "driver_license",
    "handicap",
    "partial",
    "kanban",
    "meta_title",
    "meta_description",
    "meta_tags",
    "options",
    "created_at",
    "updated_at",
    "addressFormatted",
}
ADDRESS_KEYS = {
    "locality",
    "postal_code",
    "route",
    "street_number",
    "administrative_area_level_1",
    "administrative_area_level_2",
    "country",
    "formatted_address",
    "location_lat",
    "location_lng",
}
TAG_KEYS = {
    "id",
    "tag_id",
    "company_id",
    "title",
    "values",
    "multiple",
    "visible",
    "creatable",
    "folder",
    "type",
    "position",
    "tagCandidateRestriction",
}
QUESTION_KEYS = {
    "id",
    "text",
    "type",
    "required",
    "options",
    "position",
    "size",
    "default_value",
    "parent_question",
    "parent_answer_expected",
}
DISTRIBUTION_KEYS = {
    "id",
    "offer_id",
    "external_id",
    "published",
    "status",
    "created_at",
    "publish_date",
    "external_url",
    "vacancy_id",
}
COMPANY_KEYS = {
    "id",
    "name",
    "slug",
    "status",
    "created_at",
    "activity_id",
    "activity",
    "address",
    "addressFormatted",
    "description",
    "size",
    "email",
    "web",
    "phone",
    "siren",
    "vat_number",
    "billing_name",
    "retention_policy",
    "logo",
    "meta_logo",
    "hosts",
    "shields",
    "ip_addresses",
    "hiddens",
    "hunter",
    "public",
    "shared_applicants",
}
ADDRESS = {
    "street_number": "12",
    "route": "rue de la Paix",
    "postal_code": 75002,
    "locality": "Paris",
    "administrative_area_level_1": "Île-de-France",
    "country": "France",
    "location_lat": 48.8686,
    "location_lng": "2.3314",
}


def vacancy_body(**overrides: Any) -> dict[str, Any]:
    """The documented §7.4 request body, with overrides (``...`` removes a key)."""
    return body(**overrides)


def seed_vacancy(db: Database, tenant: Tenant, **overrides: Any) -> Vacancy:
    """A committed vacancy of ``tenant`` created through the service."""
    with db.unit_of_work() as session:
        vacancy = create_vacancy(session, tenant.ctx, parse_vacancy_input(vacancy_body(**overrides)))
    return vacancy


def outbox_events(db: Database, tenant: Tenant, event: str) -> list[OutboxEvent]:
    with db.unit_of_work() as session:
        stmt = select(OutboxEvent).where(
            OutboxEvent.company_id == tenant.ctx.company_id, OutboxEvent.event == event
        )
        return list(session.scalars(stmt))


def login_token(client: TestClient, email: str, password: str) -> str:
    response = client.post("/flatchr/user/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token

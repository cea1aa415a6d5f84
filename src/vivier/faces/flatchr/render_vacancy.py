"""Flatchr wire rendering of vacancies, companies, addresses, tags, questions, distributions,
members and users (flatchr-api.md §5.1, §5.2, §5.5, §5.7, §5.8).

Every function works on rows already loaded (``VacancyView`` and ``ListedVacancy`` bundle them in
batched queries), so rendering a list never triggers a query per row. Vacancies render from their
column values (``VacancyBundle.columns``): ORM rows and the plain rows of lists render alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy.orm import object_session

from vivier.companies.models import Company, Member, User
from vivier.config import Settings
from vivier.faces.flatchr.formats import iso, iso_or_none
from vivier.faces.json_body import FastJSONResponse
from vivier.reference.address import ADDRESS_FIELDS
from vivier.reference.data import ACTIVITIES
from vivier.reference.service import address_dict, address_of, normalize_lang
from vivier.tags.models import Tag
from vivier.vacancies.models import Distribution, Question, VacancyStatus
from vivier.vacancies.schemas import VacancyBundle, VacancyView
from vivier.vacancies.service import user_public_ids

JSON_TYPE = "application/json; charset=utf-8"

# Optional vacancy blocks (§5.1) and which ones each route honours.
LIST_FIELDS = frozenset({"address", "tags", "questions", "items"})
DETAIL_FIELDS = frozenset({"address", "tags", "questions", "faqs", "benefits"})
CREATED_FIELDS = frozenset({"address", "tags", "questions"})
CAREERS_FIELDS = frozenset({"address", "tags", "questions", "company"})
WEBHOOK_FIELDS = frozenset({"address", "tags", "questions"})

OPTION_FLAGS = ("indeed", "linkedin", "motivation", "social_links")
_ACTIVITY_LABELS = {row[0]: (row[1], row[2]) for row in ACTIVITIES}
_ACTIVE = int(VacancyStatus.ACTIVE)


def respond(content: Any, status_code: int = 200) -> JSONResponse:
    """A Flatchr JSON response (``application/json; charset=utf-8``)."""
    return FastJSONResponse(content, status_code=status_code, media_type=JSON_TYPE)


def date_iso(value: date | None) -> str | None:
    """Vacancy calendar dates go out as ISO midnight UTC: ``2023-05-01T00:00:00.000Z``."""
    return None if value is None else f"{value.isoformat()}T00:00:00.000Z"


def address_json(address: Mapping[str, str | None] | None) -> dict[str, str | None] | None:
    """The Address object with all ten keys, or None without an address."""
    if address is None:
        return None
    return {name: address.get(name) for name in ADDRESS_FIELDS}


def tag_json(tag: Tag) -> dict[str, Any]:
    """§5.5 Tag (``id`` encoded, ``tag_id`` and ``company_id`` integers)."""
    return {
        "id": tag.public_id,
        "tag_id": tag.id,
        "company_id": tag.company_id,
        "title": tag.title,
        "values": tag.values or "",
        "multiple": tag.multiple,
        "visible": tag.visible,
        "creatable": tag.creatable,
        "folder": tag.folder,
        "type": tag.type,
        "position": tag.position,
        "tagCandidateRestriction": [],
    }


def question_json(question: Question) -> dict[str, Any]:
    """§5.8 Question."""
    return {
        "id": question.public_id,
        "text": question.text,
        "type": question.type,
        "required": question.required,
        "options": question.options,
        "position": question.position,
        "size": question.size,
        "default_value": question.default_value,
        "parent_question": None,
        "parent_answer_expected": None,
    }


def options_json(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The vacancy ``options`` object, every key present whatever was stored."""
    stored = options or {}
    out: dict[str, Any] = {flag: bool(stored.get(flag, False)) for flag in OPTION_FLAGS}
    optionals = stored.get("optionals")
    out["optionals"] = [str(o) for o in optionals] if isinstance(optionals, list) else []
    return out


def company_json(company: Company, lang: str | None = "fr") -> dict[str, Any]:
    """§5.2 Company; the activity label comes from the seeded reference list (no query)."""
    activity = None
    if company.activity_id is not None:
        labels = _ACTIVITY_LABELS.get(company.activity_id, ("", ""))
        activity = {"id": company.activity_id, "text": labels[1 if normalize_lang(lang) == "en" else 0]}
    return {
        "id": company.public_id,
        "name": company.name,
        "slug": company.slug,
        "status": company.status,
        "created_at": iso(company.created_at),
        "activity_id": company.activity_id,
        "activity": activity,
        "address": address_json(address_dict(company)),
        "addressFormatted": company.address_formatted_address or "",
        "description": company.description,
        "size": company.size,
        "email": company.email,
        "web": company.web,
        "phone": company.phone,
        "siren": company.siren,
        "vat_number": company.vat_number,
        "billing_name": company.billing_name,
        "retention_policy": company.retention_policy,
        "logo": company.logo,
        "meta_logo": company.meta_logo,
        "hosts": None,
        "shields": None,
        "ip_addresses": None,
        "hiddens": {},
        "hunter": False,
        "public": True,
        "shared_applicants": company.shared_applicants,
    }


def company_webhook_json(company: Company) -> dict[str, Any]:
    """Webhooks send only ``{id, name}`` of the company."""
    return {"id": company.public_id, "name": company.name}


def career_url(settings: Settings, view: VacancyBundle) -> str:
    """Absolute URL of the vacancy's public career-site page."""
    return f"{settings.public_url.rstrip('/')}/jobs/{view.company.slug}/{view.columns['slug']}"


def distribution_json(
    distribution: Distribution, view: VacancyBundle, settings: Settings, *, with_vacancy: bool = False
) -> dict[str, Any]:
    """§5.8 Distribution; ``vacancy`` (with address, company, tags, questions) only when asked for."""
    out: dict[str, Any] = {
        "id": distribution.public_id,
        "offer_id": distribution.offer_id,
        "external_id": distribution.external_id,
        "published": distribution.published,
        # Flatchr only documents "published"; an unpublished item (archived vacancy) says so.
        "status": "published" if distribution.published else "unpublished",
        "created_at": iso(distribution.created_at),
        "publish_date": iso(distribution.publish_date),
        "external_url": career_url(settings, view),
    }
    if with_vacancy:
        out["vacancy"] = vacancy_json(view, CAREERS_FIELDS, settings)
    out["vacancy_id"] = view.columns["id"]
    return out


def vacancy_json(view: VacancyBundle, fields: Collection[str], settings: Settings) -> dict[str, Any]:
    """§5.1 Vacancy; ``fields`` selects the optional blocks (address, tags, questions, faqs,
    benefits, items, company). Labels are those of the view (the vacancy's language)."""
    v = view.columns
    labels = view.labels
    out: dict[str, Any] = {
        "id": v["public_id"],
        "vacancy_id": v["id"],
        "slug": v["slug"],
        "slug_mail": v["slug_mail"],
        "title": v["title"],
        "reference": v["reference"],
        "note": v["note"],
        "apply_url": v["apply_url"],
        "external_id": v["external_id"],
        "description": v["description"] or "",
        "mission": v["mission"] or "",
        "profile": v["profile"] or "",
        "experience": v["experience"],
        "status": v["status"],
        "published": v["status"] == _ACTIVE,
        "salary": v["salary"] or "0",
        "salary_max": v["salary_max"],
        "currency": v["currency"] or "EUR",
        "mensuality": v["mensuality"] or "y",
        "remote": v["remote"] or "notime",
        "language": v["language"],
        "contract_type_id": v["contract_type_id"],
        "education_level_id": v["education_level_id"],
        "activity_id": v["activity_id"],
        "channel_id": v["channel_id"],
        "metier_id": v["metier_id"],
        "company_id": v["company_id"],
        "contract_type": labels.contract_type,
        "education_level": labels.education_level,
        "activity": labels.activity,
        "channel": labels.channel,
        "metier": labels.metier,
        "start_date": date_iso(v["start_date"]),
        "end_date": date_iso(v["end_date"]),
        "driver_license": bool(v["driver_license"]),
        "handicap": bool(v["handicap"]),
        "partial": bool(v["partial"]),
        "kanban": bool(v["kanban"]),
        "meta_title": v["meta_title"],
        "meta_description": v["meta_description"],
        "meta_tags": v["meta_tags"],
        "options": options_json(v["options"]),
        "created_at": iso(v["created_at"]),
        "updated_at": iso(v["updated_at"]),
        "addressFormatted": v["address_formatted_address"] or "",
    }
    if "address" in fields:
        out["address"] = address_json(address_of(v))
    if "tags" in fields:
        out["tags"] = [tag_json(tag) for tag in view.tags]
    if "questions" in fields:
        out["questions"] = [question_json(q) for q in view.questions]
    if "faqs" in fields:
        out["faqs"] = []
    if "benefits" in fields:
        out["benefits"] = []
    if "items" in fields:
        out["items"] = [distribution_json(d, view, settings) for d in view.distributions]
    if "company" in fields:
        out["company"] = company_json(view.company, "en" if v["language"] == "en_GB" else "fr")
    return out


def vacancy_webhook_json(
    view: VacancyView, settings: Settings, users: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """The webhook variant (§5.1): integer ``id``, encoded ``company_id``, encoded ``created_by`` /
    ``updated_by``, with address, tags and questions. Without ``users`` (user id -> encoded id) the
    two users are looked up in one query through the vacancy's session."""
    v = view.vacancy
    if users is None:
        session = object_session(v)
        users = user_public_ids(session, (v.created_by, v.updated_by)) if session is not None else {}
    out = vacancy_json(view, WEBHOOK_FIELDS, settings)
    out["id"] = v.id
    out["company_id"] = view.company.public_id
    out["created_by"] = users.get(v.created_by) if v.created_by is not None else None
    out["updated_by"] = users.get(v.updated_by) if v.updated_by is not None else None
    return out


def user_json(user: User, company_name: str, *, webhook: bool = False) -> dict[str, Any]:
    """§5.7 User; ``company`` is the company name. Webhooks add signature, last_login and picture."""
    out: dict[str, Any] = {
        "id": user.public_id,
        "user_id": user.id,
        "firstname": user.firstname,
        "lastname": user.lastname,
        "email": user.email,
        "phone": user.phone,
        "use_email": user.use_email,
        "status": user.status,
        "language": user.language,
        "timezone": user.timezone,
        "created_at": iso(user.created_at),
        "updated_at": iso(user.updated_at),
        "token_vyte": None,
        "gmail_last_sync_id": None,
        "gmail_last_sync_date": None,
        "company": company_name,
    }
    if webhook:
        out["signature"] = None
        out["last_login"] = iso_or_none(user.last_login)
        out["picture"] = user.picture
    return out


def member_json(member: Member, company_name: str, *, with_user: bool = False) -> dict[str, Any]:
    """§5.7 Member; ``user`` (which must be loaded on the member) with ``with_user``."""
    out: dict[str, Any] = {
        "id": member.public_id,
        "role_id": member.role_id,
        "external_id": member.external_id,
        "company_id": member.company_id,
        "created_at": iso(member.created_at),
        "last_login": iso_or_none(member.last_login),
    }
    if with_user:
        out["user"] = user_json(member.user, company_name)
    return out

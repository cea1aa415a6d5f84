"""Wire shapes of the applicant routes (§5.3-§5.5, §7.5-§7.12), so the OpenAPI document is real.

Request models only document bodies: routes read them with ``inputs.read_body`` (query fallback,
form and multipart), so they are attached through ``openapi_extra``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from vivier.applications.schemas import AnswerInput, ApplicationInput, DocumentResume
from vivier.core.errors import Constraint, Invalid
from vivier.core.text import is_number
from vivier.faces.flatchr.inputs import to_bool, to_str
from vivier.faces.flatchr.schemas import ColumnOut
from vivier.faces.flatchr.schemas_vacancy import CompanyOut, VacancyFieldsOut
from vivier.files.service import Upload

# -- responses ----------------------------------------------------------------------------------------


class AwsOut(BaseModel):
    key: str
    extension: str
    signature: str


class CandidateOut(BaseModel):
    id: str
    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    external_id: str | None
    summary: str | None
    urls: dict[str, str]
    consent: bool
    status: int
    additionals: dict[str, Any]
    cv: str | None
    aws: AwsOut | None
    created_at: str
    updated_at: str


class EmbeddedVacancyOut(VacancyFieldsOut):
    company: CompanyOut


class ApplyOut(BaseModel):
    id: str
    created_at: str
    vacancy_id: str
    offerer_id: str
    import_: bool = Field(alias="import")


class ApplicantOut(BaseModel):
    """§5.3: returned by Get Applicant, Move and Archive."""

    id: str
    vacancy_id: str
    column_id: int
    score: int
    comment: str
    created_at: int
    updated_at: int
    status: int
    view: bool
    anonym: bool
    foreigner: bool
    external_id: str | None
    candidate: CandidateOut
    column: ColumnOut
    vacancy: EmbeddedVacancyOut
    applies: list[ApplyOut]
    datas: list[Any]


class SearchRowOut(BaseModel):
    """One §7.5 search row (dates are ``DD/MM/YY``)."""

    applicant: str
    vacancy: str
    vacancy_id: int
    column: str
    external_id: str
    firstname: str
    lastname: str
    email: str
    phone: str
    status: int
    score: int
    hired: bool
    created_at: str
    updated_at: str
    source: str


class MetaMessageOut(BaseModel):
    resource_type: str
    action: str


class MetaResultOut(BaseModel):
    statusCode: int
    message: MetaMessageOut


class CandidateCreatedOut(BaseModel):
    status: int
    response: str
    applicant: str


class CandidateTestOut(BaseModel):
    status: int
    response: str


# -- request bodies (documentation) -------------------------------------------------------------------


class SearchIn(BaseModel):
    """All optional; combined with AND. Dates are ``MM/DD/YY``; ``company`` is comma-separated ids."""

    firstname: str | None = None
    lastname: str | None = None
    email: str | None = None
    phone: str | None = None
    hired: bool | None = None
    column: str | None = None
    start: str | None = None
    end: str | None = None
    start_update: str | None = None
    end_update: str | None = None
    vacancy: str | None = None
    company: str | None = None
    archived: bool | None = None


class MetaIn(BaseModel):
    reference: str | int
    value: dict[str, Any]
    app_name: str | None = "api"
    type: str | None = None
    name: str | None = None


class MoveIn(BaseModel):
    column_id: int | None = None


class CandidateIn(BaseModel):
    """``resume`` is ``{data, fileName, contentType}`` for ``type=document`` and a URL for ``link``."""

    vacancy: str
    firstname: str
    lastname: str
    token: str | None = None
    type: str
    resume: dict[str, str] | str
    email: str | None = None
    phone: str | int | None = None
    comment: str | None = None
    offerer_id: int | None = None
    urls: dict[str, str] | None = None
    answers: list[dict[str, str | int]] | None = None
    questions: list[dict[str, str | int]] | None = None
    legalNewsletterPartners: bool | None = None
    similarities: bool | None = None
    response_text: str | None = None
    user_id: str | None = None


# -- parsing a Create Candidate request (§7.9-7.11) ---------------------------------------------------

_BRACKETS = re.compile(r"\[([^\]]*)\]")


def _unflatten(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Fold form keys such as ``resume[data]`` or ``answers[0][value]`` into nested objects."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        head, _, rest = name.partition("[")
        if not rest or not head:
            out.setdefault(name, value)
            continue
        path = [head, *_BRACKETS.findall("[" + rest)]
        node = out
        for part in path[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[path[-1]] = value
    return {k: _listify(v) for k, v in out.items()}


def _listify(value: Any) -> Any:
    if not isinstance(value, dict) or not value:
        return value
    items = {k: _listify(v) for k, v in value.items()}
    if all(isinstance(k, str) and is_number(k) for k in items):
        return [items[k] for k in sorted(items, key=int)]
    return items


def _json_text(value: Any) -> Any:
    """Objects and arrays sent as JSON text in a form field."""
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _document(value: Mapping[str, Any]) -> DocumentResume:
    data = value.get("data")
    if not isinstance(data, str):
        raise Invalid.one("resume", Constraint.TYPE, "document data must be a base64 string")
    name = value.get("fileName", value.get("filename", value.get("file_name")))
    content_type = value.get("contentType", value.get("content_type"))
    for label, item in (("fileName", name), ("contentType", content_type)):
        if item is not None and not isinstance(item, str):
            raise Invalid.one(f"resume.{label}", Constraint.TYPE, "must be a string")
    return DocumentResume(data, name, content_type)


def _answers(fields: Mapping[str, Any]) -> list[AnswerInput]:
    raw = _json_text(fields.get("answers", fields.get("questions")))
    if raw is None or raw == "":
        return []
    if not isinstance(raw, list) or not all(isinstance(a, dict) for a in raw):
        raise Invalid.one("answers", Constraint.TYPE, "must be a list of {question, value}")
    answers = []
    for item in raw:
        question = item.get("question")
        if isinstance(question, str) and is_number(question.strip()):
            question = int(question.strip())
        answers.append(AnswerInput(question, item.get("value")))
    return answers


def application_input(raw: Mapping[str, Any]) -> ApplicationInput:
    """A Create Candidate body (JSON, form with ``a[b]`` keys or JSON text, multipart ``resume`` file)
    as the applications service takes it; shape errors name their field."""
    fields = _unflatten(raw)
    vacancy = fields.get("vacancy")
    if vacancy is None or (isinstance(vacancy, str) and not vacancy.strip()):
        raise Invalid.one("vacancy", Constraint.BLANK, "is required")
    if not isinstance(vacancy, str):
        raise Invalid.one("vacancy", Constraint.TYPE, "must be a string")
    resume = _json_text(fields.get("resume"))
    upload = resume if isinstance(resume, Upload) else None
    if isinstance(resume, dict):
        resume = _document(resume)
    elif resume is not None and not isinstance(resume, str | Upload):
        raise Invalid.one("resume", Constraint.TYPE, "must be a document object or a URL")
    urls = _json_text(fields.get("urls"))
    if urls is not None and urls != "" and not isinstance(urls, dict):
        raise Invalid.one("urls", Constraint.TYPE, "must be an object")
    return ApplicationInput(
        vacancy=vacancy.strip(),
        firstname=fields.get("firstname"),
        lastname=fields.get("lastname"),
        type=fields.get("type"),
        resume=None if upload is not None else resume,
        resume_upload=upload,
        email=fields.get("email"),
        phone=fields.get("phone"),
        comment=to_str(fields, "comment"),
        offerer_id=fields.get("offerer_id"),
        urls=urls or None,
        answers=_answers(fields),
        legal_newsletter_partners=bool(to_bool(fields, "legalNewsletterPartners", False)),
        response_text=to_str(fields, "response_text"),
        user_id=to_str(fields, "user_id"),
    )

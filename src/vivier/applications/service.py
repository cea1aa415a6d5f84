"""Applications (Flatchr "applicants"): apply, move, archive, read views, web board, score.

Search lives in ``vivier.applications.search``; its public names are re-exported here.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session, defer

from vivier.applications.models import Application, ApplicationAnswer, ApplicationStatus, Apply
from vivier.applications.schemas import (
    RESUME_TYPES,
    AnswerInput,
    ApplicantView,
    ApplicationInput,
    ApplyResult,
    ApplyView,
    Board,
    BoardCard,
    BoardColumn,
    DocumentResume,
)
from vivier.applications.search import iter_search_applications, search_applications
from vivier.candidates.models import Candidate
from vivier.candidates.service import find_or_create_person, is_valid_email, url_violations
from vivier.companies.context import Context
from vivier.companies.models import Company
from vivier.companies.service import member_by_user_ref
from vivier.core.errors import Constraint, Invalid, NotFound, TooLarge, Violation
from vivier.core.ids import is_public_id
from vivier.core.text import is_number, lookup_key
from vivier.db.base import IntId
from vivier.db.lookup import IDS, WhereIdsIn, rows_by_id
from vivier.db.scoping import get_by_public_id, restrict, restrict_bound, scoped, tenant_params
from vivier.events.audit import emit, record
from vivier.files.models import StoredFile
from vivier.files.service import Upload, store_upload
from vivier.files.store import FileStore
from vivier.files.types import check_type, declared_type
from vivier.pipeline.models import PipelineColumn
from vivier.pipeline.service import column_param, first_column, list_columns
from vivier.reference.data import CAREER_SITE_SOURCE
from vivier.reference.models import Source
from vivier.tags.models import Tag
from vivier.tags.schemas import MAX_VALUE, allowed_values
from vivier.vacancies.models import Question, Vacancy, VacancyStatus

__all__ = [
    "active_vacancy",
    "applicant_views",
    "apply",
    "archive_application",
    "get_applicant_view",
    "get_application",
    "iter_search_applications",
    "list_applications_for_vacancy",
    "move_application",
    "search_applications",
    "set_score",
]

_DATA_URL = re.compile(r"^data:([^;,]*)(?:;[^,;]*)*;base64,", re.IGNORECASE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_NAME_LENGTH = 255
_EMAIL_LENGTH = 255
_PHONE_LENGTH = 50  # the candidates.phone column
_LINK_LENGTH = 1000  # the candidates.cv_link column
MAX_SCORE = 5  # star rating in the web app

M = TypeVar("M", bound=IntId)


@dataclass
class _Prepared:
    """An application request after validation, ready to be written."""

    firstname: str
    lastname: str
    email: str | None
    phone: str | None
    urls: dict[str, str]
    link: str | None
    document: Upload | None
    source: Source
    created_by: int | None
    text_answers: list[tuple[str, str]] = field(default_factory=list)
    tag_answers: list[tuple[int, str]] = field(default_factory=list)


# -- vacancy ---------------------------------------------------------------------------------------


def active_vacancy(session: Session, ctx: Context, ref: str) -> Vacancy:
    """The company's published vacancy with this slug or encoded id; NotFound otherwise."""
    ref = ref.strip() if isinstance(ref, str) else ""
    match = Vacancy.slug == ref
    if is_public_id(ref):
        match = match | (Vacancy.public_id == ref)
    found = session.scalars(
        scoped(Vacancy, ctx).where(match, Vacancy.status == VacancyStatus.ACTIVE).limit(1)
    ).first()
    if found is None:
        raise NotFound("Vacancy not found")
    return found


# -- validation of an application request ----------------------------------------------------------


def _person_name(value: object, name: str, found: list[Violation]) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        found.append(Violation(name, Constraint.BLANK, "is required"))
        return ""
    if not isinstance(value, str):
        found.append(Violation(name, Constraint.TYPE, "must be a string"))
        return ""
    text = value.strip()
    if not any(ch.isalpha() for ch in text):
        found.append(Violation(name, Constraint.INVALID, "must contain a letter"))
    elif len(text) > _NAME_LENGTH:
        found.append(Violation(name, Constraint.LENGTH, "is too long", _NAME_LENGTH))
    return text


def _email(value: object, found: list[Violation]) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        found.append(Violation("email", Constraint.TYPE, "must be a string"))
        return None
    text = value.strip()
    if len(text) > _EMAIL_LENGTH:
        found.append(Violation("email", Constraint.LENGTH, "is too long", _EMAIL_LENGTH))
    elif not is_valid_email(text):
        found.append(Violation("email", Constraint.EMAIL, "must be a valid email"))
    return text


def _phone(value: object, found: list[Violation]) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | str | None):
        found.append(Violation("phone", Constraint.TYPE, "must be a string or an integer"))
        return None
    text = str(value).strip() if value is not None else ""
    if len(text) > _PHONE_LENGTH:
        found.append(Violation("phone", Constraint.LENGTH, "is too long", _PHONE_LENGTH))
    return text or None


def normalize_link(value: object, found: list[Violation]) -> str | None:
    """A CV link with ``https://`` added when schemeless; only http(s) links are kept."""
    if not isinstance(value, str) or not value.strip():
        found.append(Violation("resume", Constraint.BLANK, "must be a URL for type link"))
        return None
    link = value.strip()
    match = _SCHEME.match(link)
    if match is None:
        link = "https://" + link.lstrip("/")
    elif match.group(1).lower() not in ("http", "https"):
        found.append(Violation("resume", Constraint.INVALID, "must be an http(s) URL"))
        return None
    if any(ch.isspace() for ch in link):
        found.append(Violation("resume", Constraint.INVALID, "must be a URL"))
    elif len(link) > _LINK_LENGTH:
        found.append(Violation("resume", Constraint.LENGTH, "is too long", _LINK_LENGTH))
    return link


def decode_document(resume: DocumentResume, max_bytes: int) -> tuple[bytes, str | None]:
    """Decode inline base64 (optional data-URL prefix); returns the bytes and the content type.

    Raises Invalid on "resume" for bad base64 and TooLarge before decoding an oversized payload.
    """
    data, content_type = resume.data, resume.content_type
    match = _DATA_URL.match(data)
    if match is not None:
        content_type = content_type or match.group(1) or None
        data = data[match.end() :]
    cleaned = "".join(data.split())
    if not cleaned:
        raise Invalid.one("resume", Constraint.BLANK, "document data must not be empty")
    if len(cleaned) // 4 * 3 > max_bytes + 3:
        raise TooLarge(f"File is larger than {max_bytes // (1024 * 1024)} MB")
    cleaned += "=" * (-len(cleaned) % 4)
    altchars = b"-_" if ("-" in cleaned or "_" in cleaned) else None
    try:
        raw = base64.b64decode(cleaned, altchars=altchars, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Invalid.one("resume", Constraint.INVALID, "document data is not valid base64") from exc
    if not raw:
        raise Invalid.one("resume", Constraint.BLANK, "document data must not be empty")
    return raw, content_type


def _resume(
    data: ApplicationInput, stem: str, max_bytes: int, found: list[Violation]
) -> tuple[str | None, Upload | None]:
    """The link or the document upload of a request (violations are collected, not raised)."""
    kind = data.type.strip().lower() if isinstance(data.type, str) else data.type
    if data.resume_upload is not None and kind in (None, "", "document"):
        return None, data.resume_upload
    if kind is None or kind == "":
        found.append(Violation("type", Constraint.BLANK, "is required (document or link)"))
        return None, None
    if kind not in RESUME_TYPES:
        found.append(Violation("type", Constraint.CHOICE, "must be document or link", RESUME_TYPES))
        return None, None
    if kind == "link":
        return normalize_link(data.resume, found), None
    if not isinstance(data.resume, DocumentResume):
        constraint = Constraint.BLANK if data.resume is None else Constraint.TYPE
        found.append(Violation("resume", constraint, "must be a document {data, fileName, contentType}"))
        return None, None
    try:
        raw, content_type = decode_document(data.resume, max_bytes)
        declared_type(content_type, "resume")
    except Invalid as exc:
        found.extend(exc.violations)
        return None, None
    return None, Upload(raw, (data.resume.file_name or stem)[:255], content_type)


def _source(session: Session, offerer_id: object) -> Source:
    """The source of an application; unknown or malformed ids mean the career site."""
    wanted = CAREER_SITE_SOURCE
    if isinstance(offerer_id, int) and not isinstance(offerer_id, bool):
        wanted = offerer_id
    elif isinstance(offerer_id, str) and is_number(offerer_id.strip()):
        wanted = int(offerer_id.strip())
    found = session.get(Source, wanted)
    return found if found is not None else session.get_one(Source, CAREER_SITE_SOURCE)


def _answers(
    session: Session, ctx: Context, answers: Sequence[AnswerInput], found: list[Violation]
) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """Split answers into question answers and tag answers; tag answers are checked like traits."""
    texts: list[tuple[str, str]] = []
    tags: list[tuple[int, str]] = []
    tag_ids = {
        a.question for a in answers if isinstance(a.question, int) and not isinstance(a.question, bool)
    }
    known = {t.id: t for t in session.scalars(scoped(Tag, ctx).where(Tag.id.in_(tag_ids)))} if tag_ids else {}
    for answer in answers:
        value = answer.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            found.append(Violation("answers", Constraint.TYPE, "answer values must be strings"))
        elif isinstance(answer.question, int) and not isinstance(answer.question, bool):
            _tag_answer(known.get(answer.question), answer.question, value, tags, found)
        elif isinstance(answer.question, str) and answer.question.strip():
            texts.append((answer.question.strip(), value))
        else:
            found.append(Violation("answers", Constraint.BLANK, "each answer needs a question"))
    return texts, tags


def _tag_answer(
    tag: Tag | None, tag_id: int, value: str, out: list[tuple[int, str]], found: list[Violation]
) -> None:
    # Mirrors tags.service.add_trait so that test mode refuses what a real call would refuse.
    text = value.strip()
    if tag is None or tag.type != "candidates":
        found.append(Violation("answers", Constraint.REFERENCE, f"{tag_id} is not a candidates tag"))
    elif not text:
        found.append(Violation("answers", Constraint.BLANK, f"the answer to tag {tag_id} is blank"))
    elif len(text) > MAX_VALUE:
        found.append(Violation("answers", Constraint.LENGTH, "is too long", MAX_VALUE))
    elif allowed_values(tag) and text not in allowed_values(tag) and not tag.creatable:
        found.append(Violation("answers", Constraint.CHOICE, f"{text!r} is not a value of tag {tag_id}"))
    else:
        out.append((tag_id, text))


def _creator(session: Session, ctx: Context, user_id: str | None, found: list[Violation]) -> int | None:
    if user_id is None or not str(user_id).strip():
        return None
    try:
        return member_by_user_ref(session, ctx, str(user_id).strip(), "user_id").user_id
    except Invalid as exc:
        found.extend(exc.violations)
        return None


def _prepare(session: Session, ctx: Context, data: ApplicationInput, max_bytes: int) -> _Prepared:
    found: list[Violation] = []
    firstname = _person_name(data.firstname, "firstname", found)
    lastname = _person_name(data.lastname, "lastname", found)
    link, document = _resume(data, f"{firstname}-{lastname}", max_bytes, found)
    email = _email(data.email, found)
    phone = _phone(data.phone, found)
    found.extend(url_violations(data.urls))
    urls = {k: v.strip() for k, v in (data.urls or {}).items() if isinstance(v, str) and v.strip()}
    text_answers, tag_answers = _answers(session, ctx, data.answers, found)
    created_by = _creator(session, ctx, data.user_id, found)
    if found:
        raise Invalid(found)
    return _Prepared(
        firstname=firstname,
        lastname=lastname,
        email=email,
        phone=phone,
        urls=urls,
        link=link,
        document=document,
        source=_source(session, data.offerer_id),
        created_by=created_by,
        text_answers=text_answers,
        tag_answers=tag_answers,
    )


def check_document(store: FileStore, upload: Upload, max_bytes: int, field: str = "resume") -> None:
    """Run the upload checks (size, type on the bytes) without keeping anything."""
    declared = declared_type(upload.content_type, field)
    spooled = store.spool(upload.data, max_bytes=max_bytes)
    try:
        check_type(spooled.head(), spooled.path, declared, field)
    finally:
        spooled.path.unlink(missing_ok=True)


def _existing(session: Session, ctx: Context, vacancy: Vacancy, email: str | None) -> Application | None:
    key = lookup_key(email)
    if key is None:
        return None
    stmt = (
        scoped(Application, ctx)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.vacancy_id == vacancy.id, Candidate.email_key == key)
    )
    return session.scalars(restrict(stmt, Candidate, ctx).limit(1)).first()


# -- apply -----------------------------------------------------------------------------------------


def apply(
    session: Session,
    ctx: Context,
    store: FileStore,
    max_bytes: int,
    data: ApplicationInput,
    *,
    test_mode: bool = False,
) -> ApplyResult:
    """Create an application (Flatchr §7.9-7.11) for the company's active vacancy ``data.vacancy``.

    A duplicate (same email, same vacancy) returns the existing application and stores nothing;
    test mode validates everything, including the document bytes, and stores nothing.
    """
    ctx.require_write()
    vacancy = active_vacancy(session, ctx, data.vacancy)
    prepared = _prepare(session, ctx, data, max_bytes)
    existing = _existing(session, ctx, vacancy, prepared.email)
    if test_mode or existing is not None:
        if prepared.document is not None:
            check_document(store, prepared.document, max_bytes)
        if test_mode:
            return ApplyResult(None, None, created=False, duplicate=existing is not None, test_mode=True)
        assert existing is not None
        person = session.get_one(Candidate, existing.candidate_id)
        return ApplyResult(existing, person, created=False, duplicate=True)
    return _create(session, ctx, store, max_bytes, vacancy, prepared, data)


def _create(
    session: Session,
    ctx: Context,
    store: FileStore,
    max_bytes: int,
    vacancy: Vacancy,
    prepared: _Prepared,
    data: ApplicationInput,
) -> ApplyResult:
    # The file goes first: its checks are the last validation, before any other row is written.
    cv: StoredFile | None = None
    if prepared.document is not None:
        cv = store_upload(
            session,
            ctx,
            store,
            prepared.document,
            kind="cv",
            key_stem=f"{prepared.firstname}-{prepared.lastname}",
            max_bytes=max_bytes,
            field="resume",
        )
    person, _ = find_or_create_person(
        session,
        ctx,
        firstname=prepared.firstname,
        lastname=prepared.lastname,
        email=prepared.email,
        phone=prepared.phone,
        urls=prepared.urls,
        source=prepared.source.label,
        position=vacancy.title,
        created_by=prepared.created_by,
    )
    if cv is not None:
        cv.candidate_id = person.id
        person.cv_link = None
    elif prepared.link is not None:
        person.cv_link = prepared.link
    column = first_column(session, ctx)
    application = Application(
        company_id=ctx.company_id,
        candidate_id=person.id,
        vacancy_id=vacancy.id,
        column_id=column.id,
        status=ApplicationStatus.ACTIVE,
        score=0,
        cover_letter=data.comment if isinstance(data.comment, str) else "",
        source_id=prepared.source.id,
        response_text=data.response_text,
        newsletter_partners=bool(data.legal_newsletter_partners),
        created_by=prepared.created_by,
    )
    session.add(application)
    session.flush()
    session.add(
        Apply(
            application_id=application.id,
            source_id=prepared.source.id,
            imported=False,
            created_at=application.created_at,
        )
    )
    _store_answers(session, ctx, vacancy, application, prepared)
    session.flush()
    emit(session, ctx, "new_applicant", application_id=application.id)
    record(
        session,
        ctx,
        "application.create",
        "application",
        application.public_id,
        vacancy=vacancy.public_id,
        source_id=prepared.source.id,
    )
    return ApplyResult(application, person, created=True, duplicate=False)


def _store_answers(
    session: Session, ctx: Context, vacancy: Vacancy, application: Application, prepared: _Prepared
) -> None:
    from vivier.tags.service import add_trait  # the tags package imports applications models

    if prepared.text_answers:
        questions = {
            (lookup_key(q.text) or ""): q.id
            for q in session.scalars(scoped(Question, ctx).where(Question.vacancy_id == vacancy.id))
        }
        session.add_all(
            ApplicationAnswer(
                application_id=application.id,
                question_id=questions.get(lookup_key(text) or ""),
                question=text,
                value=value,
            )
            for text, value in prepared.text_answers
        )
    for tag_id, value in prepared.tag_answers:
        add_trait(session, ctx, application, tag_id, value, field="answers")


# -- one application -------------------------------------------------------------------------------


def get_application(session: Session, ctx: Context, public_id: str) -> Application:
    return get_by_public_id(session, Application, ctx, public_id, what="Applicant")


def _of_vacancy(session: Session, ctx: Context, vacancy_id: str, application_id: str) -> Application:
    """The application, which must belong to that vacancy of the company (NotFound otherwise)."""
    vacancy = get_by_public_id(session, Vacancy, ctx, vacancy_id, what="Vacancy")
    application = get_application(session, ctx, application_id)
    if application.vacancy_id != vacancy.id:
        raise NotFound("Applicant not found")
    return application


def move_application(
    session: Session, ctx: Context, vacancy_id: str, application_id: str, column_id: int | None
) -> Application:
    """Move an application to a column (Flatchr §7.7). No column, or the current one, changes nothing."""
    ctx.require_write()
    application = _of_vacancy(session, ctx, vacancy_id, application_id)
    if column_id is None:
        return application
    if isinstance(column_id, bool) or not isinstance(column_id, int):
        raise Invalid.one("column_id", Constraint.TYPE, "must be an integer")
    column = column_param(session, ctx, column_id)
    if column.id == application.column_id:
        return application
    previous = application.column_id
    application.column_id = column.id
    session.flush()
    emit(
        session,
        ctx,
        "drag_applicant",
        application_id=application.id,
        from_column_id=previous,
        to_column_id=column.id,
    )
    record(
        session,
        ctx,
        "application.move",
        "application",
        application.public_id,
        from_column=previous,
        to_column=column.id,
    )
    return application


def archive_application(session: Session, ctx: Context, vacancy_id: str, application_id: str) -> Application:
    """Archive an application (status 0; Flatchr §7.8). Idempotent; column and person are kept."""
    ctx.require_write()
    application = _of_vacancy(session, ctx, vacancy_id, application_id)
    if application.status != ApplicationStatus.ARCHIVED:
        application.status = ApplicationStatus.ARCHIVED
        session.flush()
        record(session, ctx, "application.archive", "application", application.public_id)
    return application


def set_score(session: Session, ctx: Context, application_id: str, score: int) -> Application:
    """Rate an application from 0 to 5 stars (web app)."""
    ctx.require_write()
    if isinstance(score, bool) or not isinstance(score, int):
        raise Invalid.one("score", Constraint.TYPE, "must be an integer")
    if not 0 <= score <= MAX_SCORE:
        raise Invalid.one("score", Constraint.RANGE, f"must be between 0 and {MAX_SCORE}", (0, MAX_SCORE))
    application = get_application(session, ctx, application_id)
    if application.score != score:
        application.score = score
        session.flush()
        record(session, ctx, "application.score", "application", application.public_id, score=score)
    return application


# -- views -----------------------------------------------------------------------------------------


# An application with its candidate, vacancy, column, the candidate's newest CV and one of its
# applies (with its source): one row per apply.
Related = tuple[
    Application, Candidate, Vacancy, PipelineColumn, StoredFile | None, Apply | None, Source | None
]


_UNRENDERED = ("cv_text", "firstname_key", "lastname_key", "email_key", "phone_digits")


def _with_related() -> Select[Application, Candidate, Vacancy, PipelineColumn, StoredFile, Apply, Source]:
    """Applications joined with their candidate, vacancy, column, the candidate's newest CV and
    their applies, oldest apply first (usually one: joining them saves a query per request)."""
    newest_cv = (
        select(func.max(StoredFile.id))
        .where(StoredFile.candidate_id == Candidate.id, StoredFile.kind == "cv")
        .correlate(Candidate)
        .scalar_subquery()
    )
    return (
        select(Application, Candidate, Vacancy, PipelineColumn, StoredFile, Apply, Source)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Vacancy, Vacancy.id == Application.vacancy_id)
        .join(PipelineColumn, PipelineColumn.id == Application.column_id)
        .outerjoin(StoredFile, StoredFile.id == newest_cv)
        .outerjoin(Apply, Apply.application_id == Application.id)
        .outerjoin(Source, Source.id == Apply.source_id)
        .order_by(Apply.id)
        # Never rendered: the CV's extracted text (often kilobytes) and the search keys.
        .options(*(defer(getattr(Candidate, name)) for name in _UNRENDERED))
    )


# Built once, with bound parameters: constructing these joins, and their cache keys, costs more
# than running them (get applicant is a hot path).
_RELATED = _with_related()
_RELATED_BY_ID = WhereIdsIn(_RELATED, Application.id)
_RELATED_BY_PUBLIC_ID = restrict_bound(
    _RELATED.where(Application.public_id == bindparam("public_id")), Application
)


def _views(session: Session, rows: Iterable[Related]) -> dict[int, ApplicantView]:
    """Views of joined rows by application id; one more query at most, for the vacancies'
    companies other than the caller's (authentication keeps the caller's in the session)."""
    grouped: dict[int, tuple[Related, list[ApplyView]]] = {}
    for row in rows:
        application, *_, apply, source = row
        _, applies = grouped.setdefault(application.id, (row, []))
        if apply is not None:
            applies.append(ApplyView(apply, source))
    companies = _by_id(session, Company, {row[2].company_id for row, _ in grouped.values()})
    return {
        a.id: ApplicantView(a, candidate, vacancy, companies[vacancy.company_id], column, applies, cv)
        for (a, candidate, vacancy, column, cv, _, _), applies in grouped.values()
    }


def applicant_views(session: Session, applications: Sequence[Application]) -> list[ApplicantView]:
    """Bundle (already scoped) applications with their related rows in at most two queries."""
    if not applications:
        return []
    rows = session.execute(_RELATED_BY_ID(session), {IDS: [a.id for a in applications]})
    views = _views(session, rows)
    return [views[a.id] for a in applications]


def get_applicant_view(session: Session, ctx: Context, public_id: str) -> ApplicantView:
    """``get_application`` with its related rows: one query (two for an affiliate's vacancy)."""
    if is_public_id(public_id):
        params = {"public_id": public_id, **tenant_params(ctx)}
        views = _views(session, session.execute(_RELATED_BY_PUBLIC_ID, params))
        if views:
            return next(iter(views.values()))
    raise NotFound("Applicant not found")


def _by_id(session: Session, model: type[M], ids: set[int]) -> dict[int, M]:
    return rows_by_id(session, model, ids)


def list_applications_for_vacancy(
    session: Session, ctx: Context, vacancy_id: str, *, include_archived: bool = False
) -> Board:
    """A vacancy's applications grouped by column, oldest first in each column (web board)."""
    vacancy = get_by_public_id(session, Vacancy, ctx, vacancy_id, what="Vacancy")
    stmt = (
        select(
            Application.public_id,
            Application.column_id,
            Application.score,
            Application.status,
            Application.created_at,
            Candidate.public_id,
            Candidate.firstname,
            Candidate.lastname,
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(Application.vacancy_id == vacancy.id)
        .order_by(Application.created_at, Application.id)
    )
    stmt = restrict(restrict(stmt, Application, ctx), Candidate, ctx)
    if not include_archived:
        stmt = stmt.where(Application.status == ApplicationStatus.ACTIVE)
    board = [BoardColumn(column) for column in list_columns(session, ctx)]
    by_column = {b.column.id: b for b in board}
    for app_id, column_id, score, status, created_at, cand_id, first, last in session.execute(stmt):
        by_column[column_id].cards.append(BoardCard(app_id, cand_id, first, last, score, status, created_at))
    return Board(vacancy, board)

"""Vacancies: creation and update rules (§7.4), status and distributions, listings and render bundles."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import BindParameter, Select, delete, exists, func, select
from sqlalchemy.orm import Session

from vivier.applications.models import Application, ApplicationStatus
from vivier.companies.context import Context
from vivier.companies.models import Company, User
from vivier.companies.service import affiliate_ids, get_company_by_slug
from vivier.core.clock import now
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.core.ids import is_public_id, new_public_id, new_slug_mail
from vivier.core.text import slugify
from vivier.db.lookup import in_ids, rows_by_id
from vivier.db.scoping import get_by_public_id, restrict, restrict_any, scoped
from vivier.events.audit import emit, record
from vivier.reference.address import ADDRESS_FIELDS
from vivier.reference.data import CAREER_SITE_SOURCE, INTRANET_SOURCE
from vivier.reference.service import (
    address_dict,
    format_address,
    labels_for,
    metier_channel,
    missing_reference_ids,
)
from vivier.tags.models import Tag
from vivier.vacancies.models import (
    CURRENCIES,
    EXPERIENCES,
    LANGUAGES,
    MENSUALITIES,
    QUESTION_TYPES,
    REMOTES,
    Distribution,
    Question,
    Vacancy,
    VacancyStatus,
    VacancyTag,
)
from vivier.vacancies.schemas import AddressInput, CareerItem, VacancyInput, VacancyView

REQUIRED = (
    "title",
    "description",
    "mission",
    "profile",
    "experience",
    "status",
    "contract_type_id",
    "education_level_id",
    "activity_id",
    "channel_id",
    "metier_id",
    "language",
)
REFERENCE_IDS = ("contract_type_id", "education_level_id", "activity_id", "channel_id", "metier_id")
TEXT_LIMITS = {
    "title": 255,
    "reference": 255,
    "apply_url": 500,
    "external_id": 255,
    "meta_title": 255,
    "meta_tags": 500,
    "salary": 50,
    "salary_max": 50,
}
OPTIONAL_TEXT = (
    "reference",
    "note",
    "apply_url",
    "external_id",
    "meta_title",
    "meta_description",
    "meta_tags",
)
ADDRESS_LIMITS = {
    "locality": 255,
    "postal_code": 20,
    "route": 255,
    "street_number": 20,
    "administrative_area_level_1": 255,
    "administrative_area_level_2": 255,
    "country": 255,
    "formatted_address": 500,
}
COORDINATE_RANGES = {"location_lat": 90.0, "location_lng": 180.0}
OPTION_FLAGS = ("indeed", "linkedin", "motivation", "social_links")
BOOL_DEFAULTS = {"driver_license": False, "handicap": False, "partial": False, "kanban": True}
STATUSES = tuple(int(s) for s in VacancyStatus)
SLUG_LENGTH = 300
Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class _Clean:
    """Validated column values and tag ids, ready to be written."""

    columns: dict[str, Any]
    tag_ids: list[int]


# -- validation -------------------------------------------------------------------------------------


def _choice(violations: list[Violation], field: str, value: object, allowed: Sequence[object]) -> None:
    if value not in allowed:
        message = "must be one of " + ", ".join(str(a) for a in allowed)
        violations.append(Violation(field, Constraint.CHOICE, message, list(allowed)))


def _length(violations: list[Violation], field: str, value: str | None, limit: int) -> None:
    if value is not None and len(value) > limit:
        violations.append(Violation(field, Constraint.LENGTH, f"must be at most {limit} characters", limit))


def _flag(value: object) -> bool | None:
    """Flatchr boolean coercion (§4.1); None when the value is not a boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    return None


def _clean_options(raw: dict[str, Any] | None, violations: list[Violation]) -> dict[str, Any]:
    """Flatchr's options object: four flags and ``optionals``; unknown keys are dropped."""
    options: dict[str, Any] = {flag: False for flag in OPTION_FLAGS}
    options["optionals"] = []
    for flag in OPTION_FLAGS:
        if raw and raw.get(flag) is not None:
            value = _flag(raw[flag])
            if value is None:
                violations.append(Violation(f"options.{flag}", Constraint.TYPE, "must be a boolean"))
            else:
                options[flag] = value
    optionals = (raw or {}).get("optionals")
    if optionals is not None:
        if isinstance(optionals, list) and all(isinstance(o, str) for o in optionals):
            options["optionals"] = list(optionals)
        else:
            violations.append(Violation("options.optionals", Constraint.TYPE, "must be a list of strings"))
    return options


def _coordinate(name: str, raw: str, violations: list[Violation]) -> str | None:
    """A coordinate as Flatchr renders it: a string with 11 decimals (§4.3)."""
    field = f"address.{name}"
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        violations.append(Violation(field, Constraint.TYPE, "must be a number"))
        return None
    bound = COORDINATE_RANGES[name]
    if not math.isfinite(value) or abs(value) > bound:
        violations.append(Violation(field, Constraint.RANGE, f"must be between -{bound:g} and {bound:g}"))
        return None
    return f"{value:.11f}"


def _clean_address(address: AddressInput | None, violations: list[Violation]) -> dict[str, str | None]:
    """``address_<field>`` columns; a missing formatted address is built from the parts (§5.2)."""
    values: dict[str, str | None] = dict.fromkeys(ADDRESS_FIELDS)
    if address is not None:
        for name in ADDRESS_FIELDS:
            raw = getattr(address, name)
            values[name] = raw.strip() or None if isinstance(raw, str) else None
        for name in COORDINATE_RANGES:
            if values[name] is not None:
                values[name] = _coordinate(name, values[name] or "", violations)
        for name, limit in ADDRESS_LIMITS.items():
            _length(violations, f"address.{name}", values[name], limit)
        if values["formatted_address"] is None:
            built = format_address(
                values["street_number"],
                values["route"],
                values["postal_code"],
                values["locality"],
                values["country"],
            )
            values["formatted_address"] = built[: ADDRESS_LIMITS["formatted_address"]] or None
    return {f"address_{name}": value for name, value in values.items()}


def _check_required(data: VacancyInput, violations: list[Violation]) -> None:
    for field in REQUIRED:
        if getattr(data, field) is None:
            violations.append(Violation(field, Constraint.NULL, "is required"))
    if data.title is not None and not data.title.strip():
        violations.append(Violation("title", Constraint.BLANK, "must not be blank"))


def _check_references(session: Session, data: VacancyInput, violations: list[Violation]) -> None:
    ids = {field: getattr(data, field) for field in REFERENCE_IDS}
    missing = missing_reference_ids(session, ids)
    for field in missing:
        violations.append(Violation(field, Constraint.REFERENCE, f"unknown id {ids[field]}"))
    metier, channel = data.metier_id, data.channel_id
    if metier is None or channel is None or {"metier_id", "channel_id"} & set(missing):
        return
    if metier_channel(session, metier) != channel:
        message = f"does not belong to channel {channel}"
        violations.append(Violation("metier_id", Constraint.REFERENCE, message))


def _check_choices(data: VacancyInput, violations: list[Violation]) -> None:
    if data.experience is not None:
        _choice(violations, "experience", data.experience, EXPERIENCES)
    if data.status is not None:
        _choice(violations, "status", data.status, STATUSES)
    if data.language is not None:
        _choice(violations, "language", data.language, LANGUAGES)
    _choice(violations, "currency", data.currency or "EUR", CURRENCIES)
    _choice(violations, "mensuality", data.mensuality or "y", MENSUALITIES)
    _choice(violations, "remote", data.remote or "notime", REMOTES)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        violations.append(Violation("end_date", Constraint.RANGE, "must not be before start_date"))


def _tag_ids(
    session: Session, ctx: Context, refs: list[str] | None, violations: list[Violation]
) -> list[int]:
    """This company's ``vacancies`` tags named by encoded id, in the order given."""
    wanted = list(dict.fromkeys(refs or []))
    if not wanted:
        return []
    stmt = select(Tag.public_id, Tag.id).where(Tag.type == "vacancies", Tag.public_id.in_(wanted))
    found: dict[str, int] = {
        public_id: tag_id for public_id, tag_id in session.execute(restrict(stmt, Tag, ctx))
    }
    unknown = [ref for ref in wanted if ref not in found]
    if unknown:
        message = "unknown vacancies tag " + ", ".join(unknown)
        violations.append(Violation("tags", Constraint.REFERENCE, message))
        return []
    return [found[ref] for ref in wanted]


def _blank_none(value: str | None) -> str | None:
    return value if value is None or value.strip() else None


def _validate(session: Session, ctx: Context, data: VacancyInput) -> _Clean:
    """Check every rule of §7.4 and raise one Invalid listing all bad fields."""
    violations: list[Violation] = []
    _check_required(data, violations)
    _check_choices(data, violations)
    _check_references(session, data, violations)
    # Forms post "" for an empty optional field; Flatchr renders those as null.
    text: dict[str, str | None] = {name: _blank_none(getattr(data, name)) for name in OPTIONAL_TEXT}
    text["title"] = (data.title or "").strip()
    text["salary"] = (data.salary or "").strip() or "0"
    text["salary_max"] = (data.salary_max or "").strip() or None
    for name, limit in TEXT_LIMITS.items():
        _length(violations, name, text[name], limit)
    address = _clean_address(data.address, violations)
    options = _clean_options(data.options, violations)
    tag_ids = _tag_ids(session, ctx, data.tags, violations)
    if violations:
        raise Invalid(violations)
    columns: dict[str, Any] = {
        **text,
        **address,
        **{field: getattr(data, field) for field in REQUIRED if field != "title"},
        **{
            name: default if getattr(data, name) is None else getattr(data, name)
            for name, default in BOOL_DEFAULTS.items()
        },
        "currency": data.currency or "EUR",
        "mensuality": data.mensuality or "y",
        "remote": data.remote or "notime",
        "start_date": data.start_date,
        "end_date": data.end_date,
        "options": options,
    }
    return _Clean(columns, tag_ids)


def make_slug(public_id: str, title: str) -> str:
    """§4.2: lowercased encoded id, ``-``, slugified title; fixed at creation."""
    tail = slugify(title)
    slug = f"{public_id.lower()}-{tail}" if tail else public_id.lower()
    return slug[:SLUG_LENGTH].rstrip("-")


# -- distributions ----------------------------------------------------------------------------------


def _distributions(session: Session, vacancy: Vacancy) -> list[Distribution]:
    stmt = select(Distribution).where(Distribution.vacancy_id == vacancy.id).order_by(Distribution.id)
    return list(session.scalars(stmt))


def _new_distribution(vacancy: Vacancy, offer_id: int) -> Distribution:
    moment = now()
    return Distribution(
        company_id=vacancy.company_id,
        vacancy_id=vacancy.id,
        offer_id=offer_id,
        published=vacancy.status == VacancyStatus.ACTIVE,
        created_at=moment,
        publish_date=moment,
    )


def _sync_distributions(session: Session, vacancy: Vacancy) -> list[Distribution]:
    """Distributions follow the vacancy: published while it is active; the career site one always exists then."""
    rows = _distributions(session, vacancy)
    active = vacancy.status == VacancyStatus.ACTIVE
    if active and not any(d.offer_id == CAREER_SITE_SOURCE for d in rows):
        created = _new_distribution(vacancy, CAREER_SITE_SOURCE)
        session.add(created)
        rows.append(created)
    for row in rows:
        if row.published != active:
            row.published = active
            if active:
                row.publish_date = now()
    session.flush()
    return rows


# -- writes -----------------------------------------------------------------------------------------


def create_vacancy(session: Session, ctx: Context, data: VacancyInput) -> Vacancy:
    """Create a vacancy (§7.4); status 1 also publishes it on the career site. Fires ``new_vacancy``."""
    ctx.require_write()
    clean = _validate(session, ctx, data)
    public_id = new_public_id()
    vacancy = Vacancy(
        company_id=ctx.company_id,
        public_id=public_id,
        slug=make_slug(public_id, clean.columns["title"]),
        slug_mail=new_slug_mail(),
        created_by=ctx.user_id,
        updated_by=ctx.user_id,
        **clean.columns,
    )
    session.add(vacancy)
    session.flush()
    session.add_all(VacancyTag(vacancy_id=vacancy.id, tag_id=tag_id) for tag_id in clean.tag_ids)
    _sync_distributions(session, vacancy)
    record(session, ctx, "vacancy.create", "vacancy", vacancy.public_id, status=vacancy.status)
    emit(session, ctx, "new_vacancy", vacancy_id=vacancy.id)
    return vacancy


def _current_input(session: Session, vacancy: Vacancy) -> dict[str, Any]:
    """The vacancy as a VacancyInput mapping, so updates are validated exactly like creations."""
    current: dict[str, Any] = {
        name: getattr(vacancy, name) for name in VacancyInput.model_fields if name not in ("address", "tags")
    }
    current["address"] = address_dict(vacancy)
    current["tags"] = list(
        session.scalars(
            select(Tag.public_id)
            .join(VacancyTag, VacancyTag.tag_id == Tag.id)
            .where(VacancyTag.vacancy_id == vacancy.id)
            .order_by(Tag.id)
        )
    )
    return current


def update_vacancy(session: Session, ctx: Context, public_id: str, data: VacancyInput) -> Vacancy:
    """Change the fields set in ``data`` (same rules as creation); the slug never changes."""
    ctx.require_write()
    vacancy = get_vacancy(session, ctx, public_id)
    changes = data.model_dump(exclude_unset=True)
    merged = VacancyInput.model_validate({**_current_input(session, vacancy), **changes})
    clean = _validate(session, ctx, merged)
    for name, value in clean.columns.items():
        setattr(vacancy, name, value)
    vacancy.updated_by = ctx.user_id
    if "tags" in changes:
        session.execute(delete(VacancyTag).where(VacancyTag.vacancy_id == vacancy.id))
        session.add_all(VacancyTag(vacancy_id=vacancy.id, tag_id=tag_id) for tag_id in clean.tag_ids)
    session.flush()
    _sync_distributions(session, vacancy)
    record(session, ctx, "vacancy.update", "vacancy", vacancy.public_id, fields=sorted(changes))
    return vacancy


def set_vacancy_status(session: Session, ctx: Context, public_id: str, status: int) -> Vacancy:
    """Publish (1), archive (0) or draft (2); distributions are published only while active."""
    ctx.require_write()
    if status not in STATUSES:
        raise Invalid.one("status", Constraint.CHOICE, "must be 0, 1 or 2", list(STATUSES))
    vacancy = get_vacancy(session, ctx, public_id)
    vacancy.status = status
    vacancy.updated_by = ctx.user_id
    _sync_distributions(session, vacancy)
    record(session, ctx, "vacancy.status", "vacancy", vacancy.public_id, status=status)
    return vacancy


def set_intranet(session: Session, ctx: Context, public_id: str, on: bool) -> Distribution | None:
    """Switch the intranet distribution (152) on or off; returns it, or None once off."""
    ctx.require_write()
    vacancy = get_vacancy(session, ctx, public_id)
    current = next((d for d in _distributions(session, vacancy) if d.offer_id == INTRANET_SOURCE), None)
    if on and current is None:
        current = _new_distribution(vacancy, INTRANET_SOURCE)
        session.add(current)
    elif not on and current is not None:
        # Deleted rather than unpublished: publishing the vacancy again must not bring it back.
        session.delete(current)
        current = None
    session.flush()
    record(session, ctx, "vacancy.intranet", "vacancy", vacancy.public_id, on=on)
    return current


def add_question(
    session: Session,
    ctx: Context,
    vacancy_public_id: str,
    text: str,
    type: str = "text",
    required: bool = False,
    options: str | None = None,
    position: int | None = None,
    *,
    size: str | None = None,
    default_value: str | None = None,
) -> Question:
    """Add a screening question; ``position`` defaults to after the last one."""
    ctx.require_write()
    vacancy = get_vacancy(session, ctx, vacancy_public_id)
    violations: list[Violation] = []
    text = (text or "").strip()
    options = (options or "").strip() or None
    if not text:
        violations.append(Violation("text", Constraint.BLANK, "must not be blank"))
    _choice(violations, "type", type, QUESTION_TYPES)
    if type == "select" and options is None:
        violations.append(Violation("options", Constraint.BLANK, "a select question needs options"))
    if position is not None and position < 0:
        violations.append(Violation("position", Constraint.MIN, "must be at least 0", 0))
    _length(violations, "size", size, 20)
    if violations:
        raise Invalid(violations)
    if position is None:
        last = session.scalar(select(func.max(Question.position)).where(Question.vacancy_id == vacancy.id))
        position = 0 if last is None else last + 1
    question = Question(
        company_id=ctx.company_id,
        vacancy_id=vacancy.id,
        text=text,
        type=type,
        required=required,
        options=options,
        position=position,
        size=size,
        default_value=default_value,
    )
    session.add(question)
    session.flush()
    record(session, ctx, "question.create", "question", question.public_id, vacancy=vacancy.public_id)
    return question


# -- reads ------------------------------------------------------------------------------------------


def get_vacancy(session: Session, ctx: Context, public_id: str) -> Vacancy:
    """The company's vacancy by encoded id; NotFound otherwise (other companies included)."""
    return get_by_public_id(session, Vacancy, ctx, public_id, what="Vacancy")


def list_vacancies(
    session: Session,
    ctx: Context,
    status: int | None = None,
    offer_id: int | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> list[Vacancy]:
    """The company's vacancies, newest id first; ``offer_id`` keeps those published on that source."""
    stmt = listing_filter(scoped(Vacancy, ctx), status, offer_id)
    return list(session.scalars(stmt.order_by(Vacancy.id.desc()).limit(limit).offset(offset)))


def listing_filter(
    stmt: Select[*Ts], status: int | BindParameter[int] | None, offer_id: int | BindParameter[int] | None
) -> Select[*Ts]:
    """The filters of a vacancy list: that status; published on that source (``offer_id``)."""
    if status is not None:
        stmt = stmt.where(Vacancy.status == status)
    if offer_id is not None:
        stmt = stmt.where(
            exists().where(
                Distribution.vacancy_id == Vacancy.id,
                Distribution.offer_id == offer_id,
                Distribution.published.is_(True),
            )
        )
    return stmt


def vacancy_company_public_id(session: Session, public_id: str) -> str | None:
    """The encoded id of the company owning a vacancy, or None.

    Only for routes whose path names a vacancy but no company (Flatchr ``GET /vacancy/{id}``): the
    credential is then checked against that company and the vacancy read through the normal scope.
    """
    if not is_public_id(public_id):
        return None
    stmt = (
        select(Company.public_id)
        .join(Vacancy, Vacancy.company_id == Company.id)
        .where(Vacancy.public_id == public_id)
    )
    return session.scalars(stmt).first()


def user_public_ids(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Encoded ids of the given users (vacancy ``created_by``/``updated_by``), in one query."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.public_id).where(User.id.in_(wanted)))
    return {user_id: public_id for user_id, public_id in rows}


def active_vacancy_for_apply(session: Session, ctx: Context, ref: str) -> Vacancy:
    """The company's active vacancy by slug or encoded id (apply forms); NotFound otherwise."""
    match = Vacancy.slug == ref
    if is_public_id(ref):
        match = match | (Vacancy.public_id == ref)
    stmt = scoped(Vacancy, ctx).where(match, Vacancy.status == VacancyStatus.ACTIVE).order_by(Vacancy.id)
    found = session.scalars(stmt).first()
    if found is None:
        raise NotFound("Vacancy not found")
    return found


def _grouped(rows: Iterable[tuple[int, Any]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for key, value in rows:
        grouped[key].append(value)
    return grouped


@dataclass(frozen=True)
class SideLists:
    """Tags, questions and distributions of some vacancies, by vacancy id (missing: none)."""

    tags: dict[int, list[Tag]]
    questions: dict[int, list[Question]]
    distributions: dict[int, list[Distribution]]


def side_lists(
    session: Session,
    ids: Sequence[int],
    *,
    tags: bool = True,
    questions: bool = True,
    distributions: bool = True,
) -> SideLists:
    """The side lists asked for, one query each; the others stay empty."""
    tag_rows: dict[int, list[Tag]] = {}
    question_rows: dict[int, list[Question]] = {}
    distribution_rows: dict[int, list[Distribution]] = {}
    if ids and tags:
        stmt = (
            select(VacancyTag.vacancy_id, Tag)
            .join(Tag, Tag.id == VacancyTag.tag_id)
            .where(in_ids(session, VacancyTag.vacancy_id, ids))
            .order_by(Tag.id)
        )
        tag_rows = _grouped(session.execute(stmt))
    if ids and questions:
        by_position = (
            select(Question)
            .where(in_ids(session, Question.vacancy_id, ids))
            .order_by(Question.position, Question.id)
        )
        question_rows = _grouped((q.vacancy_id, q) for q in session.scalars(by_position))
    if ids and distributions:
        by_id = (
            select(Distribution)
            .where(in_ids(session, Distribution.vacancy_id, ids))
            .order_by(Distribution.id)
        )
        distribution_rows = _grouped((d.vacancy_id, d) for d in session.scalars(by_id))
    return SideLists(tag_rows, question_rows, distribution_rows)


def vacancy_views(
    session: Session, vacancies: Sequence[Vacancy], lang: str | None = None, *, with_side_lists: bool = True
) -> list[VacancyView]:
    """Render bundles in input order: labels (vacancy language unless ``lang``), address, tags,
    questions, distributions (left empty unless ``with_side_lists``) and company, in at most ten
    queries whatever the number of vacancies."""
    if not vacancies:
        return []
    labels = labels_for(session, vacancies, lang)
    wanted = with_side_lists
    side = side_lists(session, [v.id for v in vacancies], tags=wanted, questions=wanted, distributions=wanted)
    companies = rows_by_id(session, Company, {v.company_id for v in vacancies})
    return [
        VacancyView(
            vacancy=v,
            labels=labels[v.id],
            address=address_dict(v),
            tags=side.tags.get(v.id, []),
            questions=side.questions.get(v.id, []),
            distributions=side.distributions.get(v.id, []),
            company=companies[v.company_id],
        )
        for v in vacancies
    ]


def vacancy_view(session: Session, vacancy: Vacancy, lang: str | None = None) -> VacancyView:
    return vacancy_views(session, [vacancy], lang)[0]


def _affiliates(session: Session, parent_id: int, affiliated: str | Sequence[str] | None) -> list[int]:
    """Ids of the requested companies that really are affiliates of the parent; others are ignored."""
    refs = affiliated.split(",") if isinstance(affiliated, str) else list(affiliated or [])
    wanted = {r.strip() for r in refs if r and r.strip()}
    allowed = affiliate_ids(session, parent_id)
    if not wanted or not allowed:
        return []
    stmt = select(Company.id).where(Company.public_id.in_(wanted), Company.id.in_(allowed))
    return list(session.scalars(stmt))


def _matches_text(vacancy: Vacancy, locality: str | None, area1: str | None, text: str | None) -> bool:
    """Case-insensitive filters, done in Python: SQLite's lower() ignores non-ASCII letters."""
    if locality and (vacancy.address_locality or "").casefold() != locality.strip().casefold():
        return False
    if area1 and (vacancy.address_administrative_area_level_1 or "").casefold() != area1.strip().casefold():
        return False
    if text:
        needle = text.casefold()
        haystacks = (vacancy.title.casefold(), (vacancy.reference or "").casefold())
        if not any(needle in h for h in haystacks):
            return False
    return True


def careers_listing(
    session: Session,
    slug: str,
    *,
    id: str | None = None,
    activity: int | None = None,
    metier: int | None = None,
    locality: str | None = None,
    area1: str | None = None,
    filter: str | None = None,
    affiliated: str | Sequence[str] | None = None,
) -> list[CareerItem]:
    """Public careers listing (§7.2): published career-site distributions of active vacancies of the
    company (and its requested affiliates), newest first. Unknown slug: NotFound."""
    company = get_company_by_slug(session, slug)
    # Public, cross-company by design (affiliates): filtered on explicit company ids, not a tenant.
    company_ids = [company.id, *_affiliates(session, company.id, affiliated)]
    stmt = restrict_any(
        select(Distribution, Vacancy)
        .join(Vacancy, Vacancy.id == Distribution.vacancy_id)
        .where(
            Distribution.company_id == Vacancy.company_id,
            Vacancy.status == VacancyStatus.ACTIVE,
            Distribution.offer_id == CAREER_SITE_SOURCE,
            Distribution.published.is_(True),
        )
        .order_by(Vacancy.created_at.desc(), Vacancy.id.desc()),
        Vacancy,
        company_ids,
    )
    if id is not None:
        stmt = stmt.where(Vacancy.public_id == id)
    if activity is not None:
        stmt = stmt.where(Vacancy.activity_id == activity)
    if metier is not None:
        stmt = stmt.where(Vacancy.metier_id == metier)
    rows = [
        (distribution, vacancy)
        for distribution, vacancy in session.execute(stmt)
        if _matches_text(vacancy, locality, area1, filter)
    ]
    views = vacancy_views(session, [vacancy for _, vacancy in rows])
    return [CareerItem(distribution, view) for (distribution, _), view in zip(rows, views, strict=True)]


def column_counts(session: Session, ctx: Context, vacancy_ids: Sequence[int]) -> dict[int, dict[int, int]]:
    """Active applications per vacancy and column, in one grouped query; every requested id is a key."""
    counts: dict[int, dict[int, int]] = {vacancy_id: {} for vacancy_id in vacancy_ids}
    if not vacancy_ids:
        return counts
    stmt = restrict(
        select(Application.vacancy_id, Application.column_id, func.count())
        .where(Application.vacancy_id.in_(list(vacancy_ids)), Application.status == ApplicationStatus.ACTIVE)
        .group_by(Application.vacancy_id, Application.column_id),
        Application,
        ctx,
    )
    for vacancy_id, column_id, count in session.execute(stmt):
        counts[vacancy_id][column_id] = count
    return counts

"""Company tags and traits (a tag value on an application)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, Violation
from vivier.core.ids import is_public_id
from vivier.core.text import is_number
from vivier.db.scoping import get_by_public_id, scoped
from vivier.events.audit import bury, record
from vivier.reference.data import DEFAULT_CANDIDATE_TAGS, DEFAULT_VACANCY_FOLDER
from vivier.tags.models import TAG_TYPES, Tag, Trait
from vivier.tags.schemas import (
    MAX_TITLE,
    MAX_VALUE,
    VALUE_SEPARATOR,
    TagInput,
    TraitView,
    allowed_values,
)


def create_default_tags(session: Session, ctx: Context) -> list[Tag]:
    tags = [
        Tag(company_id=ctx.company_id, title=t, values=v, type="candidates")
        for t, v in DEFAULT_CANDIDATE_TAGS
    ]
    tags.append(
        Tag(
            company_id=ctx.company_id,
            title=DEFAULT_VACANCY_FOLDER,
            values="",
            folder=True,
            visible=False,
            type="vacancies",
        )
    )
    session.add_all(tags)
    session.flush()
    return tags


# -- tags -------------------------------------------------------------------------------------------


def list_tags(session: Session, ctx: Context, *, type: str | None = None) -> list[Tag]:
    """Both tag types (or one), by position with unpositioned tags last, then by id (Flatchr §7.22)."""
    stmt = scoped(Tag, ctx)
    if type is not None:
        stmt = stmt.where(Tag.type == type)
    # ``position IS NULL`` sorts false before true on both engines: a portable NULLS LAST.
    return list(session.scalars(stmt.order_by(Tag.position.is_(None), Tag.position, Tag.id)))


def get_tag(session: Session, ctx: Context, public_id: str) -> Tag:
    return get_by_public_id(session, Tag, ctx, public_id, what="Tag")


def _find_tag(session: Session, ctx: Context, ref: str | int) -> Tag | None:
    """A company tag by encoded id, or by integer id (also given as a numeric string)."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, str):
        ref = ref.strip()
        if is_public_id(ref):
            found = session.scalars(scoped(Tag, ctx).where(Tag.public_id == ref)).one_or_none()
            if found is not None:
                return found
        if not is_number(ref):
            return None
    tag_id = int(ref)
    return session.scalars(scoped(Tag, ctx).where(Tag.id == tag_id)).one_or_none()


def _normalize_values(values: str) -> str:
    """Trim each ``;``-separated value, dropping blanks and repeats (order kept)."""
    seen: list[str] = []
    for value in values.split(VALUE_SEPARATOR):
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return VALUE_SEPARATOR.join(seen)


def _tag_violations(data: TagInput, *, creating: bool) -> list[Violation]:
    violations: list[Violation] = []
    if data.title is not None or creating:
        title = (data.title or "").strip()
        if not title:
            violations.append(Violation("title", Constraint.BLANK, "must not be blank"))
        elif len(title) > MAX_TITLE:
            violations.append(Violation("title", Constraint.LENGTH, "is too long", MAX_TITLE))
    if data.type is not None and data.type not in TAG_TYPES:
        violations.append(Violation("type", Constraint.CHOICE, "must be candidates or vacancies", TAG_TYPES))
    if data.position is not None and data.position < 0:
        violations.append(Violation("position", Constraint.MIN, "must be 0 or more", 0))
    return violations


def _apply(tag: Tag, data: TagInput) -> None:
    if data.title is not None:
        tag.title = data.title.strip()
    if data.values is not None:
        tag.values = _normalize_values(data.values)
    for name in ("multiple", "visible", "creatable", "folder", "type", "position"):
        value = getattr(data, name)
        if value is not None:
            setattr(tag, name, value)


def create_tag(session: Session, ctx: Context, data: TagInput) -> Tag:
    """A new company tag (web app, administrators only); type defaults to ``candidates``."""
    ctx.require_admin()
    ctx.require_write()
    violations = _tag_violations(data, creating=True)
    if violations:
        raise Invalid(violations)
    tag = Tag(
        company_id=ctx.company_id,
        title="",
        values="",
        multiple=False,
        visible=True,
        creatable=False,
        folder=False,
        type="candidates",
    )
    _apply(tag, data)
    session.add(tag)
    session.flush()
    record(session, ctx, "tag.create", "tag", tag.public_id, type=tag.type)
    return tag


def update_tag(session: Session, ctx: Context, public_id: str, data: TagInput) -> Tag:
    """Change the given fields of a tag (web app, administrators only); existing traits are kept."""
    ctx.require_admin()
    ctx.require_write()
    tag = get_tag(session, ctx, public_id)
    violations = _tag_violations(data, creating=False)
    if violations:
        raise Invalid(violations)
    _apply(tag, data)
    session.flush()
    changed = sorted(k for k, v in vars(data).items() if v is not None)
    record(session, ctx, "tag.update", "tag", tag.public_id, fields=changed)
    return tag


def delete_tag(session: Session, ctx: Context, public_id: str) -> None:
    """Delete a tag and, with it, its traits and vacancy attachments (web app, administrators only)."""
    ctx.require_admin()
    ctx.require_write()
    tag = get_tag(session, ctx, public_id)
    session.execute(delete(Trait).where(Trait.tag_id == tag.id))  # ``tag`` is already the tenant's
    session.delete(tag)  # vacancy_tags rows go with it (ON DELETE CASCADE)
    session.flush()
    record(session, ctx, "tag.delete", "tag", public_id)
    bury(session, ctx, "tag", public_id)


# -- traits -----------------------------------------------------------------------------------------


def add_trait(
    session: Session,
    ctx: Context,
    application: Application,
    tag_ref: str | int,
    value: str,
    *,
    field: str = "tag",
) -> Trait:
    """Give an (already scoped) application a value of a candidates tag (Flatchr §7.21).

    A single-valued tag's trait keeps its id and takes the new value; on a multiple tag an identical
    value returns the existing trait. A creatable tag learns values it did not list.
    """
    ctx.require_write()
    tag = _find_tag(session, ctx, tag_ref)
    if tag is None or tag.type != "candidates":
        raise Invalid.one(field, Constraint.REFERENCE, f"is not a candidates tag of this company: {tag_ref}")
    text = value.strip() if isinstance(value, str) else ""
    allowed = allowed_values(tag)
    if not text:
        raise Invalid.one("value", Constraint.BLANK, "must not be blank")
    if len(text) > MAX_VALUE:
        raise Invalid.one("value", Constraint.LENGTH, "is too long", MAX_VALUE)
    if allowed and text not in allowed:
        if not tag.creatable:
            raise Invalid.one("value", Constraint.CHOICE, f"must be one of {tag.values}", allowed)
        if VALUE_SEPARATOR in text:
            raise Invalid.one("value", Constraint.INVALID, f"must not contain {VALUE_SEPARATOR!r}")
        tag.values = VALUE_SEPARATOR.join([*allowed, text])

    existing = list(
        session.scalars(
            scoped(Trait, ctx)
            .where(Trait.application_id == application.id, Trait.tag_id == tag.id)
            .order_by(Trait.created_at, Trait.id)
        )
    )
    trait = _reuse(existing, text, multiple=tag.multiple)
    if trait is None:
        trait = Trait(company_id=ctx.company_id, application_id=application.id, tag_id=tag.id, value=text)
        session.add(trait)
    elif trait.value == text:
        return trait
    else:
        trait.value = text
    session.flush()
    record(session, ctx, "trait.fill", "trait", trait.public_id, tag=tag.public_id)
    return trait


def _reuse(existing: Sequence[Trait], value: str, *, multiple: bool) -> Trait | None:
    if multiple:
        return next((t for t in existing if t.value == value), None)
    return existing[0] if existing else None


def _application(session: Session, ctx: Context, public_id: str) -> Application:
    return get_by_public_id(session, Application, ctx, public_id, what="Applicant")


def fill_trait(
    session: Session, ctx: Context, application_id: str, tag_ref: str | int, value: str
) -> TraitView:
    """``add_trait`` for an application given by encoded id (NotFound when not the company's)."""
    application = _application(session, ctx, application_id)
    trait = add_trait(session, ctx, application, tag_ref, value)
    tag_public_id = session.scalars(
        scoped(Tag, ctx).where(Tag.id == trait.tag_id).with_only_columns(Tag.public_id)
    ).one()
    return TraitView(trait, tag_public_id)


def list_traits(session: Session, ctx: Context, application_id: str) -> list[TraitView]:
    """An application's traits, oldest first, with their tags' encoded ids."""
    application = _application(session, ctx, application_id)
    rows = session.execute(
        scoped(Trait, ctx)
        .join(Tag, Tag.id == Trait.tag_id)
        .add_columns(Tag.public_id)
        .where(Trait.application_id == application.id)
        .order_by(Trait.created_at, Trait.id)
    ).all()
    return [TraitView(trait, tag_pid) for trait, tag_pid in rows]


def remove_trait(session: Session, ctx: Context, public_id: str) -> None:
    """Delete one trait of the company (NotFound otherwise)."""
    ctx.require_write()
    trait = get_by_public_id(session, Trait, ctx, public_id, what="Trait")
    session.delete(trait)
    session.flush()
    record(session, ctx, "trait.delete", "trait", public_id)
    bury(session, ctx, "trait", public_id)

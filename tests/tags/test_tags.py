from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import make_application
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.events.models import Tombstone
from vivier.tags.models import Tag, Trait
from vivier.tags.schemas import TagInput
from vivier.tags.service import (
    add_trait,
    create_tag,
    delete_tag,
    fill_trait,
    get_tag,
    list_tags,
    list_traits,
    remove_trait,
    update_tag,
)


def _tag(session: Session, ctx: Context, title: str) -> Tag:
    return next(t for t in list_tags(session, ctx) if t.title == title)


def _traits(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Trait)) or 0


def test_list_tags_by_position_nulls_last_then_id(session: Session, ctx: Context, other_ctx: Context) -> None:
    defaults = [t.title for t in list_tags(session, ctx)]
    assert defaults == ["Diplôme", "Niveau", "Général"]
    create_tag(session, ctx, TagInput(title="Second", position=2))
    create_tag(session, ctx, TagInput(title="First", position=1, type="vacancies", folder=True))
    create_tag(session, other_ctx, TagInput(title="Foreign", position=0))
    tags = list_tags(session, ctx)
    assert [t.title for t in tags] == ["First", "Second", "Diplôme", "Niveau", "Général"]
    assert {t.type for t in tags} == {"candidates", "vacancies"}
    assert [t.title for t in list_tags(session, ctx, type="vacancies")] == ["First", "Général"]


def test_fill_trait_by_encoded_or_integer_id(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    diplome, niveau = _tag(session, ctx, "Diplôme"), _tag(session, ctx, "Niveau")
    first = fill_trait(session, ctx, application.public_id, niveau.public_id, " Confirmé ")
    second = fill_trait(session, ctx, application.public_id, diplome.id, "Bac +3")
    assert (first.tag_public_id, first.trait.value) == (niveau.public_id, "Confirmé")
    assert (second.tag_public_id, second.trait.value) == (diplome.public_id, "Bac +3")
    third = add_trait(session, ctx, application, str(diplome.id), "Bac +5")  # numeric string
    # multiple=false: the existing trait keeps its id and takes the new value
    assert third.id == second.trait.id and third.value == "Bac +5"
    listed = list_traits(session, ctx, application.public_id)
    assert [(v.tag_public_id, v.trait.value) for v in listed] == [
        (niveau.public_id, "Confirmé"),
        (diplome.public_id, "Bac +5"),
    ]


def test_multiple_tag_keeps_values_and_returns_identical(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    langs = create_tag(session, ctx, TagInput(title="Langues", values="EN;FR;DE", multiple=True))
    en = add_trait(session, ctx, application, langs.public_id, "EN")
    fr = add_trait(session, ctx, application, langs.public_id, "FR")
    again = add_trait(session, ctx, application, langs.public_id, "EN")
    assert again.id == en.id and fr.id != en.id
    assert [v.trait.value for v in list_traits(session, ctx, application.public_id)] == ["EN", "FR"]


def test_free_and_creatable_values(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    free = create_tag(session, ctx, TagInput(title="Remarque"))
    assert (
        add_trait(session, ctx, application, free.public_id, "anything; really").value == "anything; really"
    )
    assert free.values == ""
    skills = create_tag(
        session, ctx, TagInput(title="Skills", values="Python", creatable=True, multiple=True)
    )
    add_trait(session, ctx, application, skills.public_id, "Rust")
    add_trait(session, ctx, application, skills.public_id, "Python")
    assert get_tag(session, ctx, skills.public_id).values == "Python;Rust"
    with pytest.raises(Invalid) as raised:
        add_trait(session, ctx, application, skills.public_id, "a;b")
    assert raised.value.violations[0].field == "value"
    assert get_tag(session, ctx, skills.public_id).values == "Python;Rust"


@pytest.mark.parametrize(
    ("tag_ref", "value", "field", "constraint"),
    [
        ("Niveau", "Expert", "value", Constraint.CHOICE),
        ("Niveau", "   ", "value", Constraint.BLANK),
        ("Niveau", "x" * 256, "value", Constraint.LENGTH),
        ("Général", "x", "tag", Constraint.REFERENCE),  # a vacancies tag
        ("ZZZZZZZZZZZZZZZZ", "x", "tag", Constraint.REFERENCE),
        ("999999999", "x", "tag", Constraint.REFERENCE),
        ("not an id", "x", "tag", Constraint.REFERENCE),
    ],
)
def test_invalid_traits_store_nothing(
    session: Session, ctx: Context, tag_ref: str, value: str, field: str, constraint: Constraint
) -> None:
    application = make_application(session, ctx)
    titles = {t.title: t.public_id for t in list_tags(session, ctx)}
    before = _traits(session)
    with pytest.raises(Invalid) as raised:
        fill_trait(session, ctx, application.public_id, titles.get(tag_ref, tag_ref), value)
    assert [(v.field, v.constraint) for v in raised.value.violations] == [(field, constraint)]
    assert _traits(session) == before
    assert _tag(session, ctx, "Niveau").values == "Junior;Confirmé;Senior"


def test_add_trait_names_the_callers_field(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    with pytest.raises(Invalid) as raised:
        add_trait(session, ctx, application, "ZZZZZZZZZZZZZZZZ", "x", field="tags")
    assert raised.value.violations[0].field == "tags"


def test_other_company_tags_and_applications(session: Session, ctx: Context, other_ctx: Context) -> None:
    mine = make_application(session, ctx)
    theirs = make_application(session, other_ctx)
    foreign_tag = _tag(session, other_ctx, "Niveau")
    with pytest.raises(Invalid):
        fill_trait(session, ctx, mine.public_id, foreign_tag.public_id, "Junior")
    with pytest.raises(Invalid):
        fill_trait(session, ctx, mine.public_id, foreign_tag.id, "Junior")
    with pytest.raises(NotFound):
        fill_trait(session, ctx, theirs.public_id, _tag(session, ctx, "Niveau").public_id, "Junior")
    with pytest.raises(NotFound):
        list_traits(session, ctx, theirs.public_id)
    foreign_trait = fill_trait(session, other_ctx, theirs.public_id, foreign_tag.public_id, "Junior")
    with pytest.raises(NotFound):
        remove_trait(session, ctx, foreign_trait.trait.public_id)
    with pytest.raises(NotFound):
        update_tag(session, ctx, foreign_tag.public_id, TagInput(title="x"))
    with pytest.raises(NotFound):
        delete_tag(session, ctx, foreign_tag.public_id)
    assert foreign_tag.public_id not in {t.public_id for t in list_tags(session, ctx)}


def test_remove_trait_leaves_a_tombstone(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    view = fill_trait(session, ctx, application.public_id, _tag(session, ctx, "Niveau").public_id, "Junior")
    remove_trait(session, ctx, view.trait.public_id)
    assert list_traits(session, ctx, application.public_id) == []
    buried = session.scalars(select(Tombstone.entity_id).where(Tombstone.entity_type == "trait")).all()
    assert view.trait.public_id in buried


def test_tag_management(session: Session, ctx: Context) -> None:
    application = make_application(session, ctx)
    tag = create_tag(session, ctx, TagInput(title=" Mobilité ", values=" Paris ;; Lyon;Paris"))
    assert (tag.title, tag.values, tag.type, tag.multiple, tag.position) == (
        "Mobilité",
        "Paris;Lyon",
        "candidates",
        False,
        None,
    )
    updated = update_tag(session, ctx, tag.public_id, TagInput(values="Paris;Lyon;Nantes", multiple=True))
    assert (updated.title, updated.values, updated.multiple) == ("Mobilité", "Paris;Lyon;Nantes", True)
    fill_trait(session, ctx, application.public_id, tag.public_id, "Nantes")
    delete_tag(session, ctx, tag.public_id)
    with pytest.raises(NotFound):
        get_tag(session, ctx, tag.public_id)
    assert list_traits(session, ctx, application.public_id) == []


@pytest.mark.parametrize(
    ("data", "field", "constraint"),
    [
        (TagInput(title="  "), "title", Constraint.BLANK),
        (TagInput(), "title", Constraint.BLANK),
        (TagInput(title="x" * 256), "title", Constraint.LENGTH),
        (TagInput(title="ok", type="people"), "type", Constraint.CHOICE),
        (TagInput(title="ok", position=-1), "position", Constraint.MIN),
    ],
)
def test_invalid_tags_store_nothing(
    session: Session, ctx: Context, data: TagInput, field: str, constraint: Constraint
) -> None:
    before = len(list_tags(session, ctx))
    with pytest.raises(Invalid) as raised:
        create_tag(session, ctx, data)
    assert [(v.field, v.constraint) for v in raised.value.violations] == [(field, constraint)]
    assert len(list_tags(session, ctx)) == before


def test_update_tag_refuses_blank_title(session: Session, ctx: Context) -> None:
    tag = _tag(session, ctx, "Niveau")
    with pytest.raises(Invalid) as raised:
        update_tag(session, ctx, tag.public_id, TagInput(title=" ", values="A"))
    assert raised.value.violations[0].field == "title"
    assert (tag.title, tag.values) == ("Niveau", "Junior;Confirmé;Senior")


def test_tag_management_is_for_admins(session: Session, ctx: Context) -> None:
    recruiter = Context(ctx.company_id, ctx.company_public_id, ctx.member_id, ctx.user_id, Role.RECRUITER)
    tag = _tag(session, ctx, "Niveau")
    with pytest.raises(Forbidden):
        create_tag(session, recruiter, TagInput(title="x"))
    with pytest.raises(Forbidden):
        update_tag(session, recruiter, tag.public_id, TagInput(title="x"))
    with pytest.raises(Forbidden):
        delete_tag(session, recruiter, tag.public_id)

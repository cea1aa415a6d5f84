"""Tag data handed to the faces."""

from __future__ import annotations

from dataclasses import dataclass

from vivier.tags.models import Tag, Trait

VALUE_SEPARATOR = ";"
MAX_TITLE = 255
MAX_VALUE = 255


def allowed_values(tag: Tag) -> list[str]:
    """The tag's allowed values; an empty list means any value is accepted."""
    return [v.strip() for v in tag.values.split(VALUE_SEPARATOR) if v.strip()] if tag.values else []


@dataclass(frozen=True)
class TraitView:
    """A trait with its tag's encoded id (Flatchr renders ``tag_id`` as the tag's encoded id)."""

    trait: Trait
    tag_public_id: str


@dataclass(frozen=True)
class TagInput:
    """Web-app tag fields; ``None`` leaves a field unchanged on update."""

    title: str | None = None
    values: str | None = None
    multiple: bool | None = None
    visible: bool | None = None
    creatable: bool | None = None
    folder: bool | None = None
    type: str | None = None
    position: int | None = None

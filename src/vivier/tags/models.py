"""Company tags (for candidates or vacancies) and traits: a tag value on one application."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped, Timestamps

TAG_TYPES = ("candidates", "vacancies")


class Tag(PublicScoped, Timestamps, Base):
    __tablename__ = "tags"

    title: Mapped[str] = mapped_column(String(255))
    values: Mapped[str] = mapped_column(Text, default="")  # ";"-separated; "" = free value
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    creatable: Mapped[bool] = mapped_column(Boolean, default=False)
    folder: Mapped[bool] = mapped_column(Boolean, default=False)
    type: Mapped[str] = mapped_column(String(20), default="candidates")
    position: Mapped[int | None] = mapped_column(Integer)


class Trait(PublicScoped, Timestamps, Base):
    __tablename__ = "traits"
    __table_args__ = (Index("ix_traits_application_tag", "application_id", "tag_id"),)

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(255))

"""Vacancies, their screening questions and their distributions (career site, intranet)."""

from __future__ import annotations

from datetime import date, datetime
from enum import IntEnum
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped, Timestamps
from vivier.reference.address import AddressColumns


class VacancyStatus(IntEnum):
    ARCHIVED = 0
    ACTIVE = 1
    DRAFT = 2


EXPERIENCES = (1, 2, 4, 6, 11)
REMOTES = ("notime", "parttime", "fulltime")
MENSUALITIES = ("y", "m", "d", "h")
CURRENCIES = ("EUR", "USD", "GBP", "CAD", "CHF")
LANGUAGES = ("fr_FR", "en_GB")
QUESTION_TYPES = ("text", "textarea", "select", "checkbox", "file")


class Vacancy(PublicScoped, Timestamps, AddressColumns, Base):
    __tablename__ = "vacancies"
    __table_args__ = (
        Index("ix_vacancies_company_status", "company_id", "status"),
        Index("ix_vacancies_company_created", "company_id", "created_at"),
    )

    slug: Mapped[str] = mapped_column(String(300), unique=True)
    slug_mail: Mapped[str] = mapped_column(String(6))
    title: Mapped[str] = mapped_column(String(255))
    reference: Mapped[str | None] = mapped_column(String(255))
    note: Mapped[str | None] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(String(500))
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    mission: Mapped[str] = mapped_column(Text, default="")
    profile: Mapped[str] = mapped_column(Text, default="")
    experience: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer, default=VacancyStatus.DRAFT)
    salary: Mapped[str] = mapped_column(String(50), default="0")
    salary_max: Mapped[str | None] = mapped_column(String(50))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    mensuality: Mapped[str] = mapped_column(String(1), default="y")
    remote: Mapped[str] = mapped_column(String(10), default="notime")
    language: Mapped[str] = mapped_column(String(5))
    contract_type_id: Mapped[int] = mapped_column(ForeignKey("contract_types.id"))
    education_level_id: Mapped[int] = mapped_column(ForeignKey("education_levels.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"))
    metier_id: Mapped[int] = mapped_column(ForeignKey("metiers.id"))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    driver_license: Mapped[bool] = mapped_column(Boolean, default=False)
    handicap: Mapped[bool] = mapped_column(Boolean, default=False)
    partial: Mapped[bool] = mapped_column(Boolean, default=False)
    kanban: Mapped[bool] = mapped_column(Boolean, default=True)
    meta_title: Mapped[str | None] = mapped_column(String(255))
    meta_description: Mapped[str | None] = mapped_column(Text)
    meta_tags: Mapped[str | None] = mapped_column(String(500))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class VacancyTag(Base):
    """A vacancies-type tag (folder) attached to a vacancy."""

    __tablename__ = "vacancy_tags"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Question(PublicScoped, Timestamps, Base):
    """A screening question asked by the apply form of a vacancy."""

    __tablename__ = "questions"

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20), default="text")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    size: Mapped[str | None] = mapped_column(String(20))
    default_value: Mapped[str | None] = mapped_column(Text)


class Distribution(PublicScoped, Base):
    """Where a vacancy is published: the career site (98) or the intranet (152)."""

    __tablename__ = "distributions"
    __table_args__ = (
        UniqueConstraint("vacancy_id", "offer_id"),
        Index("ix_distributions_company_offer", "company_id", "offer_id"),
    )

    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    external_id: Mapped[str | None] = mapped_column(String(255))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column()
    publish_date: Mapped[datetime] = mapped_column()

"""Applications (Flatchr "applicants"): one candidate x one vacancy, in a pipeline column."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, IntId, PublicId, PublicScoped, Timestamps


class ApplicationStatus(IntEnum):
    ARCHIVED = 0
    ACTIVE = 1


class Application(PublicScoped, Timestamps, Base):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("candidate_id", "vacancy_id"),
        Index("ix_applications_company_vacancy_column", "company_id", "vacancy_id", "column_id"),
        Index("ix_applications_company_column", "company_id", "column_id"),
        Index("ix_applications_company_created", "company_id", "created_at", "id"),
        Index("ix_applications_company_updated", "company_id", "updated_at"),
        Index("ix_applications_vacancy", "vacancy_id"),
        # The Flatchr search by vacancy and column, newest first (migration 0003).
        Index("ix_applications_vacancy_column_created", "vacancy_id", "column_id", "created_at", "id"),
    )

    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id", ondelete="CASCADE"))
    column_id: Mapped[int] = mapped_column(ForeignKey("pipeline_columns.id"))
    status: Mapped[int] = mapped_column(Integer, default=ApplicationStatus.ACTIVE)
    score: Mapped[int] = mapped_column(Integer, default=0)
    cover_letter: Mapped[str] = mapped_column(Text, default="")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    external_id: Mapped[str | None] = mapped_column(String(255))
    view: Mapped[bool] = mapped_column(Boolean, default=False)
    anonym: Mapped[bool] = mapped_column(Boolean, default=False)
    foreigner: Mapped[bool] = mapped_column(Boolean, default=False)
    response_text: Mapped[str | None] = mapped_column(Text)
    newsletter_partners: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Apply(IntId, PublicId, Base):
    """One submission of an application, with its source (Flatchr ``applies``)."""

    __tablename__ = "applies"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    imported: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column()


class ApplicationAnswer(IntId, Base):
    """An answer to a vacancy question given when applying."""

    __tablename__ = "application_answers"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    question: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)

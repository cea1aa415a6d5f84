"""The person: the Flatchr candidate and the Flowtly Candidate are the same row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, CompanyScoped, IntId, PublicScoped, Timestamps


class Candidate(PublicScoped, Timestamps, Base):
    __tablename__ = "candidates"
    __table_args__ = (
        # One person per email within a company (case-insensitive, through email_key).
        Index("uq_candidates_company_email", "company_id", "email_key", unique=True),
        Index("ix_candidates_company_lastname", "company_id", "lastname_key"),
        Index("ix_candidates_company_firstname", "company_id", "firstname_key"),
        Index("ix_candidates_company_phone", "company_id", "phone_digits"),
        Index("ix_candidates_company_created", "company_id", "created_at", "id"),
        Index("ix_candidates_company_updated", "company_id", "updated_at"),
    )

    firstname: Mapped[str] = mapped_column(String(255))
    lastname: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(50))
    # Normalised copies for indexed, case-insensitive exact lookups; kept in sync by the service.
    firstname_key: Mapped[str | None] = mapped_column(String(255))
    lastname_key: Mapped[str | None] = mapped_column(String(255))
    email_key: Mapped[str | None] = mapped_column(String(255))
    phone_digits: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(255))
    summary: Mapped[str | None] = mapped_column(Text)  # Flowtly "notes"
    url_facebook: Mapped[str | None] = mapped_column(String(500))
    url_linkedin: Mapped[str | None] = mapped_column(String(500))  # Flowtly "linkedinProfile"
    url_twitter: Mapped[str | None] = mapped_column(String(500))
    url_other: Mapped[str | None] = mapped_column(String(500))
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[int] = mapped_column(Integer, default=1)
    additionals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[str | None] = mapped_column(String(255))
    location: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[str | None] = mapped_column(String(255))
    birth_date: Mapped[date | None] = mapped_column(Date)
    expectations: Mapped[str | None] = mapped_column(Text)
    # A linked (not stored) CV; cleared when a document is uploaded. The current stored CV is the
    # newest file of kind "cv" of the candidate.
    cv_link: Mapped[str | None] = mapped_column(String(1000))
    cv_text: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class CandidateSearchDoc(Base):
    """The folded text searched by full-text search: names, email, position, location, notes, CV text.

    Kept in sync by ``vivier.candidates.search``; indexed by SQLite FTS5 (trigram) or PostgreSQL pg_trgm,
    both created by migration 0002 outside the ORM metadata.
    """

    __tablename__ = "candidate_search_docs"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), index=True)
    document: Mapped[str] = mapped_column(Text, default="")
    # The candidate's ``created_at``, copied (it never changes) so a search orders and counts its
    # hits newest first without joining a million candidates (migration 0004).
    created_at: Mapped[datetime]


# The people counters are spread over this many rows per company (and day), by the person's id
# modulo it (migration 0006): concurrent transactions adding people update different rows instead of
# each waiting, until the previous one commits, for the lock on the company's single row. SQLite
# runs one writing transaction at a time: more rows would only cost the readers.
COUNTER_SLOTS = {"postgresql": 8, "sqlite": 1}


class CandidateCount(CompanyScoped, Base):
    """How many people a company has (the sum of its slots), kept exact by database triggers
    (migrations 0003 and 0006): unfiltered candidate lists read it instead of counting every row."""

    __tablename__ = "candidate_counts"
    __table_args__ = (UniqueConstraint("company_id", "slot"),)

    total: Mapped[int] = mapped_column(Integer, default=0)
    slot: Mapped[int] = mapped_column(SmallInteger)


# Midnight UTC of a ``created_at`` column, in each engine's SQL (SQLite stores SQLAlchemy's naive UTC
# text); the triggers of migration 0004 bucket people by it.
DAY_START_SQL = {"sqlite": "date({}) || ' 00:00:00.000000'", "postgresql": "date_trunc('day', {}, 'UTC')"}


class CandidateDay(IntId, Base):
    """How many of a company's people were created on each UTC day, kept exact by database triggers
    (migration 0004). A deep page of the default order (``created_at``, ``id``) starts from the day
    holding its first row instead of walking every row before it."""

    __tablename__ = "candidate_days"
    __table_args__ = (UniqueConstraint("company_id", "day_start", "slot"),)

    # Indexed by the unique constraint only: it serves the company's days in order.
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    day_start: Mapped[datetime]  # midnight UTC
    total: Mapped[int] = mapped_column(Integer, default=0)
    slot: Mapped[int] = mapped_column(SmallInteger)  # a day's count is the sum of its slots

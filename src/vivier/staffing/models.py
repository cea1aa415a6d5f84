"""Resource requests (a client's staffing need) and the candidates proposed for them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped, Timestamps

REQUEST_STATUSES = ("open", "in_progress", "filled", "cancelled")
BILLING_TYPES = ("hourly", "daily", "monthly", "fixed")
PROPOSAL_STATUSES = ("proposed", "interviewing", "accepted", "rejected")


class ResourceRequest(PublicScoped, Timestamps, Base):
    __tablename__ = "resource_requests"
    __table_args__ = (Index("ix_resource_requests_company_status", "company_id", "status"),)

    client: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(20), default="open")
    location: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    start: Mapped[date | None] = mapped_column(Date)
    # Stored as the wire integer (amount x price multiplier).
    salary_range_min: Mapped[int | None] = mapped_column(BigInteger)
    salary_range_max: Mapped[int | None] = mapped_column(BigInteger)
    billing_type: Mapped[str | None] = mapped_column(String(20))


class ResourceRequestOwner(Base):
    __tablename__ = "resource_request_owners"

    resource_request_id: Mapped[int] = mapped_column(
        ForeignKey("resource_requests.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(default=0)


class ResourceRequestCandidate(PublicScoped, Timestamps, Base):
    __tablename__ = "resource_request_candidates"
    __table_args__ = (UniqueConstraint("resource_request_id", "candidate_id"),)

    resource_request_id: Mapped[int] = mapped_column(ForeignKey("resource_requests.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="proposed")

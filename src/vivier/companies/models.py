"""Companies (tenants), users, memberships and API keys."""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vivier.db.base import Base, IntId, PublicId, PublicScoped, Timestamps
from vivier.reference.address import AddressColumns


class Role(IntEnum):
    ADMIN = 2
    RECRUITER = 3
    HIRING_MANAGER = 4  # read-only


class UserStatus(IntEnum):
    ACTIVE = 1
    INVITED = 2
    DISABLED = 4


class Company(IntId, PublicId, Timestamps, AddressColumns, Base):
    __tablename__ = "companies"

    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str | None] = mapped_column(Text)
    size: Mapped[str | None] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(255))
    web: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(50))
    siren: Mapped[str | None] = mapped_column(String(20))
    vat_number: Mapped[str | None] = mapped_column(String(30))
    billing_name: Mapped[str | None] = mapped_column(String(255))
    retention_policy: Mapped[str | None] = mapped_column(Text)
    logo: Mapped[str | None] = mapped_column(String(500))
    meta_logo: Mapped[str | None] = mapped_column(String(500))
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id"))
    shared_applicants: Mapped[bool] = mapped_column(Boolean, default=False)


class CompanyAffiliation(Base):
    """A parent company whose careers listing and search may merge in a child's vacancies."""

    __tablename__ = "company_affiliations"

    parent_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True)
    child_id: Mapped[int] = mapped_column(
        ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class User(IntId, PublicId, Timestamps, Base):
    """A person who signs in; may be a member of several companies."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(255), unique=True)  # stored lowercased
    password_hash: Mapped[str | None] = mapped_column(String(255))
    firstname: Mapped[str] = mapped_column(String(255), default="")
    lastname: Mapped[str] = mapped_column(String(255), default="")
    phone: Mapped[str | None] = mapped_column(String(50))
    use_email: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[int] = mapped_column(Integer, default=UserStatus.ACTIVE)
    language: Mapped[str] = mapped_column(String(10), default="fr_FR")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    picture: Mapped[str | None] = mapped_column(String(500))
    last_login: Mapped[datetime | None] = mapped_column()


class Member(PublicScoped, Timestamps, Base):
    """A user's membership of one company, with a role."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("company_id", "user_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(Integer, default=Role.RECRUITER)
    external_id: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="raise")
    company: Mapped[Company] = relationship(lazy="raise")


class ApiKey(PublicScoped, Base):
    """An API key: only a lookup prefix and a hash are stored; the key is shown once."""

    __tablename__ = "api_keys"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255), default="")
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()

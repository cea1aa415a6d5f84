"""Tasks for members, linked to members and/or applications, visible to chosen users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, IntId, PublicScoped, Timestamps


class Task(PublicScoped, Timestamps, Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_company_date", "company_id", "date"),)

    description: Mapped[str] = mapped_column(Text)
    date: Mapped[datetime] = mapped_column()
    type: Mapped[str] = mapped_column(String(20), default="task")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[bool] = mapped_column(Boolean, default=False)
    creator_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))


class TaskLink(IntId, Base):
    """One ``value`` entry: the task concerns a member or an application."""

    __tablename__ = "task_links"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )


class TaskUser(Base):
    """A member the task is visible to (Flatchr ``users``)."""

    __tablename__ = "task_users"

    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

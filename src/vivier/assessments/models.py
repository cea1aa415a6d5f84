"""Structured interview scorecards: task groups, tasks (questions) and answers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, CompanyScoped, Timestamps


class RecruitmentTaskGroup(CompanyScoped, Timestamps, Base):
    __tablename__ = "recruitment_task_groups"

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)


class RecruitmentTask(CompanyScoped, Timestamps, Base):
    __tablename__ = "recruitment_tasks"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("recruitment_task_groups.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any] | None] = mapped_column()


class RecruitmentTaskAnswer(CompanyScoped, Timestamps, Base):
    __tablename__ = "recruitment_task_answers"
    __table_args__ = (Index("ix_recruitment_task_answers_candidate_task", "candidate_id", "task_id"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("recruitment_tasks.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    answer: Mapped[str | None] = mapped_column(Text)
    score: Mapped[int | None] = mapped_column(Integer)

"""Pipeline columns (stages), company-wide; exactly one is the hired column."""

from __future__ import annotations

from sqlalchemy import Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, CompanyScoped, Timestamps


class PipelineColumn(CompanyScoped, Timestamps, Base):
    __tablename__ = "pipeline_columns"
    __table_args__ = (Index("ix_pipeline_columns_company_position", "company_id", "position"),)

    title: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer)
    visible: Mapped[bool] = mapped_column(Boolean, default=True)
    hired: Mapped[bool] = mapped_column(Boolean, default=False)

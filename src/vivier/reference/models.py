"""Reference lists (global, FR and EN labels) seeded by the first migration."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base


class _Labelled:
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label_fr: Mapped[str] = mapped_column(String(255))
    label_en: Mapped[str] = mapped_column(String(255))

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr


class ContractType(_Labelled, Base):
    __tablename__ = "contract_types"


class EducationLevel(_Labelled, Base):
    __tablename__ = "education_levels"


class Activity(_Labelled, Base):
    """Business sector."""

    __tablename__ = "activities"


class Channel(_Labelled, Base):
    """Job-board channel (a family of job categories)."""

    __tablename__ = "channels"


class Metier(_Labelled, Base):
    """Job category within a channel."""

    __tablename__ = "metiers"

    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id"), index=True)


class Source(Base):
    """Where an application came from (career site, job boards...); French label only."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(255))

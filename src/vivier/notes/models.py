"""Notes: a Flatchr comment and a Flowtly candidate note are the same row."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped, Timestamps


class Note(PublicScoped, Timestamps, Base):
    __tablename__ = "notes"
    __table_args__ = (
        Index("ix_notes_candidate_created", "candidate_id", "created_at", "id"),
        Index("ix_notes_company_created", "company_id", "created_at", "id"),
        Index("ix_notes_company_updated", "company_id", "updated_at"),
    )

    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    # Null for a note on the person (Flowtly); set for a comment on one application (Flatchr).
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    author_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(Boolean, default=False)
    favorite: Mapped[bool] = mapped_column(Boolean, default=False)
    type: Mapped[str] = mapped_column(String(50), default="note")
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="SET NULL"))

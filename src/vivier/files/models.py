"""Stored files (CVs, attachments). Bytes live in the file store, addressed by their SHA-256."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped


class StoredFile(PublicScoped, Base):
    __tablename__ = "files"
    __table_args__ = (
        Index("uq_files_company_key", "company_id", "key", unique=True),
        Index("ix_files_digest", "digest"),
        Index("ix_files_candidate_kind", "candidate_id", "kind", "id"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # "cv" | "attachment"
    key: Mapped[str] = mapped_column(String(300))  # the Flatchr-visible key
    digest: Mapped[str] = mapped_column(String(64))  # content address in the store
    name: Mapped[str] = mapped_column(String(255))
    extension: Mapped[str] = mapped_column(String(5))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"))
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column()

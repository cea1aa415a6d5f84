"""Messages sent to a candidate about one application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vivier.db.base import Base, PublicScoped, Timestamps


class Message(PublicScoped, Timestamps, Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_application_created", "application_id", "created_at", "id"),)

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    author_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    subject: Mapped[str] = mapped_column(String(500), default="")
    html: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    send_mail: Mapped[bool] = mapped_column(Boolean, default=True)
    auto: Mapped[bool] = mapped_column(Boolean, default=False)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)
    mail_status: Mapped[str | None] = mapped_column(String(10))  # null | "sent" | "failed"
    deliver_at: Mapped[datetime] = mapped_column()

"""Flatchr wire objects for comments, messages, tasks and traits (flatchr-api.md §5.5-§5.7).

Optional blocks (``fields=…``) are declared with a default and left unset when not requested; the
routes serialise with ``exclude_unset`` so they are absent, while every documented key that is
always present is set explicitly (``null`` included).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

# -- responses ---------------------------------------------------------------------------------------


class AttachmentOut(BaseModel):
    id: str = Field(description="encoded file id")
    name: str
    key: str
    url: str = Field(description="absolute signed download URL, valid 24 h")
    created_at: str


class CommentAuthorOut(BaseModel):
    id: str = Field(description="encoded user id")
    firstname: str
    lastname: str


class CommentOut(BaseModel):
    id: int
    text: str
    private: bool
    favorite: bool
    created_by: int | None = Field(description="the author's integer user id")
    created_at: str
    type: str
    reply_to: int | None
    author: CommentAuthorOut | None = Field(None, description="with fields=author (always on create)")
    attachments: list[AttachmentOut] = Field(
        default_factory=list, description="with fields=attachments (always on create)"
    )
    ratings: list[Any] = Field(default_factory=list, description="create response only; always []")


class CommentDeletedOut(BaseModel):
    statusCode: int = 200
    message: str = "Comment deleted"


class MailOut(BaseModel):
    subject: str
    text: str
    html: str
    status: str | None = Field(description='null, "sent" or "failed"')


class MessageAuthorOut(BaseModel):
    firstname: str
    lastname: str


class MessageCandidateOut(BaseModel):
    firstname: str
    lastname: str
    email: str | None


class MessageOut(BaseModel):
    id: str
    created_by: int | None
    created_at: str
    deliver_at: str
    auto: bool
    delivered: bool
    mail: MailOut | None = Field(None, description="with fields=mail")
    author: MessageAuthorOut | None = Field(None, description="with fields=author")
    candidate: MessageCandidateOut | None = Field(None, description="with fields=candidate")
    attachments: list[AttachmentOut] = Field(default_factory=list, description="with fields=attachments")
    replied: bool = Field(False, description="with fields=replied; always false")


class TaskOut(BaseModel):
    id: str
    description: str
    date: str
    type: str
    done: bool
    value: list[str] = Field(description="member=<user id> or applicant=<applicant id>")
    users: list[str]
    memberId: str | None = Field(description="encoded creator user id")


class TraitOut(BaseModel):
    id: str
    tag_id: str = Field(description="encoded tag id")
    value: str


# -- requests (documentation: the routes read JSON, urlencoded or multipart bodies themselves) --------


class CommentIn(BaseModel):
    text: str = Field(description="non-blank HTML")
    type: str = "note"
    private: bool = False
    reply_to: int | str | None = Field(None, description="integer or encoded id of a comment")
    file: bytes | None = Field(None, description="multipart only; becomes an attachment")


class MessageIn(BaseModel):
    html: str = Field(description="non-blank HTML")
    subject: str = ""
    mail: bool = True
    sms: bool = Field(False, description="ignored")
    file: bytes | None = Field(None, description="multipart only; attachment")


class TaskIn(BaseModel):
    description: str
    date: str = Field(description="ISO 8601 datetime")
    value: list[str] = Field(description="member=<user id> or applicant=<applicant id>")
    users: list[str]
    memberId: str | None = None
    email: bool = False


class TaskDoneIn(BaseModel):
    done: bool


class TraitIn(BaseModel):
    tag: str | int = Field(description="encoded id or integer tag_id of a candidates tag")
    value: str

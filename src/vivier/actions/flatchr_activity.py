"""Flatchr comments (7.13-7.15), messages (7.16), tasks (7.17-7.19) and candidate tags (7.20-7.21)."""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from vivier.actions.framework import Call, Page, Part, Result, Run, closed, define, dump, dump_all, paged
from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.errors import Constraint, Invalid
from vivier.db.session import Database
from vivier.faces.flatchr.inputs import fields_param
from vivier.faces.flatchr.render_activity import comment_out, message_out, task_out, trait_out
from vivier.faces.flatchr.routes_activity import (
    add_comment_out,
    close_task_out,
    create_task_view,
    fill_trait_out,
    notify_after_commit,
    tasks_out,
)
from vivier.faces.flatchr.schemas_activity import (
    CommentDeletedOut,
    CommentIn,
    CommentOut,
    MessageOut,
    TaskDoneIn,
    TaskIn,
    TaskOut,
    TraitIn,
    TraitOut,
)
from vivier.files.service import Upload
from vivier.files.store import FileStore
from vivier.messages import service as messages
from vivier.messages.mailer import mailer_from_url
from vivier.notes import service as notes
from vivier.tags import service as tags


class ApplicantPath(Part):
    applicantId: str = Field(description="encoded applicant id")


class CommentPath(ApplicantPath):
    commentId: int | str = Field(description="integer or encoded comment id")


class TaskPath(Part):
    taskId: str = Field(description="encoded task id")


class CommentsQuery(Page):
    fields: str | None = Field(None, description="comma-separated blocks: author, attachments")


class MessagesQuery(Page):
    fields: str | None = Field(
        None, description="comma-separated blocks: author, replied, mail, attachments, candidate"
    )


class TasksQuery(Page):
    date: str | None = Field(None, description="ISO 8601: tasks on or after this time (default: all)")
    delay: int | None = Field(None, ge=0, description="days after `date` (or now)")


class FileIn(Part):
    data: str = Field(description="the file's bytes, base64")
    fileName: str
    contentType: str | None = Field(None, description="MIME type, e.g. application/pdf")


CommentBody = closed(
    CommentIn, drop=("file",), add={"file": (FileIn | None, Field(None, description="attachment"))}
)


def _upload(value: Any) -> Upload | None:
    """The base64 ``file`` object of an action as the multipart file part the face reads."""
    if value is None:
        return None
    try:
        data = base64.b64decode(value["data"], validate=True)
    except (binascii.Error, ValueError):
        raise Invalid.one("file.data", Constraint.TYPE, "must be base64") from None
    return Upload(io.BytesIO(data), value["fileName"], value.get("contentType"))


def _applicant_list(lister: Callable[..., list[Any]], render: Callable[..., BaseModel]) -> Run:
    """An applicant's comments or messages, with their ``fields`` blocks, a page at a time."""

    def run(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
        wanted = fields_param(call.query.get("fields"))

        def fetch(limit: int, offset: int) -> list[Any]:
            views = lister(session, ctx, call.path["applicantId"], limit=limit, offset=offset)
            rendered = (render(v, settings, ctx.company_public_id, wanted) for v in views)
            return dump_all(rendered, exclude_unset=True)  # as the routes: unrequested blocks left out

        return paged(call, fetch)

    return run


def _comment(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    body = {**call.body, "file": _upload(call.body.get("file"))}
    return Result(
        dump(
            add_comment_out(session, ctx, settings, store, call.path["applicantId"], body), exclude_unset=True
        )
    )


def _delete(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    notes.delete_comment(session, ctx, call.path["applicantId"], str(call.path["commentId"]))
    return Result(dump(CommentDeletedOut()))


def _tasks(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return paged(
        call, lambda limit, offset: dump_all(tasks_out(session, ctx, call.query, limit=limit, offset=offset))
    )


def _task(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    view = create_task_view(session, ctx, call.body)
    mailer = mailer_from_url(settings.smtp_url)
    task_id = view.task.id

    def notify(db: Database) -> None:
        if mailer is not None:
            notify_after_commit(db, mailer, task_id)

    return Result(dump(task_out(view)), after_commit=notify if view.task.email else None)


def _close(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(dump(close_task_out(session, ctx, call.path["taskId"], call.body)))


def _traits(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(dump_all(trait_out(v) for v in tags.list_traits(session, ctx, call.path["applicantId"])))


def _fill(session: Session, ctx: Context, store: FileStore, settings: Settings, call: Call) -> Result:
    return Result(dump(fill_trait_out(session, ctx, call.path["applicantId"], call.body)))


ACTIONS = [
    define(
        "flatchr_retrieve_comments",
        "Retrieve Comments",
        "An applicant's comments (and the person's notes), oldest first.",
        "comments",
        _applicant_list(notes.list_comments, comment_out),
        list[CommentOut],
        path=ApplicantPath,
        query=CommentsQuery,
        read_only=True,
    ),
    define(
        "flatchr_create_comment",
        "Create Comment",
        "Comment on an applicant as the acting member, optionally private, a reply, or with a file.",
        "comments",
        _comment,
        CommentOut,
        path=ApplicantPath,
        body=CommentBody,
    ),
    define(
        "flatchr_delete_comment",
        "Delete Comment",
        "Delete a comment (its author or an administrator); replies are kept.",
        "comments",
        _delete,
        CommentDeletedOut,
        path=CommentPath,
        destructive=True,
        idempotent=True,
    ),
    define(
        "flatchr_retrieve_messages",
        "Retrieve Messages",
        "The messages sent to an applicant's candidate, oldest first.",
        "messages",
        _applicant_list(messages.list_messages, message_out),
        list[MessageOut],
        path=ApplicantPath,
        query=MessagesQuery,
        read_only=True,
    ),
    define(
        "flatchr_retrieve_tasks",
        "Retrieve Tasks",
        "The company's tasks by date, optionally from a date over a number of days.",
        "tasks",
        _tasks,
        list[TaskOut],
        query=TasksQuery,
        read_only=True,
    ),
    define(
        "flatchr_create_task",
        "Create Task",
        "Create an open task about members or applicants, assigned to members (optionally emailed).",
        "tasks",
        _task,
        TaskOut,
        body=closed(TaskIn),
    ),
    define(
        "flatchr_close_task",
        "Close Task",
        "Mark a task done (or reopen it with done: false).",
        "tasks",
        _close,
        TaskOut,
        path=TaskPath,
        body=closed(TaskDoneIn),
        idempotent=True,
    ),
    define(
        "flatchr_display_candidate_tags",
        "Display Candidate Tags",
        "The tag values (traits) of an applicant's candidate, oldest first.",
        "tags",
        _traits,
        list[TraitOut],
        path=ApplicantPath,
        read_only=True,
    ),
    define(
        "flatchr_fill_candidate_tag",
        "Fill A Candidate Tag",
        "Give an applicant's candidate a value of a company candidates tag.",
        "tags",
        _fill,
        TraitOut,
        path=ApplicantPath,
        body=closed(TraitIn),
        idempotent=True,
    ),
]

"""Flatchr comments, messages, tasks and traits (flatchr-api.md §7.13-7.21, §7.32)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any, cast

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from vivier.companies.context import Context
from vivier.config import Settings
from vivier.core.clock import as_utc
from vivier.core.errors import Constraint, Invalid
from vivier.core.text import is_number
from vivier.db.session import Database
from vivier.faces.common import AppSettings, DbSession, Store, database
from vivier.faces.flatchr.auth import CompanyContext
from vivier.faces.flatchr.inputs import fields_param, read_body, to_bool, to_int, to_str
from vivier.faces.flatchr.openapi import request_body
from vivier.faces.flatchr.render_activity import (
    EVERY_MESSAGE_BLOCK,
    comment_out,
    message_out,
    task_out,
    trait_out,
)
from vivier.faces.flatchr.render_vacancy import JSON_TYPE
from vivier.faces.flatchr.schemas_activity import (
    CommentDeletedOut,
    CommentIn,
    CommentOut,
    MessageIn,
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
from vivier.messages.mailer import Mailer, mailer_from_url
from vivier.notes import service as notes
from vivier.tags import service as tags
from vivier.tasks import service as tasks
from vivier.tasks.schemas import TaskView


class FlatchrJSON(JSONResponse):
    """Flatchr answers ``application/json; charset=utf-8`` (§1)."""

    media_type = JSON_TYPE


router = APIRouter(default_response_class=FlatchrJSON)
log = logging.getLogger("vivier.flatchr")


Body = Annotated[dict[str, Any], Depends(read_body)]
ApplicantId = Annotated[str, Path(alias="applicantId")]
Fields = Annotated[str | None, Query(description="comma-separated optional blocks")]
MAX_INT_ID = 2**31 - 1
MAX_DELAY_DAYS = 36_500  # a century: later windows would run past the calendar's end
Limit = Annotated[
    int | None, Query(ge=0, le=MAX_INT_ID, description="Vivier extension: at most this many items")
]
Offset = Annotated[int, Query(ge=0, le=MAX_INT_ID, description="Vivier extension: skip this many items")]

APPLICANT = "/company/{companyId}/applicant/{applicantId}"


# -- input helpers -----------------------------------------------------------------------------------


def _file(fields: dict[str, Any], name: str = "file") -> Upload | None:
    """The multipart file part ``name``; absent or empty is None, any other value a 400."""
    value = fields.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, Upload):
        raise Invalid.one(name, Constraint.TYPE, "must be a file (multipart/form-data)")
    return value


def _datetime(value: object, name: str) -> datetime | None:
    """An ISO 8601 datetime (``Z`` or an offset; naive means UTC); absent or empty is None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return as_utc(datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise Invalid.one(name, Constraint.TYPE, "must be an ISO 8601 datetime")


def _reply_to(fields: dict[str, Any]) -> int | str | None:
    value = fields.get("reply_to")
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Invalid.one("reply_to", Constraint.TYPE, "must be an integer or an encoded comment id")
    return value


def _listed(fields: dict[str, Any], name: str) -> Any:
    """A list field; a lone string (form posts, query strings) counts as a one-item list.

    Other shapes go to the service unchanged: it reports them naming the field.
    """
    value = fields.get(name)
    return [value] if isinstance(value, str) else value


# -- comments ----------------------------------------------------------------------------------------


@router.get(
    f"{APPLICANT}/comments",
    response_model=list[CommentOut],
    response_model_exclude_unset=True,
    tags=["Comments"],
)
def list_comments(
    session: DbSession,
    ctx: CompanyContext,
    settings: AppSettings,
    applicant_id: ApplicantId,
    fields: Fields = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[CommentOut]:
    """7.13 Retrieve Comments, oldest first (``fields``: author, attachments)."""
    wanted = fields_param(fields)
    views = notes.list_comments(session, ctx, applicant_id, limit=limit, offset=offset)
    return [comment_out(v, settings, ctx.company_public_id, wanted) for v in views]


@router.post(
    f"{APPLICANT}/comment",
    response_model=CommentOut,
    response_model_exclude_unset=True,
    tags=["Comments"],
    openapi_extra=request_body(CommentIn, form=True, upload="file"),
)
def create_comment(
    session: DbSession,
    ctx: CompanyContext,
    settings: AppSettings,
    store: Store,
    applicant_id: ApplicantId,
    body: Body,
) -> CommentOut:
    """7.14 Create Comment as the acting member; a multipart ``file`` becomes an attachment."""
    return add_comment_out(session, ctx, settings, store, applicant_id, body)


def add_comment_out(
    session: Session,
    ctx: Context,
    settings: Settings,
    store: FileStore,
    applicant_id: str,
    body: dict[str, Any],
) -> CommentOut:
    view = notes.add_comment(
        session,
        ctx,
        applicant_id,
        to_str(body, "text") or "",
        type=to_str(body, "type") or "note",
        private=bool(to_bool(body, "private", False)),
        reply_to=_reply_to(body),
        attachment=_file(body),
        store=store,
        max_bytes=settings.max_upload_bytes,
    )
    return comment_out(view, settings, ctx.company_public_id, (), created=True)


@router.delete(f"{APPLICANT}/comment/{{commentId}}", response_model=CommentDeletedOut, tags=["Comments"])
def delete_comment(
    session: DbSession,
    ctx: CompanyContext,
    applicant_id: ApplicantId,
    comment_id: Annotated[str, Path(alias="commentId", description="integer or encoded comment id")],
) -> CommentDeletedOut:
    """7.15 Delete Comment (the author or an administrator); replies are kept."""
    notes.delete_comment(session, ctx, applicant_id, comment_id)
    return CommentDeletedOut()


# -- messages ----------------------------------------------------------------------------------------


@router.get(
    f"{APPLICANT}/messages",
    response_model=list[MessageOut],
    response_model_exclude_unset=True,
    tags=["Messages"],
)
def list_messages(
    session: DbSession,
    ctx: CompanyContext,
    settings: AppSettings,
    applicant_id: ApplicantId,
    fields: Fields = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[MessageOut]:
    """7.16 Retrieve Messages, oldest first (``fields``: author, replied, mail, attachments, candidate)."""
    wanted = fields_param(fields)
    views = messages.list_messages(session, ctx, applicant_id, limit=limit, offset=offset)
    return [message_out(v, settings, ctx.company_public_id, wanted) for v in views]


def deliver_after_commit(db: Database, mailer: Mailer, store: FileStore, message_id: int) -> None:
    """Send a committed message's mail in a fresh unit of work (a background task)."""
    try:
        with db.unit_of_work() as session:
            messages.deliver_pending(session, mailer, message_id, store=store)
    except Exception:  # the response is already sent; the message stays pending for a later sweep
        log.exception("mail delivery of message %d failed", message_id)


@router.post(
    f"{APPLICANT}/message",
    response_model=MessageOut,
    response_model_exclude_unset=True,
    tags=["Messages"],
    openapi_extra=request_body(MessageIn, form=True, upload="file"),
)
def send_message(
    request: Request,
    background: BackgroundTasks,
    session: DbSession,
    ctx: CompanyContext,
    settings: AppSettings,
    store: Store,
    applicant_id: ApplicantId,
    body: Body,
) -> MessageOut:
    """7.32 Send Message to the applicant's candidate; the mail leaves after the commit."""
    view = messages.send_message(
        session,
        ctx,
        applicant_id,
        to_str(body, "html") or "",
        subject=to_str(body, "subject") or "",
        mail=bool(to_bool(body, "mail", True)),
        attachment=_file(body),
        store=store,
        max_bytes=settings.max_upload_bytes,
    )
    mailer = mailer_from_url(settings.smtp_url)
    if mailer is not None and view.message.send_mail:
        # Background tasks run after the response, hence after the request's commit.
        background.add_task(deliver_after_commit, database(request), mailer, store, view.message.id)
    return message_out(view, settings, ctx.company_public_id, EVERY_MESSAGE_BLOCK)


# -- tasks -------------------------------------------------------------------------------------------


@router.get("/company/{companyId}/tasks", response_model=list[TaskOut], tags=["Tasks"])
def list_tasks(
    session: DbSession,
    ctx: CompanyContext,
    date: Annotated[str | None, Query(description="ISO 8601: tasks on or after this time")] = None,
    delay: Annotated[str | None, Query(description="days after `date` (or now)")] = None,
    limit: Limit = None,
    offset: Offset = 0,
) -> list[TaskOut]:
    """7.17 Retrieve Tasks, by date ascending."""
    return tasks_out(session, ctx, {"date": date, "delay": delay}, limit=limit, offset=offset)


def tasks_out(
    session: Session, ctx: Context, query: dict[str, Any], *, limit: int | None, offset: int
) -> list[TaskOut]:
    """7.17 from its ``date`` and ``delay`` parameters."""
    date = query.get("date")
    days = to_int(query, "delay")
    if days is not None and days > MAX_DELAY_DAYS:
        raise Invalid.one("delay", Constraint.RANGE, f"must be at most {MAX_DELAY_DAYS}", MAX_DELAY_DAYS)
    try:
        views = tasks.list_tasks(session, ctx, _datetime(date, "date"), days, limit=limit, offset=offset)
    except OverflowError as exc:  # e.g. date=9999-12-31 with a delay
        raise Invalid.one("delay", Constraint.RANGE, "runs past the end of the calendar") from exc
    return [task_out(v) for v in views]


@router.post(
    "/company/{companyId}/task",
    response_model=TaskOut,
    tags=["Tasks"],
    openapi_extra=request_body(TaskIn),
)
def create_task(
    request: Request,
    background: BackgroundTasks,
    session: DbSession,
    ctx: CompanyContext,
    settings: AppSettings,
    body: Body,
) -> TaskOut:
    """7.18 Create Task (open); every bad field is named in one 400. ``email`` notifies ``users``
    by mail after the commit (when SMTP is configured)."""
    view = create_task_view(session, ctx, body)
    mailer = mailer_from_url(settings.smtp_url)
    if mailer is not None and view.task.email:
        background.add_task(notify_after_commit, database(request), mailer, view.task.id)
    return task_out(view)


def create_task_view(session: Session, ctx: Context, body: dict[str, Any]) -> TaskView:
    return tasks.create_task(
        session,
        ctx,
        to_str(body, "description") or "",
        # A missing date is reported by the service together with the other violations.
        cast(datetime, _datetime(body.get("date"), "date")),
        _listed(body, "value"),
        _listed(body, "users"),
        member_ref=to_str(body, "memberId"),
        email=bool(to_bool(body, "email", False)),
    )


def notify_after_commit(db: Database, mailer: Mailer, task_id: int) -> None:
    """Mail a committed task to its users (a background task; failures are logged, not retried)."""
    try:
        with db.unit_of_work() as session:
            mails = tasks.notification_mails(session, task_id)
        for mail in mails:
            mailer.send(mail)
    except Exception:
        log.exception("task notification %d failed", task_id)


@router.put(
    "/company/{companyId}/task/{taskId}",
    response_model=TaskOut,
    tags=["Tasks"],
    openapi_extra=request_body(TaskDoneIn),
)
def close_task(
    session: DbSession,
    ctx: CompanyContext,
    task_id: Annotated[str, Path(alias="taskId")],
    body: Body,
) -> TaskOut:
    """7.19 Close Task (``done: false`` reopens it)."""
    return close_task_out(session, ctx, task_id, body)


def close_task_out(session: Session, ctx: Context, task_id: str, body: dict[str, Any]) -> TaskOut:
    done = to_bool(body, "done")
    if done is None:
        raise Invalid.one("done", Constraint.NULL, "is required")
    return task_out(tasks.close_task(session, ctx, task_id, done))


# -- traits ------------------------------------------------------------------------------------------


@router.get(f"{APPLICANT}/traits", response_model=list[TraitOut], tags=["Traits"])
def list_traits(session: DbSession, ctx: CompanyContext, applicant_id: ApplicantId) -> list[TraitOut]:
    """7.20 Display Candidate Tags, oldest first."""
    return [trait_out(v) for v in tags.list_traits(session, ctx, applicant_id)]


@router.post(
    f"{APPLICANT}/trait",
    response_model=TraitOut,
    tags=["Traits"],
    openapi_extra=request_body(TraitIn),
)
def fill_trait(session: DbSession, ctx: CompanyContext, applicant_id: ApplicantId, body: Body) -> TraitOut:
    """7.21 Fill a Candidate Tag with a value."""
    return fill_trait_out(session, ctx, applicant_id, body)


def fill_trait_out(session: Session, ctx: Context, applicant_id: str, body: dict[str, Any]) -> TraitOut:
    tag = body.get("tag")
    if tag is None or tag == "":
        raise Invalid.one("tag", Constraint.NULL, "is required")
    if isinstance(tag, bool) or not isinstance(tag, int | str):
        raise Invalid.one("tag", Constraint.TYPE, "must be an encoded tag id or an integer tag_id")
    number = tag if isinstance(tag, int) else int(tag) if is_number(tag.strip()) else None
    if number is not None and not 0 < number <= MAX_INT_ID:
        # No tag has that id; bigger numbers would overflow the database's integer column.
        raise Invalid.one("tag", Constraint.REFERENCE, f"is not a candidates tag of this company: {tag}")
    return trait_out(tags.fill_trait(session, ctx, applicant_id, tag, to_str(body, "value") or ""))

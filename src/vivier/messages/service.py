"""Messages to a candidate about one application.

Sending stores the message in the request's transaction; mail goes out only after that commits
(``deliver_pending``), so a rolled-back request never reaches the candidate's inbox.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

from sqlalchemy import select
from sqlalchemy.orm import Session

from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.core.clock import now
from vivier.core.errors import Constraint, Invalid, NotFound, Violation
from vivier.db.scoping import get_by_int_id, get_by_public_id, scoped
from vivier.events.audit import emit, record
from vivier.files.models import StoredFile
from vivier.files.service import Upload, attachments_of, store_attachment
from vivier.files.store import FileStore
from vivier.messages.mailer import MailAttachment, Mailer, MailError, OutgoingMail
from vivier.messages.models import Message
from vivier.messages.schemas import MAX_SUBJECT, MessageView, Recipient
from vivier.notes.service import load_authors

_SPACES = re.compile(r"\s+")
# Elements that separate words when rendered; inline ones (b, span, a...) do not.
_BREAKING = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header "  # noqa: SIM905
    "hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_HIDDEN = frozenset({"script", "style", "head", "title"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKING:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKING:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


def send_message(
    session: Session,
    ctx: Context,
    application_id: str,
    html: str,
    *,
    subject: str = "",
    mail: bool = True,
    attachment: Upload | None = None,
    store: FileStore | None = None,
    max_bytes: int = 0,
) -> MessageView:
    """Store a message to the application's candidate and queue ``new_message``.

    The mail itself is not sent here: after the commit, the caller runs ``deliver_pending``.
    """
    ctx.require_write()
    application = get_by_public_id(session, Application, ctx, application_id, what="Applicant")
    candidate = get_by_int_id(session, Candidate, ctx, application.candidate_id, what="Candidate")
    violations: list[Violation] = []
    if not html or not html.strip():
        violations.append(Violation("html", Constraint.BLANK, "must not be blank"))
    subject = subject or ""
    if len(subject) > MAX_SUBJECT:
        violations.append(
            Violation("subject", Constraint.LENGTH, f"must be at most {MAX_SUBJECT} characters", MAX_SUBJECT)
        )
    if not (candidate.email or "").strip():
        violations.append(Violation("email", Constraint.NULL, "the candidate has no email address"))
    if violations:
        raise Invalid(violations)
    # The file is checked and stored first, so a refused file leaves no message behind.
    stored = store_attachment(session, ctx, store, attachment, max_bytes) if attachment else None
    message = Message(
        company_id=ctx.company_id,
        application_id=application.id,
        candidate_id=candidate.id,
        author_member_id=ctx.member_id,
        subject=subject,
        html=html,
        text=html_to_text(html),
        send_mail=bool(mail),
        auto=False,
        delivered=False,
        mail_status=None,
        deliver_at=now(),
    )
    session.add(message)
    session.flush()
    if stored is not None:
        stored.message_id = message.id
        session.flush()
    record(session, ctx, "message.create", "message", message.public_id, application=application.public_id)
    emit(session, ctx, "new_message", message_id=message.id, application_id=application.id)
    return MessageView(
        message,
        load_authors(session, [ctx.member_id]).get(ctx.member_id or 0),
        _recipient(candidate),
        [stored] if stored else [],
    )


def _recipient(candidate: Candidate) -> Recipient:
    return Recipient(
        candidate.id, candidate.public_id, candidate.firstname, candidate.lastname, candidate.email
    )


def list_messages(
    session: Session, ctx: Context, application_id: str, *, limit: int | None = None, offset: int = 0
) -> list[MessageView]:
    """The application's messages, oldest first, with author, candidate and attachments."""
    application = get_by_public_id(session, Application, ctx, application_id, what="Applicant")
    messages = list(
        session.scalars(
            scoped(Message, ctx)
            .where(Message.application_id == application.id)
            .order_by(Message.created_at, Message.id)
            .offset(offset)
            .limit(limit)
        )
    )
    if not messages:
        return []
    authors = load_authors(session, (m.author_member_id for m in messages))
    candidate = _recipient(get_by_int_id(session, Candidate, ctx, application.candidate_id))
    files = attachments_of(session, StoredFile.message_id, [m.id for m in messages])
    return [
        MessageView(m, authors.get(m.author_member_id or 0), candidate, files.get(m.id, [])) for m in messages
    ]


def pending_message_ids(
    session: Session,
    limit: int = 100,
    *,
    created_after: datetime | None = None,
    created_before: datetime | None = None,
) -> list[int]:
    """Messages whose mail was requested but not yet attempted (for a worker sweeping after a crash)."""
    stmt = select(Message.id).where(
        Message.send_mail.is_(True), Message.mail_status.is_(None), Message.delivered.is_(False)
    )
    if created_after is not None:
        stmt = stmt.where(Message.created_at > created_after)
    if created_before is not None:
        stmt = stmt.where(Message.created_at < created_before)
    return list(session.scalars(stmt.order_by(Message.id).limit(limit)))


def deliver_pending(
    session: Session, mailer: Mailer, message_id: int, *, store: FileStore | None = None
) -> Message | None:
    """Send a stored message's mail once: ``delivered`` and status "sent" on success, else "failed".

    Run after the message's transaction committed; the caller commits again. Messages that asked
    for no mail or were already attempted are returned unchanged; an unknown id gives None.
    """
    # The row lock keeps two workers from mailing the same message (no-op on SQLite, which serialises writers).
    message = session.scalars(select(Message).where(Message.id == message_id).with_for_update()).one_or_none()
    if message is None or not message.send_mail or message.mail_status is not None or message.delivered:
        return message
    email = session.scalar(select(Candidate.email).where(Candidate.id == message.candidate_id))
    try:
        if not email:
            raise MailError("the candidate has no email address")
        attachments = _mail_attachments(session, store, message.id)
        mailer.send(OutgoingMail(email, message.subject, message.text, message.html, attachments))
    except (MailError, NotFound):
        message.mail_status = "failed"
    else:
        message.delivered = True
        message.mail_status = "sent"
    session.flush()
    return message


def _mail_attachments(
    session: Session, store: FileStore | None, message_id: int
) -> tuple[MailAttachment, ...]:
    if store is None:
        return ()
    rows = session.scalars(
        select(StoredFile).where(StoredFile.message_id == message_id).order_by(StoredFile.id)
    )
    attachments = []
    for row in rows:
        with store.open(row.digest) as fh:
            data = fh.read()
        name = row.name if row.name.lower().endswith(f".{row.extension}") else f"{row.name}.{row.extension}"
        attachments.append(MailAttachment(name, row.content_type, data))
    return tuple(attachments)

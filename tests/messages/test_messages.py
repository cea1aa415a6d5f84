"""Messages: sending, listing, and mail delivery after the commit."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import QueryCounter, count_rows, make_application, make_candidate, make_member
from tests.messages.smtp_sink import smtp_sink
from vivier.applications.models import Application
from vivier.candidates.models import Candidate
from vivier.companies.context import Context
from vivier.companies.models import Role
from vivier.core import clock
from vivier.core.errors import Constraint, Forbidden, Invalid, NotFound
from vivier.events.models import AuditEvent, OutboxEvent
from vivier.files.models import StoredFile
from vivier.files.service import Upload
from vivier.files.store import LocalFileStore
from vivier.messages.mailer import MailError, OutgoingMail, SmtpMailer, mailer_from_url
from vivier.messages.models import Message
from vivier.messages.service import (
    deliver_pending,
    html_to_text,
    list_messages,
    pending_message_ids,
    send_message,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NOW = datetime(2022, 2, 16, 10, 34, 56, tzinfo=UTC)


class FakeMailer:
    """Records mails; optionally refuses them like an SMTP server would."""

    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[OutgoingMail] = []
        self.fail = fail

    def send(self, mail: OutgoingMail) -> None:
        if self.fail:
            raise MailError("550 mailbox unavailable")
        self.sent.append(mail)


@pytest.fixture
def frozen() -> Iterator[None]:
    clock.set_clock(lambda: NOW)
    yield
    clock.set_clock(None)


def test_send_message_stores_it_and_queues_new_message(
    session: Session, ctx: Context, application: Application, candidate: Candidate, frozen: None
) -> None:
    view = send_message(session, ctx, application.public_id, "<p>Hello World</p>", subject="Hey")
    message = view.message
    assert (message.subject, message.html, message.text) == ("Hey", "<p>Hello World</p>", "Hello World")
    assert (message.auto, message.delivered, message.mail_status, message.send_mail) == (
        False,
        False,
        None,
        True,
    )
    assert message.deliver_at == NOW
    assert (message.application_id, message.candidate_id, message.author_member_id) == (
        application.id,
        candidate.id,
        ctx.member_id,
    )
    assert view.author is not None and (view.author.firstname, view.author.lastname) == ("Eva", "Laurent")
    assert (view.candidate.firstname, view.candidate.email) == ("Ada", candidate.email)
    assert view.attachments == []
    outbox = session.scalars(select(OutboxEvent).where(OutboxEvent.company_id == ctx.company_id)).one()
    assert (outbox.event, outbox.subject) == (
        "new_message",
        {"message_id": message.id, "application_id": application.id},
    )
    audit = session.scalars(
        select(AuditEvent).where(
            AuditEvent.company_id == ctx.company_id, AuditEvent.action == "message.create"
        )
    ).one()
    assert audit.entity_id == message.public_id


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello World</p>", "Hello World"),
        ("<p>Hello</p><p>World</p>", "Hello World"),
        ("Hel<b>lo</b>   <i>dear</i>\n\n  friend", "Hello dear friend"),
        ("Line<br>break<br/>here", "Line break here"),
        ("<p>Caf&eacute; &amp; th&#233; &lt;3</p>", "Café & thé <3"),
        ("&amp;lt;not a tag&amp;gt;", "&lt;not a tag&gt;"),
        ("<style>p {color: red}</style><script>alert(1)</script><p>Visible</p>", "Visible"),
        ("<ul><li>one</li><li>two</li></ul>", "one two"),
        ("plain text", "plain text"),
    ],
)
def test_text_is_derived_from_html(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize("html", ["", "   ", "\n"])
def test_blank_html_is_refused_and_nothing_stored(
    session: Session, ctx: Context, application: Application, html: str
) -> None:
    with pytest.raises(Invalid) as caught:
        send_message(session, ctx, application.public_id, html)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("html", Constraint.BLANK)]
    assert count_rows(session, Message, ctx.company_id) == 0
    assert count_rows(session, OutboxEvent, ctx.company_id) == 0


@pytest.mark.parametrize("address", [None, "", "  "])
def test_candidate_without_email_is_refused(session: Session, ctx: Context, address: str | None) -> None:
    application = make_application(session, ctx, make_candidate(session, ctx, email=address))
    with pytest.raises(Invalid) as caught:
        send_message(session, ctx, application.public_id, "<p>Hi</p>")
    assert [v.field for v in caught.value.violations] == ["email"]
    assert count_rows(session, Message, ctx.company_id) == 0


def test_too_long_subject_names_the_field(session: Session, ctx: Context, application: Application) -> None:
    with pytest.raises(Invalid) as caught:
        send_message(session, ctx, application.public_id, "<p>Hi</p>", subject="s" * 501)
    assert [(v.field, v.constraint, v.limit) for v in caught.value.violations] == [
        ("subject", Constraint.LENGTH, 500)
    ]


def test_other_company_application_is_not_found(
    session: Session, ctx: Context, other_ctx: Context, application: Application
) -> None:
    send_message(session, ctx, application.public_id, "<p>Hi</p>")
    with pytest.raises(NotFound):
        send_message(session, other_ctx, application.public_id, "<p>Hi</p>")
    with pytest.raises(NotFound):
        list_messages(session, other_ctx, application.public_id)
    assert count_rows(session, Message, other_ctx.company_id) == 0


def test_read_only_member_cannot_send(session: Session, ctx: Context, application: Application) -> None:
    manager = make_member(session, ctx, role=Role.HIRING_MANAGER, name="Hugo")
    with pytest.raises(Forbidden):
        send_message(session, manager, application.public_id, "<p>Hi</p>")
    assert count_rows(session, Message, ctx.company_id) == 0


def test_attachment_is_stored_with_the_message(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    upload = Upload(PDF, "Offre.pdf", "application/pdf")
    view = send_message(
        session, ctx, application.public_id, "<p>Hi</p>", attachment=upload, store=store, max_bytes=10_000
    )
    [stored] = view.attachments
    assert (stored.message_id, stored.kind, stored.extension) == (view.message.id, "attachment", "pdf")
    [listed] = list_messages(session, ctx, application.public_id)
    assert [a.id for a in listed.attachments] == [stored.id]


def test_refused_attachment_leaves_no_message(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    upload = Upload(b"%PDF-1.4 but declared as png", "x.png", "image/png")
    with pytest.raises(Invalid) as caught:
        send_message(
            session, ctx, application.public_id, "<p>Hi</p>", attachment=upload, store=store, max_bytes=10_000
        )
    assert [v.field for v in caught.value.violations] == ["file"]
    assert count_rows(session, Message, ctx.company_id) == 0
    assert count_rows(session, StoredFile, ctx.company_id) == 0
    assert count_rows(session, OutboxEvent, ctx.company_id) == 0


def test_list_messages_oldest_first_with_fixed_queries(
    session: Session, ctx: Context, application: Application, store: LocalFileStore
) -> None:
    app_id = application.public_id
    assert list_messages(session, ctx, app_id) == []
    rita = make_member(session, ctx, name="Rita")
    first = send_message(session, ctx, app_id, "<p>1</p>").message
    session.flush()
    session.expire_all()
    with QueryCounter(session) as few:
        list_messages(session, ctx, app_id)
    for i in range(4):
        upload = Upload(PDF, f"{i}.pdf", None)
        send_message(
            session,
            rita if i % 2 else ctx,
            app_id,
            f"<p>{i}</p>",
            attachment=upload,
            store=store,
            max_bytes=10_000,
        )
    session.flush()
    session.expire_all()
    with QueryCounter(session) as many:
        views = list_messages(session, ctx, app_id)
    assert many.count == few.count == 5
    assert views[0].message.id == first.id
    assert [v.message.text for v in views] == ["1", "0", "1", "2", "3"]
    assert [v.author.firstname if v.author else None for v in views] == ["Eva", "Eva", "Rita", "Eva", "Rita"]
    assert {v.candidate.lastname for v in views} == {"Lovelace"}
    assert [len(v.attachments) for v in views] == [0, 1, 1, 1, 1]
    assert [v.message.text for v in list_messages(session, ctx, app_id, limit=2, offset=1)] == ["0", "1"]
    # Another application's messages stay apart.
    assert list_messages(session, ctx, make_application(session, ctx).public_id) == []


# -- delivery -----------------------------------------------------------------------------------------


def test_deliver_pending_marks_sent_once(
    session: Session, ctx: Context, application: Application, candidate: Candidate
) -> None:
    message = send_message(session, ctx, application.public_id, "<p>Hello World</p>", subject="Hey").message
    assert pending_message_ids(session) == [message.id]
    mailer = FakeMailer()
    delivered = deliver_pending(session, mailer, message.id)
    assert delivered is not None and (delivered.delivered, delivered.mail_status) == (True, "sent")
    [mail] = mailer.sent
    assert (mail.to, mail.subject, mail.text, mail.html) == (
        candidate.email,
        "Hey",
        "Hello World",
        "<p>Hello World</p>",
    )
    deliver_pending(session, mailer, message.id)
    assert len(mailer.sent) == 1
    assert pending_message_ids(session) == []


def test_refused_mail_is_marked_failed(session: Session, ctx: Context, application: Application) -> None:
    message = send_message(session, ctx, application.public_id, "<p>Hi</p>").message
    delivered = deliver_pending(session, FakeMailer(fail=True), message.id)
    assert delivered is not None and (delivered.delivered, delivered.mail_status) == (False, "failed")


def test_no_mail_requested_means_nothing_sent(
    session: Session, ctx: Context, application: Application
) -> None:
    message = send_message(session, ctx, application.public_id, "<p>Hi</p>", mail=False).message
    mailer = FakeMailer()
    delivered = deliver_pending(session, mailer, message.id)
    assert delivered is not None and (delivered.delivered, delivered.mail_status) == (False, None)
    assert mailer.sent == [] and pending_message_ids(session) == []
    assert deliver_pending(session, mailer, 987_654) is None


def test_candidate_email_removed_before_delivery_fails(
    session: Session, ctx: Context, application: Application, candidate: Candidate
) -> None:
    message = send_message(session, ctx, application.public_id, "<p>Hi</p>").message
    candidate.email = None
    session.flush()
    mailer = FakeMailer()
    delivered = deliver_pending(session, mailer, message.id)
    assert delivered is not None and delivered.mail_status == "failed" and mailer.sent == []


def _parse(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=default_policy)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_delivery_through_a_real_smtp_receiver(
    session: Session, ctx: Context, application: Application, candidate: Candidate, store: LocalFileStore
) -> None:
    upload = Upload(PDF, "Offre.pdf", None)
    message = send_message(
        session,
        ctx,
        application.public_id,
        "<p>Entretien &agrave; 10h</p>",
        subject="Proposition\r\nBcc: victim@example.org",
        attachment=upload,
        store=store,
        max_bytes=10_000,
    ).message
    with smtp_sink() as (url, inbox):
        delivered = deliver_pending(session, SmtpMailer(url), message.id, store=store)
    assert delivered is not None and (delivered.delivered, delivered.mail_status) == (True, "sent")
    [received] = inbox.mails
    assert (received.sender, received.recipients) == ("jobs@acme.example", [candidate.email])
    mail = _parse(received.data)
    assert mail["Subject"] == "Proposition Bcc: victim@example.org"
    assert mail["Bcc"] is None
    plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
    assert plain is not None and plain.get_content().strip() == "Entretien à 10h"
    assert html is not None and "<p>Entretien &agrave; 10h</p>" in html.get_content()
    [attached] = list(mail.iter_attachments())
    assert (attached.get_filename(), attached.get_content_type(), attached.get_content()) == (
        "Offre.pdf",
        "application/pdf",
        PDF,
    )


def test_smtp_refusal_and_unreachable_server_mark_failed(
    session: Session, ctx: Context, application: Application
) -> None:
    first = send_message(session, ctx, application.public_id, "<p>1</p>").message
    second = send_message(session, ctx, application.public_id, "<p>2</p>").message
    with smtp_sink() as (url, inbox):
        inbox.refuse = True
        refused = deliver_pending(session, SmtpMailer(url), first.id)
    assert refused is not None and refused.mail_status == "failed" and inbox.mails == []
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = deliver_pending(session, SmtpMailer(f"smtp://127.0.0.1:{port}", timeout=2), second.id)
    assert unreachable is not None and (unreachable.delivered, unreachable.mail_status) == (False, "failed")


def test_smtp_url_parsing() -> None:
    secure = SmtpMailer("smtps://jobs%40acme.example:p%40ss@mail.acme.example")
    assert (secure.host, secure.port, secure.tls, secure.starttls) == ("mail.acme.example", 465, True, False)
    assert (secure.username, secure.password, secure.sender) == (
        "jobs@acme.example",
        "p@ss",
        "jobs@acme.example",
    )
    plain = SmtpMailer("smtp://relay:2525?starttls=true")
    assert (plain.host, plain.port, plain.tls, plain.starttls, plain.username) == (
        "relay",
        2525,
        False,
        True,
        None,
    )
    assert plain.sender == "noreply@relay"
    assert SmtpMailer("smtp://relay", sender="hr@acme.example").sender == "hr@acme.example"
    assert SmtpMailer("smtp://relay").port == 25
    for bad in ("http://relay", "smtp://", "relay:25"):
        with pytest.raises(ValueError):
            SmtpMailer(bad)
    assert mailer_from_url("") is None
    assert isinstance(mailer_from_url("smtp://relay"), SmtpMailer)

"""Outbound mail: a small interface so tests and other transports can replace SMTP."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    text: str
    html: str
    attachments: tuple[MailAttachment, ...] = ()


class MailError(Exception):
    """The mail was not accepted for delivery."""


class Mailer(Protocol):
    def send(self, mail: OutgoingMail) -> None:
        """Hand the mail over for delivery; raise ``MailError`` when it is refused."""
        ...


class SmtpMailer:
    """Sends through ``smtp://[user:pass@]host[:port][?starttls=true&from=addr]`` or ``smtps://…``."""

    def __init__(self, url: str, *, sender: str | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP URL must look like smtp://user:pass@host:port or smtps://…")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.host = parts.hostname
        self.tls = parts.scheme == "smtps"
        self.port = parts.port or (465 if self.tls else 25)
        self.starttls = query.get("starttls", "").lower() in ("1", "true", "yes")
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        default = self.username if self.username and "@" in self.username else f"noreply@{self.host}"
        self.sender = sender or query.get("from") or default
        self.timeout = timeout

    def build(self, mail: OutgoingMail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        # Header values must stay on one line (no header injection through the subject).
        message["Subject"] = " ".join(mail.subject.split())
        message.set_content(mail.text or " ")
        message.add_alternative(mail.html, subtype="html")
        for item in mail.attachments:
            maintype, _, subtype = item.content_type.partition("/")
            message.add_attachment(
                item.data, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename
            )
        return message

    def send(self, mail: OutgoingMail) -> None:
        message = self.build(mail)
        try:
            with self._connect() as client:
                if self.starttls:
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password or "")
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"SMTP delivery failed: {exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        if self.tls:
            return smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        return smtplib.SMTP(self.host, self.port, timeout=self.timeout)


def mailer_from_url(url: str) -> Mailer | None:
    """The configured mailer (``settings.smtp_url``), or None when mail is not set up."""
    return SmtpMailer(url) if url else None

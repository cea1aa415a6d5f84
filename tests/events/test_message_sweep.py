from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.factories import make_application
from vivier.core import clock
from vivier.db.session import Database
from vivier.events.worker import sweep_messages
from vivier.messages.mailer import OutgoingMail
from vivier.messages.models import Message
from vivier.messages.service import send_message

from .test_webhooks import tenant  # noqa: F401  (a committed company)


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[OutgoingMail] = []

    def send(self, mail: OutgoingMail) -> None:
        self.sent.append(mail)


@pytest.fixture(autouse=True)
def _real_clock() -> Iterator[None]:
    yield
    clock.set_clock(None)


def at(delta: timedelta) -> None:
    moment = clock.now() + delta
    clock.set_clock(lambda: moment)


def test_the_worker_mails_recent_messages_left_pending(db: Database, tenant) -> None:  # noqa: F811
    start = clock.now()
    with db.unit_of_work() as session:
        old = send_message(
            session, tenant, make_application(session, tenant).public_id, "<p>old</p>"
        ).message.id
    at(timedelta(days=2))
    with db.unit_of_work() as session:
        recent = send_message(
            session, tenant, make_application(session, tenant).public_id, "<p>new</p>"
        ).message.id
    mailer = FakeMailer()
    sweep_messages(db, mailer)
    assert mailer.sent == []  # the request's own background task still has a minute
    clock.set_clock(lambda: start + timedelta(days=2, minutes=2))
    sweep_messages(db, mailer)
    assert [m.text for m in mailer.sent] == ["new"]
    with db.unit_of_work() as session:
        assert session.get_one(Message, recent).delivered is True
        assert session.get_one(Message, old).mail_status is None  # older than a day: never mailed late
    sweep_messages(db, mailer)
    assert len(mailer.sent) == 1
    with db.unit_of_work() as session:  # leave no pending mail behind for other tests' global sweeps
        session.get_one(Message, old).send_mail = False

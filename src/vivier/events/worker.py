"""The background worker: drains the outbox into webhook deliveries and delivers them."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from vivier.core.clock import now
from vivier.db.session import Database
from vivier.events.webhooks import Renderer, deliver_due, dispatch_outbox, http_client, prune_log
from vivier.messages.mailer import Mailer
from vivier.messages.service import deliver_pending, pending_message_ids

log = logging.getLogger("vivier.worker")
POLL_SECONDS = 1.0
PRUNE_EVERY = timedelta(hours=1)
SWEEP_WINDOW = timedelta(days=1)
SWEEP_GRACE = timedelta(minutes=1)


def run_once(db: Database, render: Renderer, mailer: Mailer | None = None) -> tuple[int, int]:
    """One pass: dispatch pending events, deliver what is due, and (with a mailer) send the mails of
    recent messages whose after-commit delivery never ran. Returns (events, attempts)."""
    with db.unit_of_work() as session:
        events = dispatch_outbox(session, render)
    with http_client() as client:
        attempts = deliver_due(db, client)
    if mailer is not None:
        sweep_messages(db, mailer)
    return events, attempts


def sweep_messages(db: Database, mailer: Mailer) -> int:
    """Mail messages left pending (process died before its background task): only those from the last
    day, so configuring SMTP later does not send old messages, and not the last minute's, which the
    request's own background task is still sending."""
    current = now()
    with db.unit_of_work() as session:
        ids = pending_message_ids(
            session, created_after=current - SWEEP_WINDOW, created_before=current - SWEEP_GRACE
        )
    for message_id in ids:
        with db.unit_of_work() as session:
            deliver_pending(session, mailer, message_id)
    return len(ids)


def run_forever(
    db: Database,
    render: Renderer,
    stop: threading.Event,
    poll: float = POLL_SECONDS,
    mailer: Mailer | None = None,
) -> None:
    """Poll until ``stop`` is set; errors are logged and the loop goes on."""
    last_prune = now() - PRUNE_EVERY
    while not stop.is_set():
        try:
            events, attempts = run_once(db, render, mailer)
            if events or attempts:
                log.info("outbox: %d events dispatched, %d delivery attempts", events, attempts)
            if now() - last_prune >= PRUNE_EVERY:
                with db.unit_of_work() as session:
                    prune_log(session)
                last_prune = now()
        except Exception:  # the worker must survive a bad row or a database hiccup
            log.exception("webhook worker pass failed")
        stop.wait(poll)


def start_thread(
    db: Database, render: Renderer, mailer: Mailer | None = None
) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(db, render, stop, POLL_SECONDS, mailer), name="vivier-worker", daemon=True
    )
    thread.start()
    return thread, stop

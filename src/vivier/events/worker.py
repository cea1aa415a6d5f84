"""The background worker: drains the outbox into webhook deliveries and delivers them."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from vivier.core.clock import now
from vivier.db.session import Database
from vivier.events.webhooks import Renderer, deliver_due, dispatch_outbox, http_client, prune_log

log = logging.getLogger("vivier.worker")
POLL_SECONDS = 1.0
PRUNE_EVERY = timedelta(hours=1)


def run_once(db: Database, render: Renderer) -> tuple[int, int]:
    """One pass: dispatch pending events, then deliver what is due. Returns (events, attempts)."""
    with db.unit_of_work() as session:
        events = dispatch_outbox(session, render)
    with http_client() as client:
        attempts = deliver_due(db, client)
    return events, attempts


def run_forever(db: Database, render: Renderer, stop: threading.Event, poll: float = POLL_SECONDS) -> None:
    """Poll until ``stop`` is set; errors are logged and the loop goes on."""
    last_prune = now() - PRUNE_EVERY
    while not stop.is_set():
        try:
            events, attempts = run_once(db, render)
            if events or attempts:
                log.info("outbox: %d events dispatched, %d delivery attempts", events, attempts)
            if now() - last_prune >= PRUNE_EVERY:
                with db.unit_of_work() as session:
                    prune_log(session)
                last_prune = now()
        except Exception:  # the worker must survive a bad row or a database hiccup
            log.exception("webhook worker pass failed")
        stop.wait(poll)


def start_thread(db: Database, render: Renderer) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=run_forever, args=(db, render, stop), name="vivier-worker", daemon=True)
    thread.start()
    return thread, stop

"""Recently verified credentials, remembered by each process for a few seconds.

Every API request authenticates; looking the key up again on each one costs a query (and, in the
async faces, a thread hop) for an answer that rarely changes. Only successes are remembered, for at
most ``seconds`` (5 by default, ``VIVIER_AUTH_CACHE_SECONDS``; 0 turns the cache off) and never past
the credential's own expiry. Any commit in this process that touches a key, member, user or company
forgets everything at once, so a revoked key or a disabled member stops working immediately here; in
other processes (other workers, the CLI) within ``seconds``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from vivier.companies.context import Context
from vivier.companies.models import ApiKey, Company, Member, User
from vivier.core.clock import now

DEFAULT_SECONDS = 5.0
MAX_ENTRIES = 4096  # bounded memory: the oldest entries go first
_CREDENTIAL_ROWS = (ApiKey, Member, User, Company)
_TOUCHED = "vivier.credentials_touched"


@dataclass(frozen=True)
class Verified:
    """A credential's verified context, and a snapshot of its company for rendering."""

    context: Context
    company: Company  # transient copy, never attached to a session: read it, don't change it
    until: datetime


class CredentialCache:
    def __init__(self, seconds: float = DEFAULT_SECONDS) -> None:
        self.seconds = seconds
        self._entries: OrderedDict[tuple[bytes, str | None], Verified] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, credential: str, company_public_id: str | None) -> Verified | None:
        if self.seconds <= 0:
            return None
        key = _key(credential, company_public_id)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found.until <= now():
                del self._entries[key]
                found = None
        return found

    def put(
        self,
        credential: str,
        company_public_id: str | None,
        context: Context,
        company: Company,
        expires_at: datetime | None,
    ) -> None:
        if self.seconds <= 0:
            return
        until = now() + timedelta(seconds=self.seconds)
        if expires_at is not None:
            until = min(until, expires_at)
        entry = Verified(context, _snapshot(company), until)
        with self._lock:
            self._entries[_key(credential, company_public_id)] = entry
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _key(credential: str, company_public_id: str | None) -> tuple[bytes, str | None]:
    # A digest, so the cache does not keep plaintext keys and tokens alive.
    return hashlib.sha256(credential.encode()).digest(), company_public_id


def _snapshot(company: Company) -> Company:
    columns = Company.__mapper__.column_attrs
    return Company(**{attr.key: getattr(company, attr.key) for attr in columns})


credentials = CredentialCache()


def changes_credentials(session: Session) -> bool:
    """Whether this unit of work has changed (or is about to change) a key, member, user or company:
    it must then see its own changes, not what was verified before."""
    changed = (*session.new, *session.dirty, *session.deleted)
    return session.info.get(_TOUCHED, False) or any(isinstance(row, _CREDENTIAL_ROWS) for row in changed)


@event.listens_for(Session, "after_flush")
def _note_credential_rows(session: Session, _flush: UOWTransaction) -> None:
    if changes_credentials(session):
        session.info[_TOUCHED] = True


@event.listens_for(Session, "after_commit")
def _forget_on_commit(session: Session) -> None:
    if session.info.pop(_TOUCHED, False):
        credentials.clear()


@event.listens_for(Session, "after_rollback")
def _keep_on_rollback(session: Session, *_: Any) -> None:
    session.info.pop(_TOUCHED, None)

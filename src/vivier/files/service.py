"""Stored files: CVs and attachments, checked on their bytes, kept in the file store."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from vivier.companies.context import Context
from vivier.core.clock import now
from vivier.core.errors import NotFound
from vivier.core.text import slugify
from vivier.db.scoping import scoped
from vivier.files.models import StoredFile
from vivier.files.store import FileStore
from vivier.files.types import check_type, declared_type


@dataclass(frozen=True)
class Upload:
    """A file as a client sent it."""

    data: BinaryIO | bytes
    filename: str
    content_type: str | None


def build_key(kind: str, stem: str) -> str:
    """``<kind>/YYYY/MM/<uuid4>/<slug>``, the Flatchr key shape."""
    current = now()
    slug = slugify(stem)[:80].strip("-") or "file"
    return f"{kind}/{current:%Y}/{current:%m}/{uuid.uuid4()}/{slug}"


def store_upload(
    session: Session,
    ctx: Context,
    store: FileStore,
    upload: Upload,
    *,
    kind: str,
    key_stem: str,
    max_bytes: int,
    field: str,
    candidate_id: int | None = None,
    note_id: int | None = None,
    message_id: int | None = None,
) -> StoredFile:
    """Check and store an upload; the row is added to the session (committed with the caller's change).

    ``kind`` is "cv" (key prefix ``candidates``) or "attachment" (key prefix ``attachments``).
    """
    declared = declared_type(upload.content_type, field)
    spooled = store.spool(upload.data, max_bytes=max_bytes)
    try:
        actual = check_type(spooled.head(), spooled.path, declared, field)
    except BaseException:
        spooled.path.unlink(missing_ok=True)
        raise
    digest = store.put(spooled)
    prefix = "candidates" if kind == "cv" else "attachments"
    row = StoredFile(
        company_id=ctx.company_id,
        kind=kind,
        key=build_key(prefix, key_stem),
        digest=digest,
        name=(upload.filename or key_stem)[:255],
        extension=actual.extension,
        content_type=actual.content_type,
        size=spooled.size,
        candidate_id=candidate_id,
        note_id=note_id,
        message_id=message_id,
        created_at=now(),
    )
    session.add(row)
    session.flush()
    return row


def store_attachment(
    session: Session,
    ctx: Context,
    store: FileStore | None,
    upload: Upload,
    max_bytes: int,
    *,
    field: str = "file",
) -> StoredFile:
    """Store a note's or message's attachment, keyed by its file name; the caller links the row."""
    if store is None:
        raise ValueError("a file store is required to attach a file")
    stem = PurePosixPath((upload.filename or "").replace("\\", "/")).stem or "attachment"
    return store_upload(
        session, ctx, store, upload, kind="attachment", key_stem=stem, max_bytes=max_bytes, field=field
    )


def attachments_of(
    session: Session, owner: InstrumentedAttribute[int | None], owner_ids: Sequence[int]
) -> dict[int, list[StoredFile]]:
    """Files grouped by ``owner`` (``StoredFile.note_id`` or ``.message_id``), oldest first, in one query."""
    if not owner_ids:
        return {}
    found: dict[int, list[StoredFile]] = {}
    for row in session.scalars(select(StoredFile).where(owner.in_(owner_ids)).order_by(StoredFile.id)):
        key = getattr(row, owner.key)
        if key is not None:
            found.setdefault(key, []).append(row)
    return found


def find_by_key(session: Session, ctx: Context, key: str, extension: str) -> StoredFile:
    """The company's file with that key and extension, else NotFound."""
    found = session.scalars(
        scoped(StoredFile, ctx).where(StoredFile.key == key, StoredFile.extension == extension)
    ).one_or_none()
    if found is None:
        raise NotFound("File not found")
    return found


def current_cvs(session: Session, candidate_ids: list[int]) -> dict[int, StoredFile]:
    """The newest CV file of each candidate, in one query."""
    if not candidate_ids:
        return {}
    newest = (
        select(func.max(StoredFile.id))
        .where(StoredFile.candidate_id.in_(candidate_ids), StoredFile.kind == "cv")
        .group_by(StoredFile.candidate_id)
    )
    rows = session.scalars(select(StoredFile).where(StoredFile.id.in_(newest)))
    return {row.candidate_id: row for row in rows if row.candidate_id is not None}


def delete_file(session: Session, row: StoredFile) -> None:
    """Delete the row. The blob stays until ``vivier files gc``: removing it before the commit
    could lose bytes that a rolled-back transaction still references."""
    session.delete(row)

"""The file store (content-addressed blobs) and accepted file types, checked on their bytes."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import make_candidate
from vivier.companies.context import Context
from vivier.core.errors import Constraint, Invalid, NotFound, TooLarge
from vivier.files.models import StoredFile
from vivier.files.service import Upload, build_key, current_cvs, delete_file, find_by_key, store_upload
from vivier.files.store import LocalFileStore, iter_blob
from vivier.files.types import check_type, declared_type, sniff

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
RTF = b"{\\rtf1\\ansi Hello}"
TXT = "Curriculum vitæ — Ada Lovelace\n".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 16 + b"\xff\xd9"
FLATCHR_KEY = re.compile(r"^[a-z]+/\d{4}/\d{2}/[0-9a-f-]{36}/[a-z0-9-]+$")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
OTHER_ZIP = _zip({"readme.txt": b"just a zip"})

SAMPLES = [
    (PDF, "pdf", "application/pdf"),
    (DOC, "doc", "application/msword"),
    (DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (ODT, "odt", "application/vnd.oasis.opendocument.text"),
    (RTF, "rtf", "application/rtf"),
    (TXT, "txt", "text/plain"),
    (PNG, "png", "image/png"),
    (JPEG, "jpg", "image/jpeg"),
]


@pytest.fixture
def store(tmp_path: Path) -> LocalFileStore:
    return LocalFileStore(tmp_path / "store")


def _blobs(store: LocalFileStore) -> list[Path]:
    return sorted(p for p in store.root.rglob("*") if p.is_file() and store.tmp not in p.parents)


def _temps(store: LocalFileStore) -> list[Path]:
    return list(store.tmp.iterdir())


def _files(session: Session, ctx: Context) -> int:
    stmt = select(func.count()).select_from(StoredFile).where(StoredFile.company_id == ctx.company_id)
    return session.scalar(stmt) or 0


def _store(
    session: Session,
    ctx: Context,
    store: LocalFileStore,
    upload: Upload,
    *,
    kind: str = "cv",
    stem: str = "x",
    max_bytes: int = 100_000,
    field: str = "cv",
    candidate_id: int | None = None,
) -> StoredFile:
    """``store_upload`` with the arguments most tests share."""
    return store_upload(
        session,
        ctx,
        store,
        upload,
        kind=kind,
        key_stem=stem,
        max_bytes=max_bytes,
        field=field,
        candidate_id=candidate_id,
    )


# -- the store ----------------------------------------------------------------------------------------


def test_put_open_delete_round_trip(store: LocalFileStore) -> None:
    data = b"hello blob" * 10_000  # several chunks
    spooled = store.spool(io.BytesIO(data), max_bytes=1_000_000)
    assert (spooled.size, spooled.digest) == (len(data), hashlib.sha256(data).hexdigest())
    digest = store.put(spooled)
    assert digest == spooled.digest and store.exists(digest)
    with store.open(digest) as fh:
        assert fh.read() == data
    assert b"".join(iter_blob(store, digest)) == data
    assert _blobs(store) == [store.root / digest[:2] / digest[2:4] / digest]
    assert _temps(store) == []
    store.delete(digest)
    assert not store.exists(digest)
    with pytest.raises(NotFound):
        store.open(digest)
    store.delete(digest)  # deleting twice is harmless


def test_same_bytes_same_digest_one_blob(store: LocalFileStore) -> None:
    first = store.put(store.spool(b"same bytes", max_bytes=100))
    second = store.put(store.spool(io.BytesIO(b"same bytes"), max_bytes=100))
    other = store.put(store.spool(b"other bytes", max_bytes=100))
    assert first == second != other
    assert len(_blobs(store)) == 2
    assert _temps(store) == []


def test_too_large_is_refused_and_leaves_no_temp_file(store: LocalFileStore) -> None:
    with pytest.raises(TooLarge):
        store.spool(b"x" * 101, max_bytes=100)
    with pytest.raises(TooLarge):
        store.spool(io.BytesIO(b"x" * 200_000), max_bytes=100_000)
    assert _temps(store) == [] and _blobs(store) == []
    assert store.spool(b"x" * 100, max_bytes=100).size == 100  # the limit itself is allowed


@pytest.mark.parametrize(
    "digest",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "../" + "a" * 61,
        "a" * 63,
        "a" * 65,
        "A" * 64,
        "g" * 64,
        "",
        "aa/bb/" + "a" * 58,
        "a" * 32 + "/../" + "a" * 28,
    ],
)
def test_digests_that_are_not_sha256_hex_are_not_found(
    store: LocalFileStore, tmp_path: Path, digest: str
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    for op in (store.open, store.delete, store.exists):
        with pytest.raises(NotFound):
            op(digest)
    assert outside.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside.txt", "store"]


def test_digest_with_trailing_newline_is_refused(store: LocalFileStore) -> None:
    name = "a" * 64 + "\n"
    for op in (store.open, store.exists, store.delete):
        with pytest.raises(NotFound):
            op(name)
    assert _blobs(store) == [] and _temps(store) == []


def test_traversal_cannot_reach_a_blob_named_like_a_digest_outside(
    store: LocalFileStore, tmp_path: Path
) -> None:
    digest = hashlib.sha256(b"secret").hexdigest()
    outside = tmp_path / digest
    outside.write_bytes(b"secret")
    for name in (f"../{digest}", str(outside), f"..%2F{digest}"):
        with pytest.raises(NotFound):
            store.open(name)
        with pytest.raises(NotFound):
            store.delete(name)
    with pytest.raises(NotFound):
        store.open(digest)  # the well-formed name looks only inside the root
    assert outside.read_bytes() == b"secret"


# -- types --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "extension", "content_type"), SAMPLES)
def test_types_are_sniffed_from_bytes(tmp_path: Path, data: bytes, extension: str, content_type: str) -> None:
    path = tmp_path / "sample"
    path.write_bytes(data)
    found = sniff(data[:8192], path)
    assert found is not None and (found.extension, found.content_type) == (extension, content_type)
    # Declaring the right type, or nothing, is accepted.
    assert check_type(data, path, declared_type(content_type, "file"), "file") == found
    assert check_type(data, path, declared_type("application/octet-stream", "file"), "file") == found


@pytest.mark.parametrize(("data", "extension", "content_type"), SAMPLES)
def test_store_upload_records_the_real_type(
    session: Session, ctx: Context, store: LocalFileStore, data: bytes, extension: str, content_type: str
) -> None:
    row = _store(
        session, ctx, store, Upload(io.BytesIO(data), f"Mon CV.{extension}", None), stem="Ivern Élsa"
    )
    assert (row.extension, row.content_type, row.size, row.name) == (
        extension,
        content_type,
        len(data),
        f"Mon CV.{extension}",
    )
    assert row.digest == hashlib.sha256(data).hexdigest() and store.exists(row.digest)
    assert (
        row.key.startswith("candidates/") and row.key.endswith("/ivern-elsa") and FLATCHR_KEY.match(row.key)
    )
    assert _temps(store) == []


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (PDF, "image/png"),
        (PNG, "application/pdf"),
        (DOCX, "application/vnd.oasis.opendocument.text"),
        (TXT, "application/msword"),
        (RTF, "image/jpeg"),
    ],
)
def test_declared_type_contradicting_bytes_is_invalid(
    session: Session, ctx: Context, store: LocalFileStore, data: bytes, declared: str
) -> None:
    with pytest.raises(Invalid) as caught:
        _store(session, ctx, store, Upload(data, "x", declared))
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("cv", Constraint.INVALID)]
    assert _files(session, ctx) == 0 and _blobs(store) == [] and _temps(store) == []


def test_declared_aliases_and_text_for_rtf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_bytes(RTF)
    assert check_type(RTF, path, declared_type("text/plain; charset=utf-8", "f"), "f").extension == "rtf"
    assert check_type(RTF, path, declared_type("text/rtf", "f"), "f").extension == "rtf"
    path.write_bytes(JPEG)
    assert check_type(JPEG, path, declared_type("IMAGE/JPG", "f"), "f").extension == "jpg"


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02\x03binary", b"GIF89a\x01\x00\x01\x00\x00\xff", OTHER_ZIP, b"PK\x03\x04broken zip", b""],
)
def test_unknown_bytes_are_invalid(
    session: Session, ctx: Context, store: LocalFileStore, data: bytes
) -> None:
    with pytest.raises(Invalid) as caught:
        _store(
            session, ctx, store, Upload(data, "x", None), kind="attachment", max_bytes=10_000, field="file"
        )
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("file", Constraint.CHOICE)]
    assert _files(session, ctx) == 0 and _blobs(store) == [] and _temps(store) == []


def test_unaccepted_declared_type_is_refused_before_reading(
    session: Session, ctx: Context, store: LocalFileStore
) -> None:
    with pytest.raises(Invalid) as caught:
        _store(session, ctx, store, Upload(PDF, "x", "application/zip"), max_bytes=100)
    assert [(v.field, v.constraint) for v in caught.value.violations] == [("cv", Constraint.CHOICE)]
    assert _temps(store) == []


def test_store_upload_too_large_leaves_nothing(session: Session, ctx: Context, store: LocalFileStore) -> None:
    with pytest.raises(TooLarge):
        _store(session, ctx, store, Upload(PDF * 100, "big.pdf", None), stem="big", max_bytes=100)
    assert _files(session, ctx) == 0 and _blobs(store) == [] and _temps(store) == []


# -- rows ---------------------------------------------------------------------------------------------


def test_same_file_twice_shares_one_blob_with_two_rows(
    session: Session, ctx: Context, store: LocalFileStore
) -> None:
    rows = [
        _store(session, ctx, store, Upload(PDF, "cv.pdf", None), stem="cv", max_bytes=1000) for _ in range(2)
    ]
    assert rows[0].digest == rows[1].digest and rows[0].key != rows[1].key
    assert len(_blobs(store)) == 1 and _files(session, ctx) == 2


def test_find_by_key_is_scoped_per_company(
    session: Session, ctx: Context, other_ctx: Context, store: LocalFileStore
) -> None:
    row = _store(session, ctx, store, Upload(PDF, "cv.pdf", None), stem="Ada", max_bytes=1000)
    assert find_by_key(session, ctx, row.key, "pdf").id == row.id
    with pytest.raises(NotFound):
        find_by_key(session, other_ctx, row.key, "pdf")
    with pytest.raises(NotFound):
        find_by_key(session, ctx, row.key, "docx")  # another extension than the stored one
    with pytest.raises(NotFound):
        find_by_key(session, ctx, row.key + "x", "pdf")
    # The same bytes uploaded by the other company get their own key; neither sees the other's.
    theirs = _store(session, other_ctx, store, Upload(PDF, "cv.pdf", None), stem="Ada", max_bytes=1000)
    assert find_by_key(session, other_ctx, theirs.key, "pdf").id == theirs.id
    with pytest.raises(NotFound):
        find_by_key(session, ctx, theirs.key, "pdf")


def test_current_cvs_is_the_newest_cv_per_candidate(
    session: Session, ctx: Context, store: LocalFileStore
) -> None:
    ada = make_candidate(session, ctx, firstname="Ada")
    bob = make_candidate(session, ctx, firstname="Bob")

    def upload(candidate_id: int, data: bytes, kind: str = "cv") -> StoredFile:
        return _store(
            session,
            ctx,
            store,
            Upload(data, "f", None),
            kind=kind,
            stem="f",
            max_bytes=10_000,
            candidate_id=candidate_id,
        )

    upload(ada.id, PDF)
    newest = upload(ada.id, DOCX)
    upload(ada.id, PNG, kind="attachment")
    only = upload(bob.id, RTF)
    found = current_cvs(session, [ada.id, bob.id])
    assert {k: v.id for k, v in found.items()} == {ada.id: newest.id, bob.id: only.id}
    assert current_cvs(session, []) == {}
    delete_file(session, newest)
    session.flush()
    assert current_cvs(session, [ada.id])[ada.id].extension == "pdf"
    assert store.exists(newest.digest)  # blobs wait for garbage collection


def test_build_key_matches_the_flatchr_shape() -> None:
    key = build_key("candidates", "Élsa IVERN / CV (2024)")
    assert FLATCHR_KEY.match(key) and key.endswith("/elsa-ivern-cv-2024")
    assert build_key("attachments", "!!!").endswith("/file")

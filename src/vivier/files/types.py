"""Which files are accepted, recognised from their bytes, not only from the declared type."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from vivier.core.errors import Constraint, Invalid


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str


PDF = FileType("pdf", "application/pdf")
DOC = FileType("doc", "application/msword")
DOCX = FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text")
RTF = FileType("rtf", "application/rtf")
TXT = FileType("txt", "text/plain")
PNG = FileType("png", "image/png")
JPEG = FileType("jpg", "image/jpeg")

ALLOWED = (PDF, DOC, DOCX, ODT, RTF, TXT, PNG, JPEG)
BY_CONTENT_TYPE = {t.content_type: t for t in ALLOWED} | {"text/rtf": RTF, "image/jpg": JPEG}
BY_EXTENSION = {t.extension: t for t in ALLOWED} | {"jpeg": JPEG}


def declared_type(content_type: str | None, field: str) -> FileType | None:
    """The allow-listed type a client declared; None when it declared nothing useful."""
    if not content_type:
        return None
    base = content_type.split(";")[0].strip().lower()
    if base in ("", "application/octet-stream"):
        return None
    found = BY_CONTENT_TYPE.get(base)
    if found is None:
        raise Invalid.one(field, Constraint.CHOICE, f"content type {base} is not accepted")
    return found


def sniff(head: bytes, path: Path) -> FileType | None:
    """Recognise an allowed type from the first bytes (and, for zip-based formats, the archive)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return DOC
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head and b"\x00" not in head and _is_text(head):
        return TXT
    return None


def _sniff_zip(path: Path) -> FileType | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        return exc.start >= len(head) - 3
    return True


def check_type(head: bytes, path: Path, declared: FileType | None, field: str) -> FileType:
    """The file's real type; refuses unknown bytes and bytes that contradict the declared type."""
    actual = sniff(head, path)
    if actual is None:
        raise Invalid.one(field, Constraint.CHOICE, "file type is not accepted")
    if declared is not None and declared != actual and not (declared == TXT and actual == RTF):
        raise Invalid.one(field, Constraint.INVALID, f"content is not {declared.content_type}")
    return actual

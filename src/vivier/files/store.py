"""Content-addressed blob storage behind a small interface, so object storage can follow.

Blobs are named by the SHA-256 of their bytes; names are checked before any path is built, so no
key can reach outside the store.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from vivier.core.errors import NotFound, TooLarge

CHUNK = 64 * 1024
_DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Spooled:
    """Bytes received and hashed, waiting in a temporary file to be checked and stored."""

    path: Path
    digest: str
    size: int

    def head(self, n: int = 8192) -> bytes:
        with self.path.open("rb") as fh:
            return fh.read(n)


class FileStore(Protocol):
    def spool(self, source: BinaryIO | bytes, *, max_bytes: int) -> Spooled: ...
    def put(self, spooled: Spooled) -> str: ...
    def open(self, digest: str) -> BinaryIO: ...
    def delete(self, digest: str) -> None: ...
    def exists(self, digest: str) -> bool: ...


class LocalFileStore:
    """Blobs under ``root/ab/cd/<digest>``; temporary files under ``root/tmp`` (same filesystem)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def _path(self, digest: str) -> Path:
        if not _DIGEST.fullmatch(digest):
            raise NotFound("File not found")
        return self.root / digest[:2] / digest[2:4] / digest

    def spool(self, source: BinaryIO | bytes, *, max_bytes: int) -> Spooled:
        """Copy ``source`` to a temporary file, hashing as it goes; refuse past ``max_bytes``."""
        hasher, size = hashlib.sha256(), 0
        fd, name = tempfile.mkstemp(dir=self.tmp)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(source):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(f"File is larger than {max_bytes // (1024 * 1024)} MB")
                    hasher.update(chunk)
                    out.write(chunk)
        except BaseException:
            os.unlink(name)
            raise
        return Spooled(Path(name), hasher.hexdigest(), size)

    def put(self, spooled: Spooled) -> str:
        target = self._path(spooled.digest)
        if target.exists():
            spooled.path.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(spooled.path, target)
        return spooled.digest

    def discard(self, spooled: Spooled) -> None:
        spooled.path.unlink(missing_ok=True)

    def open(self, digest: str) -> BinaryIO:
        path = self._path(digest)
        if not path.is_file():
            raise NotFound("File not found")
        return path.open("rb")

    def delete(self, digest: str) -> None:
        self._path(digest).unlink(missing_ok=True)

    def exists(self, digest: str) -> bool:
        return self._path(digest).is_file()


def _chunks(source: BinaryIO | bytes) -> Iterator[bytes]:
    if isinstance(source, bytes | bytearray):
        for start in range(0, len(source), CHUNK):
            yield bytes(source[start : start + CHUNK])
        return
    while chunk := source.read(CHUNK):
        yield chunk


def iter_blob(store: FileStore, digest: str) -> Iterator[bytes]:
    """Stream a blob in chunks (for HTTP responses): memory stays bounded whatever the size."""
    with store.open(digest) as fh:
        while chunk := fh.read(CHUNK):
            yield chunk

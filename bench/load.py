"""A lean asyncio HTTP/1.1 load driver: fixed concurrency for a fixed time, latencies per request.

The load generator shares the machine's cores with the server and the database, so it must cost as
little CPU per request as possible (as wrk would): one keep-alive connection per concurrent worker, a
bare ``asyncio.Protocol`` that parses just the status, the framing headers and the body (by
``Content-Length``, chunked, or until close), requests encoded straight to bytes, and uvloop when
installed. A general client such as httpx spends about a core at a few hundred requests per second.
"""

from __future__ import annotations

import asyncio
import contextlib
import json as jsonlib
import os
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote, urlencode, urlsplit

T = TypeVar("T")
TIMEOUT = 60.0  # seconds a request may still be in flight once the run has ended


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    json: Any = None
    data: dict[str, str] | None = None
    ok: tuple[int, ...] = (200, 201)


@dataclass
class Result:
    name: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    response_bytes: int = 0  # bodies only: shows when an endpoint's answers grow with the data
    latencies_ms: list[float] = field(default_factory=list)
    rss_mb_per_worker: float = 0.0
    rss_mb_total: float = 0.0
    first_error: str = ""

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            if not ordered:
                return 0.0
            return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)

        return {
            "endpoint": self.name,
            "requests": self.requests,
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "errors": self.errors,
            "kb_per_response": round(self.response_bytes / self.requests / 1024, 1) if self.requests else 0.0,
            "rss_mb_per_worker": round(self.rss_mb_per_worker, 1),
            "rss_mb_total": round(self.rss_mb_total, 1),
            "first_error": self.first_error,
        }


# -- server memory -------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def server_rss(pid: int) -> tuple[float, float]:
    """(largest worker RSS, total RSS) of a server and its worker processes, in MB.

    With several workers the supervising process is left out of the per-worker figure.
    """
    workers = [p for p in _children(pid) if _rss_mb(p) > 0] or [pid]
    per = [_rss_mb(p) for p in workers]
    return max(per), sum(per) + (_rss_mb(pid) if workers != [pid] else 0.0)


# -- HTTP/1.1 ------------------------------------------------------------------------------------


class ProtocolError(Exception):
    """The server's answer is not HTTP/1.1 as we parse it."""


class Encoder:
    """Turns a ``Call`` into request bytes; the fixed headers are encoded once."""

    def __init__(self, host: str, headers: dict[str, str]) -> None:
        fixed = {"Host": host, **headers}
        self._tail = "".join(f"{k}: {v}\r\n" for k, v in fixed.items()).encode("latin-1")
        self._bodiless: dict[tuple[str, str], bytes] = {}  # most GETs repeat a handful of URLs

    def encode(self, call: Call) -> bytes:
        if call.json is None and call.data is None:
            key = (call.method, call.url)
            cached = self._bodiless.get(key)
            if cached is None:
                cached = self._bodiless[key] = self._head(call) + b"\r\n"
            return cached
        if call.json is not None:
            body = jsonlib.dumps(call.json, ensure_ascii=False, separators=(",", ":")).encode()
            kind = b"application/json"
        else:
            body = urlencode(call.data or {}).encode()
            kind = b"application/x-www-form-urlencoded"
        framing = b"Content-Type: %s\r\nContent-Length: %d\r\n\r\n" % (kind, len(body))
        return self._head(call) + framing + body

    def _head(self, call: Call) -> bytes:
        url = call.url
        if not url.isascii() or " " in url:  # a last name in a query, say: percent-encoded as httpx does
            url = quote(url, safe="!#$%&'()*+,/:;=?@[]~")
        return b"%s %s HTTP/1.1\r\n%s" % (call.method.encode(), url.encode(), self._tail)


@dataclass
class Response:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Connection(asyncio.Protocol):
    """One keep-alive connection, one request at a time (no pipelining)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.open = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Response] | None = None
        self._head_only = False
        self._reset()

    def _reset(self) -> None:
        self._head_end = -1  # index just past the blank line ending the headers, once seen
        self._status = 0
        self._headers: list[tuple[bytes, bytes]] = []
        self._length = -1  # Content-Length, or -1
        self._chunked = False
        self._until_close = False
        self._close = False
        self._cursor = 0  # chunked: where the next chunk-size line starts
        self._chunks: list[bytes] = []

    # asyncio.Protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport, self.open = cast(asyncio.Transport, transport), True  # uvloop's is no subclass

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if self._waiter is not None:
            try:
                self._parse()
            except (ProtocolError, ValueError) as exc:
                self._fail(ProtocolError(str(exc)))

    def eof_received(self) -> bool | None:
        return None  # close the transport; connection_lost follows

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        if self._until_close and self._head_end >= 0:
            self._finish(bytes(self._buffer[self._head_end :]), len(self._buffer))
        else:
            self._fail(ConnectionError(f"connection closed mid-response ({exc or 'EOF'})"))

    # requests

    def request(self, payload: bytes, head_only: bool = False) -> asyncio.Future[Response]:
        assert self.transport is not None and self._waiter is None
        self._buffer.clear()  # anything the server sent unasked belongs to no request
        self._waiter = asyncio.get_running_loop().create_future()
        self._head_only = head_only
        self.transport.write(payload)
        return self._waiter

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # parsing

    def _parse(self) -> None:
        buffer = self._buffer
        if self._head_end < 0:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                if len(buffer) > 65536:
                    raise ProtocolError("response headers over 64 KB")
                return
            self._read_head(bytes(buffer[:end]))
            self._head_end = self._cursor = end + 4
            if 100 <= self._status < 200:  # an interim response (100 Continue): the real one follows
                del buffer[: self._head_end]
                self._reset()
                return self._parse()
        if self._head_only or self._status in (204, 304):
            self._finish(b"", self._head_end)
        elif self._chunked:
            self._parse_chunks()
        elif self._length >= 0:
            end = self._head_end + self._length
            if len(buffer) >= end:
                self._finish(bytes(buffer[self._head_end : end]), end)
        # else: the body runs until the server closes (connection_lost finishes it)

    def _read_head(self, head: bytes) -> None:
        lines = head.split(b"\r\n")
        status = lines[0]
        if not status.startswith(b"HTTP/1.") or len(status) < 12:
            raise ProtocolError(f"bad status line {status[:80]!r}")
        self._status = int(status[9:12])
        self._close = status.startswith(b"HTTP/1.0")
        for line in lines[1:]:
            name, sep, value = line.partition(b":")
            if not sep:
                raise ProtocolError(f"bad header line {line[:80]!r}")
            name, value = name.strip().lower(), value.strip()
            self._headers.append((name, value))
            if name == b"content-length":
                self._length = int(value)
            elif name == b"transfer-encoding":
                self._chunked = value.lower().endswith(b"chunked")
            elif name == b"connection":
                tokens = value.lower()
                self._close = b"close" in tokens or (self._close and b"keep-alive" not in tokens)
        bodiless = self._head_only or self._status in (204, 304) or self._status < 200
        if not (bodiless or self._chunked or self._length >= 0):
            self._until_close = self._close = True

    def _parse_chunks(self) -> None:
        buffer, cursor = self._buffer, self._cursor
        while True:
            line_end = buffer.find(b"\r\n", cursor)
            if line_end < 0:
                break
            size = int(bytes(buffer[cursor:line_end]).split(b";", 1)[0], 16)
            start = line_end + 2
            if size == 0:  # the last chunk: optional trailers, then a blank line
                if buffer[start : start + 2] == b"\r\n":
                    end = start + 2
                else:
                    found = buffer.find(b"\r\n\r\n", start)
                    if found < 0:
                        break
                    end = found + 4
                self._finish(b"".join(self._chunks), end)
                return
            if len(buffer) < start + size + 2:
                break
            if buffer[start + size : start + size + 2] != b"\r\n":
                raise ProtocolError("chunk not followed by CRLF")
            self._chunks.append(bytes(buffer[start : start + size]))
            cursor = start + size + 2
        self._cursor = cursor

    def _finish(self, body: bytes, consumed: int) -> None:
        response = Response(self._status, self._headers, body)
        close = self._close
        del self._buffer[:consumed]
        self._reset()
        waiter, self._waiter = self._waiter, None
        if close:
            self.open = False
            if self.transport is not None:
                self.transport.close()
        if waiter is not None and not waiter.done():
            waiter.set_result(response)

    def _fail(self, exc: Exception) -> None:
        self.open = False
        waiter, self._waiter = self._waiter, None
        if self.transport is not None:
            self.transport.abort()
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)


class Client:
    """Sends ``Call``s on one connection, reconnecting when the server has closed it."""

    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"only http://host[:port] base URLs: {base_url}")
        self.host, self.port = parts.hostname, parts.port or 80
        self.encoder = Encoder(parts.netloc, headers)
        self.connection: Connection | None = None

    async def send(self, call: Call) -> Response:
        return await self.send_bytes(self.encoder.encode(call), head_only=call.method == "HEAD")

    async def send_bytes(self, payload: bytes, head_only: bool = False) -> Response:
        connection = self.connection
        if connection is None or not connection.open:
            loop = asyncio.get_running_loop()
            _, connection = await loop.create_connection(Connection, self.host, self.port)
            self.connection = connection
        try:
            return await connection.request(payload, head_only)
        except BaseException:
            connection.abort()  # a half-read response must not leak into the next request
            raise

    def close(self) -> None:
        if self.connection is not None and self.connection.transport is not None:
            self.connection.transport.close()
        self.connection = None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` on uvloop when it is installed (it is cheaper per request)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coroutine)


# -- load ----------------------------------------------------------------------------------------


async def _sample_memory(pid: int, result: Result, stop: asyncio.Event) -> None:
    while not stop.is_set():
        worker, total = server_rss(pid)
        result.rss_mb_per_worker = max(result.rss_mb_per_worker, worker)
        result.rss_mb_total = max(result.rss_mb_total, total)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.5)


async def run_load(
    base_url: str,
    name: str,
    make: Callable[[int], Call],
    *,
    headers: dict[str, str],
    concurrency: int,
    seconds: float,
    warmup: float,
    server_pid: int | None,
) -> Result:
    """Hit ``make(i)`` calls with ``concurrency`` connections for ``warmup`` then ``seconds`` seconds."""
    result = Result(name)
    counter = iter(range(10**12))
    clients = [Client(base_url, headers) for _ in range(concurrency)]
    start = time.perf_counter()
    measure_from = start + warmup
    until = measure_from + seconds
    clock = time.perf_counter
    latencies = result.latencies_ms

    async def worker(client: Client) -> None:
        while (began := clock()) < until:
            call = make(next(counter))
            detail, size = "", 0
            try:
                response = await client.send(call)
                size = len(response.body)
                failed = response.status not in call.ok
                if failed:
                    text = response.body[:400].decode("utf-8", "replace")[:200]
                    detail = f"{response.status} {call.method} {call.url}: {text}"
            except (OSError, ProtocolError, ValueError) as exc:
                failed, detail = True, f"{type(exc).__name__} {call.url}: {exc}"
            ended = clock()
            if began >= measure_from:
                result.requests += 1
                result.response_bytes += size
                latencies.append((ended - began) * 1000)
                if failed:
                    result.errors += 1
                    result.first_error = result.first_error or detail

    async def watchdog() -> None:
        """Abort what is still in flight ``TIMEOUT`` s after the end (no timer per request)."""
        await asyncio.sleep(until + TIMEOUT - clock())
        for client in clients:
            if client.connection is not None:
                client.connection.abort()

    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample_memory(server_pid, result, stop)) if server_pid else None
    guard = asyncio.create_task(watchdog())
    try:
        await asyncio.gather(*(worker(client) for client in clients))
    finally:
        result.seconds = clock() - measure_from
        guard.cancel()
        stop.set()
        if sampler is not None:
            await sampler
        for client in clients:
            client.close()
    return result


def cpu_count() -> int:
    return os.cpu_count() or 1

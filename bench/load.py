"""A small asyncio HTTP load driver (httpx): fixed concurrency for a fixed time, latencies per request."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx


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
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=60) as client:
        start = time.perf_counter()
        measure_from = start + warmup
        until = measure_from + seconds

        async def worker() -> None:
            while (began := time.perf_counter()) < until:
                call = make(next(counter))
                try:
                    response = await client.request(call.method, call.url, json=call.json, data=call.data)
                    await response.aread()
                    failed = response.status_code not in call.ok
                    detail = f"{response.status_code} {call.method} {call.url}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    failed, detail = True, f"{type(exc).__name__} {call.url}"
                ended = time.perf_counter()
                if began >= measure_from:
                    result.requests += 1
                    result.latencies_ms.append((ended - began) * 1000)
                    if failed:
                        result.errors += 1
                        result.first_error = result.first_error or detail

        stop = asyncio.Event()
        sampler = asyncio.create_task(_sample_memory(server_pid, result, stop)) if server_pid else None
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - measure_from
        stop.set()
        if sampler is not None:
            await sampler
    return result


def cpu_count() -> int:
    return os.cpu_count() or 1

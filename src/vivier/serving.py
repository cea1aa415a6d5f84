"""Several worker processes on one port, each listening on a socket of its own (``SO_REUSEPORT``),
so the kernel spreads new connections across them.

With one shared socket (uvicorn's ``--workers``), the worker that wakes first accepts every pending
connection: a client holding a few keep-alive connections (a proxy's pool, a load test) often lands
on a single worker and leaves the other cores idle, and throughput halves from one run to the next.
"""

from __future__ import annotations

import argparse
import multiprocessing
import signal
import socket
import sys
from collections.abc import Sequence
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import uvicorn

APPLICATION = "vivier.asgi:application"
BACKLOG = 2048


def can_share_port() -> bool:
    return hasattr(socket, "SO_REUSEPORT")


def serve_workers(app: str, host: str, port: int, workers: int, *, app_dir: str | None = None) -> int:
    """Run ``workers`` processes serving the ``app`` factory on ``host:port`` until SIGINT or
    SIGTERM; if one of them dies, stop the others (a supervisor restarts the whole). Returns the
    exit status."""
    _check_free(host, port)  # another program's sockets would otherwise share the port silently
    spawn = multiprocessing.get_context("spawn")
    processes = [spawn.Process(target=_worker, args=(app, host, port, app_dir)) for _ in range(workers)]
    for process in processes:
        process.start()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        _terminate(processes)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stop)
    ended = wait([process.sentinel for process in processes])  # returns once any worker has exited
    first = next(process for process in processes if process.sentinel in ended)
    _terminate(processes)
    for process in processes:
        process.join()
    return 0 if first.exitcode in (0, -signal.SIGTERM) else 1


def _terminate(processes: Sequence[BaseProcess]) -> None:
    for process in processes:
        if process.exitcode is None:
            process.terminate()


def _listening_socket(host: str, port: int, *, share: bool) -> socket.socket:
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    return sock


def _check_free(host: str, port: int) -> None:
    _listening_socket(host, port, share=False).close()


def _worker(app: str, host: str, port: int, app_dir: str | None) -> None:
    if app_dir:
        sys.path.insert(0, app_dir)
    sock = _listening_socket(host, port, share=True)
    sock.listen(BACKLOG)
    config = uvicorn.Config(app, factory=True, access_log=False, backlog=BACKLOG)
    uvicorn.Server(config).run(sockets=[sock])


def main() -> None:
    """``python -m vivier.serving module:factory --port P --workers N [--app-dir D]``: any app
    factory served this way (the benchmark serves its floor app like Vivier)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--app-dir")
    args = parser.parse_args()
    sys.exit(serve_workers(args.app, args.host, args.port, args.workers, app_dir=args.app_dir))


if __name__ == "__main__":
    main()

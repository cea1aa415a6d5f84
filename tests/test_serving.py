"""``vivier serve --workers N``: one listening socket per worker, so the kernel spreads connections."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from vivier.config import Settings
from vivier.serving import can_share_port

pytestmark = pytest.mark.skipif(
    not (can_share_port() and Path("/proc/net/tcp").exists()), reason="needs SO_REUSEPORT and Linux's /proc"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> int:
    """Listening sockets on 127.0.0.1:port (state 0A in /proc/net/tcp)."""
    wanted = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1] == wanted and line.split()[3] == "0A")


def _serve(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, VIVIER_DATABASE_URL=settings.database_url, VIVIER_DATA_DIR=str(settings.data_dir))
    vivier = str(Path(sys.executable).parent / "vivier")
    command = [vivier, "serve", "--port", str(port), "--workers", "2", "--no-worker"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_each_worker_listens_on_its_own_socket_and_all_stop_on_sigterm(settings: Settings) -> None:
    port = _free_port()
    server = _serve(settings, port)
    try:
        deadline = time.monotonic() + 30
        while _listening(port) < 2 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.1)
        assert _listening(port) == 2
        assert httpx.get(f"http://127.0.0.1:{port}/healthz").json() == {"status": "ok"}
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    assert _listening(port) == 0


def test_a_port_in_use_is_refused_rather_than_shared(settings: Settings) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = _serve(settings, taken.getsockname()[1])
        assert server.wait(timeout=30) != 0
        error = server.stderr.read() if server.stderr else b""
        assert b"Cannot listen on 127.0.0.1:" in error and b"Address already in use" in error

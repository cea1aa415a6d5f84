"""A tiny SMTP receiver on localhost: enough of RFC 5321 for smtplib to hand a mail over."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class Inbox:
    mails: list[Received] = field(default_factory=list)
    refuse: bool = False  # answer 554 to DATA, as a server refusing the mail would


class _Handler(socketserver.StreamRequestHandler):
    inbox: Inbox

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self._reply("220 sink ready")
        sender, recipients = "", list[str]()
        while raw := self.rfile.readline():
            verb = raw.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            argument = raw.decode("utf-8", "replace").strip()[len(verb) :].strip()
            if verb in ("EHLO", "HELO"):
                self._reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = argument.split(":", 1)[1].strip("<> "), []
                self._reply("250 ok")
            elif verb == "RCPT":
                recipients.append(argument.split(":", 1)[1].strip("<> "))
                self._reply("250 ok")
            elif verb == "DATA":
                if self.inbox.refuse:
                    self._reply("554 refused")
                    continue
                self._reply("354 go on")
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                self.inbox.mails.append(Received(sender, recipients, b"".join(lines)))
                self._reply("250 queued")
            elif verb == "QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")


@contextmanager
def smtp_sink() -> Iterator[tuple[str, Inbox]]:
    """Yield ``(smtp url, inbox)`` for a receiver running in a thread until the block ends."""
    inbox = Inbox()
    handler = type("Handler", (_Handler,), {"inbox": inbox})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"smtp://127.0.0.1:{server.server_address[1]}?from=jobs%40acme.example", inbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

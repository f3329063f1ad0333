"""A local SMTP server that keeps what it receives: the demo's mail server, and the tests'.

``python -m readiness.mail.sink --port 8025 --directory instance/mailbox`` stores each message
as an ``.eml`` file that the console's development mailbox lists. In tests, `Sink` runs on
127.0.0.1 in a thread, keeps messages in memory, and can be told to answer slowly or to refuse
some recipients (to exercise retries and permanent failures).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import socket
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import Envelope, Session

#: Given a recipient address, None to accept it, or the reply to refuse it with ("450 ...").
Refuser = Callable[[str], str | None]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_RCPT(self, server: SMTPServer, session: Session, envelope: Envelope,
                          address: str, rcpt_options: list) -> str:
        if self.sink.on_recipient:
            self.sink.on_recipient(address)
        if self.sink.delay:
            time.sleep(self.sink.delay)  # slow on purpose: blocks this server, like a busy one
        refusal = self.sink.refuse(address) if self.sink.refuse else None
        if refusal:
            self.sink.refusals.append((address, refusal))
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        self.sink.store(envelope.rcpt_tos, envelope.content)
        return "250 Message accepted for delivery"


class Sink:
    """An SMTP server on 127.0.0.1 that keeps every message (in memory, and on disk when given
    a directory)."""

    def __init__(self, port: int | None = None, directory: str | Path | None = None,
                 delay: float = 0.0, refuse: Refuser | None = None, keep: bool = True) -> None:
        self.port = port or free_port()
        self.keep = keep
        #: called with each recipient as the client names it, before the reply (tests use it
        #: to kill a worker at a known point of a batch)
        self.on_recipient: Callable[[str], None] | None = None
        #: called with (recipient, Message-ID) of each message accepted
        self.on_received: Callable[[str, str], None] | None = None
        #: (recipient, Message-ID) of every message accepted, in order (kept even when not
        #: keeping whole messages)
        self.received: list[tuple[str, str]] = []
        self.directory = Path(directory) if directory else None
        self.delay = delay
        self.refuse = refuse
        self.messages: list[EmailMessage] = []
        self.refusals: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> Sink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def store(self, recipients: list[str], content: bytes) -> None:
        headers = BytesHeaderParser().parsebytes(content)
        message_id = str(headers.get("Message-ID", ""))
        message = (email.message_from_bytes(content, policy=email.policy.default)
                   if self.keep else None)
        with self._lock:
            self.received.extend((address.lower(), message_id) for address in recipients)
            if self.on_received:
                for address in recipients:
                    self.on_received(address.lower(), message_id)
            if message is not None:
                self.messages.append(message)  # type: ignore[arg-type]
            if self.directory:
                self.directory.mkdir(parents=True, exist_ok=True)
                name = f"{time.time_ns()}-{len(self.messages)}.eml"
                (self.directory / name).write_bytes(content)

    def to(self, address: str) -> list[EmailMessage]:
        """The messages received for ``address``."""
        address = address.lower()
        return [m for m in list(self.messages) if address in str(m["To"]).lower()]

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.received.clear()
            self.refusals.clear()


def main() -> None:  # pragma: no cover - the demo's long-running process
    parser = argparse.ArgumentParser(description="A local SMTP sink for the demo.")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--directory", default="instance/mailbox",
                        help="where to store each message ('' stores none)")
    parser.add_argument("--record", help="append 'recipient<TAB>Message-ID' lines here")
    arguments = parser.parse_args()
    sink = Sink(port=arguments.port, directory=arguments.directory or None, keep=False)
    if arguments.record:
        record = open(arguments.record, "a", buffering=1)  # noqa: SIM115 - open for the run
        sink.on_received = lambda to, message_id: record.write(f"{to}\t{message_id}\n")
    sink.start()
    print(f"Local mail sink on 127.0.0.1:{sink.port}, storing in {arguments.directory}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        sink.stop()


if __name__ == "__main__":  # pragma: no cover
    main()

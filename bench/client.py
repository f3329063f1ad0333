"""A small asyncio HTTP/1.1 client for the load generator, kept cheap so the server gets the CPU.

One connection per request (``Connection: close``), as gunicorn's sync workers close every
connection anyway. Once a whole response has arrived the connection is reset rather than
closed, so that it leaves no socket in TIME_WAIT: at a thousand requests a second one machine
playing client and server would otherwise pile up tens of thousands of them within a minute,
and each round would run slower than the one before (measured: 32, 42 and 45 ms of server CPU
per survey in three rounds back to back, 33-35 ms each once the sockets had expired).

Cookies are kept per simulated respondent; Secure and Path are ignored
because every request goes to one plain-HTTP test server on the loopback address.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

LOOPBACK = "127.0.0.1"
#: SO_LINGER on with a zero timeout: close() sends RST and keeps no TIME_WAIT state.
_RESET = struct.pack("ii", 1, 0)


class IncompleteResponse(Exception):
    """Part of a response arrived, then the connection closed: a cut-short reply."""


class NoResponse(ConnectionError):
    """The connection closed before a single byte of response (e.g. the worker died)."""


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str | None:
        value = self.headers.get("location")
        if value is None:
            return None
        parts = urlsplit(value)
        return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Browser:
    """One respondent's cookie jar against one server."""

    port: int
    host: str = LOOPBACK
    timeout: float = 30.0
    cookies: dict[str, str] = field(default_factory=dict)

    async def get(self, path: str) -> Reply:
        return await self.request("GET", path)

    async def post(self, path: str, form: list[tuple[str, str]] | dict) -> Reply:
        body = urlencode(form).encode()
        return await self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict | None = None
    ) -> Reply:
        if self.host != LOOPBACK:  # never anything but this machine
            raise ValueError("the load generator only talks to 127.0.0.1")
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Connection: close",
            "Accept: text/html",
            "Accept-Language: en",
            f"Content-Length: {len(body)}",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        started = time.perf_counter()
        reply = await asyncio.wait_for(self._exchange(raw), self.timeout)
        reply.seconds = time.perf_counter() - started
        self._keep_cookies(reply)
        return reply

    async def _exchange(self, raw: bytes) -> Reply:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(raw)
            await writer.drain()
            data = await reader.read()
            reply = parse_response(data)
            # Whole: reset instead of closing (see above); a cut-short reply is closed as usual.
            writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
        finally:
            writer.close()
        return reply

    def _keep_cookies(self, reply: Reply) -> None:
        for header in reply.headers.get("set-cookie", "").split("\n"):
            if not header:
                continue
            pair, _, attributes = header.partition(";")
            name, _, value = pair.strip().partition("=")
            attributes = attributes.lower()
            if "max-age=0" in attributes or "expires=thu, 01 jan 1970" in attributes:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value


def parse_response(data: bytes) -> Reply:
    """A whole HTTP/1.1 response; IncompleteResponse for anything cut short."""
    if not data:
        raise NoResponse("connection closed without a response")
    head, separator, body = data.partition(b"\r\n\r\n")
    if not separator:
        raise IncompleteResponse(f"no complete header ({len(data)} bytes)")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    status = int(status_line.split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}\n{value}" if name in headers else value
    framed = "content-length" in headers or "chunked" in headers.get("transfer-encoding", "")
    if not framed and status not in (204, 304):
        # Without framing a cut-short body could not be told from a whole one.
        headers["x-bench-unframed"] = "1"
    if "content-length" in headers:
        expected = int(headers["content-length"])
        if len(body) != expected:
            raise IncompleteResponse(f"body of {len(body)} bytes, {expected} announced")
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = _unchunk(body)
    return Reply(status, headers, body, 0.0)


def _unchunk(body: bytes) -> bytes:
    out = bytearray()
    while True:
        size_line, separator, rest = body.partition(b"\r\n")
        if not separator:
            raise IncompleteResponse("chunked body cut short")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            return bytes(out)
        if len(rest) < size + 2:
            raise IncompleteResponse("chunk cut short")
        out += rest[:size]
        body = rest[size + 2 :]

"""gunicorn's sync worker, except that a worker spends its time only on requests that have
arrived whole (`gunicorn.conf.py` names it as the worker class).

A sync worker reads a request itself, blocking, so four clients sending their headers a byte
at a time hold four workers and the survey stops for everyone (measured: 81.6 → 0.2 surveys/s,
`bench/drill_slow_clients.py`). Here each worker waits for its clients together in one event
loop, as a buffering proxy would: a connection's bytes are gathered as they come, and only once
the head and the announced body are in does the worker parse and answer it, exactly as the
sync worker does. A client that has not sent its whole request within ``ARRIVAL_TIMEOUT``
seconds gets a 408 and is closed; waiting for it costs a socket, not a worker.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import resource
import selectors
import socket
import time

from gunicorn import util
from gunicorn.workers.sync import SyncWorker

#: Seconds a client has to send its whole request, head and body.
ARRIVAL_TIMEOUT = 30.0
#: A head longer than this is handed over as it is, for gunicorn to refuse (its own limits are
#: 4,094 bytes for the request line and 8,190 per header).
MAX_HEAD = 64 * 1024
#: A body up to this size is gathered before the worker starts (imports go up to 20 MB); a
#: larger one is handed over with its head, and the application refuses it (413) unread.
MAX_BODY = 32 * 1024 * 1024
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)")
_TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n"
              b"\r\n")


class Arrival:
    """The bytes of one request gathered so far from one connection."""

    def __init__(self, listener, client: socket.socket, address, deadline: float) -> None:
        self.listener = listener
        self.client = client
        self.address = address
        self.deadline = deadline
        self.data = bytearray()
        self.closed_by_client = False
        #: the whole request is in ``data`` (so nothing is left to read after it)
        self.whole = False

    def receive(self) -> bool:
        """Read what has come; whether the worker should take the request now."""
        while True:
            try:
                chunk = self.client.recv(65536)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                self.closed_by_client = True
                return True
            if not chunk:
                self.closed_by_client = True
                self.ready()
                return True
            self.data += chunk
        return self.ready()

    def ready(self) -> bool:
        end = self.data.find(b"\r\n\r\n")
        if end < 0:
            return len(self.data) > MAX_HEAD
        head = bytes(self.data[:end + 2]).lower()
        if b"\r\nexpect:" in head:
            return True  # the client waits for "100 Continue" before its body: gunicorn sends it
        body = len(self.data) - end - 4
        if b"\r\ntransfer-encoding:" in head:
            self.whole = self.data.endswith(b"0\r\n\r\n")
            return self.whole or body > MAX_BODY
        match = _CONTENT_LENGTH.search(head)
        length = int(match.group(1)) if match else 0
        self.whole = body >= length
        return self.whole or length > MAX_BODY


class Arrived:
    """The client's socket, giving back first the bytes already gathered from it."""

    def __init__(self, client: socket.socket, data: bytes, whole: bool) -> None:
        self._client = client
        self._data = data
        self._whole = whole
        self._shut = False

    def recv(self, size: int, *flags) -> bytes:
        if self._data:
            chunk, self._data = self._data[:size], self._data[size:]
            return chunk
        return self._client.recv(size, *flags)

    def shutdown(self, how: int) -> None:
        self._shut = True
        self._client.shutdown(how)

    def settimeout(self, value) -> None:
        # gunicorn's close waits up to 2 s for the client to close first, so that unread
        # request bytes cannot turn the close into a reset. The request was read whole here,
        # so there is nothing left to protect, and a client that never closes must not hold
        # the worker: look once, do not wait.
        self._client.settimeout(0 if self._shut and self._whole else value)

    def __getattr__(self, name):
        return getattr(self._client, name)


class BufferingWorker(SyncWorker):
    """A sync worker whose clients are waited for together, not one after another."""

    def run(self) -> None:
        if self.cfg.is_ssl:  # TLS ends at the proxy in every recipe; gather nothing then
            super().run()
            return
        self._selector = selectors.DefaultSelector()
        self._arriving: dict[int, Arrival] = {}
        for listener in self.sockets:
            listener.setblocking(False)
            self._selector.register(listener, selectors.EVENT_READ, listener)
        self._selector.register(self.PIPE[0], selectors.EVENT_READ, None)
        try:
            while self.alive:
                self.notify()
                for key, _ in self._selector.select(self._longest_wait()):
                    if key.data is None:
                        self._empty_pipe()
                    elif isinstance(key.data, Arrival):
                        self._continue(key.data)
                    else:
                        self._accept(key.data)
                    if not self.alive:
                        break
                self._expire()
                if not self.is_parent_alive():
                    break
        finally:
            for arrival in list(self._arriving.values()):
                self._forget(arrival)
                util.close(arrival.client)
            self._selector.close()

    def _longest_wait(self) -> float:
        wait = self.timeout or 0.5
        if self._arriving:
            soonest = min(a.deadline for a in self._arriving.values())
            wait = min(wait, max(0.0, soonest - time.monotonic()))
        return wait

    def _empty_pipe(self) -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(self.PIPE[0], 4096)

    def _accept(self, listener) -> None:
        try:
            client, address = listener.accept()
        except OSError as error:
            if error.errno in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                return  # another worker took it
            if error.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                self._drop_oldest()  # out of descriptors: make room, take it next time
                return
            raise
        client.setblocking(False)
        util.close_on_exec(client)
        arrival = Arrival(listener, client, address, time.monotonic() + ARRIVAL_TIMEOUT)
        if arrival.receive():  # the usual case: the whole request came with the connection
            self._serve(arrival)
            return
        if len(self._arriving) >= self._most_waiting():
            # Whoever has waited longest has sent least for its time: a slow client, not a
            # person, whose request would have come whole with the connection.
            self._drop_oldest()
        self._arriving[client.fileno()] = arrival
        self._selector.register(client, selectors.EVENT_READ, arrival)

    def _most_waiting(self) -> int:
        """How many unfinished requests one worker keeps: gunicorn's worker_connections,
        within the descriptors the process may open."""
        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        room = soft - 64 if soft != resource.RLIM_INFINITY else self.cfg.worker_connections
        return max(1, min(self.cfg.worker_connections, room))

    def _drop_oldest(self) -> None:
        if self._arriving:
            oldest = min(self._arriving.values(), key=lambda a: a.deadline)
            self._forget(oldest)
            util.close(oldest.client)

    def _continue(self, arrival: Arrival) -> None:
        if arrival.receive():
            self._forget(arrival)
            self._serve(arrival)

    def _serve(self, arrival: Arrival) -> None:
        if arrival.closed_by_client and not arrival.whole:
            util.close(arrival.client)
            return
        arrival.client.setblocking(True)
        self.handle(arrival.listener,
                    Arrived(arrival.client, bytes(arrival.data), arrival.whole),
                    arrival.address)

    def _expire(self) -> None:
        now = time.monotonic()
        for arrival in [a for a in self._arriving.values() if a.deadline <= now]:
            self._forget(arrival)
            with contextlib.suppress(OSError):
                arrival.client.send(_TIMED_OUT)
            util.close(arrival.client)

    def _forget(self, arrival: Arrival) -> None:
        self._arriving.pop(arrival.client.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(arrival.client)

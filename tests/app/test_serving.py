"""The served application: slow clients cost a socket, not a worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness.serving import Arrival

ROOT = Path(__file__).resolve().parents[2]




@pytest.mark.parametrize(("sent", "ready", "whole"), [
    (b"GET / HTTP/1.1\r\nHost: x\r\n", False, False),
    (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", True, True),
    (b"POST /s HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345", False, False),
    (b"POST /s HTTP/1.1\r\nContent-Length: 10\r\n\r\n1234567890", True, True),
    (b"POST /s HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", False, False),
    (b"POST /s HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", True, True),
    # The client waits for "100 Continue" before it sends the body: gunicorn answers that.
    (b"POST /s HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n", True, False),
    # Too large to gather: handed over with its head, for the application to refuse unread.
    (b"POST /s HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", True, False),
])
def test_a_request_is_taken_once_its_head_and_body_have_arrived(sent, ready, whole):
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.setblocking(False)
        theirs.sendall(sent)
        arrival = Arrival(None, ours, None, deadline=0)
        assert arrival.receive() is ready
        assert arrival.whole is whole


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(port: int, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        return client.recv(64)


def test_clients_trickling_their_headers_do_not_hold_the_worker(tmp_path):
    """With gunicorn's sync worker, one such client stops a worker until it gives up."""
    port = _free_port()
    env = {**os.environ, "READINESS_SECRET_KEY": "x", "READINESS_LOG_LEVEL": "WARNING",
           "READINESS_DATABASE_URL": f"sqlite:///{tmp_path}/r.sqlite"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    slow = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                assert _get(port, "/healthz").startswith(b"HTTP/1.1 ")
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None
                time.sleep(0.2)
        for _ in range(8):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(client)
        started = time.monotonic()
        for _ in range(5):
            assert _get(port, "/healthz").startswith(b"HTTP/1.1 ")
            for client in slow:
                client.sendall(b"x")
        assert time.monotonic() - started < 3
    finally:
        for client in slow:
            client.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)

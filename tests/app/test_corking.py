"""Responses are sent corked under gunicorn, and uncorked once their body is written."""

from __future__ import annotations

import socket

import pytest

from readiness.speedups.corking import cork_responses

pytestmark = [pytest.mark.skipif(not hasattr(socket, "TCP_CORK"), reason="Linux only"),
              pytest.mark.one_database]


@pytest.fixture
def tcp_socket():
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    yield server
    for sock in (server, client, listener):
        sock.close()


def corked(sock) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_CORK))


def test_the_body_is_written_corked_and_uncorked_when_closed(tcp_socket):
    seen = []

    def app(environ, start_response):
        seen.append(corked(tcp_socket))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"hello"]

    body = cork_responses(app)({"gunicorn.socket": tcp_socket}, lambda *a: None)
    assert seen == [True] and corked(tcp_socket)
    assert list(body) == [b"hello"]
    body.close()
    assert not corked(tcp_socket)


def test_an_application_error_uncorks_before_the_server_answers(tcp_socket):
    def app(environ, start_response):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        cork_responses(app)({"gunicorn.socket": tcp_socket}, lambda *a: None)
    assert not corked(tcp_socket)


def test_a_file_for_sendfile_is_handed_over_unwrapped_and_uncorked(tcp_socket):
    class FileWrapper:
        def __iter__(self):
            return iter([b"file"])

    body = FileWrapper()
    environ = {"gunicorn.socket": tcp_socket, "wsgi.file_wrapper": FileWrapper}
    assert cork_responses(lambda e, s: body)(environ, None) is body
    assert not corked(tcp_socket)


def test_without_a_tcp_socket_nothing_changes():
    def app(environ, start_response):
        return [b"x"]

    body = [b"x"]
    assert cork_responses(lambda e, s: body)({}, None) is body
    left, right = socket.socketpair()  # a Unix socket: no TCP_CORK
    try:
        assert cork_responses(lambda e, s: body)({"gunicorn.socket": left}, None) is body
    finally:
        left.close()
        right.close()


def test_the_application_is_wrapped(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert app.wsgi_app.__name__ == "corked"

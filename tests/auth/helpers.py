"""Account mail for tests: inviting through the console, and the links that arrive by SMTP."""

from __future__ import annotations

import re
from email.message import EmailMessage

from tests.conftest import csrf_token

#: An e-mailed password link, as the test client's host builds it.
LINK = re.compile(r"http://localhost(/auth/(?:invitation|reset)/[A-Za-z0-9_.\-]+)")
OWN_PASSWORD = "quiet river under the bridge"


def invite(client, email: str, *, role: str = "viewer", name: str = "", language: str = "en"):
    """The comms lead invites ``email`` on the people page."""
    return client.post("/admin/users", data={
        "csrf_token": csrf_token(client, "/admin/users"), "email": email, "name": name,
        "role": role, "language": language,
    })


def forgot(client, email: str):
    """Someone asks for a password link on the sign-in page's "forgot password"."""
    return client.post("/auth/forgot-password", data={
        "csrf_token": csrf_token(client, "/auth/forgot-password"), "email": email,
    })


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The path of the one password link in ``message`` (the same in both parts)."""
    found = set(LINK.findall(text_of(message)))
    assert len(found) == 1, found
    assert found == set(LINK.findall(html_of(message)))
    return found.pop()


def last_link_to(sink, address: str) -> str:
    arrived = sink.to(address)
    assert arrived, f"no mail arrived for {address}"
    return link_in(arrived[-1])


def set_password(client, path: str, password: str = OWN_PASSWORD, again: str | None = None):
    """Choose a password on the page an e-mailed link opens."""
    return client.post(path, data={
        "csrf_token": csrf_token(client, path), "password": password,
        "confirm": password if again is None else again,
    })

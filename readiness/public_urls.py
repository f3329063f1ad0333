"""Absolute addresses of our own pages, for links that leave the site (in an e-mail).

A link sent by e-mail must never carry a host an attacker chose: anyone may send a request
with ``Host: evil.example`` to "forgot password" and hope the reset link points there. So
the scheme and host come from

1. ``PUBLIC_BASE_URL`` (``READINESS_PUBLIC_BASE_URL``) when it is set: the recommended setting;
2. else the request's host when Flask validates hosts (``READINESS_TRUSTED_HOSTS`` is set, so
   any other Host header was already refused with 400);
3. else the request's host only when it is the machine itself (localhost, 127.0.0.1, ::1),
   which is how the demo and a laptop trial run;
4. otherwise there is no absolute address, and nothing is sent.

The same rule as the console's survey links (``admin/distribution.py``).
"""

from __future__ import annotations

from flask import current_app, has_request_context, request

LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def base_url() -> str | None:
    """The scheme and host our e-mailed links are built on, or None when none can be trusted."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if not has_request_context():
        return None
    if current_app.config.get("TRUSTED_HOSTS"):
        return request.host_url.rstrip("/")
    if _hostname(request.host).lower() in LOOPBACK_HOSTS:
        return request.host_url.rstrip("/")
    return None


def absolute_url(path: str) -> str | None:
    """``path`` (from ``url_for``) as an absolute address, or None (see the module's rule)."""
    base = base_url()
    return None if base is None else base + path

"""Security headers on every response, and the CSRF settings they need.

* A Content-Security-Policy without inline script or style, and no framing by anyone.
* ``Cache-Control: no-store`` on every page and download: results, reports, exports, survey
  answers and sign-in pages must never be kept by a shared computer's browser or a proxy.
  Only the static files (scripts, styles) may be cached.
* ``Referrer-Policy: no-referrer`` where the address itself is worth protecting (the survey,
  whose links may carry a single-use code, and the signed report links); ``same-origin``
  elsewhere, so no address of ours ever reaches another site.
* HSTS whenever the request came over HTTPS.

And one check on the way in: no path, query or form field may hold a control character (NUL
above all, which PostgreSQL refuses to store): such a request gets a plain 400 before any view
sees it, rather than a database error.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.utils import redirect

from .errors import render_error

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "object-src 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"

#: Sent with every response unless the view set its own.
DEFAULT_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)
_DEFAULT_NAMES = tuple((name.lower(), name, value) for name, value in DEFAULT_HEADERS)

#: Endpoints whose address is a secret or identifies a survey: sent to no one, not even us.
NO_REFERRER_PREFIXES = ("respond.", "report.link")


#: Control characters no query or form field may hold; tab, line feed and carriage return are
#: ordinary in typed text.
REFUSED_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A path holds no control character at all.
REFUSED_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")


class RefusedCharacters(BadRequest):
    """The request holds a control character where none may be."""


def holds_refused_characters() -> bool:
    """Whether the request's path, query or form fields hold a control character."""
    if REFUSED_IN_PATH.search(request.path):
        return True
    sources = [request.args]
    # A body larger than ordinary forms is left unread: its view either refuses it (413) or
    # accepts that much on purpose (a responses file) and reads it under its own limit.
    length, ordinary = request.content_length, current_app.config["MAX_CONTENT_LENGTH"]
    if length is None or ordinary is None or length <= ordinary:
        sources.append(request.form)
    for fields in sources:
        for name, value in fields.items(multi=True):
            if REFUSED_IN_TEXT.search(name) or REFUSED_IN_TEXT.search(value):
                return True
    return False


def _is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def _own_path(location: str) -> str:
    """A redirect to this server as a path: werkzeug writes the request's Host into the URLs it
    redirects to (a missing trailing slash), and the Host header is the client's to forge."""
    target = urlsplit(location)
    if target.netloc and target.netloc == request.host:
        return urlunsplit(("", "", target.path or "/", target.query, target.fragment))
    return location


def init_app(app: Flask) -> None:
    # Flask-WTF's HTTPS check demands a same-origin Referer on every POST. Survey pages send
    # none (no-referrer, above), so over HTTPS every respondent's form would be refused. The
    # CSRF token tied to the session, with SameSite=Lax cookies, is what protects the forms.
    app.config["WTF_CSRF_SSL_STRICT"] = False

    # The application's URL value preprocessor runs before every other hook, before the
    # survey's (which looks the assessment up by its path) and before any transaction begins.
    @app.url_value_preprocessor
    def _refuse_control_characters(_endpoint, _values):
        if holds_refused_characters():
            raise RefusedCharacters()

    @app.errorhandler(RefusedCharacters)
    def _refused_characters(_error):
        return render_error(
            400,
            _("Something in that request cannot be accepted"),
            _("It held an invisible control character. Please remove it and try again."),
        )

    @app.after_request
    def _headers(response):
        headers = response.headers
        location = headers.get("Location")
        if location and "//" in location and (own := _own_path(location)) != location:
            headers["Location"] = own
            response.set_data(redirect(own, response.status_code).get_data())
        # One look at the headers already there rather than one per header (every request).
        present = {name.lower() for name, _value in headers.items()}
        for lowered, name, value in _DEFAULT_NAMES:
            if lowered not in present:
                headers.add(name, value)
        endpoint = request.endpoint or ""
        if endpoint.startswith(NO_REFERRER_PREFIXES):
            headers["Referrer-Policy"] = "no-referrer"
        else:
            headers.setdefault("Referrer-Policy", "same-origin")
        if not _is_static(endpoint):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response

"""Security headers on every response, and the CSRF settings they need.

* A Content-Security-Policy without inline script or style, and no framing by anyone.
* ``Cache-Control: no-store`` on every page and download: results, reports, exports, survey
  answers and sign-in pages must never be kept by a shared computer's browser or a proxy.
  Only the static files (scripts, styles) may be cached.
* ``Referrer-Policy: no-referrer`` where the address itself is worth protecting (the survey,
  whose links may carry a single-use code, and the signed report links); ``same-origin``
  elsewhere, so no address of ours ever reaches another site.
* HSTS whenever the request came over HTTPS.
"""

from __future__ import annotations

from flask import Flask, request

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


def _is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def init_app(app: Flask) -> None:
    # Flask-WTF's HTTPS check demands a same-origin Referer on every POST. Survey pages send
    # none (no-referrer, above), so over HTTPS every respondent's form would be refused. The
    # CSRF token tied to the session, with SameSite=Lax cookies, is what protects the forms.
    app.config["WTF_CSRF_SSL_STRICT"] = False

    @app.after_request
    def _headers(response):
        headers = response.headers
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

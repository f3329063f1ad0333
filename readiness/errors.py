"""Plain error pages: no stack trace, a clear word, and the transaction rolled back."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from . import db

log = logging.getLogger("readiness")

#: Marked for translation here; each page is drawn in the reader's language.
MESSAGES = {
    400: (
        _l("Something in that request was not right"),
        _l("Please go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l("Ask your comms lead if you think you should."),
    ),
    404: (
        _l("We could not find that page"),
        _l("The link may be mistyped or no longer valid."),
    ),
    405: (
        _l("That action is not available here"),
        _l("Please go back and use the page's buttons."),
    ),
    409: (
        _l("That has already been done"),
        _l("Nothing more is needed from you."),
    ),
    410: (
        _l("This is no longer available"),
        _l("The survey or link has closed."),
    ),
    413: (
        _l("That was too much to send at once"),
        _l("Please shorten your answer and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Please wait a few minutes before trying again."),
    ),
    503: (
        _l("We are very busy right now"),
        _l("Nothing was lost. Please try again in a moment."),
    ),
}


def render_error(status: int, title: str | None = None, detail: str | None = None):
    default_title, default_detail = MESSAGES.get(status, (_l("Something went wrong"), ""))
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or str(default_title),
            detail=detail if detail is not None else str(default_detail),
        ),
        status,
    )


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower() if error.orig else str(error).lower()
    return "locked" in text or "busy" in text


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(_error):
        db.session().rollback()
        return render_error(
            400,
            _("This form has expired"),
            _("For your security the page needs reloading. Please go back, reload and try again."),
        )

    @app.errorhandler(SecurityError)
    def _untrusted_host(_error):
        # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no template either.
        return "This address is not served here.", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        db.session().rollback()
        if request.accept_mimetypes.best == "application/json":
            return {"error": error.name}, error.code
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    def _database(error: OperationalError):
        db.session().rollback()
        if _is_busy(error):
            response = render_error(503)
            return response[0], 503, {"Retry-After": "2"}
        log.error("database error: %s", type(error).__name__)
        return render_error(500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session().rollback()
        log.exception("unexpected error on %s", request.endpoint)
        return render_error(500)

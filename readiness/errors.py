"""Plain error pages: no stack trace, a clear word, and the transaction rolled back."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, SecurityError

from . import db, outages

log = logging.getLogger("readiness")

#: How long a browser is asked to wait when the database is unavailable or the disk is full;
#: the page says "a minute". A busy write lock clears in a moment, so it asks for 2 s.
RETRY_AFTER = {outages.BUSY: "2", outages.DISK_FULL: "60", outages.UNAVAILABLE: "60"}

#: While the database cannot be reached or written, for a respondent who pressed a survey
#: button, and for everyone else.
UNSAVED_ANSWERS = (
    _l("Your answers were not saved"),
    _l("Nothing is lost: your answers are still in your browser. "
       "Please wait a minute, then press Send again."),
)
UNAVAILABLE = (
    _l("The service is unavailable for a moment"),
    _l("Nothing was saved. Please try again in a minute."),
)

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


def render_error(status: int, title: str | None = None, detail: str | None = None,
                 send_again: bool = False):
    default_title, default_detail = MESSAGES.get(status, (_l("Something went wrong"), ""))
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title or str(default_title),
            detail=detail if detail is not None else str(default_detail),
            # The respondent's own form, to send once more as it was: nothing else holds it.
            send_again=request.form if send_again else None,
        ),
        status,
    )


def render_outage(cause: str):
    """The 503 page for a passing database outage, with Retry-After, nothing of the cause."""
    respondent = request.blueprint == "respond" and request.method == "POST"
    if request.accept_mimetypes.best == "application/json":
        body, status = {"error": "Service Unavailable"}, 503
    elif cause == outages.BUSY:
        body, status = render_error(503, send_again=respondent)
    else:
        title, detail = UNSAVED_ANSWERS if respondent else UNAVAILABLE
        body, status = render_error(503, str(title), str(detail), send_again=respondent)
    return body, status, {"Retry-After": RETRY_AFTER[cause]}


def _rollback_quietly() -> None:
    # With the database gone, even the rollback may fail; the page must still be drawn.
    try:
        db.session().rollback()
    except SQLAlchemyError:
        db.session().invalidate()


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
        cause = outages.cause_of(error)
        _rollback_quietly()
        if cause is None:
            log.error("database error: %s", type(error).__name__)
            return render_error(500)
        outages.quiet_log().error(cause, f"{outages.describe(error)} (on {request.endpoint})")
        if cause == outages.DISK_FULL:
            db.relieve_full_disk()
        return render_outage(cause)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        _rollback_quietly()
        log.exception("unexpected error on %s", request.endpoint)
        return render_error(500)

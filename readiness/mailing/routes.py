"""Unsubscribe (anyone holding a link from a message) and the development mailbox (admins)."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import db
from ..config import PRODUCTION
from ..mail import unsubscribe as unsubscribing
from . import bp, mailbox


class ConfirmForm(FlaskForm):
    """The unsubscribe button: only the CSRF token is sent."""


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    digest = unsubscribing.hash_from_token(token)
    if digest is None:
        return render_template("mailing/unsubscribe.html", state="invalid"), 404
    form = ConfirmForm()
    if form.validate_on_submit():
        db.begin_write()
        unsubscribing.unsubscribe(digest)
        db.commit()
        return render_template("mailing/unsubscribe.html", state="done")
    return render_template("mailing/unsubscribe.html", state="ask", form=form, token=token)


@bp.route("/unsubscribe/<token>/one-click", methods=["GET", "POST"])
def unsubscribe_one_click(token: str):
    """RFC 8058: a mail provider's "Unsubscribe" button posts here (the List-Unsubscribe
    address); a person who opens it in a browser gets the page with its button."""
    digest = unsubscribing.hash_from_token(token)
    if digest is None:
        abort(404)
    if request.method == "GET":
        return redirect(url_for(".unsubscribe", token=token), 303)
    db.begin_write()
    unsubscribing.unsubscribe(digest)
    db.commit()
    return "", 204


def _development_admins_only() -> None:
    if current_app.config.get("ENV") == PRODUCTION:
        abort(404)
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(404)


@bp.get("/mailbox")
def mailbox_index():
    _development_admins_only()
    return render_template("mailing/mailbox.html", messages=mailbox.latest(),
                           folder=str(mailbox.directory()))


@bp.get("/mailbox/<name>")
def mailbox_message(name: str):
    _development_admins_only()
    message = mailbox.read(name)
    if message is None:
        abort(404)
    text = message.get_body(("plain",))
    return render_template("mailing/message.html", message=message,
                           text=text.get_content() if text is not None else "")

"""Setting a password through an e-mailed link: "forgot password", and accepting an invitation.

"Forgot password" answers every address the same way (a redirect to one page that says a link
is on its way if the address has an account), so nobody learns which addresses have one: both
ways write one audit event, and the answer waits until ``SLOWEST_ANSWER_SECONDS`` have passed,
so its time says nothing either. It is throttled per address, counted before the address is
looked up, so the limit (3 links an hour by default) is the same for addresses with and without
an account; over the limit the answer stays the same and nothing more is sent, so nobody's
inbox can be flooded.

A link's page (``GET``) changes nothing: mail scanners open links too. Only the form it shows
sets the password; then every session of the account ends, the link is spent, and the person
signs in with their new password.
"""

from __future__ import annotations

import time

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from .. import account_tokens, db
from ..account_tokens import INVITATION, RESET
from ..throttle import Throttle, ThrottleUnavailable
from . import bp, passwords
from .forms import ForgotPasswordForm, SetPasswordForm
from .guards import fresh_session
from .routes import counted_attempt, sign_in_unavailable
from .services import send_password_link

#: Every answer to "forgot password" takes at least this long: longer than queueing a link
#: takes, so the time does not tell an address with an account from one without.
SLOWEST_ANSWER_SECONDS = 0.15
#: Links asked for one address, counted whether or not it has an account.
password_link_throttle = Throttle(
    "password-link", "PASSWORD_LINK_MAX_REQUESTS", "PASSWORD_LINK_WINDOW_SECONDS"
)


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("auth/forgot_password.html", form=form), status
    started = time.monotonic()
    address = form.email.data.strip().lower()
    try:
        allowed = counted_attempt(address, password_link_throttle)
    except ThrottleUnavailable:
        return sign_in_unavailable()
    send_password_link(address if allowed else None)
    db.commit()
    _answer_no_sooner_than(started + SLOWEST_ANSWER_SECONDS)
    return redirect(url_for("auth.password_link_sent"), 303)


def _answer_no_sooner_than(moment: float) -> None:
    """Hold the answer until ``moment`` (monotonic): queueing a message, or not, takes no
    time anyone can see."""
    remaining = moment - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)


@bp.get("/forgot-password/sent")
def password_link_sent():
    return render_template("auth/password_link_sent.html")


def _set_password_page(token: str, purpose: str):
    """The page an e-mailed link opens: a form for the new password, or why the link is spent."""
    user = account_tokens.holder(token, purpose)
    if user is None:
        body = render_template("auth/link_spent.html", purpose=purpose)
        return _no_referrer(make_response(body, 410))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            passwords.set_through_link(user, form.password.data, purpose)
        except passwords.PasswordError as error:
            form.password.errors.append(str(error))
        else:
            db.commit()
            if current_user.is_authenticated:
                logout_user()
            fresh_session()  # whoever was signed in here, they sign in afresh
            flash(_("Your password is set. Please sign in with it."), "info")
            return redirect(url_for("auth.login"), 303)
    status = 400 if request.method == "POST" else 200
    body = render_template("auth/set_password.html", form=form, user=user, purpose=purpose)
    return _no_referrer(make_response(body, status))


def _no_referrer(response):
    """The address holds the token: it is sent to no page, not even one of ours."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    return _set_password_page(token, INVITATION)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _set_password_page(token, RESET)

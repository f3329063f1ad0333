import re
from contextlib import suppress
from urllib.parse import unquote, urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import db, i18n
from ..audit import record
from ..errors import render_error
from ..throttle import Throttle, ThrottleUnavailable, login_throttle, unavailable_response
from . import bp, passwords
from .forms import ChangePasswordForm, ChoosePasswordForm, LoginForm
from .guards import fresh_session, stamp_sign_in
from .services import authenticate

#: What a browser drops or reads as a slash in an address: controls, spaces, backslashes.
_NOT_IN_NEXT = re.compile(r"[\x00-\x20\x7f\\]")
#: Percent-decodings tried on ``next``: a proxy or a browser may decode once more than we do.
_DECODINGS = 3


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site, so the sign-in page cannot send anyone elsewhere."""
    if not target:
        return None
    decoded = target
    for _round in range(_DECODINGS + 1):
        if (
            not decoded.startswith("/")
            or decoded.startswith("//")
            or _NOT_IN_NEXT.search(decoded)
            or urlsplit(decoded).netloc
        ):
            return None
        decoded = unquote(decoded)
    return target


def sign_in_unavailable():
    return unavailable_response(
        _("Sign-in is unavailable for a moment"), _("Please try again shortly.")
    )


def counted_attempt(subject: str, throttle: Throttle = login_throttle) -> bool:
    """Count an attempt for ``subject``; False once its limit is used up.

    The count is written at once on a connection of its own, whatever becomes of this request.
    SQLite has one writer at a time, so the write transaction this request began (with nothing
    written yet) is ended first, and begun again afterwards.
    """
    db.session().rollback()
    allowed = throttle.attempt(subject)
    db.begin_write()
    return allowed


def _forgive(subject: str) -> None:
    """Clear the subject's count after a success; after the commit, outside SQLite's lock."""
    with suppress(ThrottleUnavailable):  # already logged; the count expires with its window
        login_throttle.forgive(subject)


def _too_many_attempts():
    return render_error(
        429,
        _("Too many attempts"),
        _("For your security, sign-in is paused. Please try again in 15 minutes."),
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = LoginForm()
    if form.validate_on_submit():
        subject = form.email.data.strip().lower()
        try:
            allowed = counted_attempt(subject)  # counted before checking: no parallel burst
        except ThrottleUnavailable:
            return sign_in_unavailable()
        if not allowed:
            return _too_many_attempts()
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("That e-mail and password do not match."))
            return render_template("auth/login.html", form=form), 401
        fresh_session()  # a fresh session at sign-in: nothing carried over from before
        login_user(user)
        stamp_sign_in()
        record("user.login")
        db.commit()
        _forgive(subject)
        if user.must_change_password:
            return redirect(url_for("auth.choose_password"))
        return redirect(_safe_next(request.args.get("next")) or url_for("home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    current_user.rotate_session()  # any copy of the old cookie stops working
    db.commit()
    logout_user()
    fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/choose-password", methods=["GET", "POST"])
@login_required
def choose_password():
    """Replace a password someone else set (invitation, reset) with one's own."""
    if not current_user.must_change_password:
        return redirect(url_for("auth.account"))
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            passwords.choose_own(user, form.password.data)
        except passwords.PasswordError as error:
            form.password.errors.append(str(error))
        else:
            login_user(user)  # this session goes on under the rotated token
            db.commit()
            flash(_("Thank you. Your password is set."), "info")
            return redirect(url_for("home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/set_password.html", form=form, user=current_user,
                           purpose="temporary"), status


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", form=ChangePasswordForm())


@bp.post("/account/password")
@login_required
def change_password():
    """A new password, given the current one; every other session of this person ends."""
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/account.html", form=form), 400
    user = current_user._get_current_object()
    subject = user.email
    try:
        allowed = counted_attempt(subject)  # guessing here counts as guessing at sign-in
    except ThrottleUnavailable:
        return sign_in_unavailable()
    if not allowed:
        return _too_many_attempts()
    if not user.check_password(form.current.data):
        form.current.errors.append(_("That is not your current password."))
        return render_template("auth/account.html", form=form), 400
    try:
        passwords.change(user, form.password.data)
    except passwords.PasswordError as error:
        form.password.errors.append(str(error))
        return render_template("auth/account.html", form=form), 400
    login_user(user)  # this session goes on under the rotated token
    db.commit()
    _forgive(subject)
    flash(_("Your password is changed. Anywhere else you were signed in, you are now signed "
            "out."), "info")
    return redirect(url_for("auth.account"), 303)


@bp.app_template_global()
def interface_languages() -> list[tuple[str, str]]:
    """``(code, own name)`` of each language the interface is offered in."""
    # A template global, not a context processor: only the pages that show it pay for it.
    return [(code, i18n.own_name(code)) for code in current_app.config["LANGUAGES"]]


@bp.post("/language")
def choose_language():
    """Remember the interface language chosen on the sign-in or account page."""
    i18n.choose(request.form.get("language", ""), current_app.config["LANGUAGES"])
    return redirect(url_for("auth.account" if current_user.is_authenticated else "auth.login"), 303)

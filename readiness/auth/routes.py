from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import db
from ..audit import record
from ..errors import render_error
from ..respond import language
from ..throttle import login_throttle
from . import bp
from .forms import LoginForm
from .services import authenticate


def _fresh_session() -> None:
    """Forget everything in the session but the chosen language, which says nothing about who
    someone is and so outlives signing in and out."""
    chosen = language.chosen()
    session.clear()
    if chosen:
        language.choose(chosen, [chosen])


def _safe_next(target: str | None) -> str | None:
    """Only local paths, so the login page cannot send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = LoginForm()
    if form.validate_on_submit():
        subject = form.email.data.strip().lower()
        if not login_throttle.attempt(subject):  # counted before checking: no parallel burst
            return render_error(
                429,
                _("Too many attempts"),
                _("For your security, sign-in is paused. Please try again in 15 minutes."),
            )
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("That e-mail and password do not match."))
            return render_template("auth/login.html", form=form), 401
        login_throttle.forgive(subject)
        _fresh_session()  # a fresh session at sign-in: nothing carried over from before
        login_user(user)
        record("user.login")
        db.commit()
        return redirect(_safe_next(request.args.get("next")) or url_for("home"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    current_user.rotate_session()  # any copy of the old cookie stops working
    db.commit()
    logout_user()
    _fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html")


@bp.app_template_global()
def interface_languages() -> list[tuple[str, str]]:
    """``(code, own name)`` of each language the interface is offered in."""
    # A template global, not a context processor: only the pages that show it pay for it.
    return [(code, language.own_name(code)) for code in current_app.config["LANGUAGES"]]


@bp.post("/language")
def choose_language():
    """Remember the interface language chosen on the sign-in or account page."""
    language.choose(request.form.get("language", ""), current_app.config["LANGUAGES"])
    return redirect(url_for("auth.account" if current_user.is_authenticated else "auth.login"), 303)

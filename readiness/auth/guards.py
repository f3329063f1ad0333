"""What every request checks about a signed-in person before any page: that their session is
still young and in use, and that they have chosen their own password.

A console session ends ``SESSION_MAX_HOURS`` after signing in and after
``SESSION_IDLE_MINUTES`` unused. Both moments are kept in the signed session cookie, so a
cookie copied long ago, or left in an unattended browser, stops working on its own. Survey
sessions carry no signed-in person and are never touched here.
"""

from __future__ import annotations

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from .. import i18n

SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"
#: Flask-Login's session key of the signed-in person.
_USER_KEY = "_user_id"
#: "Last seen" is written again only after this many seconds, not on every request.
_SEEN_GRANULARITY = 60
#: Pages a person with a one-time password may still use.
ALLOWED_BEFORE_CHOOSING = {
    "auth.choose_password", "auth.logout", "auth.choose_language", "auth.forgot_password",
    "auth.password_link_sent", "auth.accept_invitation", "auth.reset_password",
}


def fresh_session() -> None:
    """Forget everything in the session but the chosen language, which says nothing about who
    someone is and so outlives signing in and out."""
    chosen = i18n.chosen()
    session.clear()
    if chosen:
        i18n.choose(chosen, [chosen])


def stamp_sign_in() -> None:
    """Start the clocks of a session that has just signed in."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = int(time.time())


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and (endpoint == "static" or endpoint.endswith(".static"))


def _expired(now: int) -> str | None:
    """Why this signed-in session has ended, or None while it lasts."""
    signed_in, seen = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return _("For your security, please sign in again.")
    hours = int(current_app.config["SESSION_MAX_HOURS"])
    if now - signed_in >= hours * 3600:
        return _("You were signed out %(hours)s hours after signing in, for your security. "
                 "Please sign in again.", hours=hours)
    minutes = int(current_app.config["SESSION_IDLE_MINUTES"])
    if now - seen >= minutes * 60:
        return _("You were signed out after %(minutes)s minutes without activity. "
                 "Please sign in again.", minutes=minutes)
    return None


def end_expired_sessions():
    """Sign out a session past its lifetime or idle time; note activity otherwise."""
    if _USER_KEY not in session or _is_static(request.endpoint):
        return None
    now = int(time.time())
    reason = _expired(now)
    if reason is None:
        if now - session[SEEN_AT] >= _SEEN_GRANULARITY:
            session[SEEN_AT] = now
        return None
    logout_user()
    fresh_session()
    if request.endpoint == "auth.login":
        return None  # signing in again already: let it go on
    flash(reason, "info")
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return redirect(url_for("auth.login"), 303)


def password_first():
    """Until someone replaces a one-time password with their own, nothing else opens."""
    if _USER_KEY not in session or _is_static(request.endpoint):
        return None
    if request.endpoint in ALLOWED_BEFORE_CHOOSING:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.choose_password"), 303)
    return None

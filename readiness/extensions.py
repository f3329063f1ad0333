"""Flask extensions, created unbound and bound in the factory."""

from __future__ import annotations

from flask import Flask, g, has_request_context
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from . import db, i18n
from .models import User

csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()


def select_locale() -> str:
    """The language chosen in this browser, else its preference among ours."""
    if g.get("survey_language"):  # survey pages: resolved among the assessment's languages
        return g.survey_language
    languages = current_languages()
    if not has_request_context():  # a command: it speaks the first language
        return languages[0]
    return i18n.resolve(languages)


def current_languages() -> tuple[str, ...]:
    from flask import current_app

    return tuple(current_app.config["LANGUAGES"])


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user, only while the session token in the cookie is still current."""
    key, _, token = user_id.partition(":")
    if not key.isdigit() or not token:
        return None
    user = db.session().get(User, int(key))
    if user is None or user.session_token != token:
        return None
    return user

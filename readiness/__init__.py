"""Readiness: is an organisation ready for internal social media, and what should it do first."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

from . import config as settings


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, then ``READINESS_*`` variables, then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment())
    if test_config:
        app.config.update(test_config)

    settings.check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = settings.resolve_secret_key(app.config, app.instance_path)
    app.config["DATABASE_URL"] = settings.database_url(app.config, app.instance_path)
    production = app.config["ENV"] == settings.PRODUCTION
    app.debug = False if production else app.debug
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_NAME="readiness_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        WTF_CSRF_TIME_LIMIT=None,  # a long survey page must not expire under a respondent
    )
    logging.getLogger("readiness").setLevel(app.config["LOG_LEVEL"])

    from . import speedups

    speedups.init_app(app)  # first: one of them changes the class of the routes added below

    from . import db, extensions, security, throttle

    db.init_app(app, app.config["DATABASE_URL"])
    extensions.init_app(app)
    security.init_app(app)
    throttle.init_app(app)

    from . import errors, health, views
    from .auth import bp as auth_bp

    app.register_blueprint(health.bp)
    app.add_url_rule("/", endpoint="home", view_func=views.home)
    app.register_blueprint(auth_bp)
    errors.init_app(app)
    _register_optional_blueprints(app)

    from .users import ROLE_NAMES

    app.jinja_env.globals["role_names"] = ROLE_NAMES

    @app.context_processor
    def _known_endpoints():
        from flask_babel import get_locale

        return {"config_endpoints": app.view_functions, "get_locale": get_locale}

    from . import commands

    commands.init_app(app)
    from .mail import worker as mail_worker

    mail_worker.init_app(app)
    return app


def _register_optional_blueprints(app: Flask) -> None:
    """Blueprints of the survey, console and report; each registers itself when present."""
    from importlib import import_module

    for name in ("respond", "admin", "report", "mailing", "plan"):
        try:
            module = import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            continue
        module.init_app(app)

"""The survey respondents answer: no account, no trace beyond their answers and the day."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("respond", __name__, url_prefix="/s")


def init_app(app: Flask) -> None:
    """Register the survey pages (called by the application factory)."""
    # Short-code failures across one assessment before code entry pauses for everyone.
    app.config.setdefault("CODE_ASSESSMENT_MAX_FAILURES", 300)
    from . import routes  # noqa: F401  (routes attach themselves to bp)

    app.register_blueprint(bp)

"""The survey respondents answer: no account, no trace beyond their answers and the day."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("respond", __name__, url_prefix="/s")


def init_app(app: Flask) -> None:
    """Register the survey pages (called by the application factory)."""
    # Short-code failures across one assessment before they are logged as a likely attack.
    app.config.setdefault("CODE_ASSESSMENT_MAX_FAILURES", 300)
    # Openings of one invitation link per window (CODE_WINDOW_SECONDS).
    app.config.setdefault("CODE_LINK_MAX_OPENINGS", 30)
    from . import routes  # noqa: F401  (routes attach themselves to bp)

    app.register_blueprint(bp)

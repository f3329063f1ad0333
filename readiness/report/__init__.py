"""Leadership's reading room: results of granted assessments, and signed report links."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint(
    "report", __name__, url_prefix="/report", static_folder="static", static_url_path="/static"
)

from . import routes  # noqa: E402,F401  (routes attach themselves to bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

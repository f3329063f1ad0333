"""The comms lead's console: assessments, sharing, progress, results, data, people, audit."""

from __future__ import annotations

from flask import Blueprint, Flask, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden

bp = Blueprint(
    "admin",
    __name__,
    url_prefix="/admin",
    static_folder="static",
    static_url_path="/static",
)


@bp.before_request
def _admins_only():
    """Everything in the console, its scripts included, is for admins alone."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_user.is_admin:
        raise Forbidden()
    return None


from . import audit_log, confirmations, data_routes, invitations, people_routes, routes  # noqa: E402,F401  (routes attach to bp)


@bp.app_template_global("state_of")
def _state_of(assessment):
    """Where an assessment stands, in words (`lifecycle.state_of`), for every console page."""
    from ..lifecycle import state_of

    return state_of(assessment)


@bp.app_template_filter("day")
def _day(value, format: str = "long") -> str:
    """A day as the reader writes it (`i18n.format_day`): en-GB "5 December 2026"."""
    from ..i18n import format_day

    return format_day(value, format) if value else ""


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

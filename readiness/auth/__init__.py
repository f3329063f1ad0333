"""Signing in and out, and choosing one's own password (also through an e-mailed link)."""

from flask import Blueprint

from . import guards

bp = Blueprint("auth", __name__, url_prefix="/auth")

# Every request, not only this blueprint's: an ended session ends everywhere, and a one-time
# password opens nothing but the page to replace it.
bp.before_app_request(guards.end_expired_sessions)
bp.before_app_request(guards.password_first)

from . import recovery, routes  # noqa: E402,F401  (routes attach themselves to bp)

"""Signing in and out, and choosing one's own password (also through an e-mailed link)."""

from flask import Blueprint

from .. import account_tokens
from . import guards

bp = Blueprint("auth", __name__, url_prefix="/auth")

#: Settings of e-mailed password links, unless the configuration gives them.
DEFAULTS = {
    "PASSWORD_LINK_MAX_REQUESTS": 3,  # "forgot password" links per address ...
    "PASSWORD_LINK_WINDOW_SECONDS": 3600,  # ... in this long
    "INVITATION_LINK_DAYS": account_tokens.DEFAULT_INVITATION_DAYS,
    "RESET_LINK_MINUTES": account_tokens.DEFAULT_RESET_MINUTES,
}


@bp.record_once
def _settings(state) -> None:
    for name, value in DEFAULTS.items():
        state.app.config.setdefault(name, value)


# Every request, not only this blueprint's: an ended session ends everywhere, and a one-time
# password opens nothing but the page to replace it.
bp.before_app_request(guards.end_expired_sessions)
bp.before_app_request(guards.password_first)

from . import recovery, routes  # noqa: E402,F401  (routes attach themselves to bp)

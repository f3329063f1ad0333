"""Mail pages: the public unsubscribe page, and (development only, admins only) the mailbox of
the local SMTP sink, so that a newcomer can open an invitation and follow its link."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("mailing", __name__, url_prefix="/mail")

from . import routes  # noqa: E402,F401  (routes attach to bp)


def init_app(app: Flask) -> None:
    from ..extensions import csrf
    from ..mail.recipients import notice_for

    app.register_blueprint(bp)
    # RFC 8058 one-click unsubscribe comes from mail providers, without our CSRF token: the
    # signed token in its address is what authorises it.
    csrf.exempt(routes.unsubscribe_one_click)
    app.jinja_env.globals["mail_list_notice"] = notice_for

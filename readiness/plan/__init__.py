"""The tracked action plan: adopt recommended actions, track them, export them, remind owners."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint(
    "plan", __name__, url_prefix="/plan", static_folder="static", static_url_path="/static"
)

from . import reminders, routes  # noqa: E402  (routes attach themselves to bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(reminders.reminders_command)
    from .. import daily

    daily.register(app, reminders.send_reminders)
    app.context_processor(routes.plan_entry_context)

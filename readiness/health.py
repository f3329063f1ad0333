"""``/healthz``: is the application up and its database reachable."""

from __future__ import annotations

import logging

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from . import db, outages

bp = Blueprint("health", __name__)
log = logging.getLogger("readiness")


@bp.get("/healthz")
def healthz():
    try:
        db.session().execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        cause = outages.cause_of(error)
        if cause is None:
            log.exception("health check: database unreachable")
        else:  # a load balancer asks every few seconds: name the outage, not every probe
            outages.quiet_log().error(cause, f"{outages.describe(error)} (on the health check)")
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200

"""The front door: send each person to where their work is."""

from __future__ import annotations

from flask import current_app, redirect, url_for
from flask_login import current_user


def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_admin and "admin.index" in _endpoints():
        return redirect(url_for("admin.index"))
    if "report.index" in _endpoints():
        return redirect(url_for("report.index"))
    return redirect(url_for("auth.account"))


def _endpoints() -> set[str]:
    return set(current_app.view_functions)

"""Fixtures of the plan's tests: a closed wave with a plan, people and links around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from readiness import access, db, plans, report_links
from readiness.models import Assessment, User
from tests.browser.conftest import browser, live_app, live_server  # noqa: F401  (the browser)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, VIEWER_EMAIL, VIEWER_PASSWORD
from tests.plan.helpers import closed_wave

OTHER_VIEWER = "other-viewer@example.org"


@dataclass
class Scene:
    wave: int
    action: int
    allowed_token: str
    plain_token: str


@pytest.fixture
def scene(app, auth) -> Scene:
    """A closed wave whose plan holds one action; a viewer granted it and one not; a report
    link allowed to show the plan and one not."""
    from tests.conftest import make_user

    auth.admin()
    viewer = auth.viewer()
    make_user(app, OTHER_VIEWER, VIEWER_PASSWORD, "viewer")
    wave = closed_wave(app, people=12)
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, wave)
        access.grant(assessment, session.get(User, viewer))
        action = plans.add(assessment, {"title": "Brief the managers", "status": "planned"})
        allowed, allowed_token = report_links.create(assessment, "Board", 30)
        _plain, plain_token = report_links.create(assessment, "Auditors", 30)
        session.flush()
        plans.change_settings(assessment, viewers_may_edit=False, link_ids={allowed.id})
        action_id = action.id
    return Scene(wave, action_id, allowed_token, plain_token)


def allow_viewers_to_edit(app, wave: int, allowed: bool = True) -> None:
    with app.app_context(), db.writing() as session:
        assessment = session.get(Assessment, wave)
        links = plans.links_showing_plan(assessment)
        plans.change_settings(assessment, viewers_may_edit=allowed, link_ids=links)


__all__ = ["ADMIN_EMAIL", "ADMIN_PASSWORD", "VIEWER_EMAIL", "VIEWER_PASSWORD"]

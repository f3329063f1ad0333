"""The plan's journey in a real browser at 1366 × 900: results → adopt three actions → change
them → new wave → answers → close → the new report's "What changed since the plan" section,
whose figures are checked against both waves' results documents.

Set PLAN_SHOTS=/some/folder to keep screenshots of the pages at 1366 × 900 and 360 × 740.
"""

from __future__ import annotations

import math
import os
import re

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user
from tests.plan.helpers import answer, closed_wave

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("PLAN_SHOTS")


def _shot(page, name: str) -> None:
    if not SHOTS:
        return
    page.screenshot(path=f"{SHOTS}/{name}-1366.png", full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=f"{SHOTS}/{name}-360.png", full_page=True)
    page.set_viewport_size(size)


def _confirm(page) -> None:
    """Press the button of the console's confirmation page."""
    page.locator(".card form button[type=submit]").first.click()


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def test_a_plan_is_adopted_tracked_and_measured_by_the_next_wave(live_app, live_server,
                                                                 browser):
    make_user(live_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    first = closed_wave(live_app, people=40, title="Autumn survey")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    lead = context.new_page()
    lead.goto(f"{live_server}/auth/login")
    lead.get_by_label("E-mail", exact=True).fill(ADMIN_EMAIL)
    lead.get_by_label("Password", exact=True).fill(ADMIN_PASSWORD)
    lead.get_by_role("button", name="Sign in").click()

    # From the results to the plan; adopt three recommended actions
    lead.goto(f"{live_server}/admin/assessments/{first}/results")
    lead.get_by_role("link", name="Turn these actions into a tracked plan").click()
    assert lead.locator("h1").inner_text() == "Action plan"
    for count in range(1, 4):
        lead.get_by_role("button", name=re.compile("^Adopt")).first.click()
        assert lead.locator(".recommended .badge").count() == count
    titles = lead.locator(".actions .action-title strong").all_inner_texts()
    assert len(titles) == 3

    # Edit the first one: own words, an owner, a day; then move the statuses on
    lead.get_by_role("link", name=re.compile("^Change")).first.click()
    lead.get_by_label("What is to be done").fill("Monthly manager briefings")
    lead.get_by_label("Or the owner's name").fill("Dana from HR")
    lead.get_by_label("What is to be done").fill("")
    lead.get_by_role("button", name="Save").click()
    assert lead.locator("#title-error").inner_text() == "Say what is to be done."
    lead.get_by_label("What is to be done").fill("Monthly manager briefings")
    lead.get_by_label("Due on").fill("2027-02-15")
    lead.get_by_label("Status").select_option("in_progress")
    lead.get_by_role("button", name="Save").click()
    assert lead.locator(".action-title strong",
                        has_text="Monthly manager briefings").count() == 1
    item = lead.locator("li.action", has_text="Monthly manager briefings")
    assert item.locator(".badge.status").inner_text() == "In progress"
    item.get_by_role("link", name=re.compile("^Change")).click()
    lead.get_by_label("Status").select_option("done")
    lead.get_by_role("button", name="Save").click()
    second_item = lead.locator("li.action").filter(has_not_text="Monthly manager briefings").first
    second_title = second_item.locator(".action-title strong").inner_text()
    second_item.get_by_role("link", name=re.compile("^Change")).click()
    lead.get_by_label("Status").select_option("dropped")
    lead.get_by_role("button", name="Save").click()
    assert lead.locator("li.action", has_text=second_title).locator(
        ".badge.status").inner_text() == "Dropped"
    assert lead.locator("svg.plan-timeline").count() == 1
    _shot(lead, "plan")
    lead.get_by_role("link", name="By 30, 60 and 90 days").click()
    _shot(lead, "plan-by-horizon")
    lead.goto(f"{live_server}/plan/{first}/actions/new")
    _shot(lead, "plan-new-action")
    lead.goto(f"{live_server}/plan/{first}/settings")
    _shot(lead, "plan-settings")
    done_dimension = live_app_dimension_of(live_app, "Monthly manager briefings")

    # A new wave, answered and closed
    lead.goto(f"{live_server}/admin/assessments/{first}")
    lead.get_by_role("button", name="Start a new wave").click()
    second = int(re.search(r"/admin/assessments/(\d+)", lead.url).group(1))
    lead.goto(f"{live_server}/admin/assessments/{second}")
    lead.get_by_role("link", name="Open the survey").click()
    _confirm(lead)
    answer(live_app, second, 40, seed=11, lift={done_dimension: 1})
    lead.goto(f"{live_server}/admin/assessments/{second}")
    lead.get_by_role("link", name="Close the survey").click()
    _confirm(lead)

    # The new report's section, against both waves' results documents
    lead.goto(f"{live_server}/admin/assessments/{second}/results")
    section = lead.locator("section.plan-change")
    assert section.locator("h2").inner_text() == "What changed since the plan"
    then = lead.request.get(f"{live_server}/admin/assessments/{first}/results.json").json()
    now = lead.request.get(f"{live_server}/admin/assessments/{second}/results.json").json()
    before = {d["id"]: d for d in then["dimensions"]}
    for row in now["trend"]["dimensions"]:
        current = next(d for d in now["dimensions"] if d["id"] == row["id"])
        previous = before[row["id"]]
        assert (row["previous"], row["current"]) == (previous["score"], current["score"])
        half = math.hypot((previous["ci"][1] - previous["ci"][0]) / 2,
                          (current["ci"][1] - current["ci"][0]) / 2)
        cells = section.locator("tr", has=lead.locator(f'th:text-is("{current["name"]}")'))
        texts = cells.locator("td").all_inner_texts()
        assert texts[0] == _signed(row["change"])
        assert texts[1] == (f"{_signed(round(row['change'] - half, 1))}\u00a0…\u00a0"
                            f"{_signed(round(row['change'] + half, 1))}")
        assert texts[2] == ("Yes" if row["significant"] else "No")
        if row["id"] == done_dimension:
            assert "Monthly manager briefings (Done)" in texts[3]
    assert "moved alongside the plan" in section.inner_text()
    section.scroll_into_view_if_needed()
    _shot(lead, "results-with-plan-change")
    context.close()


def live_app_dimension_of(app, title: str) -> str:
    from sqlalchemy import select

    from readiness import db
    from readiness.models.plan import PlanAction

    with app.app_context():
        return db.session().scalar(select(PlanAction.dimension).where(PlanAction.title == title))

"""The progress page refreshes itself in the comms lead's language, as a reload would draw it.

Uses the real server and Chromium of ``tests/browser/conftest.py``; the page's clock is
Playwright's, so the 20-second refresh happens at once.
"""

from __future__ import annotations

import re

import pytest

from tests.admin.helpers import add_responses, make_assessment
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user

pytestmark = pytest.mark.browser


def _plain(text: str) -> str:
    return re.sub(r"[\s\u202f\xa0]+", " ", text).strip()


def test_a_french_comms_lead_sees_the_numbers_refresh_in_french(browser, live_app, live_server):
    make_user(live_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    assessment_id = make_assessment(live_app, status="open", headcount=120)
    add_responses(live_app, assessment_id, {"sales": 12, "ops": 9, "legal": 1})
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        page.clock.install()
        page.goto(f"{live_server}/auth/login")
        page.get_by_label("Adresse e-mail", exact=True).fill(ADMIN_EMAIL)
        page.get_by_label("Mot de passe", exact=True).fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.goto(f"{live_server}/admin/assessments/{assessment_id}/progress")
        rate = page.locator('[data-field="rate"]')
        assert _plain(rate.inner_text()) == "18 %"
        assert "Mise à jour automatique" in page.locator("[data-live-note]").inner_text()

        add_responses(live_app, assessment_id, {"sales": 6, "ops": 2}, seed=2)
        with page.expect_response(re.compile(r"/progress\.json$")):
            page.clock.fast_forward(21_000)
        page.wait_for_function("document.querySelector('[data-field=responses]')"
                               ".textContent === '30'")

        # 30 of 120, written the French way; a hidden group says so in French.
        assert _plain(rate.inner_text()) == "25 %"
        assert page.locator('td[data-option="legal"]').inner_text() == "masqué"
        day = page.locator("#days tbody td time").first
        assert not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.inner_text())
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.get_attribute("datetime"))
        assert "hidden" not in page.locator("main").inner_text()
    finally:
        context.close()

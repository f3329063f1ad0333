"""The custom pages in Chromium on a 360 px phone and a 1366 px desk, with the keyboard alone:
a condition met on one page brings the next page and question, and every page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import browser, live_app, live_server  # noqa: F401 (fixtures)
from tests.browser.test_survey_keyboard import assert_accessible, press_and_wait, tab_to

from .conftest import make_pulse_survey

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots-qtypes")


@pytest.mark.parametrize("width,height", [(360, 740), (1366, 900)])
def test_custom_pages_by_keyboard(live_app, live_server, browser, width, height):  # noqa: F811
    public_id = make_pulse_survey(live_app)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    axe, checked = Axe(), {}
    SHOTS.mkdir(exist_ok=True)
    try:
        page.goto(f"{live_server}/s/{public_id}")
        tab_to(page, "el.textContent.trim() === 'Start the survey'")
        press_and_wait(page, "Enter")
        page.goto(f"{live_server}/s/{public_id}/p/channels")
        assert_accessible(page, axe, checked)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        tab_to(page, "el.name === 'question_uses_chat'")
        page.keyboard.press("Space")  # the first answer: Yes
        tab_to(page, "el.name === 'question_news_sources' && el.value === 'manager'")
        page.keyboard.press("Space")
        page.screenshot(path=str(SHOTS / f"channels-{width}.png"), full_page=True)
        tab_to(page, "el.textContent.trim() === 'Next'")
        press_and_wait(page, "Enter")

        assert page.url.endswith("/p/chat_use")  # the condition, met, brought this page
        assert_accessible(page, axe, checked)
        tab_to(page, "el.name === 'question_chat_often'")
        page.keyboard.press("Space")
        tab_to(page, "el.textContent.trim() === 'Next'")
        press_and_wait(page, "Enter")

        assert page.url.endswith("/p/recommend")
        assert "What would help your manager share news?" in page.inner_text("main")
        assert_accessible(page, axe, checked)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        tab_to(page, "el.name === 'question_enps'")
        for _ in range(9):
            page.keyboard.press("ArrowRight")  # arrows move and choose within the scale
        assert page.evaluate(
            "document.querySelector('input[name=question_enps]:checked').value") == "9"
        page.screenshot(path=str(SHOTS / f"recommend-{width}.png"), full_page=True)
        tab_to(page, "el.textContent.trim() === 'Next'")
        press_and_wait(page, "Enter")

        page.goto(f"{live_server}/s/{public_id}/p/review")
        review = page.inner_text("main")
        assert "My manager" in review and "Every day" in review and "9" in review
        assert_accessible(page, axe, checked)
    finally:
        context.close()

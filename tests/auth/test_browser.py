"""Forgetting a password, on a 360 px phone, with the keyboard alone: the sign-in page leads to
"forgot password", the link arrives by SMTP, its page takes the new password, and every page
passes axe and fits the phone."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import browser, live_app, live_server, phone  # noqa: F401
from tests.browser.test_survey_keyboard import (
    assert_accessible,
    assert_fits_the_phone,
    press_and_wait,
    tab_to,
)
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user

pytestmark = pytest.mark.browser
NEW_PASSWORD = "a kettle on the windowsill"


@pytest.fixture
def sink(live_app):  # noqa: F811
    """Mail the live server queues goes at once to a real SMTP server on 127.0.0.1."""
    from readiness.mail import queue
    from readiness.mail.sink import Sink

    server = Sink().start()
    live_app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_SECURITY="none",
                           SMTP_USER="", QUEUE_IMMEDIATE=True)
    queue.get_huey(live_app).immediate = True
    yield server
    server.stop()


def test_forgot_password_with_the_keyboard_on_a_phone(live_app, live_server, phone, sink):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe, seen = Axe(), {}
    make_user(live_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    page = phone
    page.goto(f"{live_server}/auth/login")
    tab_to(page, "el.textContent.trim() === 'Forgot your password?'")
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "Forgot your password?"
    for check in (assert_fits_the_phone, lambda p: assert_accessible(p, axe, seen)):
        check(page)

    tab_to(page, "el.name === 'email'")
    page.keyboard.type(ADMIN_EMAIL)
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "Check your inbox"
    assert_fits_the_phone(page)
    assert_accessible(page, axe, seen)

    text = sink.to(ADMIN_EMAIL)[-1].get_body(("plain",)).get_content()
    page.goto(re.search(r"http://\S+/auth/reset/\S+", text).group(0))
    assert page.locator("h1").inner_text() == "Choose a new password"
    tab_to(page, "el.name === 'password'")
    page.keyboard.type("password1234")
    page.keyboard.press("Tab")
    page.keyboard.type("password1234")
    press_and_wait(page, "Enter")
    assert "many people use" in page.locator("#password-error").inner_text()
    assert_fits_the_phone(page)
    assert_accessible(page, axe, seen)

    tab_to(page, "el.name === 'password'")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    press_and_wait(page, "Enter")
    assert "Your password is set" in page.locator("main").inner_text()
    tab_to(page, "el.name === 'email'")
    page.keyboard.type(ADMIN_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    press_and_wait(page, "Enter")
    assert "/auth/login" not in page.url

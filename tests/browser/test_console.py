"""The comms lead's whole journey in a real browser, and leadership finding nothing to change.

Uses the real server and Chromium of ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import contextlib
import re

import pytest

from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, make_user

pytestmark = pytest.mark.browser

def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/auth/login")
    page.get_by_label("E-mail", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


@contextlib.contextmanager
def _mail_to_a_local_sink(app):
    """Mail the live server queues is delivered at once to a real SMTP server on 127.0.0.1."""
    from readiness.mail import queue
    from readiness.mail.sink import Sink

    sink = Sink().start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=sink.port, SMTP_SECURITY="none",
                      SMTP_USER="", QUEUE_IMMEDIATE=True)
    queue.get_huey(app).immediate = True
    try:
        yield sink
    finally:
        sink.stop()


def _answer_the_survey(page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name="Start the survey").click()
    while True:
        heading = page.locator("h1").inner_text()
        if page.get_by_role("button", name="Send my answers").count():
            page.get_by_role("button", name="Send my answers").click()
            return
        for fieldset in page.locator("fieldset.statement").all():
            choices = fieldset.locator("input[type=radio]")
            if choices.count():
                choices.nth(min(3, choices.count() - 1)).check()
        page.get_by_role("button", name="Next").click()
        assert page.locator("h1").inner_text() != heading or page.url.endswith("review")


def test_a_comms_lead_runs_an_assessment_and_leadership_only_reads_it(
    live_app, live_server, browser, tmp_path
):
    make_user(live_app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    lead = browser.new_context(accept_downloads=True).new_page()
    _sign_in(lead, live_server, ADMIN_EMAIL, ADMIN_PASSWORD)

    # Create and open
    lead.get_by_role("link", name="New assessment").click()
    lead.get_by_label("Title", exact=True).fill("Browser wave")
    lead.get_by_label("Organisation", exact=True).fill("Fabrikam")
    lead.get_by_label("Headcount", exact=True).fill("60")
    lead.get_by_label("Anonymity threshold (smallest group shown)", exact=True).fill("3")
    lead.get_by_role("button", name="Save as draft").click()
    assert lead.locator("h1").inner_text() == "Browser wave"
    lead.get_by_role("button", name="Open the survey").click()
    assessment_url = lead.url

    # Share: the link to copy
    lead.locator("nav.tabs").get_by_role("link", name="Share").click()
    link = lead.locator("#survey-link").input_value()
    assert link.startswith(live_server + "/s/")

    # Three respondents answer through the link
    for _ in range(3):
        respondent = browser.new_context().new_page()
        _answer_the_survey(respondent, link)
        assert "/thanks" in respondent.url
        respondent.context.close()

    # Progress shows the responses without reloading by hand
    lead.locator("nav.tabs").get_by_role("link", name="Progress").click()
    assert lead.locator('[data-field="responses"]').inner_text() == "3"

    # An online survey takes no imported answers (they could pad a group); then close
    lead.locator("nav.tabs").get_by_role("link", name="Data").click()
    assert "cannot also take imported ones" in lead.content()
    assert lead.get_by_label("Responses file (CSV)", exact=True).count() == 0
    lead.goto(assessment_url)
    lead.get_by_role("button", name="Close the survey").click()
    assert "The survey is closed" in lead.content()

    # Results, the PDF and the CSV
    lead.locator("nav.tabs").get_by_role("link", name="Results").click()
    assert lead.get_by_text("Readiness index").count() >= 1
    assert lead.locator("figure.chart svg").count() >= 2
    with lead.expect_download() as pdf:
        lead.get_by_role("link", name="Download the PDF report").first.click()
    pdf_path = tmp_path / "report.pdf"
    pdf.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert re.fullmatch(r"readiness-browser-wave-report\.pdf", pdf.value.suggested_filename)
    lead.locator("nav.tabs").get_by_role("link", name="Data").click()
    with lead.expect_download() as exported:
        lead.get_by_role("link", name="Responses (CSV)").click()
    csv_path = tmp_path / "responses.csv"
    exported.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8").startswith("department,location,role_level")
    assert len(csv_path.read_text(encoding="utf-8").splitlines()) == 4

    # Invite leadership and give access
    lead.locator("nav.console-nav").get_by_role("link", name="People").click()
    lead.get_by_label("E-mail", exact=True).fill("ceo@fabrikam.example")
    with _mail_to_a_local_sink(live_app) as sink:
        lead.get_by_role("button", name="Send the invitation").click()
        assert "We sent ceo@fabrikam.example an invitation" in lead.locator("main").inner_text()
    invitation = re.search(r"http://\S+/auth/invitation/\S+",
                           sink.to("ceo@fabrikam.example")[-1].get_body(("plain",)).get_content())
    lead.goto(assessment_url + "/access")
    lead.get_by_role("button", name="Give access").click()
    assert "ceo@fabrikam.example" in lead.locator("main").inner_text()

    # Leadership reads the report and finds nothing to change
    board = browser.new_context(accept_downloads=True).new_page()
    # The invitation's link: the board member chooses their own password, then signs in.
    board.goto(invitation.group(0))
    board.get_by_label("New password", exact=True).fill("the board's own passphrase")
    board.get_by_label("New password again", exact=True).fill("the board's own passphrase")
    board.get_by_role("button", name="Save my password").click()
    _sign_in(board, live_server, "ceo@fabrikam.example", "the board's own passphrase")
    board.get_by_role("link", name="Browser wave").click()
    assert board.get_by_text("Readiness index").count() >= 1
    forms = board.locator("main form")
    assert forms.count() == 0
    assert board.locator("main input, main textarea, main select").count() == 0
    posting = [form.get_attribute("action") for form in board.locator("form").all()]
    assert posting == ["/auth/logout"]  # signing out is the only thing to send
    with board.expect_download() as report:
        board.get_by_role("link", name="Download the PDF report").click()
    assert report.value.suggested_filename.endswith(".pdf")
    response = board.goto(assessment_url)
    assert response.status == 403
    board.context.close()
    lead.context.close()

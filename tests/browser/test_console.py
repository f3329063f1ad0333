"""The comms lead's whole journey in a real browser, and leadership finding nothing to change.

Uses the real server and Chromium of ``tests/browser/conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_survey_keyboard import SERIOUS
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
    for language in ("Deutsch", "Français"):  # issue 20: this used to fail with 40 errors
        lead.get_by_label(language, exact=True).check()
    lead.get_by_role("button", name="Save as draft").click()
    assert lead.locator("h1").inner_text() == "Browser wave"
    lead.get_by_role("link", name="Open the survey").click()
    assert "Open “Browser wave” now?" in lead.locator("h1").inner_text()
    lead.get_by_role("button", name="Yes, open the survey").click()
    assessment_url = lead.url

    # Share: the link to copy
    lead.locator("nav.tabs").get_by_role("link", name="Sharing").click()
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
    lead.get_by_role("link", name="Close the survey").click()
    lead.get_by_role("button", name="Yes, close the survey").click()
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


# ---------------------------------------------------------------- every console page, 3 × 2

SIZES = {"desk": (1366, 900), "phone": (360, 740)}
LOCALES = {"en": "en-GB", "de": "de-DE", "fr": "fr-FR"}
SHOTS = os.environ.get("READINESS_CONSOLE_SHOTS")  # a folder: screenshots of every page


class Walk:
    """One comms lead in one language on one screen: every page checked as it is reached."""

    def __init__(self, page, base: str, width: int, name: str) -> None:
        self.page, self.base, self.width, self.name = page, base, width, name
        self.axe = Axe()
        self.seen: list[str] = []

    def check(self, label: str, known: frozenset[str] = frozenset()) -> None:
        """No serious or critical axe finding (but the ``known`` rules, found in pages outside
        the console's templates and reported), no sideways scrolling, a screenshot if asked."""
        page = self.page
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{self.name}-{label}.png", full_page=True)
        found = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}×)"
            for v in self.axe.run(page).response["violations"]
            if v.get("impact") in SERIOUS and v["id"] not in known
        ]
        assert not found, f"{label} ({page.url}): {found}"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.width, f"{label} is {wide}px wide at {self.width}px"
        assert page.locator("text=Traceback").count() == 0
        self.seen.append(label)

    def go(self, path: str, label: str, known: frozenset[str] = frozenset()) -> None:
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        self.check(label, known)

    def press(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).first.click()


@pytest.mark.parametrize("language", ["en", "de", "fr"])
@pytest.mark.parametrize("size", ["desk", "phone"])
def test_every_console_page_in_every_language_on_both_screens(
    live_app, live_server, browser, language, size
):
    """Create with every language, edit groups, open, share, progress, close, results,
    downloads, audit, new wave and delete: each page sound for axe and without sideways
    scrolling, and each irreversible step asked first."""
    width, height = SIZES[size]
    email = f"lead-{language}-{size}@example.org"
    make_user(live_app, email, ADMIN_PASSWORD, "admin")
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale=LOCALES[language], accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.set_default_navigation_timeout(60_000)  # the first results page draws its charts cold
    walk = Walk(page, live_server, width, f"{language}-{size}")
    try:
        page.goto(f"{live_server}/auth/login")
        page.fill("#email", email)
        page.fill("#password", ADMIN_PASSWORD)
        walk.press("form:has(#password) button[type=submit]")
        assert page.get_attribute("html", "lang") == language
        walk.go("/admin/", "index")

        # New assessment: every language, one more group, a pasted-in headcount
        walk.go("/admin/assessments/new", "new")
        page.fill("#title", f"Wave {language} {size}")
        page.fill("#organisation", "Fabrikam")
        page.fill("#headcount", "80")
        page.fill("#k", "3")
        for code in ("en", "de", "fr"):
            page.check(f"input[name=languages][value={code}]")
        page.check("input[name=distribution][value=both]")
        walk.press("button[name=groups_edit][value='add-option:0']")
        assert page.locator("#g-0-o-4-label-en").count() == 1  # the languages ticked show
        page.fill("#g-0-o-4-label-en", "Research")
        page.fill("#g-0-o-4-label-de", "Forschung")
        page.fill("#g-0-o-4-people", "4")
        walk.check("new-groups")
        walk.press("form[novalidate] > .button-row button[type=submit]")
        assert re.search(r"/admin/assessments/\d+$", page.url), page.url
        overview = page.url.removeprefix(live_server)
        walk.check("overview-draft")
        assert page.locator(".notice").count() == 1  # Research: 4 people, warned by its label
        walk.go(f"{overview}/edit", "settings")
        walk.go(f"{overview}/preview?language=fr", "preview")
        walk.go(f"{overview}/preview/about?language=fr", "preview-about")
        assert page.locator(".untranslated").count() == 1  # Research has no French label

        # Open, after saying what opening means
        walk.go(overview, "overview-draft-again")
        walk.press(f"a[href='{overview}/open']")
        walk.check("confirm-open")
        walk.press(f"form[action='{overview}/open'] button")
        walk.check("overview-open")
        walk.go(f"{overview}/edit", "settings-open")  # the questions are fixed: shown, not edited
        assert page.locator("input[name^='g-0-']").count() == 0

        # Share: the full link, the copy button
        walk.go(f"{overview}/share", "share")
        assert page.input_value("#survey-link").startswith(f"{live_server}/s/")
        page.click("button[data-copy]")
        page.wait_for_function("document.getElementById('copy-status').textContent !== ''")
        page.fill("#count", "12")
        with page.expect_download() as codes:
            page.click(f"form[action='{overview}/share/codes'] button[type=submit]")
        assert codes.value.suggested_filename.endswith(".csv")
        walk.go(f"{overview}/share", "share-codes")
        assert "12" in page.inner_text("#codes")  # one batch: the totals say it all

        # Answers arrive; progress by group and by day
        assessment_id = int(overview.rsplit("/", 1)[1])
        add_responses_to(live_app, assessment_id, {"client_services": 6, "operations": 5,
                                                   "research": 1})
        walk.go(f"{overview}/progress", "progress")
        assert page.inner_text('[data-field="responses"]') == "12"
        assert page.locator('td[data-option="research"] .hidden-count').count() == 1

        # Close, after saying what closing means
        walk.go(overview, "overview-open-again")
        walk.press(f"a[href='{overview}/close']")
        walk.check("confirm-close")
        walk.press(f"form[action='{overview}/close'] button")
        walk.check("overview-closed")
        assert page.locator(".notice").count() == 0  # the small-group warning is gone

        # Results and downloads
        walk.go(f"{overview}/results", "results")
        if size == "desk":  # the same files on a phone; once per language is enough
            with page.expect_download() as pdf:
                page.locator(f"a[href^='{overview}/results.pdf']").first.click()
            assert pdf.value.suggested_filename.endswith(".pdf")
        walk.go(f"{overview}/data", "data")
        if size == "desk":
            with page.expect_download() as exported:
                page.locator(f"a[href='{overview}/responses.csv']").click()
            assert exported.value.suggested_filename.endswith(".csv")
        walk.go(f"{overview}/access", "access")
        walk.go("/admin/audit-log?action=results.release", "audit")
        read = page.locator("table.audit tbody tr").count()
        assert read >= (2 if size == "desk" else 1)  # the page (and on the desktop the PDF)

        # A new wave copies the questions and groups
        walk.go(overview, "overview-released")
        walk.press(f"form[action='{overview}/new-wave'] button")
        walk.check("new-wave")
        assert page.input_value("#g-0-o-4-label-de") == "Forschung"

        # Delete the first wave with all its answers, after saying what that means
        walk.go(f"{overview}/delete", "confirm-delete")
        walk.press(f"form[action='{overview}/delete'] button")
        assert page.url.endswith("/admin/")
        walk.check("index-after-delete")  # the new wave is listed, the first one is gone
        assert page.goto(live_server + overview).status == 404
    finally:
        context.close()
    print(f"{language}-{size}: {len(walk.seen)} pages checked")


def add_responses_to(app, assessment_id: int, departments: dict[str, int]) -> None:
    """Sealed answers, as the survey stores them while open (mixed at close)."""
    from tests.admin.helpers import add_responses

    add_responses(app, assessment_id, departments)

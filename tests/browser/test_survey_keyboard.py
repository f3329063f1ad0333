"""The survey on a 360 px phone, answered with the keyboard alone, and checked with axe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from readiness import assessments, db, lifecycle
from readiness.models import Assessment, Comment, Response
from surveys.loader import default_instrument
from tests.respond.conftest import close_all

pytestmark = pytest.mark.browser

SERIOUS = {"serious", "critical"}


def open_assessment(app, **spec) -> str:
    with app.app_context(), db.writing():
        assessment = assessments.create(
            assessments.AssessmentSpec(
                title="Keyboard wave",
                organisation="Harbour Council",
                languages=("en", "de", "fr"),
                **spec,
            )
        )
        lifecycle.open_(assessment)
        return assessment.public_id


def tab_to(page, predicate: str, limit: int = 120) -> None:
    """Press Tab until ``predicate`` (JS, given the focused element ``el``) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def assert_accessible(page, axe: Axe, seen: dict) -> None:
    results = axe.run(page)
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}×)"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]
    assert not serious, f"{page.url}: {serious}"
    seen[page.url] = True


def assert_fits_the_phone(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360, f"{page.url} is {overflow}px wide at a 360px viewport"


def test_whole_survey_by_keyboard_on_a_phone_passes_axe(live_app, live_server, phone):
    instrument = default_instrument()
    public_id = open_assessment(live_app)
    axe, checked = Axe(), {}
    phone.goto(f"{live_server}/s/{public_id}")
    assert_accessible(phone, axe, checked)
    assert_fits_the_phone(phone)

    tab_to(phone, "el.textContent.trim() === 'Start the survey'")
    press_and_wait(phone, "Enter")

    # One page per dimension: Space picks "strongly disagree", three right arrows make it "agree".
    assert "Step 1 of 8" in phone.inner_text("main")
    for dimension in instrument.dimensions:
        assert_accessible(phone, axe, checked)
        assert_fits_the_phone(phone)
        for item in instrument.items_of(dimension.id):
            tab_to(phone, f"el.name === 'item_{item.id}'")
            phone.keyboard.press("Space")
            for _ in range(3):
                phone.keyboard.press("ArrowRight")
        tab_to(phone, "el.value === 'next'")
        press_and_wait(phone, "Enter")

    # About you, after the statements: the first option of each question, chosen with Space.
    assert "Step 6 of 8" in phone.inner_text("main")
    assert_accessible(phone, axe, checked)
    assert_fits_the_phone(phone)
    for question in instrument.segments:
        tab_to(phone, f"el.name === 'segment_{question.id}'")
        phone.keyboard.press("Space")
    tab_to(phone, "el.value === 'next'")
    press_and_wait(phone, "Enter")

    assert_accessible(phone, axe, checked)
    tab_to(phone, "el.name === 'open_first_step'")
    phone.keyboard.type("Give each team an hour a month to try it.")
    tab_to(phone, "el.value === 'next'")
    press_and_wait(phone, "Enter")
    assert "Give each team an hour a month to try it." in phone.inner_text("main")

    assert "Check your answers" in phone.inner_text("h1")
    assert_accessible(phone, axe, checked)
    assert_fits_the_phone(phone)
    tab_to(phone, "el.textContent.trim() === 'Send my answers'")
    press_and_wait(phone, "Enter")

    assert "Thank you" in phone.inner_text("h1")
    assert_accessible(phone, axe, checked)
    assert len(checked) == 10

    close_all(live_app)  # answers stay sealed until the survey closes
    with live_app.app_context():
        response = db.session().scalar(select(Response))
        assert set(response.answers.values()) == {4} and len(response.answers) == 30
        assert response.segments == {q.id: q.options[0].id for q in instrument.segments}
        comment = db.session().scalar(select(Comment))
        assert comment.text == "Give each team an hour a month to try it."


#: Two answers of 2,000 characters: one Greek with line breaks (counted once, as the browser
#: counts them), one Chinese. Together far more than a cookie can hold.
GREEK = "\n".join(["Η ηγεσία μας πρέπει να δείχνει το παράδειγμα."] * 44)[:1999] + "."
CHINESE = ("领导应当以身作则，给每个团队时间学习新的工具。" * 90)[:1999] + "。"


def test_long_answers_survive_back_change_and_language_by_keyboard(live_app, live_server, phone):
    assert len(GREEK) == len(CHINESE) == 2000
    public_id = open_assessment(live_app)
    axe = Axe()
    phone.goto(f"{live_server}/s/{public_id}")
    phone.click("text=Start the survey")
    phone.goto(f"{live_server}/s/{public_id}/p/open")
    phone.fill("#open_concerns", GREEK)
    phone.fill("#open_first_step", CHINESE)
    assert phone.eval_on_selector("#open_concerns", "el => el.value.length") == 2000
    tab_to(phone, "el.value === 'next'")
    press_and_wait(phone, "Enter")

    assert "Check your answers" in phone.inner_text("h1")
    assert CHINESE in phone.inner_text("main")
    assert_accessible(phone, axe, {})
    assert_fits_the_phone(phone)

    # Back, by keyboard: the texts are there to edit.
    tab_to(phone, "el.textContent.trim() === 'Back'")
    press_and_wait(phone, "Enter")
    assert phone.input_value("#open_concerns") == GREEK
    assert phone.input_value("#open_first_step") == CHINESE
    tab_to(phone, "el.value === 'next'")
    press_and_wait(phone, "Enter")

    # "Change" another page, answer it, and Next comes straight back to the review.
    tab_to(phone, "el.textContent.trim() === 'Change Ownership'")
    press_and_wait(phone, "Enter")
    assert "Ownership" in phone.inner_text("h1")
    tab_to(phone, "el.name === 'item_ow1'")
    phone.keyboard.press("Space")
    tab_to(phone, "el.value === 'next'")
    press_and_wait(phone, "Enter")
    assert "Check your answers" in phone.inner_text("h1")
    assert CHINESE in phone.inner_text("main")

    # Switching language on the review keeps them too.
    tab_to(phone, "el.getAttribute('lang') === 'de' && el.tagName === 'BUTTON'", limit=200)
    press_and_wait(phone, "Enter")
    assert "Antworten senden" in phone.inner_text("main") and CHINESE in phone.inner_text("main")
    assert_accessible(phone, axe, {})
    tab_to(phone, "el.textContent.trim() === 'Antworten senden'")
    press_and_wait(phone, "Enter")
    assert "Vielen Dank" in phone.inner_text("h1")

    close_all(live_app)  # answers stay sealed until the survey closes
    with live_app.app_context():
        session = db.session()
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == public_id))
        response = session.scalar(select(Response).where(Response.assessment_id == assessment.id))
        assert response.language == "de" and response.answers == {"ow1": 1}
        texts = session.scalars(select(Comment.text).where(Comment.assessment_id == assessment.id))
        assert sorted(texts) == sorted([GREEK, CHINESE])


def test_back_keeps_answers_in_the_browser(live_app, live_server, phone):
    public_id = open_assessment(live_app)
    phone.goto(f"{live_server}/s/{public_id}")
    phone.click("text=Start the survey")
    phone.click("text=Next")
    phone.check("#item_tm1-4")
    phone.click("button[value=back]")
    phone.click("text=Next")
    assert phone.is_checked("#item_tm1-4")


def test_error_summary_takes_focus_and_passes_axe(live_app, live_server, phone):
    public_id = open_assessment(live_app)
    phone.goto(f"{live_server}/s/{public_id}")
    phone.click("text=Start the survey")
    phone.goto(f"{live_server}/s/{public_id}/p/open")
    # The browser stops typing at maxlength; a pasted or scripted value can still be longer.
    phone.eval_on_selector(
        "#open_concerns", "el => { el.maxLength = 5000; el.value = 'x'.repeat(2001); }"
    )
    phone.click("button[value=next]")
    phone.wait_for_load_state()
    phone.wait_for_function("document.activeElement.id === 'error-summary'", timeout=5000)
    assert_accessible(phone, Axe(), {})
    phone.keyboard.press("Tab")
    press_link = phone.evaluate("document.activeElement.getAttribute('href')")
    assert press_link == "#open_concerns"


def test_german_survey_and_refusal_pages_pass_axe(live_app, live_server, phone):
    public_id = open_assessment(live_app)
    phone.goto(f"{live_server}/s/{public_id}")
    phone.click("button[lang=de]")
    assert "Was wir speichern" in phone.inner_text("main")
    assert phone.get_attribute("html", "lang") == "de"
    assert_accessible(phone, Axe(), {})
    phone.goto(f"{live_server}/s/not-a-survey")
    assert_accessible(phone, Axe(), {})
    assert_fits_the_phone(phone)


def test_pages_work_without_javascript(live_app, live_server, browser):
    public_id = open_assessment(live_app)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/s/{public_id}")
        page.click("text=Start the survey")
        page.check("#item_lp1-1")
        # The language buttons send the page's form: what is ticked stays ticked.
        page.click("button[lang=de]")
        assert "Schritt 1 von 8" in page.inner_text("main") and page.is_checked("#item_lp1-1")
        page.click("button[lang=en]")
        page.click("button.primary[value=next]")
        assert "Step 2 of 8" in page.inner_text("main")
        page.goto(f"{live_server}/s/{public_id}/p/open")
        page.fill("#open_concerns", "Written without JavaScript")
        page.click("button[value=next]")
        page.click("text=Back")
        assert page.input_value("#open_concerns") == "Written without JavaScript"
        page.click("button[value=next]")
        page.click("text=Send my answers")
        assert "Thank you" in page.inner_text("h1")
    finally:
        context.close()

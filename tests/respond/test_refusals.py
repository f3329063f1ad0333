"""Whatever a respondent (or anyone) sends wrong gets a clear page, the right status, and
leaves the database exactly as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from .conftest import Respondent, counts, make_codes, make_survey, review_section, text_of


@pytest.fixture
def unchanged(app):
    """Asserts after the test that no response, comment or code use was stored."""
    before = counts(app)
    yield
    assert counts(app) == before


def test_out_of_range_answer_is_refused_and_the_page_shown_again(respondent, unchanged):
    respondent.start()
    page = respondent.answer("ownership", {"item_ow1": "9", "item_ow2": "4"})
    assert page.status_code == 400
    text = text_of(page)
    assert "There is a problem" in text and "Please choose one of the answers shown." in text
    assert 'href="#item_ow1-0"' in text
    assert 'id="error-summary"' in text and "autofocus" in text


def test_refused_page_keeps_nothing_from_it(app, respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "0", "item_ow2": "4"})
    review = respondent.open("/p/review")
    assert "Not answered" in review_section(review, "ownership")
    assert "Agree" not in review_section(review, "ownership")


@pytest.mark.parametrize(
    "data",
    [
        {"item_ow1": "dontknow"},
        {"item_ow1": ["4", "5"]},
        {"item_ow1": "-1"},
        {"item_ow1": "4.0"},
    ],
)
def test_unknown_answers_are_refused(respondent, unchanged, data):
    respondent.start()
    assert respondent.answer("ownership", data).status_code == 400


def test_unknown_segment_option_is_refused(respondent, unchanged):
    respondent.start()
    page = respondent.answer("about", {"segment_department": "board_of_directors"})
    assert page.status_code == 400 and 'href="#segment_department-0"' in text_of(page)


def test_answer_longer_than_2000_characters_is_refused_with_its_length(respondent, unchanged):
    respondent.start()
    page = respondent.answer("open", {"open_concerns": "x" * 2001})
    assert page.status_code == 400
    assert "keep this answer to 2000 characters; it is 2001 now" in text_of(page)
    assert 'href="#open_concerns"' in text_of(page)


def test_2000_characters_are_accepted_and_stored_whole(app, respondent):
    respondent.start()
    assert respondent.answer("open", {"open_concerns": "y" * 2000}).status_code == 307
    respondent.submit()
    assert counts(app)[:2] == (1, 1)


def test_two_long_incompressible_answers_are_accepted_and_stored(app, respondent):
    respondent.start()
    noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000))
    page = respondent.answer("open", {"open_concerns": noise, "open_first_step": noise[::-1]})
    assert page.status_code == 307
    assert len(page.headers.get("Set-Cookie", "")) < 4093
    assert respondent.submit().status_code == 303
    assert counts(app)[:2] == (1, 2)


def test_missing_csrf_token_is_refused(respondent, unchanged):
    respondent.start()
    page = respondent.client.post(
        f"{respondent.base}/p/ownership", data={"item_ow1": "4", "nav": "next"}
    )
    assert page.status_code == 400 and "This page has expired" in text_of(page)
    assert respondent.client.post(f"{respondent.base}/submit").status_code == 400


def test_body_over_the_size_limit_gets_the_friendly_413_page(respondent, unchanged):
    respondent.start()
    page = respondent.post("/p/open", {"open_concerns": "z" * (300 * 1024), "nav": "next"})
    assert page.status_code == 413
    assert "too much to send at once" in text_of(page)


def test_unknown_assessment_is_404(client, unchanged):
    page = client.get("/s/no-such-survey")
    assert page.status_code == 404 and "We could not find this survey" in text_of(page)
    assert client.get("/s/no-such-survey/p/about").status_code == 404


def test_unknown_page_is_404(respondent, unchanged):
    respondent.start()
    assert respondent.open("/p/happiness").status_code == 404


def test_closed_assessment_is_410_on_every_page(app, client, unchanged):
    public_id = make_survey(app, status="closed")
    for path in ("", "/p/about", "/p/review"):
        page = client.get(f"/s/{public_id}{path}")
        assert page.status_code == 410 and "This survey has closed" in text_of(page)


def test_assessment_past_its_closing_day_is_410(app, client, unchanged):
    public_id = make_survey(app, closes_on=date.today() - timedelta(days=1))
    assert client.get(f"/s/{public_id}").status_code == 410


def test_draft_assessment_is_not_open_yet_404(app, client, unchanged):
    public_id = make_survey(app, status="draft")
    page = client.get(f"/s/{public_id}")
    assert page.status_code == 404 and "This survey is not open yet" in text_of(page)


def test_scheduled_assessment_says_when_it_opens(app, client, unchanged):
    opens = date.today() + timedelta(days=3)
    public_id = make_survey(app, opens_on=opens)
    page = client.get(f"/s/{public_id}")
    assert page.status_code == 404 and str(opens.year) in text_of(page)


def test_submit_after_the_survey_closed_is_410_and_stores_nothing(app, respondent, unchanged):
    from sqlalchemy import select

    from readiness import db, lifecycle
    from readiness.models import Assessment

    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.open("/p/review")
    with app.app_context(), db.writing() as session:
        lifecycle.close(session.scalar(select(Assessment)))
    page = respondent.post("/submit")
    assert page.status_code == 410


def test_second_submission_from_the_same_browser_is_409(app, respondent):
    respondent.start()
    respondent.submit()
    assert counts(app)[0] == 1
    page = respondent.open()
    assert page.status_code == 409
    assert "You have already answered — thank you" in text_of(page)
    assert respondent.post("/start").status_code == 409
    assert counts(app)[0] == 1


def test_unknown_code_link_is_404(app, client, unchanged):
    public_id = make_survey(app, distribution="codes")
    make_codes(app, public_id)
    page = client.get(f"/s/{public_id}/c/{'A' * 32}")
    assert page.status_code == 404 and "We do not recognise this code" in text_of(page)


def test_used_code_is_410(app, client):
    public_id = make_survey(app, distribution="codes")
    [(long_code, _short)] = make_codes(app, public_id)
    first = Respondent(client, public_id)
    first.open(f"/c/{long_code}")
    first.submit()
    assert counts(app) == (1, 0, 1)
    later = Respondent(type(client)(client.application), public_id)
    # Opening the link answers as for an unused code: the link tells nobody who answered.
    assert later.open(f"/c/{long_code}").status_code == 303
    page = later.submit()
    assert page.status_code == 410 and "already been used" in text_of(page)
    assert counts(app) == (1, 0, 1)


def test_codes_only_survey_cannot_be_started_without_a_code(app, client, unchanged):
    public_id = make_survey(app, distribution="codes")
    respondent = Respondent(client, public_id)
    landing = text_of(respondent.open())
    assert "Start the survey" not in landing and "Enter your code" in landing
    assert respondent.post("/start").status_code == 403


def test_code_link_on_a_link_only_survey_is_404(app, client, unchanged):
    public_id = make_survey(app)
    assert client.get(f"/s/{public_id}/c/{'B' * 32}").status_code == 404


def test_get_on_submit_is_not_allowed(respondent, unchanged):
    respondent.start()
    assert respondent.open("/submit").status_code == 405


@pytest.mark.parametrize("distribution", ["link", "codes"])
def test_send_pressed_again_after_the_browser_gave_up_stores_the_answers_once(app, distribution):
    """The first Send was stored, but its answer never reached the browser (it gave up): the
    browser still holds the draft, and pressing Send again must keep one copy, not two, and
    thank them rather than say their code was used."""
    public_id = make_survey(app, distribution=distribution)
    respondent = Respondent(app.test_client(), public_id)
    if distribution == "codes":
        [(long_code, _)] = make_codes(app, public_id)
        respondent.open(f"/c/{long_code}")
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.answer("open", {"open_concerns": "Only once, please"})
    assert respondent.shows_review()
    review = respondent.shown
    cookie = respondent.client.get_cookie("readiness_session").value
    assert respondent.submit().status_code == 303
    # The browser never saw that answer: it still has the cookie and the page from before.
    respondent.client.set_cookie("readiness_session", cookie)
    respondent.shown = review
    again = respondent.submit()
    assert again.status_code == 303 and again.headers["Location"].endswith("/thanks")
    assert counts(app) == (1, 1, 1 if distribution == "codes" else 0)

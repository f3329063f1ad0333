"""A respondent walks the survey from the link to the thank-you page, in each language."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Comment, Response
from surveys.loader import default_instrument

from .conftest import close_all, counts, make_survey, review_section, text_of

DIMENSIONS = [d.id for d in default_instrument().dimensions]
PAGES = [*DIMENSIONS, "about", "open", "review"]

#: What each language shows on the way: the front page, a statement, the buttons, the review.
WORDS = {
    "en": ["What we keep", "Strongly agree", "Next", "Step 1 of 8", "Send my answers", "Thank you"],
    "de": ["Was wir speichern", "Stimme voll und ganz zu", "Weiter", "Schritt 1 von 8",
           "Antworten senden", "Vielen Dank"],
    "fr": ["Ce que nous conservons", "Tout à fait d'accord", "Suivant", "Étape 1 sur 8",
           "Envoyer mes réponses", "Merci"],
}  # fmt: skip


def walk(respondent, language: str):
    """Answer every page: the first segment option, 4 to every statement, one comment."""
    instrument = default_instrument()
    seen = {}
    respondent.choose_language(language)
    seen["landing"] = text_of(respondent.open())
    assert respondent.start().status_code == 303
    segments = {f"segment_{q.id}": q.options[0].id for q in instrument.segments}
    assert respondent.answer("about", segments).status_code == 303
    for dimension in DIMENSIONS:
        seen.setdefault("statements", text_of(respondent.open(f"/p/{dimension}")))
        items = {f"item_{item.id}": "4" for item in instrument.items_of(dimension)}
        assert respondent.answer(dimension, items).status_code == 303
    answered = respondent.answer("open", {"open_first_step": "Short videos from our leaders"})
    assert answered.status_code == 307  # the browser brings the open answer to the review
    assert answered.headers["Location"].endswith("/p/review?carrying=1")
    seen["review"] = text_of(respondent.shown)
    sent = respondent.submit()
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")
    seen["thanks"] = text_of(respondent.client.get(sent.headers["Location"]))
    return seen


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_whole_survey_in_each_language_stores_one_response(app, respondent, language):
    seen = walk(respondent, language)
    landing_word, agree, next_word, step, send, thanks = WORDS[language]
    assert landing_word in seen["landing"]
    assert agree in seen["statements"] and next_word in seen["statements"]
    assert step in seen["statements"]
    assert send in seen["review"]
    assert thanks in seen["thanks"]
    item = default_instrument().items_of("ownership")[0]
    assert item.text[language] in seen["review"]
    assert counts(app) == (1, 1, 0)
    close_all(app)
    with app.app_context():
        response = db.session().scalar(select(Response))
        assert response.language == language
        assert response.answers["lp1"] == 4 and len(response.answers) == 30
        assert response.segments["department"] == "client_services"


def test_stored_response_keeps_the_day_only_and_comments_apart(app, respondent):
    walk(respondent, "en")
    close_all(app)
    with app.app_context():
        response = db.session().scalar(select(Response))
        comment = db.session().scalar(select(Comment))
        assert type(response.submitted_on) is date
        assert comment.text == "Short videos from our leaders"
    assert {c.name for c in Response.__table__.columns} == {
        "id",
        "assessment_id",
        "submitted_on",
        "language",
        "segments",
        "answers",
        "source",
    }
    assert {c.name for c in Comment.__table__.columns} == {
        "id",
        "assessment_id",
        "question_id",
        "text",
    }


def test_landing_page_says_who_why_how_long_and_what_is_kept(respondent):
    page = text_of(respondent.open())
    assert "Northwind Trading" in page
    assert default_instrument().text("purpose", "en") in page
    assert "about 6 minutes" in page
    for said in (
        "Your answers.",
        "The day you send them.",
        "The language you answer in.",
        "Your name or e-mail address.",
        "Your IP address, your device or your browser.",
        "The time of day you answer.",
        "at least 5 people",
        "at least 10 have been",
    ):
        assert said in page  # fmt: skip


def test_language_choice_is_limited_to_the_assessments_languages(app, client):
    from .conftest import Respondent

    respondent = Respondent(client, make_survey(app, languages=("de", "en")))
    respondent.choose_language("fr")
    page = text_of(respondent.open(headers={"Accept-Language": "fr"}))
    assert "Was wir speichern" in page  # the assessment's first language, not French
    assert 'lang="de"' in page


def test_browser_language_is_used_until_one_is_chosen(respondent):
    page = text_of(respondent.open(headers={"Accept-Language": "fr-CH, fr;q=0.9"}))
    assert "Ce que nous conservons" in page


def test_browser_language_follows_each_header_and_each_surveys_languages(app, client):
    from readiness import i18n

    from .conftest import Respondent

    german_first = Respondent(client, make_survey(app, languages=("de", "en")))
    english_first = Respondent(client, make_survey(app, languages=("en", "fr")))
    # The same header, asked again, and asked of two surveys offering different languages.
    for _ in range(2):
        assert 'lang="en"' in text_of(german_first.open(headers={"Accept-Language": "en"}))
        assert 'lang="de"' in text_of(german_first.open(headers={"Accept-Language": "fr"}))
        assert 'lang="fr"' in text_of(english_first.open(headers={"Accept-Language": "fr"}))
    # A long header is worked out the same, and never kept in the cache.
    long_header = ", ".join(f"x{n};q=0.{n % 9 + 1}" for n in range(60)) + ", fr;q=0.95"
    assert len(long_header) > i18n._CACHED_HEADER_LENGTH
    before = i18n._cached_best_match.cache_info().currsize
    assert 'lang="fr"' in text_of(english_first.open(headers={"Accept-Language": long_header}))
    assert i18n._cached_best_match.cache_info().currsize == before


def test_back_saves_the_page_and_keeps_answers(respondent):
    respondent.start()
    went = respondent.answer("training_maturity", {"item_tm1": "5", "item_tm2": "dk"}, "back")
    assert went.status_code == 303 and went.headers["Location"].endswith("/p/leadership_presence")
    again = respondent.open("/p/training_maturity").get_data(as_text=True)
    assert '<input checked id="item_tm1-4" name="item_tm1" type="radio" value="5">' in again
    assert '<input checked id="item_tm2-5" name="item_tm2" type="radio" value="dk">' in again


def test_an_answer_can_be_taken_back_by_answering_the_page_again_without_it(app, respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "2"})
    respondent.answer("ownership", {})
    respondent.submit()
    close_all(app)
    with app.app_context():
        assert db.session().scalar(select(Response)).answers == {}


def test_progress_shows_step_text_and_a_bar(respondent):
    respondent.start()
    page = respondent.open("/p/training_maturity").get_data(as_text=True)
    assert "Step 2 of 8" in page
    assert '<progress max="8" value="2"' in page


def test_each_statement_is_a_fieldset_with_legend_and_labelled_radios(respondent):
    respondent.start()
    page = respondent.open("/p/ownership").get_data(as_text=True)
    assert page.count("<fieldset") == 6 and page.count("<legend>") == 6
    assert '<label for="item_ow1-5"><input id="item_ow1-5"' in page
    assert "Don&#39;t know" in page


def test_about_you_offers_prefer_not_to_say_on_every_question(respondent):
    respondent.start()
    page = respondent.open("/p/about").get_data(as_text=True)
    assert page.count('value="prefer_not_to_say"') == len(default_instrument().segments)


def test_review_lists_answers_with_buttons_to_change_each_page(respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "1"})
    page = text_of(respondent.open("/p/review"))
    assert "Strongly disagree" in page and "Not answered" in page
    for name in PAGES[:-1]:
        change = f"/s/{respondent.public_id}/p/{name}?carrying=1&amp;return=review"
        assert f'formaction="{change}"' in respondent.shown.get_data(as_text=True)
    assert "<a " not in page.split("<main")[1]  # no link that would leave the open answers behind


def test_respondent_never_sees_a_score(respondent):
    seen = walk(respondent, "en")
    for page in seen.values():
        visible = re.sub(r"<[^>]+>", " ", page)
        assert not re.search(r"\b(score|index|readiness level)\b", visible, re.IGNORECASE)


def test_survey_pages_send_no_referrer_and_are_not_stored(respondent):
    for page in (respondent.open(), respondent.start()):
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in respondent.open().headers["Content-Security-Policy"]


def test_pages_without_a_started_survey_lead_to_the_front_page(respondent):
    page = respondent.open("/p/ownership")
    assert page.status_code == 303 and page.headers["Location"].endswith(respondent.public_id)


def test_thank_you_page_needs_an_answer_first(respondent):
    assert respondent.open("/thanks").status_code == 303


def test_switching_language_on_a_page_keeps_what_is_ticked_and_comes_back_to_it(respondent):
    respondent.start()
    page = respondent.open("/p/ownership").get_data(as_text=True)
    # The language buttons belong to the page's form, so they send its answers, without JS.
    assert '<form method="post" action="/s/' in page and 'id="answers"' in page
    assert 'form="answers" name="language" value="fr"' in page
    switched = respondent.post("/p/ownership", {"language": "fr", "item_ow1": "4"})
    assert switched.status_code == 303 and switched.headers["Location"].endswith("/p/ownership")
    again = respondent.open("/p/ownership").get_data(as_text=True)
    assert "Tout à fait d&#39;accord" in again
    assert '<input checked id="item_ow1-3" name="item_ow1" type="radio" value="4">' in again


def test_a_language_the_survey_does_not_offer_changes_nothing_but_keeps_the_answers(respondent):
    respondent.start()
    respondent.post("/p/ownership", {"language": "xx", "item_ow1": "2"})
    again = text_of(respondent.open("/p/ownership"))
    assert "Strongly agree" in again
    assert 'checked id="item_ow1-1"' in again


def test_change_from_the_review_then_next_returns_to_the_review(respondent):
    respondent.start()
    respondent.answer("leadership_presence", {"item_lp1": "2"})
    respondent.open("/p/review")
    page = respondent.press("/p/leadership_presence?carrying=1&return=review")
    assert "Leadership presence" in text_of(page)
    action = f'action="{respondent.base}/p/leadership_presence?return=review"'
    assert action in page.get_data(as_text=True)
    sent = {"item_lp1": "5", "nav": "next"}
    reply = respondent.post("/p/leadership_presence?return=review", sent)
    assert reply.status_code == 303 and reply.headers["Location"].endswith("/p/review")
    assert "Strongly agree" in review_section(respondent.follow(reply, sent), "leadership_presence")


def test_back_on_a_page_opened_from_the_review_goes_to_the_page_before(respondent):
    respondent.start()
    reply = respondent.post("/p/training_maturity?return=review", {"nav": "back"})
    assert reply.headers["Location"].endswith("/p/leadership_presence")


def test_return_names_only_the_review(respondent):
    respondent.start()
    reply = respondent.post("/p/training_maturity?return=//evil.example", {"nav": "next"})
    assert reply.headers["Location"].endswith("/p/security_risk")


def test_switching_language_on_a_page_opened_from_the_review_still_returns(respondent):
    respondent.start()
    reply = respondent.post("/p/ownership?return=review", {"language": "de", "item_ow1": "3"})
    assert reply.headers["Location"].endswith("/p/ownership?return=review")
    reply = respondent.post("/p/ownership?return=review", {"nav": "next", "item_ow1": "3"})
    assert reply.headers["Location"].endswith("/p/review")


def test_switching_language_never_redirects_off_the_survey(respondent):
    respondent.open()
    switched = respondent.post("/language", {"language": "de", "next": "//evil.example"})
    assert switched.headers["Location"] == f"/s/{respondent.public_id}"


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, de;q=0.5", "fr"),  # a regional tag counts for its language, in its place
    ("en-GB,fr;q=0.5", "en"),
    ("de-AT", "de"),
    ("FR", "fr"),
    ("es, fr;q=0.4", "fr"),  # not offered: the next one that is
    ("es, *;q=0.4", "en"),  # anything: the survey's first language
    ("", "en"),
    ("x" * 20 + ";q=oops, de", "de"),
])
def test_the_browsers_list_is_read_in_its_order_regional_tags_included(app, client, header,
                                                                      expected):
    from .conftest import Respondent

    respondent = Respondent(client, make_survey(app, languages=("en", "de", "fr")))
    assert f'lang="{expected}"' in text_of(respondent.open(headers={"Accept-Language": header}))


def test_enter_in_a_field_goes_on_rather_than_switching_language(respondent):
    """Browsers press a form's first button on Enter; the language buttons belong to the page's
    form, so a nameless one before them goes on, as Next does."""
    respondent.start()
    page = respondent.open("/p/ownership").get_data(as_text=True)
    header = page.split("<main")[0]
    assert header.index('form="answers" hidden') < header.index('name="language"')
    reply = respondent.post("/p/ownership", {"item_ow1": "4"})  # what that button sends
    assert reply.headers["Location"].endswith("/p/about")

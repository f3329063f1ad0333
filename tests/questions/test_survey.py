"""A respondent answers the custom pages: each type draws its own field, conditions decide which
pages and questions are asked (on the server, page by page), and the review shows what was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Response
from tests.respond.conftest import Respondent, close_all, review_section, sent, text_of

from .conftest import make_pulse_survey


@pytest.fixture
def respondent(app, client):
    return Respondent(client, make_pulse_survey(app))


def go_to_channels(respondent):
    respondent.start()
    return respondent.open("/p/channels")


def test_each_type_draws_its_own_field(respondent):
    page = go_to_channels(respondent).get_data(as_text=True)
    assert 'type="radio" value="yes"' in page and 'type="radio" value="dk"' in page
    assert 'name="question_news_sources" type="checkbox" value="manager"' in page
    page = respondent.open("/p/recommend").get_data(as_text=True)
    assert page.count('name="question_enps" type="radio"') == 11
    assert "0 means “Not at all likely”, 10 means “Extremely likely”." in text_of(
        respondent.shown)


def test_a_conditional_page_is_skipped_when_its_condition_is_not_met(respondent):
    go_to_channels(respondent)
    reply = respondent.answer("channels", {"question_uses_chat": "no"})
    assert reply.headers["Location"].endswith("/p/recommend")
    reply = respondent.answer("recommend", {}, nav="back")
    assert reply.headers["Location"].endswith("/p/channels")


def test_a_conditional_page_is_shown_when_its_condition_is_met(respondent):
    go_to_channels(respondent)
    reply = respondent.answer("channels", {"question_uses_chat": "yes"})
    assert reply.headers["Location"].endswith("/p/chat_use")
    assert "How often do you post" in text_of(respondent.shown)


def test_a_conditional_question_is_drawn_only_after_the_answer_it_needs(respondent):
    go_to_channels(respondent)
    respondent.answer("channels", {"question_news_sources": ["email"]})
    assert "question_manager_help" not in respondent.open("/p/recommend").get_data(as_text=True)
    respondent.answer("channels", {"question_news_sources": ["email", "manager"]})
    assert "question_manager_help" in respondent.open("/p/recommend").get_data(as_text=True)


def test_an_answer_outside_the_options_is_refused_next_to_its_question(respondent):
    go_to_channels(respondent)
    reply = respondent.post("/p/channels", {"question_news_sources": ["email", "fax"],
                                            "nav": "next"})
    assert reply.status_code == 400
    assert "Please choose one of the answers shown." in text_of(reply)
    reply = respondent.post("/p/recommend", {"question_enps": "11", "nav": "next"})
    assert reply.status_code == 400


def test_back_shows_the_answers_again(respondent):
    go_to_channels(respondent)
    respondent.answer("channels", {"question_news_sources": ["manager", "email"],
                                   "question_uses_chat": "dk"})
    page = respondent.open("/p/channels").get_data(as_text=True)
    assert 'checked id="question_news_sources-0"' in page  # email
    assert 'checked id="question_news_sources-2"' in page  # manager
    assert 'checked id="question_uses_chat-2"' in page  # don't know
    respondent.answer("recommend", {"question_enps": "0"})
    assert 'checked id="question_enps-0"' in respondent.open("/p/recommend").get_data(
        as_text=True)


def test_the_review_shows_what_was_asked_in_each_types_words(respondent):
    go_to_channels(respondent)
    respondent.answer("channels", {"question_uses_chat": "no",
                                   "question_news_sources": ["intranet", "colleagues"]})
    respondent.answer("recommend", {"question_enps": "9"})
    page = respondent.open("/p/review")
    assert "Intranet Colleagues" not in review_section(page, "channels")
    assert "Intranet, Colleagues" in review_section(page, "channels")
    recommend = review_section(page, "recommend")
    assert "How likely are you to recommend this organisation as a place to work? 9" in recommend
    assert "What would help your manager" not in recommend
    assert "Using the chat tool" not in text_of(page)  # a page not shown is not reviewed


def test_a_changed_answer_drops_the_answers_that_are_no_longer_asked(app, respondent):
    go_to_channels(respondent)
    respondent.answer("channels", {"question_uses_chat": "yes",
                                   "question_news_sources": ["manager"]})
    respondent.answer("chat_use", {"question_chat_often": "daily"})
    respondent.answer("recommend", {"question_enps": "10", "question_manager_help": ["time"]})
    respondent.answer("channels", {"question_uses_chat": "no",
                                   "question_news_sources": ["email"]})
    assert respondent.submit().status_code == 303
    (stored,) = sent(app)
    answers = stored["answers"]
    assert answers["uses_chat"] == "no" and answers["news_sources"] == ["email"]
    assert answers["enps"] == 10
    assert "chat_often" not in answers and "manager_help" not in answers


def test_answers_are_stored_as_each_type_keeps_them(app, respondent):
    go_to_channels(respondent)
    respondent.answer("channels", {"question_uses_chat": "yes",
                                   "question_news_sources": ["manager", "email"]})
    respondent.answer("chat_use", {"question_chat_often": "weekly"})
    respondent.answer("recommend", {"question_enps": "7", "question_manager_help": ["briefings"]})
    respondent.submit()
    close_all(app)
    with app.app_context():
        (answers,) = db.session().scalars(select(Response.answers)).all()
    assert {key: answers[key] for key in ("uses_chat", "news_sources", "chat_often", "enps",
                                          "manager_help")} == {
        "uses_chat": "yes", "news_sources": ["email", "manager"], "chat_often": "weekly",
        "enps": 7, "manager_help": ["briefings"],
    }

"""A respondent answers the custom pages: each type draws its own field, conditions decide which
pages and questions are asked (on the server, page by page), and the review shows what was."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Response
from surveys import conditions
from surveys.loader import instrument_from_text
from tests.respond.conftest import Respondent, close_all, review_section, sent, text_of

from .conftest import make_pulse_survey, pulse_source


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


FOLLOW_UP = """
[[pages]]
id = "manager_follow_up"
title = { en = "Your manager", de = "Ihre Führungskraft", fr = "Votre responsable" }

[[questions]]
id = "manager_often"
type = "single_choice"
page = "manager_follow_up"
show_if = { question = "news_sources", any_of = ["manager"] }
text = { en = "How often does your manager share news?", de = "Wie oft?", fr = "Combien ?" }
options = [
  { id = "weekly", labels = { en = "Every week", de = "Jede Woche", fr = "Chaque semaine" } },
  { id = "rarely", labels = { en = "Rarely", de = "Selten", fr = "Rarement" } },
]
"""


@pytest.mark.parametrize(("sources", "follow_up_shown"), [(["email"], False), (["manager"], True)])
def test_a_page_whose_every_question_is_hidden_is_skipped_not_shown_empty(
    app, client, sources, follow_up_shown
):
    respondent = Respondent(client, make_pulse_survey(app, source=pulse_source(FOLLOW_UP)))
    go_to_channels(respondent)
    respondent.answer("channels", {"question_uses_chat": "no", "question_news_sources": sources})
    reply = respondent.answer("recommend", {})
    assert reply.headers["Location"].endswith("/p/manager_follow_up") is follow_up_shown
    if not follow_up_shown:
        after = reply.headers["Location"]
        back = respondent.answer(after.rsplit("/", 1)[-1], {}, nav="back")
        assert back.headers["Location"].endswith("/p/recommend")
        assert "Your manager" not in text_of(respondent.open("/p/review"))


def test_a_page_left_empty_by_its_questions_conditions_is_met_but_not_shown():
    instrument = instrument_from_text(pulse_source(FOLLOW_UP), "pulse.toml")
    answers = {"uses_chat": "no", "news_sources": ["email"]}
    assert "manager_follow_up" in conditions.pages_met(instrument, answers)
    assert "manager_follow_up" not in conditions.shown_pages(instrument, answers)
    assert "chat_use" not in conditions.pages_met(instrument, answers)
    assert "recommend" in conditions.shown_pages(instrument, answers)  # enps is always asked
    answers["news_sources"] = ["manager"]
    assert "manager_follow_up" in conditions.shown_pages(instrument, answers)

"""The "about you" questions: after the statements, each saying why it is asked, every one
with "prefer not to say"; and who to ask about privacy, on the front page."""

from __future__ import annotations

from surveys.loader import default_instrument

from .conftest import text_of


def test_about_you_comes_after_the_statements_and_before_the_open_questions(respondent):
    respondent.start()
    reply = respondent.post("/p/ownership", {"nav": "next"})
    assert reply.headers["Location"].endswith("/p/about")
    assert respondent.post("/p/about", {"nav": "next"}).headers["Location"].endswith("/p/open")


def test_each_about_you_question_says_why_it_is_asked(respondent):
    respondent.start()
    page = respondent.open("/p/about").get_data(as_text=True)
    for question in default_instrument().segments:
        assert f'aria-describedby="segment_{question.id}-why"' in page
    assert "compare how leaders see the organisation" in page
    assert page.count('value="prefer_not_to_say"') == len(default_instrument().segments)


def test_the_reasons_are_translated(respondent):
    respondent.choose_language("de")
    respondent.start()
    assert "wie Führungskräfte die Organisation sehen" in text_of(respondent.open("/p/about"))


def test_the_front_page_names_the_privacy_contact_when_one_is_set(app, respondent):
    assert "Questions about your privacy?" not in text_of(respondent.open())
    app.config["PRIVACY_CONTACT"] = "Dana Reyes, data protection, privacy@northwind.example"
    page = text_of(respondent.open())
    assert "Questions about your privacy?" in page
    assert 'Dana Reyes, data protection, <a href="mailto:privacy@northwind.example">' in page


def test_a_privacy_contact_without_an_address_is_shown_as_written(app, respondent):
    app.config["PRIVACY_CONTACT"] = "the works council <b>office</b>"
    page = respondent.open().get_data(as_text=True)
    assert "the works council &lt;b&gt;office&lt;/b&gt;" in page and "mailto:" not in page

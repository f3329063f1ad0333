"""Open answers of up to 2,000 characters, in any script, reach the database exactly.

They travel in the forms, not the cookie: from the open page to the review, back again, to any
page changed from the review and across a change of language; whatever comes back is checked
as the open page checks it.
"""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from readiness import db
from readiness.models import Comment, Response
from readiness.respond.journey import COOKIE_BUDGET

from .conftest import close_all, counts, form_fields, review_section, text_of


def sentences(sentence: str, length: int = 2000) -> str:
    """``sentence`` repeated to exactly ``length`` characters, ending in a full stop."""
    return (sentence * (length // len(sentence) + 1))[: length - 1] + "."


GREEK = sentences("Η ηγεσία μας πρέπει να δείχνει το παράδειγμα και να δίνει χρόνο. ")
CYRILLIC = sentences("Руководство должно подавать пример и выделять время на обучение. ")
CJK = sentences("领导应当以身作则，给每个团队时间学习新的工具。")
SCRIPTS = {"greek": GREEK, "cyrillic": CYRILLIC, "cjk": CJK}


def stored_comments(app) -> dict[str, str]:
    close_all(app)
    with app.app_context():
        return {c.question_id: c.text for c in db.session().scalars(select(Comment))}


def stored_response(app) -> Response:
    close_all(app)
    with app.app_context():
        return db.session().scalar(select(Response))


def shown(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def send_shown(respondent, path: str, changes: dict):
    """Send the form of the page shown (hidden fields included) with ``changes``, and follow."""
    data = {**form_fields(respondent.shown, path), **changes}
    return respondent.follow(respondent.post(path, data), data)


@pytest.mark.parametrize("script", SCRIPTS)
def test_two_answers_of_2000_characters_are_stored_exactly(app, respondent, script):
    text = SCRIPTS[script]
    assert len(text) == 2000 and len((text * 2).encode()) > COOKIE_BUDGET
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    reply = respondent.answer("open", {"open_concerns": text, "open_first_step": text[::-1]})
    assert reply.status_code == 307 and reply.headers["Location"].endswith("/p/review?carrying=1")
    assert respondent.shows_review() and text in shown(respondent.shown)
    assert len(reply.headers.get("Set-Cookie", "")) < 4093
    assert respondent.submit().status_code == 303
    assert stored_comments(app) == {"concerns": text, "first_step": text[::-1]}
    assert stored_response(app).answers == {"ow1": 4}


def test_the_limit_counts_characters_not_bytes(app, respondent):
    respondent.start()
    page = respondent.answer("open", {"open_concerns": "漢" * 2001})
    assert page.status_code == 400
    assert "keep this answer to 2000 characters; it is 2001 now" in text_of(page)
    assert counts(app) == (0, 0, 0)


def test_a_line_break_counts_as_one_character_as_in_the_browser(app, respondent):
    # Browsers count a line break once against maxlength but send it as CR LF.
    text = "\r\n".join(["a" * 99] * 20) + "a"
    assert len(text.replace("\r\n", "\n")) == 2000
    respondent.start()
    assert respondent.answer("open", {"open_concerns": text}).status_code == 307
    assert respondent.submit().status_code == 303
    assert stored_comments(app) == {"concerns": text.replace("\r\n", "\n")}


def test_markup_in_an_open_answer_is_escaped_and_kept_exactly(app, respondent):
    text = "\"><script>alert(1)</script> & <b>bold</b> 'quoted' &amp;\nsecond line"
    respondent.start()
    respondent.answer("open", {"open_concerns": text})
    assert "<script>alert(1)" not in respondent.shown.get_data(as_text=True)
    assert form_fields(respondent.shown, "/submit")["open_concerns"] == text
    respondent.submit()
    assert stored_comments(app) == {"concerns": text}


def test_back_from_the_review_shows_the_open_answers_again(app, respondent):
    respondent.start()
    respondent.answer("open", {"open_concerns": GREEK, "open_first_step": CJK})
    back = f'formaction="{respondent.base}/p/open?carrying=1">Back</button>'
    assert back in respondent.shown.get_data(as_text=True)
    page = respondent.press("/p/open?carrying=1")
    assert page.status_code == 200 and "<h1>In your own words</h1>" in shown(page)
    assert f"{GREEK}</textarea>" in shown(page) and f"{CJK}</textarea>" in shown(page)
    edited = {"open_concerns": GREEK[:-1] + "!", "open_first_step": CJK, "nav": "next"}
    send_shown(respondent, "/p/open", edited)
    assert respondent.shows_review()
    respondent.submit()
    assert stored_comments(app) == {"concerns": GREEK[:-1] + "!", "first_step": CJK}


def test_changing_another_page_from_the_review_keeps_the_open_answers(app, respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4", "item_ow2": "2"})
    respondent.answer("open", {"open_concerns": CJK})
    page = respondent.press("/p/ownership?carrying=1&return=review")
    assert '<input checked id="item_ow1-3" name="item_ow1" type="radio" value="4">' in shown(page)
    returning = "/p/ownership?return=review"
    assert form_fields(page, returning)["open_concerns"] == CJK

    reply = respondent.post(
        returning,
        {**form_fields(page, returning), "item_ow1": "5", "item_ow2": "2", "nav": "next"},
    )
    # Next goes back to the review (the page was opened from it), the open answers along.
    assert reply.status_code == 307 and reply.headers["Location"].endswith("/p/review?carrying=1")
    send_shown(respondent, returning, {"item_ow1": "5", "item_ow2": "2", "nav": "next"})
    assert respondent.shows_review() and CJK in shown(respondent.shown)
    respondent.submit()
    assert stored_response(app).answers == {"ow1": 5, "ow2": 2}
    assert stored_comments(app) == {"concerns": CJK}


def test_looking_at_a_page_from_the_review_changes_none_of_its_answers(respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.answer("open", {"open_concerns": "Keep it"})
    respondent.press("/p/ownership?carrying=1")
    assert "Agree" in review_section(respondent.open("/p/review"), "ownership")


def test_back_from_the_open_page_keeps_what_was_written(app, respondent):
    respondent.start()
    reply = respondent.answer("open", {"open_first_step": GREEK}, nav="back")
    assert reply.status_code == 307
    assert reply.headers["Location"].endswith("/p/about?carrying=1")
    send_shown(respondent, "/p/about", {"nav": "next"})
    assert f"{GREEK}</textarea>" in shown(respondent.shown)


def test_switching_language_on_the_review_keeps_the_open_answers(app, respondent):
    respondent.start()
    respondent.answer("open", {"open_first_step": GREEK})
    # The language buttons post the review's own form, open answers included, back to it.
    assert f'formaction="{respondent.base}/p/review?carrying=1"' in shown(respondent.shown)
    data = {**form_fields(respondent.shown, "/submit"), "language": "fr"}
    assert data["open_first_step"] == GREEK
    page = respondent.follow(respondent.post("/p/review?carrying=1", data), data)
    assert "Vérifiez vos réponses" in shown(page) and GREEK in shown(page)
    respondent.submit()
    assert stored_comments(app) == {"first_step": GREEK}
    assert stored_response(app).language == "fr"


def test_opening_the_review_by_its_address_loses_only_the_open_answers(respondent):
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.answer("open", {"open_concerns": "Said once"})
    page = respondent.open("/p/review")
    assert "Said once" not in text_of(page)
    assert "Agree" in review_section(page, "ownership")


TAMPERED = {
    "too long": {"open_concerns": "x" * 2001},
    "unknown question": {"open_salary": "my pay"},
    "sent twice": {"open_concerns": ["one", "two"]},
}


@pytest.mark.parametrize("tamper", TAMPERED.values(), ids=TAMPERED.keys())
def test_tampered_open_answers_at_submit_are_refused_and_nothing_stored(app, respondent, tamper):
    respondent.start()
    respondent.answer("open", {"open_concerns": "fine"})
    data = {**form_fields(respondent.shown, "/submit"), **tamper}
    page = respondent.post("/submit", data)
    assert page.status_code == 400
    assert "Something in that request was not right" in text_of(page)
    assert counts(app) == (0, 0, 0)
    assert respondent.submit().status_code == 303  # the real form still goes through


@pytest.mark.parametrize(
    "path", ["/p/review?carrying=1", "/p/ownership?carrying=1", "/p/ownership", "/language"]
)
def test_tampered_open_answers_are_refused_wherever_they_are_carried(app, respondent, path):
    respondent.start()
    respondent.answer("open", {"open_concerns": "fine"})
    data = {
        **form_fields(respondent.shown, "/submit"),
        **TAMPERED["too long"],
        "item_ow1": "4",
        "nav": "next",
        "language": "fr",
        "next": "review",
    }
    assert respondent.post(path, data).status_code == 400
    review = respondent.open("/p/review")
    assert "Check your answers" in text_of(review)  # the language stayed
    assert "Agree" not in review_section(review, "ownership")  # the page's answers were not kept
    assert counts(app) == (0, 0, 0)


def test_switching_language_on_the_open_page_keeps_what_was_written(app, respondent):
    respondent.start()
    respondent.open("/p/open")
    sent = {"open_concerns": GREEK, "language": "de", "csrf_token": respondent.token}
    reply = respondent.post("/p/open", sent)
    assert reply.status_code == 307 and reply.headers["Location"].endswith("/p/open?carrying=1")
    page = respondent.follow(reply, sent)
    assert "In Ihren eigenen Worten" in shown(page) and f"{GREEK}</textarea>" in shown(page)

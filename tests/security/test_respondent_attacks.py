"""A respondent with a browser against the survey pages shared between respondents (drawn once
for speed): a page may be shared only when it holds nothing that depends on another
respondent's answers, the way through the conditional pages included."""

from __future__ import annotations

import re

from readiness.respond import shared_pages
from tests.questions.conftest import make_pulse_survey, pulse_source
from tests.respond.conftest import Respondent

#: A conditional page: someone who chose "colleagues" passes by one more page. (Its question
#: once had a condition of its own that hid it, leaving the page shown but empty; a page whose
#: every question is hidden is now skipped, so which pages are shown follows from which
#: questions are asked, and the shared page's key needs only the latter.)
EXTRA = """
[[pages]]
id = "colleague_chat"
title = { en = "Colleagues", de = "Kollegen", fr = "Collègues" }
show_if = { question = "news_sources", any_of = ["colleagues"] }

[[questions]]
id = "colleague_why"
type = "single_choice"
page = "colleague_chat"
text = { en = "Why not chat?", de = "Warum nicht Chat?", fr = "Pourquoi pas ?" }
options = [
  { id = "time", labels = { en = "No time", de = "Keine Zeit", fr = "Pas le temps" } },
  { id = "habit", labels = { en = "Habit", de = "Gewohnheit", fr = "Habitude" } },
]
"""


def _step_on_recommend(app, public_id: str, sources: list[str]) -> str:
    respondent = Respondent(app.test_client(), public_id)
    respondent.start()
    respondent.answer("channels", {"question_news_sources": sources, "question_uses_chat": "dk"})
    page = respondent.open("/p/recommend").get_data(as_text=True)
    return re.search(r'id="progress-text">([^<]+)<', page).group(1)


def test_a_shared_page_never_shows_another_respondents_way_through_the_survey(app):
    public_id = make_pulse_survey(app, source=pulse_source(EXTRA))
    shared_pages.forget()
    alone = _step_on_recommend(app, public_id, ["email"])
    shared_pages.forget()
    # Someone who hears from colleagues passes by one more page, and draws the page first ...
    assert _step_on_recommend(app, public_id, ["email", "colleagues"]) != alone
    # ... the next respondent sees their own way, not theirs (which told what they chose).
    assert _step_on_recommend(app, public_id, ["email"]) == alone

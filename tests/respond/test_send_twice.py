"""Send pressed twice (a double click, a retry, two tabs): the answers are kept exactly once,
and every press that is acknowledged with the thank-you page has its answers kept.

The draft's name travels in the session cookie; `collection.add` stores a draft once, whatever
the number of presses, and the submit thanks a browser that has already sent its answers.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import Respondent, form_fields, make_codes, make_survey, sent

COOKIE = "readiness_session"


def at_the_review(app, distribution: str) -> Respondent:
    """A respondent with one statement and one comment answered, looking at the review."""
    public_id = make_survey(app, distribution=distribution)
    respondent = Respondent(app.test_client(), public_id)
    if distribution == "codes":
        [(long_code, _)] = make_codes(app, public_id)
        respondent.open(f"/c/{long_code}")
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.comment = f"Only once, please ({uuid.uuid4().hex[:8]})"
    respondent.answer("open", {"open_concerns": respondent.comment})
    assert respondent.shows_review()
    return respondent


def press_send(app, respondent: Respondent, cookie: str, form: dict) -> tuple[int, str, str]:
    """Send ``form`` from a browser holding ``cookie``: (status, where to, the cookie after)."""
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    reply = client.post(f"{respondent.base}/submit", data=form)
    after = client.get_cookie(COOKIE)
    return reply.status_code, reply.headers.get("Location", ""), after.value if after else ""


def kept_for(app, respondent: Respondent) -> list[dict]:
    """What is kept of this respondent's answers (their comment is theirs alone)."""
    return [s for s in sent(app) if s["comments"].get("concerns") == respondent.comment]


@pytest.mark.parametrize("distribution", ["link", "codes"])
def test_two_sends_at_the_same_moment_keep_the_answers_once_and_thank_both(app, distribution):
    respondent = at_the_review(app, distribution)
    cookie = respondent.client.get_cookie(COOKIE).value
    form = form_fields(respondent.shown, "/submit")
    start = threading.Barrier(2)
    replies = []

    def press():
        start.wait()
        replies.append(press_send(app, respondent, cookie, form))

    presses = [threading.Thread(target=press) for _ in range(2)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join(timeout=30)
    assert [(status, where.endswith("/thanks")) for status, where, _ in replies] == [
        (303, True),
        (303, True),
    ]
    [kept] = kept_for(app, respondent)
    assert kept["answers"] == {"ow1": 4}


def test_send_pressed_again_after_the_thanks_arrived_thanks_again(app):
    respondent = at_the_review(app, "link")
    form = form_fields(respondent.shown, "/submit")
    assert respondent.post("/submit", form).status_code == 303
    again = respondent.post("/submit", form)  # the browser now holds the "answered" cookie
    assert again.status_code == 303 and again.headers["Location"].endswith("/thanks")
    assert respondent.client.get(again.headers["Location"]).status_code == 200
    assert len(kept_for(app, respondent)) == 1


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    distribution=st.sampled_from(["link", "codes"]),
    # Each press is sent with the cookie from before the first Send (a browser that never
    # heard back) or with the cookie the latest reply set (one that did).
    presses=st.lists(st.sampled_from(["stale", "latest"]), min_size=1, max_size=4),
)
def test_any_run_of_presses_keeps_one_copy_and_every_thanks_is_kept(app, distribution, presses):
    respondent = at_the_review(app, distribution)
    stale = latest = respondent.client.get_cookie(COOKIE).value
    form = form_fields(respondent.shown, "/submit")
    for which in presses:
        status, where, after = press_send(
            app, respondent, stale if which == "stale" else latest, form
        )
        assert status == 303 and where.endswith("/thanks")
        latest = after or latest
    [kept] = kept_for(app, respondent)
    assert kept["answers"] == {"ow1": 4}


def test_a_draft_from_before_drafts_had_names_gets_one_before_send(app):
    respondent = at_the_review(app, "link")
    with respondent.client.session_transaction() as session:
        del session["respond"]["t"]  # as kept by an earlier version
        session.modified = True
    respondent.open("/p/review")
    with respondent.client.session_transaction() as session:
        assert session["respond"]["t"]

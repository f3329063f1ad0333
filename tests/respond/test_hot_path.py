"""What the survey's hot path keeps per worker, and that keeping it never shows or stores wrong.

* The survey's row is reused for ``SURVEY_ROW_CACHE_MS``: another worker's change (the survey
  closed) reaches the pages within that time, a change made through this process at once, and
  the submit always reads afresh, so nothing is stored after a close.
* Question pages with nothing of a respondent on them are drawn once and shared: each
  respondent still gets their own CSRF token, which works for them alone, and a page showing
  anyone's answers is never shared.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, select, text

from readiness import db, lifecycle
from readiness.models import Assessment
from readiness.respond import services, shared_pages
from tests.conftest import ADMIN_EMAIL

from .conftest import Respondent, counts, make_survey, token_of

CHECKED = re.compile(r"<input checked ")


@pytest.fixture(autouse=True)
def _fresh_caches():
    services._recent_rows.clear()
    shared_pages.forget()
    yield
    services._recent_rows.clear()
    shared_pages.forget()


def close_from_another_worker(app, public_id: str) -> None:
    """Close the survey on a connection of its own, as another gunicorn worker would."""
    engine = create_engine(app.config["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE assessments SET status = 'closed' WHERE public_id = :p"),
            {"p": public_id},
        )
    engine.dispose()


def ready_to_submit(client, public_id: str) -> Respondent:
    respondent = Respondent(client, public_id)
    respondent.start()
    respondent.answer("ownership", {"item_ow1": "4"})
    respondent.open("/p/review")
    return respondent


def test_another_workers_close_stops_the_submit_at_once(app, client, open_survey):
    respondent = ready_to_submit(client, open_survey)
    close_from_another_worker(app, open_survey)
    # Within the second, this worker's pages may still show the survey ...
    assert respondent.open("/p/ownership").status_code == 200
    # ... but the submit reads the row afresh in its own transaction: nothing is stored.
    assert respondent.submit().status_code == 410
    assert counts(app) == (0, 0, 0)


def test_another_workers_close_reaches_the_pages_when_the_copy_expires(
    app, client, open_survey, monkeypatch
):
    respondent = ready_to_submit(client, open_survey)
    close_from_another_worker(app, open_survey)
    later = services.time.monotonic() + app.config["SURVEY_ROW_CACHE_MS"] / 1000 + 0.01
    monkeypatch.setattr(services.time, "monotonic", lambda: later)
    assert respondent.open("/p/ownership").status_code == 410


def test_without_the_copy_every_page_reads_the_row(app, client, open_survey):
    app.config["SURVEY_ROW_CACHE_MS"] = 0
    respondent = ready_to_submit(client, open_survey)
    close_from_another_worker(app, open_survey)
    assert respondent.open("/p/ownership").status_code == 410


def test_a_change_made_through_this_process_is_seen_at_once(app, client, open_survey):
    respondent = ready_to_submit(client, open_survey)
    with app.app_context(), db.writing() as session:
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == open_survey))
        lifecycle.close(assessment)
    assert respondent.open("/p/ownership").status_code == 410


def test_an_unknown_survey_is_never_kept(app, client):
    for n in range(5):
        assert client.get(f"/s/made-up-{n}").status_code == 404
    assert services._recent_rows == {}


def page_without_tokens(page) -> str:
    return page.get_data(as_text=True).replace(token_of(page), "TOKEN")


def test_respondents_share_an_empty_page_but_not_their_tokens(app, client, open_survey):
    first, second = Respondent(app.test_client(), open_survey), Respondent(client, open_survey)
    first.start()
    second.start()
    drawn, shared = first.open("/p/ownership"), second.open("/p/ownership")
    assert first.token != second.token
    assert first.token not in shared.get_data(as_text=True)
    assert page_without_tokens(drawn) == page_without_tokens(shared)
    # The shared page is exactly what drawing it for this respondent gives.
    shared_pages.forget()
    assert page_without_tokens(second.open("/p/ownership")) == page_without_tokens(shared)
    # Each token works for its own respondent only.
    stolen = second.post(
        "/p/ownership", {"item_ow1": "2", "nav": "next", "csrf_token": first.token}
    )
    assert stolen.status_code == 400
    own = second.post("/p/ownership", {"item_ow1": "2", "nav": "next"})
    assert own.status_code == 303


def test_a_page_showing_answers_is_drawn_for_its_respondent_alone(app, client, open_survey):
    first, second = Respondent(app.test_client(), open_survey), Respondent(client, open_survey)
    first.start()
    second.start()
    first.answer("ownership", {"item_ow1": "5", "item_ow2": "dk"})
    first.answer("security_risk", {}, "back")
    assert len(CHECKED.findall(first.open("/p/ownership").get_data(as_text=True))) == 2
    assert not CHECKED.search(second.open("/p/ownership").get_data(as_text=True))
    assert len(CHECKED.findall(first.open("/p/ownership").get_data(as_text=True))) == 2


def test_shared_pages_follow_the_language_and_the_surveys_settings(app, client, open_survey):
    english, german = Respondent(app.test_client(), open_survey), Respondent(client, open_survey)
    english.start()
    german.choose_language("de")
    german.post("/start")
    assert "Strongly agree" in english.open("/p/ownership").get_data(as_text=True)
    assert "Stimme voll und ganz zu" in german.open("/p/ownership").get_data(as_text=True)
    with app.app_context(), db.writing() as session:
        assessment = session.scalar(select(Assessment).where(Assessment.public_id == open_survey))
        assessment.organisation = "Southwind Shipping"
    assert "Southwind Shipping" in english.open("/p/ownership").get_data(as_text=True)


def test_the_front_page_is_shared_only_between_respondents_in_the_same_place(app, client):
    public_id = make_survey(app, distribution="both")
    fresh, started = Respondent(app.test_client(), public_id), Respondent(client, public_id)
    started.start()
    started.answer("ownership", {"item_ow1": "3"})
    fresh_page = fresh.open().get_data(as_text=True)
    started_page = started.open().get_data(as_text=True)
    assert "Start the survey" in fresh_page and "Continue the survey" not in fresh_page
    assert "Continue the survey" in started_page
    assert "Start the survey" in Respondent(app.test_client(), public_id).open().get_data(
        as_text=True
    )


def test_a_page_first_drawn_for_a_signed_in_comms_lead_shows_respondents_nothing_of_them(
    app, client, auth, open_survey
):
    # The comms lead tries the survey in the browser they are signed in with, and so draws
    # the shared pages first.
    auth.login_admin()
    lead = Respondent(client, open_survey)
    lead.start()
    for path in ("", "/p/ownership"):
        assert lead.open(path).status_code == 200
    respondent = Respondent(app.test_client(), open_survey)
    respondent.start()
    for path in ("", "/p/ownership"):
        page = respondent.open(path).get_data(as_text=True)
        assert ADMIN_EMAIL not in page and "Sign out" not in page
        assert lead.token not in page

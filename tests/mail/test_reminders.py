"""Reminders: to everyone (thanking those who answered) or only to those who have not
answered; on demand, and by themselves on the chosen days of the survey."""

from __future__ import annotations

from datetime import date, timedelta

from readiness import db
from readiness.mail import rounds
from readiness.models import Assessment
from tests.mail.conftest import link_in, press, public_id_of, upload
from tests.respond.conftest import Respondent, text_of

PEOPLE = "ana@example.org\nbob@example.org\ncem@example.org\n"


def _answer(app, survey, message) -> None:
    path = link_in(message)
    respondent = Respondent(app.test_client(), public_id_of(app, survey))
    respondent.open(path.removeprefix(respondent.base))
    respondent.start()
    assert respondent.submit().status_code == 303


def _invite_and_let_ana_answer(app, admin_client, survey, smtp_sink) -> None:
    upload(admin_client, survey, PEOPLE)
    press(admin_client, survey, "send")
    _answer(app, survey, smtp_sink.to("ana@example.org")[0])
    smtp_sink.clear()


def test_a_reminder_to_everyone_reaches_everyone_and_thanks_those_who_answered(
    app, admin_client, survey, smtp_sink
):
    _invite_and_let_ana_answer(app, admin_client, survey, smtp_sink)
    press(admin_client, survey, "remind")
    assert sorted(to for to, _ in smtp_sink.received) == [
        "ana@example.org", "bob@example.org", "cem@example.org"]
    text = smtp_sink.to("ana@example.org")[0].get_body(("plain",)).get_content()
    assert "If you have already answered: thank you" in text


def test_a_reminder_only_to_those_who_have_not_answered_skips_who_did(
    app, admin_client, survey, smtp_sink
):
    press(admin_client, survey, "message", subject="", intro="", reminder_mode="not_answered",
          reminder_days="")
    _invite_and_let_ana_answer(app, admin_client, survey, smtp_sink)
    press(admin_client, survey, "remind")
    assert sorted(to for to, _ in smtp_sink.received) == ["bob@example.org", "cem@example.org"]
    text = smtp_sink.to("bob@example.org")[0].get_body(("plain",)).get_content()
    assert "Your link has not been used yet" in text


def test_the_landing_page_says_participation_is_tracked_only_in_that_mode(
    app, admin_client, survey, smtp_sink
):
    upload(admin_client, survey, PEOPLE)
    landing = text_of(app.test_client().get(f"/s/{public_id_of(app, survey)}"))
    assert "the list is deleted when the survey closes" in landing
    assert "whether each personal link has been used" not in landing
    press(admin_client, survey, "message", subject="", intro="", reminder_mode="not_answered",
          reminder_days="")
    landing = text_of(app.test_client().get(f"/s/{public_id_of(app, survey)}"))
    assert "whether each personal link has been used: never what anyone answered" in landing


def test_each_reminder_on_demand_is_a_new_round(app, admin_client, survey, smtp_sink):
    _invite_and_let_ana_answer(app, admin_client, survey, smtp_sink)
    press(admin_client, survey, "remind")
    press(admin_client, survey, "remind")
    assert len(smtp_sink.to("bob@example.org")) == 2


def test_a_scheduled_reminder_goes_once_on_its_day(app, admin_client, survey, smtp_sink):
    press(admin_client, survey, "message", subject="", intro="", reminder_mode="everyone",
          reminder_days="3, 7")
    _invite_and_let_ana_answer(app, admin_client, survey, smtp_sink)
    with app.app_context():
        opened = db.session().get(Assessment, survey).opened_on
        rounds.housekeeping(opened + timedelta(days=1))  # day 2: nothing
        assert smtp_sink.received == []
        rounds.housekeeping(opened + timedelta(days=2))  # day 3
        rounds.housekeeping(opened + timedelta(days=2))  # the next minute of day 3
    assert sorted(to for to, _ in smtp_sink.received) == [
        "ana@example.org", "bob@example.org", "cem@example.org"]


def test_reminder_days_in_words_are_refused_next_to_the_field(app, admin_client, survey):
    page = press(admin_client, survey, "message", subject="", intro="",
                 reminder_mode="everyone", reminder_days="tuesday")
    assert page.status_code == 400
    assert "Write days as numbers" in text_of(page)


def test_nothing_goes_out_before_the_survey_opens_or_after_it_closed(app, admin_client, survey,
                                                                    smtp_sink):
    upload(admin_client, survey, PEOPLE)
    with app.app_context(), db.writing() as session:
        session.get(Assessment, survey).closes_on = date.today() - timedelta(days=1)
    page = press(admin_client, survey, "send", follow_redirects=True)
    assert "only while the survey is open" in text_of(page)
    assert smtp_sink.messages == []

"""Recipient lists: read all or nothing, repeated addresses merged, deleted once the survey has
ended even when nobody pressed Close."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from readiness import db
from readiness.mail import rounds
from readiness.mail.recipients import RecipientError, parse
from readiness.models import Assessment, MailRecipient
from tests.mail.conftest import upload

LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+-", min_size=1, max_size=12)
ADDRESSES = st.lists(st.builds(lambda local, domain: f"{local}@{domain}.org", LOCAL,
                               st.sampled_from(["example", "acme", "northwind"])),
                     min_size=1, max_size=40)


@given(ADDRESSES, st.randoms())
@example(["a@example.org", "A@example.org"], None)
def test_every_address_is_kept_once_whatever_its_case_and_repeats(addresses, rng):
    lines = [address.upper() if rng and rng.random() < 0.3 else address for address in addresses]
    lines = lines + lines[: len(lines) // 2]
    parsed = parse(("\n".join(lines) + "\n").encode(), ("en",))
    assert set(parsed.recipients) == {address.lower() for address in addresses}
    assert parsed.duplicates == len(lines) - len(parsed.recipients)


def test_a_language_the_survey_does_not_offer_is_named_with_its_line(app):
    with app.test_request_context():
        try:
            parse(b"email,language\nana@example.org,en\nbob@example.org,it\n", ("en", "de"))
        except RecipientError as error:
            assert error.problems == [
                "Line 3: the language \u201cit\u201d is not one this survey offers (en, de)."]
        else:
            raise AssertionError("an unoffered language was accepted")


def test_a_survey_shared_by_open_link_only_cannot_take_a_list(app, admin_client):
    from tests.respond.conftest import make_survey

    public_id = make_survey(app, distribution="link")
    with app.app_context():
        survey = db.session().scalar(select(Assessment.id).where(Assessment.public_id == public_id))
    page = upload(admin_client, survey, "ana@example.org\n")
    assert page.status_code == 400
    assert "choose codes or both first" in page.get_data(as_text=True)


def test_the_list_is_deleted_once_the_closing_day_has_passed(app, admin_client, survey):
    upload(admin_client, survey, "ana@example.org\nbob@example.org\n")
    with app.app_context(), db.writing() as session:
        session.get(Assessment, survey).closes_on = date.today() + timedelta(days=2)
    with app.app_context():
        rounds.housekeeping(date.today() + timedelta(days=2))  # still open that day
        assert db.session().scalar(select(func.count()).select_from(MailRecipient)) == 2
        rounds.housekeeping(date.today() + timedelta(days=3))
        assert db.session().scalar(select(func.count()).select_from(MailRecipient)) == 0


def test_the_comms_lead_can_delete_the_list_early(app, admin_client, survey):
    from tests.mail.conftest import press

    upload(admin_client, survey, "ana@example.org\n")
    press(admin_client, survey, "delete")
    with app.app_context():
        assert db.session().scalar(select(func.count()).select_from(MailRecipient)) == 0
    assert upload(admin_client, survey, "bob@example.org\n").status_code == 400

"""The database reader against the e-mail lists (issue 19): once the comms lead deletes a
survey's address list, or the survey closes, no address of it may be left in the SQLite file
or its write-ahead log (free pages and old page versions included), not only in its tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from readiness import db
from readiness.lifecycle import close
from readiness.models import Assessment
from tests.mail.conftest import press, upload
from tests.respond.conftest import make_survey

PEOPLE = [f"redteam.person{n}@example.org" for n in range(40)]


@pytest.fixture
def survey(app) -> int:
    """An open survey that accepts single-use codes; its id (as in tests/mail)."""
    public_id = make_survey(app, distribution="both")
    with app.app_context():
        return db.session().query(Assessment.id).filter_by(public_id=public_id).scalar()


def _files(app) -> dict[str, bytes]:
    path = Path(make_url(app.config["DATABASE_URL"]).database)
    return {p.name: p.read_bytes()
            for p in (path, Path(f"{path}-wal")) if p.exists()}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_deleting_the_list_early_leaves_no_address_in_the_files(app, admin_client, survey,
                                                               smtp_sink):
    assert upload(admin_client, survey, "\n".join(PEOPLE) + "\n").status_code in (302, 303)
    press(admin_client, survey, "send")
    assert len(smtp_sink.messages) == len(PEOPLE)
    assert any(PEOPLE[0].encode() in data for data in _files(app).values())  # the list is there
    reply = press(admin_client, survey, "delete")
    assert reply.status_code == 303
    for name, data in _files(app).items():
        for address in PEOPLE:
            assert address.encode() not in data, f"{address} is still in {name}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_closing_leaves_no_address_in_the_files(app, admin_client, survey, smtp_sink):
    assert upload(admin_client, survey, "\n".join(PEOPLE) + "\n").status_code in (302, 303)
    press(admin_client, survey, "send")
    press(admin_client, survey, "remind")
    with app.app_context(), db.writing() as session:
        close(session.get(Assessment, survey))
    for name, data in _files(app).items():
        for address in PEOPLE:
            assert address.encode() not in data, f"{address} is still in {name}"


def _reminded_count(app, admin_client, answers: bool, smtp_sink) -> int:
    """A list of one: Ana. The comms lead reminds "only those who have not answered" and reads
    the console's count of messages sent."""
    from tests.mail.conftest import link_in, public_id_of, shown_count
    from tests.respond.conftest import Respondent

    public_id = make_survey(app, distribution="both")
    with app.app_context():
        survey_id = db.session().query(Assessment.id).filter_by(public_id=public_id).scalar()
    press(admin_client, survey_id, "message", subject="", intro="",
          reminder_mode="not_answered", reminder_days="")
    upload(admin_client, survey_id, "ana@example.org\n")
    press(admin_client, survey_id, "send")
    if answers:
        respondent = Respondent(app.test_client(), public_id_of(app, survey_id))
        respondent.open(link_in(smtp_sink.to("ana@example.org")[-1])
                        .removeprefix(respondent.base))
        respondent.start()
        assert respondent.submit().status_code == 303
    press(admin_client, survey_id, "remind")
    return shown_count(admin_client, survey_id, "sent")


def test_a_list_of_one_does_not_tell_whether_that_person_answered(app, admin_client, smtp_sink):
    answered = _reminded_count(app, admin_client, True, smtp_sink)
    silent = _reminded_count(app, admin_client, False, smtp_sink)
    assert answered == silent, f"sent {answered} if Ana answered, {silent} if not"

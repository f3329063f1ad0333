"""When the mail server says no: temporary failures (4xx, no connection) are tried again with a
pause that doubles; permanent ones (5xx) are recorded per address with the server's reason and
shown to the comms lead."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from readiness import db
from readiness.mail.delivery import deliver_due
from readiness.mail.outbox import queue_message
from readiness.mail.sink import free_port
from readiness.models.mail import FAILED, QUEUED, SENT, MailMessage, utcnow
from tests.mail.conftest import press, shown_count, upload
from tests.respond.conftest import text_of


def _queue(app, to="ana@example.org", key="k"):
    with app.app_context(), db.writing():
        queue_message(to=to, subject="Hello", text="Words", key=key, kind="test")


def _message(app, key="k") -> MailMessage:
    with app.app_context():
        return db.session().scalar(select(MailMessage).where(MailMessage.key == key))


def _make_due(app) -> None:
    with app.app_context(), db.writing() as session:
        for message in session.scalars(select(MailMessage)):
            message.not_before = utcnow()


def test_a_temporary_refusal_is_tried_again_later_and_then_arrives(app, smtp_sink):
    smtp_sink.refuse = lambda address: "451 4.3.0 Try again later"
    _queue(app)
    message = _message(app)
    assert message.state == QUEUED and message.attempts == 1
    assert message.error == "451 4.3.0 Try again later"
    assert message.not_before > utcnow() + timedelta(seconds=50)  # MAIL_RETRY_SECONDS=60
    smtp_sink.refuse = None
    with app.app_context():
        assert deliver_due() == 0  # not due yet
    _make_due(app)
    with app.app_context():
        assert deliver_due() == 1
    assert _message(app).state == SENT
    assert [to for to, _ in smtp_sink.received] == ["ana@example.org"]


def test_the_pause_doubles_with_each_temporary_failure(app, smtp_sink):
    smtp_sink.refuse = lambda address: "421 4.7.0 Busy"
    _queue(app)
    first = _message(app).not_before - utcnow()
    _make_due(app)
    with app.app_context():
        deliver_due()
    second = _message(app).not_before - utcnow()
    assert timedelta(seconds=50) < first < timedelta(seconds=61)
    assert timedelta(seconds=110) < second < timedelta(seconds=121)


def test_temporary_failures_end_as_failed_after_the_last_attempt(app, smtp_sink):
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    smtp_sink.refuse = lambda address: "450 4.2.1 Mailbox busy"
    _queue(app)
    _make_due(app)
    with app.app_context():
        deliver_due()
    message = _message(app)
    assert message.state == FAILED
    assert message.error == "gave up after 2 attempts: 450 4.2.1 Mailbox busy"


def test_no_connection_keeps_every_message_for_later(app, smtp_sink):
    app.config["SMTP_PORT"] = free_port()  # nobody listens there
    _queue(app, "ana@example.org", "a")
    _queue(app, "bob@example.org", "b")
    assert {_message(app, key).state for key in "ab"} == {QUEUED}
    assert "cannot reach" in _message(app, "a").error
    app.config["SMTP_PORT"] = smtp_sink.port
    _make_due(app)
    with app.app_context():
        assert deliver_due() == 2
    assert sorted(to for to, _ in smtp_sink.received) == ["ana@example.org", "bob@example.org"]


def test_a_permanent_refusal_is_recorded_with_the_servers_reason(app, smtp_sink):
    smtp_sink.refuse = lambda address: "550 5.1.1 No such user" if "bob" in address else None
    _queue(app, "ana@example.org", "a")
    _queue(app, "bob@example.org", "b")
    refused = _message(app, "b")
    assert refused.state == FAILED
    assert refused.error == "550 5.1.1 No such user"
    assert refused.sealed_body is None
    assert _message(app, "a").state == SENT


def test_the_comms_lead_sees_refused_addresses_and_why(app, admin_client, survey, smtp_sink):
    smtp_sink.refuse = lambda address: "550 5.1.1 No such user" if "bob" in address else None
    upload(admin_client, survey, "ana@example.org\nbob@example.org\n")
    press(admin_client, survey, "send")
    assert shown_count(admin_client, survey, "sent") == 1
    assert shown_count(admin_client, survey, "failed") == 1
    page = text_of(admin_client.get(f"/admin/assessments/{survey}/invitations"))
    assert "bob@example.org" in page and "550 5.1.1 No such user" in page


def test_the_progress_page_refreshes_itself_only_while_mail_waits(app, admin_client, survey,
                                                                  smtp_sink):
    smtp_sink.refuse = lambda address: "451 4.3.0 Later"
    upload(admin_client, survey, "ana@example.org\n")
    page = admin_client.get(f"/admin/assessments/{survey}/invitations").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page
    press(admin_client, survey, "send")
    page = admin_client.get(f"/admin/assessments/{survey}/invitations").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="10">' in page
    assert shown_count(admin_client, survey, "queued") == 1
